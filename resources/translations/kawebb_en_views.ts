<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_SE" sourcelanguage="sv_SE">
<context>
    <name></name>
    <message>
        <source>Avtalen kunde inte hämtas.</source>
        <translation>The agreements could not be fetched.</translation>
    </message>
    <message>
        <source>Inget avtal är registrerat.</source>
        <translation>No agreement is registered.</translation>
    </message>
    <message>
        <source>Ej aktiverat</source>
        <translation>Not activated</translation>
    </message>
    <message>
        <source>Mottaget</source>
        <extracomment>The panel&apos;s fields, in order, by their Swedish labels: the visible label (in the UI&apos;s language) is also the accessible name.</extracomment>
        <translation>Received</translation>
    </message>
    <message>
        <source>Startande behörighetsadministratör</source>
        <translation>Initial authorization administrator</translation>
    </message>
    <message>
        <source>Aktiveras senast</source>
        <translation>To be activated by</translation>
    </message>
    <message>
        <source>Aktiverat</source>
        <translation>Activated</translation>
    </message>
    <message>
        <source>Ny behörighetsadministratör</source>
        <translation>New authorization administrator</translation>
    </message>
    <message>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Nej</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Avtal</source>
        <extracomment>A failed load, for the view to report (it knows how to end a session).</extracomment>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>A&amp;vtal:</source>
        <translation>A&amp;greement:</translation>
    </message>
    <message>
        <source>Mottaget {date}</source>
        <translation>Received {date}</translation>
    </message>
    <message>
        <source>Begär ersättning för en person i ett ersättningsärende. Beloppet räknas fram medan du fyller i: högst 11 000 kr i månaden för anställning och 3 300 kr för praktik vid minst 50 % omfattning, lägre i proportion under 50 %, och delar av en månad efter antalet dagar. Skicka signerar begäran med BankID.</source>
        <translation>Request compensation for a person in a compensation case. The amount is worked out as you fill in the form: at most SEK 11 000 a month for employment and SEK 3 300 for a work placement at an extent of at least 50 %, proportionally less below 50 %, and part of a month by the number of days. Send signs the request with BankID.</translation>
    </message>
    <message>
        <source>Din roll ({role}) kan se beräkningen men inte skicka en begäran om ersättning.</source>
        <translation>Your role ({role}) can see the calculation but cannot send a compensation request.</translation>
    </message>
    <message>
        <source>Välj en utförande verksamhet uppe till höger.</source>
        <translation>Choose a performing unit at the top right.</translation>
    </message>
    <message>
        <source>{unit} har huvudärenden. Ersättning begärs i ett ersättningsärende: välj en utförande verksamhet med ersättningsärenden uppe till höger.</source>
        <translation>{unit} has main cases. Compensation is requested in a compensation case: choose a performing unit with compensation cases at the top right.</translation>
    </message>
    <message>
        <source>Den utförande verksamheten har inga pågående ersättningsärenden.</source>
        <translation>The performing unit has no open compensation cases.</translation>
    </message>
    <message>
        <source>Inget pågående ersättningsärende matchar sökningen.</source>
        <translation>No open compensation case matches the search.</translation>
    </message>
    <message>
        <source>Välj ärendet som begäran gäller.</source>
        <translation>Choose the case the request concerns.</translation>
    </message>
    <message>
        <source>Visar de {shown} första av {total} ärenden: sök på nummer eller namn för att hitta fler.</source>
        <translation>Showing the first {shown} of {total} cases: search by number or name to find more.</translation>
    </message>
    <message>
        <source>Beloppet visas här när uppgifterna är ifyllda och giltiga.</source>
        <translation>The amount is shown here when the details are filled in and valid.</translation>
    </message>
    <message>
        <source>Begäran är inte skickad: den väntar under Organisationen &gt; Ändringar att signera tills den signeras med BankID.</source>
        <translation>The request has not been sent: it waits under Organisation &gt; Pending changes until it is signed with BankID.</translation>
    </message>
    <message>
        <source>Begäran om ersättning kunde inte skapas.</source>
        <translation>The compensation request could not be created.</translation>
    </message>
    <message>
        <source>tills vidare</source>
        <extracomment>How many cases the chooser lists at a time (the rest are found by searching). The case search runs this long after the last keystroke. The service checks the request (periods already requested) this long after a change. The form&apos;s fields, by the names the rules give them.</extracomment>
        <translation>until further notice</translation>
    </message>
    <message>
        <source>Ärendet gäller {start} – {end} ({status}).</source>
        <translation>The case runs {start} – {end} ({status}).</translation>
    </message>
    <message>
        <source>Sö&amp;k ärende:</source>
        <extracomment>A claim was signed and sent (Begärda ersättningar reads its list again). The computation shown changed (None: nothing can be computed yet). The number of the latest case search (older answers are dropped). Fields the user has changed (their errors show as they type; all at Skicka). A refusal from the service, shown at its field until that field changes. The service&apos;s check of the form as it is (``preview_claim``), after a pause; an answer about an older state of the form is dropped. The computation shown (None when the form cannot be computed). The dialog or message box open right now (tests reach it here).</extracomment>
        <translation>Search &amp;case:</translation>
    </message>
    <message>
        <source>Ärendenummer (början räcker) eller för- och/eller efternamn.</source>
        <translation>Case number (the beginning is enough) or first and/or last name.</translation>
    </message>
    <message>
        <source>Ärendenummer eller namn</source>
        <translation>Case number or name</translation>
    </message>
    <message>
        <source>Ä&amp;rende:</source>
        <translation>Cas&amp;e:</translation>
    </message>
    <message>
        <source>Ärendets datum</source>
        <translation>The case’s dates</translation>
    </message>
    <message>
        <source>Period &amp;från:</source>
        <translation>Period f&amp;rom:</translation>
    </message>
    <message>
        <source>Period &amp;till:</source>
        <translation>Period &amp;to:</translation>
    </message>
    <message>
        <source>T&amp;yp:</source>
        <translation>T&amp;ype:</translation>
    </message>
    <message>
        <source>&amp;Verksamhetsområde:</source>
        <translation>Field of &amp;work:</translation>
    </message>
    <message>
        <source>Välj verksamhetsområde</source>
        <translation>Choose field of work</translation>
    </message>
    <message>
        <source>&amp;Omfattning (%):</source>
        <translation>E&amp;xtent (%):</translation>
    </message>
    <message>
        <source>Anställningens eller praktikens omfattning i procent av heltid, 1–100.</source>
        <translation>The extent of the employment or work placement as a percentage of full time, 1–100.</translation>
    </message>
    <message>
        <source>t.ex. 50 eller 37,5</source>
        <translation>e.g. 50 or 37.5</translation>
    </message>
    <message>
        <source>&amp;Skicka</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Skapa begäran och signera den med BankID (den skickas när den är signerad).</source>
        <translation>Create the request and sign it with BankID (it is sent when it is signed).</translation>
    </message>
    <message>
        <source>Beräkning</source>
        <translation>Calculation</translation>
    </message>
    <message>
        <source>Belopp per månad</source>
        <translation>Amount per month</translation>
    </message>
    <message>
        <source>Summa</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Summa: {amount}</source>
        <translation>Total: {amount}</translation>
    </message>
    <message>
        <source>Begäran för ärende {number} ({amount}) ligger under Ändringar att signera.</source>
        <translation>The request for case {number} ({amount}) is under Pending changes.</translation>
    </message>
    <message>
        <source>Skickad: {period}, {amount}. Kvittens {receipt}.</source>
        <translation>Sent: {period}, {amount}. Receipt {receipt}.</translation>
    </message>
    <message>
        <source>Skickad. Kvittens {receipt}.</source>
        <translation>Sent. Receipt {receipt}.</translation>
    </message>
    <message>
        <source>Signeringen genomfördes</source>
        <translation>The signing went through</translation>
    </message>
    <message>
        <source>Begärda ersättningar</source>
        <translation>Requested compensation</translation>
    </message>
    <message>
        <source>Kommunen har inte skickat någon begäran om ersättning.</source>
        <translation>The municipality has not sent any compensation request.</translation>
    </message>
    <message>
        <source>Ingen begäran om ersättning har den statusen.</source>
        <translation>No compensation request has that status.</translation>
    </message>
    <message>
        <source>Ärendet har ingen begäran om ersättning med den statusen.</source>
        <translation>The case has no compensation request with that status.</translation>
    </message>
    <message>
        <source>De begäranden om ersättning som kommunen har skickat till Arbetsförmedlingen, de senast inskickade först. Summan gäller alla som filtret visar, på alla sidor.</source>
        <extracomment>The case the list is narrowed to (its id and number), if any.</extracomment>
        <translation>The compensation requests the municipality has sent to Arbetsförmedlingen, the most recently submitted first. The total covers all that the filter shows, on all pages.</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>Bara &amp;detta ärende</source>
        <translation>Only this &amp;case</translation>
    </message>
    <message>
        <source>Visa bara begärandena i den markerade radens ärende.</source>
        <translation>Show only the requests in the case of the selected row.</translation>
    </message>
    <message>
        <source>&amp;Exportera…</source>
        <translation>E&amp;xport…</translation>
    </message>
    <message>
        <source>Spara alla begäranden som filtret visar som CSV- eller Excel-fil.</source>
        <translation>Save all requests the filter shows as a CSV or Excel file.</translation>
    </message>
    <message>
        <source>begäranden</source>
        <translation>requests</translation>
    </message>
    <message>
        <source>Bara ärende {number}</source>
        <translation>Only case {number}</translation>
    </message>
    <message>
        <source>begarda-ersattningar.csv</source>
        <translation>requested-compensation.csv</translation>
    </message>
    <message>
        <source>Välj organisation</source>
        <translation>Choose organisation</translation>
    </message>
    <message>
        <source>Välj var du har ditt BankID och sedan Logga in med BankID.</source>
        <extracomment>The message of *Välj* before a first attempt.</extracomment>
        <translation>Choose where you have your BankID, then Log in with BankID.</translation>
    </message>
    <message>
        <source>Logga in i KA Webb</source>
        <translation>Log in to KA Webb</translation>
    </message>
    <message>
        <source>Webbstödet för utbildningskontrakt. För att logga in behöver du en aktiv behörighet i kommunen och ett giltigt BankID.</source>
        <translation>The web support for education contracts. To log in you need an active authorization in the municipality and a valid BankID.</translation>
    </message>
    <message>
        <source>Här finns ingen riktig BankID-app. Välj vem som identifierar sig; den simulerade appen godkänner efter några sekunder.</source>
        <translation>There is no real BankID app here. Choose who identifies; the simulated app approves after a few seconds.</translation>
    </message>
    <message>
        <source>Nyheter från KA-Webb</source>
        <translation>News from KA-Webb</translation>
    </message>
    <message>
        <source>Nyheterna kunde inte hämtas.</source>
        <translation>The news could not be fetched.</translation>
    </message>
    <message>
        <source>Det finns inga nyheter just nu.</source>
        <translation>There is no news at the moment.</translation>
    </message>
    <message>
        <source>Vald nyhet</source>
        <extracomment>The accessible name of the chosen item&apos;s text (it has no label of its own).</extracomment>
        <translation>Selected news item</translation>
    </message>
    <message>
        <source>Telefon 1</source>
        <translation>Phone 1</translation>
    </message>
    <message>
        <source>Telefon 2</source>
        <translation>Phone 2</translation>
    </message>
    <message>
        <source>Antal utförande verksamheter</source>
        <translation>Performing units</translation>
    </message>
    <message>
        <source>Antal adresser</source>
        <translation>Addresses</translation>
    </message>
    <message>
        <source>Adm. kontakt</source>
        <translation>Admin. contact</translation>
    </message>
    <message>
        <source>Kontotyp</source>
        <translation>Account type</translation>
    </message>
    <message>
        <source>Kontonummer</source>
        <translation>Account number</translation>
    </message>
    <message>
        <source>Senast uppdaterad</source>
        <translation>Last updated</translation>
    </message>
    <message>
        <source>Uppdaterad av</source>
        <translation>Updated by</translation>
    </message>
    <message>
        <source>Standardkonto</source>
        <translation>Default account</translation>
    </message>
    <message>
        <source>Tjänst</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Adress</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Postadress</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <source>Org.nr</source>
        <extracomment>The organisation&apos;s fields, by their Swedish labels (shown with tr()).</extracomment>
        <translation>Org. no.</translation>
    </message>
    <message>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Telefax</source>
        <translation>Fax</translation>
    </message>
    <message>
        <source>Hemsida</source>
        <translation>Website</translation>
    </message>
    <message>
        <source>Organisationens uppgifter kunde inte hämtas.</source>
        <translation>The organisation’s details could not be fetched.</translation>
    </message>
    <message>
        <source>Visa/ändra</source>
        <extracomment>The magnifier&apos;s words (its tooltip and what a screen reader says).</extracomment>
        <translation>View/edit</translation>
    </message>
    <message>
        <source>Visa</source>
        <translation>View</translation>
    </message>
    <message>
        <source>{action}, väntar på signering</source>
        <translation>{action}, waiting to be signed</translation>
    </message>
    <message>
        <source>Osignerad ändring</source>
        <translation>Unsigned change</translation>
    </message>
    <message>
        <source>Borttagningen av kontaktpersonen {name} ligger nu under Ändringar att signera.</source>
        <translation>The removal of the contact person {name} is now under Pending changes.</translation>
    </message>
    <message>
        <source>Kontaktpersonen {name} ligger nu under Ändringar att signera.</source>
        <translation>The contact person {name} is now under Pending changes.</translation>
    </message>
    <message>
        <source>Borttagningen av kontot {name} ligger nu under Ändringar att signera.</source>
        <translation>The removal of the account {name} is now under Pending changes.</translation>
    </message>
    <message>
        <source>Kontot {name} ligger nu under Ändringar att signera.</source>
        <translation>The account {name} is now under Pending changes.</translation>
    </message>
    <message>
        <source>Skapa kontakt&amp;person</source>
        <translation>Create contact &amp;person</translation>
    </message>
    <message>
        <source>Ny kontaktperson (hamnar under Ändringar att signera).</source>
        <translation>New contact person (goes under Pending changes).</translation>
    </message>
    <message>
        <source>Visa/än&amp;dra kontaktperson…</source>
        <translation>View/&amp;edit contact person…</translation>
    </message>
    <message>
        <source>Visa &amp;kontaktperson…</source>
        <translation>View &amp;contact person…</translation>
    </message>
    <message>
        <source>Förstoringsglaset: öppna den markerade kontaktpersonen (Retur).</source>
        <translation>The magnifier: open the selected contact person (Enter).</translation>
    </message>
    <message>
        <source>Kontaktpersoner</source>
        <translation>Contact persons</translation>
    </message>
    <message>
        <source>Skapa &amp;konto</source>
        <translation>Create &amp;account</translation>
    </message>
    <message>
        <source>Nytt konto (hamnar under Ändringar att signera).</source>
        <translation>New account (goes under Pending changes).</translation>
    </message>
    <message>
        <source>Visa/ändra ko&amp;nto…</source>
        <translation>View/edit accou&amp;nt…</translation>
    </message>
    <message>
        <source>Visa ko&amp;nto…</source>
        <translation>View accou&amp;nt…</translation>
    </message>
    <message>
        <source>Förstoringsglaset: öppna det markerade kontot (Retur).</source>
        <translation>The magnifier: open the selected account (Enter).</translation>
    </message>
    <message>
        <source>Konton</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>Dubbelklicka eller tryck Retur på en rad för att visa eller ändra den.</source>
        <translation>Double-click a row or press Enter on it to view or edit it.</translation>
    </message>
    <message>
        <source>Dubbelklicka eller tryck Retur på en rad för att visa den.</source>
        <translation>Double-click a row or press Enter on it to view it.</translation>
    </message>
    <message>
        <source>Inga kontaktpersoner är registrerade.</source>
        <translation>No contact persons are registered.</translation>
    </message>
    <message>
        <source>Din roll ger inte behörighet att se kontoinformation.</source>
        <translation>Your role does not give access to account information.</translation>
    </message>
    <message>
        <source>Inga konton är registrerade.</source>
        <translation>No accounts are registered.</translation>
    </message>
    <message>
        <source>Nya och ändrade konton granskas av Arbetsförmedlingen.</source>
        <translation>New and changed accounts are reviewed by Arbetsförmedlingen.</translation>
    </message>
    <message>
        <source>Tjänsteutbudet är förregistrerat av Arbetsförmedlingen och behöver normalt inte ändras.</source>
        <translation>The service offering is pre-registered by Arbetsförmedlingen and does not normally need to be changed.</translation>
    </message>
    <message>
        <source>Tjänster</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Utförande verksamheter</source>
        <translation>Performing units</translation>
    </message>
    <message>
        <source>Inget tjänsteutbud är registrerat.</source>
        <translation>No service offering is registered.</translation>
    </message>
    <message>
        <source>Välj en tjänst ovan.</source>
        <translation>Choose a service above.</translation>
    </message>
    <message>
        <source>Utförande verksamheter för {service}</source>
        <translation>Performing units for {service}</translation>
    </message>
    <message>
        <source>Inga utförande verksamheter är registrerade.</source>
        <translation>No performing units are registered.</translation>
    </message>
    <message>
        <source>Ä&amp;rende</source>
        <extracomment>*Antal träffar per sida* (the guide&apos;s choices); ``ALL`` is *Alla*. Results as you type: the search runs this long after the last keystroke. The radio buttons&apos; texts, each with its Alt+letter.</extracomment>
        <translation>&amp;Case</translation>
    </message>
    <message>
        <source>Na&amp;mn</source>
        <translation>Na&amp;me</translation>
    </message>
    <message>
        <source>&amp;Födelsedatum</source>
        <translation>Date of &amp;birth</translation>
    </message>
    <message>
        <source>Inga ärenden matchar sökningen.</source>
        <translation>No cases match the search.</translation>
    </message>
    <message>
        <source>Den utförande verksamheten har inga ärenden.</source>
        <translation>The performing unit has no cases.</translation>
    </message>
    <message>
        <source>Den utförande verksamheten har inga pågående ärenden.</source>
        <translation>The performing unit has no open cases.</translation>
    </message>
    <message>
        <source>Ärendet kunde inte öppnas.</source>
        <translation>The case could not be opened.</translation>
    </message>
    <message>
        <source>Ärenden, handlingar och begärda ersättningar</source>
        <extracomment>How the signing of a document sent from a case polls BankID (the window&apos;s).</extracomment>
        <translation>Cases, documents and requested compensation</translation>
    </message>
    <message>
        <source>&amp;Sök:</source>
        <extracomment>*Användare att signera* has been read again (after a change, or a reload). The dialog or message box open right now (tests reach it here). Signera was pressed and the list to sign is being read.</extracomment>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <source>Sök</source>
        <extracomment>The query of the search shown (or under way); a pause that changed nothing asks nothing.</extracomment>
        <translation>Search</translation>
    </message>
    <message>
        <source>Sök (Retur i sökfältet).</source>
        <translation>Search (Enter in the search field).</translation>
    </message>
    <message>
        <source>&amp;Visa även avslutade ärenden</source>
        <translation>Show c&amp;losed cases too</translation>
    </message>
    <message>
        <source>Visa även avslutade ärenden</source>
        <translation>Show closed cases too</translation>
    </message>
    <message>
        <source>Spara alla träffar som CSV- eller Excel-fil.</source>
        <translation>Save all hits as a CSV or Excel file.</translation>
    </message>
    <message>
        <source>Ärenden</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>ärenden</source>
        <extracomment>The case dialog open now (or the last one).</extracomment>
        <translation>cases</translation>
    </message>
    <message>
        <source>För- och/eller efternamn</source>
        <translation>First and/or last name</translation>
    </message>
    <message>
        <source>ÅÅÅÅMMDD</source>
        <translation>YYYYMMDD</translation>
    </message>
    <message>
        <source>arenden.csv</source>
        <translation>cases.csv</translation>
    </message>
    <message>
        <source>Det finns inga ändringar att signera.</source>
        <translation>There are no changes to sign.</translation>
    </message>
    <message>
        <source>, administrativ kontakt</source>
        <extracomment>The row of the permission matrix that decides who reads, changes and signs a kind. Reading; sending a document needs WRITE on its type&apos;s row (domain.documents). Who or what the change is about, in short (the column *Beskrivning*). The service&apos;s own line (what the kind&apos;s form edits).</extracomment>
        <translation>, administrative contact</translation>
    </message>
    <message>
        <source>, standardkonto</source>
        <translation>, default account</translation>
    </message>
    <message>
        <source>Ärende {number}, {person}, {type}</source>
        <translation>Case {number}, {person}, {type}</translation>
    </message>
    <message>
        <source>Ärende {number}, {person}, {amount}</source>
        <translation>Case {number}, {person}, {amount}</translation>
    </message>
    <message>
        <source>1 ändring signerad – kvittens {receipt}</source>
        <translation>1 change signed – receipt {receipt}</translation>
    </message>
    <message>
        <source>{count} ändringar signerade – kvittens {receipt}</source>
        <translation>{count} changes signed – receipt {receipt}</translation>
    </message>
    <message>
        <source>Signeringen hann genomföras innan den avbröts: {count} ändring(ar) har genomförts. Kvittensnummer {receipt}, signerad av {signer}.</source>
        <translation>The signing went through before it was cancelled: {count} change(s) have been made. Receipt number {receipt}, signed by {signer}.</translation>
    </message>
    <message>
        <source>du</source>
        <translation>you</translation>
    </message>
    <message>
        <source>Beskrivning</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Ändrad av</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <source>Ändringar av användare, kontaktpersoner och konton gäller först när de har signerats med BankID. Signera signerar alla på en gång, med en kvittens.</source>
        <extracomment>The list has been read again (after a change, or a reload). The dialog or message box open right now (tests reach it here). Signera was pressed and the list to sign is being read. The number of the latest read of the list (older answers are dropped). Whether the role may change (and sign) any kind at all.</extracomment>
        <translation>Changes to users, contact persons and accounts take effect only once they have been signed with BankID. Sign signs them all at once, with one receipt.</translation>
    </message>
    <message>
        <source>Ändringar av kommunens uppgifter som väntar på att signeras med BankID.</source>
        <translation>Changes to the municipality’s details waiting to be signed with BankID.</translation>
    </message>
    <message>
        <source>Ändra &amp;rad…</source>
        <translation>Edit r&amp;ow…</translation>
    </message>
    <message>
        <source>Förstoringsglaset: ändra den markerade ändringen innan den signeras (Retur).</source>
        <translation>The magnifier: edit the selected change before it is signed (Enter).</translation>
    </message>
    <message>
        <source>&amp;Förkasta</source>
        <translation>&amp;Discard</translation>
    </message>
    <message>
        <source>Det röda krysset: ta bort den markerade ändringen utan att signera den (Delete).</source>
        <translation>The red cross: remove the selected change without signing it (Delete).</translation>
    </message>
    <message>
        <source>&amp;Uppdatera</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Läs listan igen.</source>
        <translation>Read the list again.</translation>
    </message>
    <message>
        <source>S&amp;ignera</source>
        <translation>S&amp;ign</translation>
    </message>
    <message>
        <source>Signera alla ändringar du får ändra med BankID.</source>
        <translation>Sign all changes you may edit with BankID.</translation>
    </message>
    <message>
        <source>Ändra användare att signera</source>
        <translation>Edit user to sign</translation>
    </message>
    <message>
        <source>Ändringen ligger nu under Ändringar att signera.</source>
        <translation>The change is now under Pending changes.</translation>
    </message>
    <message>
        <source>Förkasta ändring</source>
        <translation>Discard change</translation>
    </message>
    <message>
        <source>Förkasta ändringen ”{action}” av {what}?

