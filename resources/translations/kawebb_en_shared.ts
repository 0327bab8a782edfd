<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_SE" sourcelanguage="sv_SE">
<context>
    <name></name>
    <message>
        <source>Begär ersättning</source>
        <translation>Request compensation</translation>
    </message>
    <message>
        <source>fler än {count}</source>
        <translation>more than {count}</translation>
    </message>
    <message>
        <source>Skickar…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Alla</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Välj</source>
        <extracomment>The steps, in order (the wizard&apos;s page ids).</extracomment>
        <translation>Choose</translation>
    </message>
    <message>
        <source>Legitimera</source>
        <translation>Identify</translation>
    </message>
    <message>
        <source>BankID-appen startas på den här datorn. Legitimera dig i appen. Startar den inte, välj Starta BankID-appen igen.</source>
        <translation>The BankID app is started on this computer. Identify yourself in the app. If it does not start, choose Start the BankID app again.</translation>
    </message>
    <message>
        <source>&lt; &amp;Tillbaka</source>
        <extracomment>Tillbaka (Välj organisation → Välj): the identification is not wanted.</extracomment>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Nästa &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Förnamn</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Efternamn</source>
        <translation>Last name</translation>
    </message>
    <message>
        <source>E-post</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Utförande verksamhet</source>
        <translation>Performing unit</translation>
    </message>
    <message>
        <source>Ärendetyp</source>
        <translation>Case type</translation>
    </message>
    <message>
        <source>Namn</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Organisation</source>
        <extracomment>What the forms choose from, as last read. The form open right now (tests reach it here).</extracomment>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Ärendenummer</source>
        <extracomment>Why the answer of the search under way would be empty.</extracomment>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Ändringar att signera</source>
        <translation>Pending changes</translation>
    </message>
    <message>
        <source>Typ</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Åtgärd</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Ändrad</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>Ändra</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Förkasta ändringen</source>
        <translation>Discard the change</translation>
    </message>
    <message>
        <source>Behåll</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Signera</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>Månad</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>&amp;Ta bort…</source>
        <translation>&amp;Remove…</translation>
    </message>
    <message>
        <source>Ta bort</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Hjälp</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>Användare</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Inställningar</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Återställ</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>Meddelande</source>
        <extracomment>The flow changed: render it. (LoginProgress) BankID identified the person: the flow is choosing, the token kept. (Actor) :meth:`enter` went through. Whose simulated phone approves (demo only; None: the person the order is for). The session token of a completed identification, until it is entered or taken. Which press of &quot;Logga in&quot; the answers on their way belong to.</extracomment>
        <translation>Message</translation>
    </message>
    <message>
        <source>&amp;Logga in med BankID</source>
        <extracomment>The buttons&apos; texts, marked for translation (shown with tr()).</extracomment>
        <translation>&amp;Log in with BankID</translation>
    </message>
</context>
</TS>