Den tas bort från Ändringar att signera och skickas inte.</source>
        <translation>Discard the change “{action}” of {what}?

It is removed from Pending changes and is not sent.</translation>
    </message>
    <message>
        <source>Förkasta</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>Ändringen av {what} är förkastad.</source>
        <translation>The change of {what} has been discarded.</translation>
    </message>
    <message>
        <source>Kvittenser</source>
        <translation>Receipts</translation>
    </message>
    <message>
        <source>Kommunen har inga kvittenser som du får se ännu.</source>
        <translation>The municipality has no receipts that you may see yet.</translation>
    </message>
    <message>
        <source>Ingen kvittens matchar sökningen.</source>
        <translation>No receipt matches the search.</translation>
    </message>
    <message>
        <source>Kvittenserna på kommunens signeringar, de senaste först: vem som signerade, när och vad. Öppna en kvittens (Retur) för att se alla ändringar, verifiera den, skriva ut den eller spara den som PDF.</source>
        <extracomment>The receipt dialog open now (tests reach it here).</extracomment>
        <translation>The receipts of the municipality’s signings, the latest first: who signed, when and what. Open a receipt (Enter) to see all its changes, verify it, print it or save it as a PDF.</translation>
    </message>
    <message>
        <source>Kvittensnummer, namn på den som signerade eller text</source>
        <translation>Receipt number, name of the signer or text</translation>
    </message>
    <message>
        <source>kvittenser</source>
        <translation>receipts</translation>
    </message>
    <message>
        <source>Ö&amp;ppna…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <source>Visa den markerade kvittensen (Retur).</source>
        <translation>Show the selected receipt (Enter).</translation>
    </message>
    <message>
        <source>Spara alla kvittenser som sökningen visar som CSV eller Excel.</source>
        <translation>Save all receipts the search shows as CSV or Excel.</translation>
    </message>
    <message>
        <source>kvittenser.csv</source>
        <translation>receipts.csv</translation>
    </message>
    <message>
        <source>Statusöversikt</source>
        <translation>Status overview</translation>
    </message>
    <message>
        <source>Kommunen har inte skickat in några handlingar.</source>
        <extracomment>The most rows read at a time (the newest). The chart shows at most this many months (the latest). The statuses a sent document can have, in the chart&apos;s order.</extracomment>
        <translation>The municipality has not submitted any documents.</translation>
    </message>
    <message>
        <source>Ingen inskickad handling har den statusen.</source>
        <translation>No submitted document has that status.</translation>
    </message>
    <message>
        <source>Visar de {shown} senast inskickade av {total} handlingar.</source>
        <translation>Showing the {shown} most recently submitted of {total} documents.</translation>
    </message>
    <message>
        <source>Handlingar per status och månad</source>
        <translation>Documents by status and month</translation>
    </message>
    <message>
        <source>Diagram: handlingar per status och månad</source>
        <translation>Chart: documents by status and month</translation>
    </message>
    <message>
        <source>jan</source>
        <translation>Jan</translation>
    </message>
    <message>
        <source>feb</source>
        <translation>Feb</translation>
    </message>
    <message>
        <source>mar</source>
        <translation>Mar</translation>
    </message>
    <message>
        <source>apr</source>
        <translation>Apr</translation>
    </message>
    <message>
        <source>maj</source>
        <translation>May</translation>
    </message>
    <message>
        <source>jun</source>
        <translation>Jun</translation>
    </message>
    <message>
        <source>jul</source>
        <translation>Jul</translation>
    </message>
    <message>
        <source>aug</source>
        <translation>Aug</translation>
    </message>
    <message>
        <source>sep</source>
        <translation>Sep</translation>
    </message>
    <message>
        <source>okt</source>
        <translation>Oct</translation>
    </message>
    <message>
        <source>nov</source>
        <translation>Nov</translation>
    </message>
    <message>
        <source>dec</source>
        <translation>Dec</translation>
    </message>
    <message>
        <source>Inga handlingar är inskickade än.</source>
        <translation>No documents have been submitted yet.</translation>
    </message>
    <message>
        <source>Antal</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Status för de handlingar som kommunen har skickat in till Arbetsförmedlingen, de senast inskickade först, och i diagrammet hur många som skickades in, godkändes och returnerades varje månad.</source>
        <extracomment>The answer shown (None before the first).</extracomment>
        <translation>The status of the documents the municipality has submitted to Arbetsförmedlingen, the most recently submitted first, and in the chart how many were submitted, approved and returned each month.</translation>
    </message>
    <message>
        <source>Läs översikten igen.</source>
        <translation>Read the overview again.</translation>
    </message>
    <message>
        <source>Spara de handlingar som filtret visar som CSV- eller Excel-fil.</source>
        <translation>Save the documents the filter shows as a CSV or Excel file.</translation>
    </message>
    <message>
        <source>Inskickade handlingar</source>
        <translation>Submitted documents</translation>
    </message>
    <message>
        <source>statusoversikt.csv</source>
        <translation>status-overview.csv</translation>
    </message>
    <message>
        <source>Inga användare matchar sökningen.</source>
        <translation>No users match the search.</translation>
    </message>
    <message>
        <source>Ingen har behörighet i kommunen.</source>
        <translation>Nobody has an authorization in the municipality.</translation>
    </message>
    <message>
        <source>Inga ändringar väntar på signering.</source>
        <translation>No changes are waiting to be signed.</translation>
    </message>
    <message>
        <source>Det finns inga ändringar att signera. Listan Ändringar att signera är tom.</source>
        <translation>There are no changes to sign. The list Pending changes is empty.</translation>
    </message>
    <message>
        <source>Namn, e-post eller födelsedatum (ÅÅÅÅMMDD)</source>
        <translation>Name, email or date of birth (YYYYMMDD)</translation>
    </message>
    <message>
        <source>Sökresultat</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>Ändra &amp;behörighetsperiod</source>
        <translation>Change &amp;authorization period</translation>
    </message>
    <message>
        <source>Sätt ett nytt slutdatum för en eller flera användare.</source>
        <translation>Set a new end date for one or more users.</translation>
    </message>
    <message>
        <source>Än&amp;dra…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>Ändra den markerade användaren (Retur).</source>
        <translation>Edit the selected user (Enter).</translation>
    </message>
    <message>
        <source>Ta bort den markerade användarens behörighet (Delete).</source>
        <translation>Remove the selected user’s authorization (Delete).</translation>
    </message>
    <message>
        <source>S&amp;kapa</source>
        <translation>&amp;Create</translation>
    </message>
    <message>
        <source>Skapa en ny användare (Ctrl+N).</source>
        <translation>Create a new user (Ctrl+N).</translation>
    </message>
    <message>
        <source>Användare att signera</source>
        <translation>Users to sign</translation>
    </message>
    <message>
        <source>Förstoringsglaset: ändra den markerade raden innan den signeras.</source>
        <translation>The magnifier: edit the selected row before it is signed.</translation>
    </message>
    <message>
        <source>Signera alla ändringar med BankID.</source>
        <translation>Sign all changes with BankID.</translation>
    </message>
    <message>
        <source>Ändra användare</source>
        <extracomment>Why the answer of the search under way would be empty.</extracomment>
        <translation>Edit user</translation>
    </message>
    <message>
        <source>{name} ska tas bort; borttagningen väntar under Användare att signera. Ångra den med det röda krysset om du vill ändra användaren i stället.</source>
        <translation>{name} is to be removed; the removal waits under Users to sign. Undo it with the red cross if you want to edit the user instead.</translation>
    </message>
    <message>
        <source>Ta bort användare</source>
        <translation>Remove user</translation>
    </message>
    <message>
        <source>{name} ska redan tas bort; borttagningen väntar under Användare att signera.</source>
        <translation>{name} is already to be removed; the removal waits under Users to sign.</translation>
    </message>
    <message>
        <source>Användarens osignerade ändring under Användare att signera ersätts av borttagningen.</source>
        <translation>The user’s unsigned change under Users to sign is replaced by the removal.</translation>
    </message>
    <message>
        <source>Ta bort behörigheten för {name} ({role})?

Borttagningen hamnar under Användare att signera och genomförs när den har signerats.</source>
        <translation>Remove the authorization of {name} ({role})?

The removal goes under Users to sign and is carried out once it has been signed.</translation>
    </message>
    <message>
        <source>Borttagningen av {name} ligger nu under Användare att signera.</source>
        <translation>The removal of {name} is now under Users to sign.</translation>
    </message>
    <message>
        <source>Nytt slutdatum {date} för 1 användare ligger nu under Användare att signera.</source>
        <translation>New end date {date} for 1 user is now under Users to sign.</translation>
    </message>
    <message>
        <source>Nytt slutdatum {date} för {count} användare ligger nu under Användare att signera.</source>
        <translation>New end date {date} for {count} users is now under Users to sign.</translation>
    </message>
    <message>
        <source>Förkasta ändringen ”{action}” för {name}? Den tas bort från Användare att signera och skickas inte.</source>
        <translation>Discard the change “{action}” for {name}? It is removed from Users to sign and is not sent.</translation>
    </message>
    <message>
        <source>Ändringen för {name} är förkastad.</source>
        <translation>The change for {name} has been discarded.</translation>
    </message>
    <message>
        <source>anvandare.csv</source>
        <translation>users.csv</translation>
    </message>
    <message>
        <source>{name} ligger nu under Användare att signera.</source>
        <translation>{name} is now under Users to sign.</translation>
    </message>
    <message>
        <source>Mitt arbete</source>
        <extracomment>The main tabs by their Swedish names (the keys of :meth:`Workspace.show_tab`).</extracomment>
        <translation>My work</translation>
    </message>
    <message>
        <source>Organisationen</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Det var en annan person som loggade in. {name} har loggats ut; det som inte var sparat finns inte kvar.</source>
        <translation>Someone else logged in. {name} has been logged out; anything that was not saved is gone.</translation>
    </message>
    <message>
        <source>Utbildningskontrakt – webbstöd för kommuner</source>
        <extracomment>The main window&apos;s first size where the screen has room for it (else the screen decides).</extracomment>
        <translation>Education contracts – web support for municipalities</translation>
    </message>
    <message>
        <source>Inloggad användare</source>
        <translation>Logged-in user</translation>
    </message>
    <message>
        <source>Logga ut</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Huvudflikar</source>
        <translation>Main tabs</translation>
    </message>
    <message>
        <source>Välj vilken kommun du arbetar med.</source>
        <translation>Choose which municipality you work with.</translation>
    </message>
    <message>
        <source>&amp;Utförande verksamhet</source>
        <translation>Performing &amp;unit</translation>
    </message>
    <message>
        <source>Översikt</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Uppgifter</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Tjänsteutbud</source>
        <translation>Service offering</translation>
    </message>
    <message>
        <source>1 ändring har inte nått servern än. Den lokala kopian tas bort vid utloggning; vill du behålla ändringen till nästa inloggning på den här datorn, eller ta bort den? En borttagen ändring kan inte återställas.</source>
        <translation>1 change has not reached the server yet. The local copy is removed when you log out; do you want to keep the change until the next login on this computer, or remove it? A removed change cannot be restored.</translation>
    </message>
    <message>
        <source>{count} ändringar har inte nått servern än. Den lokala kopian tas bort vid utloggning; vill du behålla ändringarna till nästa inloggning på den här datorn, eller ta bort dem? Borttagna ändringar kan inte återställas.</source>
        <translation>{count} changes have not reached the server yet. The local copy is removed when you log out; do you want to keep the changes until the next login on this computer, or remove them? Removed changes cannot be restored.</translation>
    </message>
    <message>
        <source>&amp;Arkiv</source>
        <extracomment>The services (the backend) are attached: the login page is usable. Set by :meth:`attach` (the window is shown before: ``app.run``). The session&apos;s idle time (from the services&apos; Me: the server&apos;s in remote mode). The windows (dialogs, message boxes) hidden while locked, and the focus. *Hjälp &gt; Om KA Webb* while it is open. *Arkiv &gt; Inställningar…* while it is open. The question at *Logga ut* when changes made here have not reached the server. What the window shows until the services are attached (then ``None``). Sized and placed on its screen at the first show (the screen is known then). Over the login page when the server cannot be reached (offline start).</extracomment>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Spara alla träffar i listan som CSV- eller Excel-fil.</source>
        <translation>Save all hits in the list as a CSV or Excel file.</translation>
    </message>
    <message>
        <source>&amp;Säkerhetskopiera…</source>
        <translation>&amp;Back up…</translation>
    </message>
    <message>
        <source>Spara en kopia av den lokala databasen i en fil.</source>
        <translation>Save a copy of the local database in a file.</translation>
    </message>
    <message>
        <source>Å&amp;terställ…</source>
        <translation>&amp;Restore…</translation>
    </message>
    <message>
        <source>Ersätt den lokala databasen med en säkerhetskopia.</source>
        <translation>Replace the local database with a backup.</translation>
    </message>
    <message>
        <source>&amp;Inställningar…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>Databas eller server, signering och språk (gäller från nästa start).</source>
        <translation>Database or server, signing and language (they take effect at the next start).</translation>
    </message>
    <message>
        <source>&amp;Avsluta</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Hjälp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Användarstöd</source>
        <translation>&amp;User guide</translation>
    </message>
    <message>
        <source>&amp;Om KA Webb</source>
        <translation>&amp;About KA Webb</translation>
    </message>
    <message>
        <source>Datamapp: {folder}</source>
        <translation>Data folder: {folder}</translation>
    </message>
    <message>
        <source>Data: {store}</source>
        <translation>Data: {store}</translation>
    </message>
    <message>
        <source>Signering: {signer}</source>
        <translation>Signing: {signer}</translation>
    </message>
    <message>
        <source>Loggfil: {file}</source>
        <translation>Log file: {file}</translation>
    </message>
    <message>
        <source>ingen (loggar inte till fil)</source>
        <translation>none (not logging to a file)</translation>
    </message>
    <message>
        <source>Om KA Webb</source>
        <translation>About KA Webb</translation>
    </message>
    <message>
        <source>Inloggad som {name}, {role}, {organisation}.</source>
        <translation>Logged in as {name}, {role}, {organisation}.</translation>
    </message>
    <message>
        <source>Kommunen kunde inte bytas.</source>
        <translation>The municipality could not be switched.</translation>
    </message>
    <message>
        <source>&amp;Behåll till nästa inloggning</source>
        <translation>&amp;Keep until the next login</translation>
    </message>
    <message>
        <source>&amp;Ta bort ändringarna</source>
        <translation>&amp;Remove the changes</translation>
    </message>
    <message>
        <source>Välkommen tillbaka, {name}.</source>
        <translation>Welcome back, {name}.</translation>
    </message>
    <message>
        <source>Du har loggats ut</source>
        <translation>You have been logged out</translation>
    </message>
    <message>
        <source>Arbetsytan kunde inte öppnas.</source>
        <translation>The workspace could not be opened.</translation>
    </message>
    <message>
        <source>KA Webb kan bara läsa databasen ({where}). Ingenting kan sparas, och eftersom en inloggning sparas i databasen går det inte heller att logga in. Be den som sköter datorn om skrivrätt till databasfilen och dess mapp.</source>
        <extracomment>What to release at exit (the store&apos;s connections, the HTTP client). What the user must be told at start, though the app can run (Swedish). *Arkiv &gt; Säkerhetskopiera… / Återställ…* (``kawebb_desktop.backup``).</extracomment>
        <translation>KA Webb can only read the database ({where}). Nothing can be saved, and since a login is saved in the database, logging in is not possible either. Ask whoever looks after the computer for write access to the database file and its folder.</translation>
    </message>
    <message>
        <source>Datamappen {folder} är en fil, inte en mapp. Ange en annan mapp med --data-dir.</source>
        <translation>The data folder {folder} is a file, not a folder. Give another folder with --data-dir.</translation>
    </message>
    <message>
        <source>Datamappen {folder} kunde inte skapas: {reason}. Ange en annan mapp med --data-dir.</source>
        <translation>The data folder {folder} could not be created: {reason}. Give another folder with --data-dir.</translation>
    </message>
    <message>
        <source>KA Webb kan inte starta</source>
        <extracomment>The backend once built (closed at exit, attached or not); the status of a failure. How long ``run`` waits for the login window&apos;s first paint before it builds the backend anyway (a window that is not painted: minimised, another desktop). Set (to anything), ``run`` prints ``kawebb-shown &lt;ns&gt;`` to stderr at the login window&apos;s first paint and ``kawebb-ready &lt;ns&gt;`` when its backend is attached (the login usable), then quits: the start-up benchmark&apos;s hook (``benchmarks/startup.py``). ``kawebb --smoke-test``: the cases of the demo store it makes.</extracomment>
        <translation>KA Webb cannot start</translation>
    </message>
    <message>
        <source>Startar…</source>
        <extracomment>The status text while the program starts.</extracomment>
        <translation>Starting…</translation>
    </message>
</context>
</TS>
