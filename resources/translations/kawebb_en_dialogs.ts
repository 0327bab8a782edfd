<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_SE" sourcelanguage="sv_SE">
<context>
    <name></name>
    <message>
        <source>Ett ändrat konto granskas på nytt av Arbetsförmedlingen (status Ny – ej granskad).</source>
        <translation>A changed account is reviewed again by Arbetsförmedlingen (status New – not reviewed).</translation>
    </message>
    <message>
        <source>kontot</source>
        <translation>the account</translation>
    </message>
    <message>
        <source>Din roll ger inte behörighet att ändra kontoinformation.</source>
        <extracomment>The review status of a new account (stored as it is; shown with tr()).</extracomment>
        <translation>Your role does not allow changing account information.</translation>
    </message>
    <message>
        <source>Bankgironummer, 7 eller 8 siffror: 762-0255</source>
        <extracomment>How each kind&apos;s number is written (the field&apos;s placeholder and tooltip).</extracomment>
        <translation>Bankgiro number, 7 or 8 digits: 762-0255</translation>
    </message>
    <message>
        <source>Plusgironummer, 2 till 8 siffror: 4 12 34-6</source>
        <translation>Plusgiro number, 2 to 8 digits: 4 12 34-6</translation>
    </message>
    <message>
        <source>clearingnummer-kontonummer</source>
        <translation>clearing number-account number</translation>
    </message>
    <message>
        <source>Clearingnummer och kontonummer i ett: 3300-7505092556, eller för Swedbank 8327-9, 123 456 789-7</source>
        <translation>Clearing number and account number together: 3300-7505092556, or for Swedbank 8327-9, 123 456 789-7</translation>
    </message>
    <message>
        <source>konto</source>
        <translation>account</translation>
    </message>
    <message>
        <source>standardkonto</source>
        <translation>default account</translation>
    </message>
    <message>
        <source>Konto&amp;typ:</source>
        <translation>Account &amp;type:</translation>
    </message>
    <message>
        <source>&amp;Kontonummer:</source>
        <translation>Account &amp;number:</translation>
    </message>
    <message>
        <source>Kontonumret tolkat</source>
        <translation>The account number as understood</translation>
    </message>
    <message>
        <source>De utförande verksamheter som kontot gäller för, minst en (Mellanslag markerar).</source>
        <translation>The performing units the account is for, at least one (Space ticks).</translation>
    </message>
    <message>
        <source>St&amp;andardkonto</source>
        <translation>Def&amp;ault account</translation>
    </message>
    <message>
        <source>Kommunens enda standardkonto.</source>
        <translation>The municipality&apos;s only default account.</translation>
    </message>
    <message>
        <source>Status:</source>
        <extracomment>AF&apos;s review of the account as stored (shown, never edited).</extracomment>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Senast uppdaterad:</source>
        <translation>Last updated:</translation>
    </message>
    <message>
        <source>Uppdaterad av:</source>
        <translation>Updated by:</translation>
    </message>
    <message>
        <source>KA Webb-säkerhetskopior (*.kawebb);;Alla filer (*)</source>
        <extracomment>Called with (done, in all) as the copy goes on. Marked for translation, shown with tr().</extracomment>
        <translation>KA Webb backups (*.kawebb);;All files (*)</translation>
    </message>
    <message>
        <source>Säkerhetskopiera</source>
        <translation>Back up</translation>
    </message>
    <message>
        <source>Databasen ersätts med säkerhetskopian {name}. Det som har ändrats sedan säkerhetskopian gjordes finns då bara kvar i kopian av nuvarande databas, som sparas bredvid den. Du loggas ut efter återställningen.

Vill du återställa?</source>
        <translation>The database is replaced with the backup {name}. What has changed since the backup was made is then kept only in the copy of the current database, which is saved beside it. You are logged out after the restore.

Do you want to restore?</translation>
    </message>
    <message>
        <source>Den här KA Webb-installationen kan inte säkerhetskopiera sin databas.</source>
        <translation>This KA Webb installation cannot back up its database.</translation>
    </message>
    <message>
        <source>Spara säkerhetskopia</source>
        <translation>Save backup</translation>
    </message>
    <message>
        <source>Säkerhetskopierar databasen till {path}…</source>
        <translation>Backing up the database to {path}…</translation>
    </message>
    <message>
        <source>Återställ från säkerhetskopia</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <source>Återställer databasen från {path}…</source>
        <translation>Restoring the database from {path}…</translation>
    </message>
    <message>
        <source>Öppna en handling med dubbelklick eller Retur. Ny handling skriver en till av den markerade typen.</source>
        <extracomment>Marked for translation, shown with tr().</extracomment>
        <translation>Open a document by double-clicking it or pressing Enter. New document writes another one of the selected type.</translation>
    </message>
    <message>
        <source>Din roll ({role}) kan läsa handlingarna men inte skriva dem.</source>
        <translation>Your role ({role}) can read the documents but not write them.</translation>
    </message>
    <message>
        <source>Din roll ({role}) skriver bara {types}.</source>
        <translation>Your role ({role}) writes only {types}.</translation>
    </message>
    <message>
        <source>Ersättning begärs under fliken Mitt arbete &gt; Begär ersättning.</source>
        <translation>Compensation is requested under the tab My work &gt; Request compensation.</translation>
    </message>
    <message>
        <source>Den senaste händelsen först; den senaste veckans händelser i fetstil.</source>
        <translation>The latest event first; the past week&apos;s events in bold.</translation>
    </message>
    <message>
        <source>Inget slutdatum</source>
        <translation>No end date</translation>
    </message>
    <message>
        <source>Huvudärende</source>
        <translation>Main case</translation>
    </message>
    <message>
        <source>Ersättningsärende</source>
        <translation>Compensation case</translation>
    </message>
    <message>
        <source>Ärende {number}</source>
        <extracomment>The number of the latest read of the documents (older answers are dropped). The document form open now (or the last one).</extracomment>
        <translation>Case {number}</translation>
    </message>
    <message>
        <source>Ärende {number} – {name}</source>
        <translation>Case {number} – {name}</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Personnummer</source>
        <translation>Personal identity number</translation>
    </message>
    <message>
        <source>Födelsedatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Ärende</source>
        <extracomment>CaseSearchField.label.</extracomment>
        <translation>Case</translation>
    </message>
    <message>
        <source>Startdatum</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>Slutdatum</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>&amp;Händelser:</source>
        <translation>&amp;Events:</translation>
    </message>
    <message>
        <source>Händelser</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>Ha&amp;ndlingar:</source>
        <translation>Docume&amp;nts:</translation>
    </message>
    <message>
        <source>Handlingar</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Om handlingarna</source>
        <translation>About the documents</translation>
    </message>
    <message>
        <source>Ö&amp;ppna</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>Öppna den markerade handlingen (Retur).</source>
        <translation>Open the selected document (Enter).</translation>
    </message>
    <message>
        <source>N&amp;y handling</source>
        <translation>Ne&amp;w document</translation>
    </message>
    <message>
        <source>Skriv en ny handling av den markerade radens typ.</source>
        <translation>Write a new document of the selected row&apos;s type.</translation>
    </message>
    <message>
        <source>&amp;Stäng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Konflikt</source>
        <extracomment>Marked for translation, shown with tr().</extracomment>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>Använd &amp;mina igen</source>
        <translation>Use &amp;mine again</translation>
    </message>
    <message>
        <source>&amp;Släpp mina</source>
        <translation>&amp;Drop mine</translation>
    </message>
    <message>
        <source>Fält</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Deras</source>
        <translation>Theirs</translation>
    </message>
    <message>
        <source>Mina</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>Serverns skäl</source>
        <translation>The server&apos;s reason</translation>
    </message>
    <message>
        <source>Någon annan har ändrat samma uppgifter medan din ändring väntade. Jämför versionerna och välj vilken som ska gälla.</source>
        <translation>Someone else changed the same details while your change was waiting. Compare the versions and choose which one applies.</translation>
    </message>
    <message>
        <source>Deras och mina uppgifter</source>
        <translation>Their details and mine</translation>
    </message>
    <message>
        <source>Gör din ändring igen, ovanpå deras version.</source>
        <translation>Make your change again, on top of their version.</translation>
    </message>
    <message>
        <source>Ta bort din ändring; deras version gäller.</source>
        <translation>Remove your change; their version applies.</translation>
    </message>
    <message>
        <source>Bestäm senare; ändringen finns kvar.</source>
        <translation>Decide later; the change is kept.</translation>
    </message>
    <message>
        <source>Skiljer sig</source>
        <translation>Differs</translation>
    </message>
    <message>
        <source>Släpp mina</source>
        <translation>Drop mine</translation>
    </message>
    <message>
        <source>Släppa din ändring ”{change}”?

Det du skrev tas bort och deras version gäller.</source>
        <translation>Drop your change “{change}”?

What you wrote is removed and their version applies.</translation>
    </message>
    <message>
        <source>Din roll ger inte behörighet att ändra kontaktpersoner.</source>
        <extracomment>The stand-in the rules see while the e-mail address does not parse yet (they judge the other fields meanwhile); Spara needs the real one.</extracomment>
        <translation>Your role does not allow changing contact persons.</translation>
    </message>
    <message>
        <source>kontaktperson</source>
        <translation>contact person</translation>
    </message>
    <message>
        <source>kontaktpersonen</source>
        <translation>the contact person</translation>
    </message>
    <message>
        <source>administrativ kontakt</source>
        <translation>administrative contact</translation>
    </message>
    <message>
        <source>&amp;Förnamn:</source>
        <extracomment>The service&apos;s answer to the save that closed the dialog. The last attempt&apos;s draft and command (reused when Spara is pressed again with the same content). The registered person whose name fills the form (Skapa), if any. The service&apos;s last refusal of one field: (field, message, the field&apos;s value).</extracomment>
        <translation>&amp;First name:</translation>
    </message>
    <message>
        <source>&amp;Efternamn:</source>
        <translation>&amp;Last name:</translation>
    </message>
    <message>
        <source>E-p&amp;ost:</source>
        <translation>E&amp;mail:</translation>
    </message>
    <message>
        <source>Svenskt nummer, t.ex. 070-123 45 67 eller +46 70 123 45 67</source>
        <translation>Swedish number, e.g. 070-123 45 67 or +46 70 123 45 67</translation>
    </message>
    <message>
        <source>Telefon &amp;1:</source>
        <translation>Phone &amp;1:</translation>
    </message>
    <message>
        <source>Telefon &amp;2:</source>
        <translation>Phone &amp;2:</translation>
    </message>
    <message>
        <source>De utförande verksamheter som personen är kontaktperson för (Mellanslag markerar).</source>
        <translation>The performing units the person is the contact person for (Space ticks).</translation>
    </message>
    <message>
        <source>A&amp;dresser:</source>
        <translation>A&amp;ddresses:</translation>
    </message>
    <message>
        <source>De adresser som personen är kontaktperson för (Mellanslag markerar).</source>
        <translation>The addresses the person is the contact person for (Space ticks).</translation>
    </message>
    <message>
        <source>Ad&amp;ministrativ kontakt</source>
        <translation>Ad&amp;ministrative contact</translation>
    </message>
    <message>
        <source>Kommunens enda administrativa kontakt.</source>
        <translation>The municipality&apos;s only administrative contact.</translation>
    </message>
    <message>
        <source>KA Webb – ett oväntat fel</source>
        <extracomment>Marked for translation, shown with tr().</extracomment>
        <translation>KA Webb – an unexpected error</translation>
    </message>
    <message>
        <source>Ett oväntat fel inträffade i KA Webb. Det du redan har sparat finns kvar. Försök igen; om felet kommer tillbaka, kontakta support och skicka med loggfilen.</source>
        <translation>An unexpected error occurred in KA Webb. What you have already saved is kept. Try again; if the error comes back, contact support and attach the log file.</translation>
    </message>
    <message>
        <source>Öppna utkast har sparats ({count} st).</source>
        <translation>Open drafts have been saved ({count}).</translation>
    </message>
    <message>
        <source>Visa detaljer</source>
        <translation>Show details</translation>
    </message>
    <message>
        <source>Dölj detaljer</source>
        <translation>Hide details</translation>
    </message>
    <message>
        <source>Loggfil: {path}</source>
        <translation>Log file: {path}</translation>
    </message>
    <message>
        <source>Ingen loggfil kunde skrivas.</source>
        <translation>No log file could be written.</translation>
    </message>
    <message>
        <source>Detaljer</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Kopiera</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Ny handling, inte sparad ännu.</source>
        <translation>New document, not saved yet.</translation>
    </message>
    <message>
        <source>Din roll ({role}) kan läsa men inte skriva {type}.</source>
        <translation>Your role ({role}) can read but not write the {type}.</translation>
    </message>
    <message>
        <source>Handlingen skickades in {day} och kan inte ändras.</source>
        <translation>The document was submitted on {day} and cannot be changed.</translation>
    </message>
    <message>
        <source>Arbetsförmedlingen godkände handlingen {day}.</source>
        <translation>Arbetsförmedlingen approved the document on {day}.</translation>
    </message>
    <message>
        <source>Arbetsförmedlingen returnerade handlingen för komplettering {day}: {comment}</source>
        <translation>Arbetsförmedlingen returned the document for completion on {day}: {comment}</translation>
    </message>
    <message>
        <source>Rätta uppgifterna och skicka handlingen igen.</source>
        <translation>Correct the details and send the document again.</translation>
    </message>
    <message>
        <source>Handlingen väntar på signering under Organisationen &gt; Ändringar att signera och kan inte ändras förrän den är signerad eller förkastad där.</source>
        <translation>The document is waiting to be signed under Organisation &gt; Pending changes and cannot be changed until it has been signed or discarded there.</translation>
    </message>
    <message>
        <source>Handlingen är inte skickad: den väntar under Organisationen &gt; Ändringar att signera tills den signeras med BankID.</source>
        <translation>The document has not been sent: it is waiting under Organisation &gt; Pending changes until it is signed with BankID.</translation>
    </message>
    <message>
        <source>Utkastet är sparat.</source>
        <translation>The draft has been saved.</translation>
    </message>
    <message>
        <source>Utkastet kunde inte sparas.</source>
        <translation>The draft could not be saved.</translation>
    </message>
    <message>
        <source>Handlingen kunde inte skickas.</source>
        <translation>The document could not be sent.</translation>
    </message>
    <message>
        <source>Välj…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>{type} – ärende {number}</source>
        <extracomment>A text field&apos;s height, in lines. The document as stored now (after a save, a send or a signing). The draft was removed. Fields the user has changed (their errors show as they type; all at a save). The service&apos;s refusals, shown at their fields until those change. Whether the fields are checked as for a send (after Skicka, until Spara utkast): an empty required field is then an error too. The signing dialog or message box open now (tests reach it here).</extracomment>
        <translation>{type} – case {number}</translation>
    </message>
    <message>
        <source>Ta &amp;bort utkast</source>
        <translation>&amp;Remove draft</translation>
    </message>
    <message>
        <source>Spara &amp;utkast</source>
        <translation>Save &amp;draft</translation>
    </message>
    <message>
        <source>S&amp;kicka</source>
        <translation>S&amp;end</translation>
    </message>
    <message>
        <source>Resultat</source>
        <extracomment>Alt+letters taken: the buttons&apos; (Ta bort, Spara utkast, Skicka, Stäng).</extracomment>
        <translation>Result</translation>
    </message>
    <message>
        <source>Ta bort utkastet utan att skicka.</source>
        <translation>Remove the draft without sending it.</translation>
    </message>
    <message>
        <source>Spara uppgifterna som utkast (de finns kvar tills du skickar).</source>
        <translation>Save the details as a draft (they are kept until you send).</translation>
    </message>
    <message>
        <source>Spara och signera handlingen med BankID (den skickas när den är signerad).</source>
        <translation>Save and sign the document with BankID (it is sent once it is signed).</translation>
    </message>
    <message>
        <source>{field} (frivillig):</source>
        <translation>{field} (optional):</translation>
    </message>
    <message>
        <source>tim</source>
        <translation>h</translation>
    </message>
    <message>
        <source>ingen kommentar</source>
        <translation>no comment</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <source>Status: {status} – senast ändrad {day} av {name}</source>
        <translation>Status: {status} – last changed {day} by {name}</translation>
    </message>
    <message>
        <source>Status: {status} – senast ändrad {day}</source>
        <translation>Status: {status} – last changed {day}</translation>
    </message>
    <message>
        <source>Sparar…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Skickad och signerad. {signed}.</source>
        <translation>Sent and signed. {signed}.</translation>
    </message>
    <message>
        <source>Ta bort utkast</source>
        <translation>Remove draft</translation>
    </message>
    <message>
        <source>Ta bort utkastet till {type} i ärende {number}?

Det går inte att ångra.</source>
        <translation>Remove the draft of the {type} in case {number}?

This cannot be undone.</translation>
    </message>
    <message>
        <source>Tar bort…</source>
        <translation>Removing…</translation>
    </message>
    <message>
        <source>Ändra behörighetsperiod</source>
        <extracomment>The keys that tick or untick the current row of the table (nothing else).</extracomment>
        <translation>Change authorization period</translation>
    </message>
    <message>
        <source>Ange ett slutdatum och markera de användare som ska få det. En behörighetsadministratör kan inte få något slutdatum, och slutdatumet får vara senast nästa årsskifte ({date}).</source>
        <translation>Enter an end date and tick the users who are to get it. An authorization administrator cannot be given an end date, and the end date may be at most the next year-end ({date}).</translation>
    </message>
    <message>
        <source>Ange nytt slutdatum</source>
        <translation>Enter new end date</translation>
    </message>
    <message>
        <source>Ange nytt &amp;slutdatum:</source>
        <translation>Enter new &amp;end date:</translation>
    </message>
    <message>
        <source>Antal markerade</source>
        <translation>Number ticked</translation>
    </message>
    <message>
        <source>&amp;Bekräfta</source>
        <extracomment>&quot;Sparar…&quot; when the service takes a while to answer.</extracomment>
        <translation>&amp;Confirm</translation>
    </message>
    <message>
        <source>Bekräfta</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>{name}: slutdatumet får inte vara före startdatumet ({date}).</source>
        <translation>{name}: the end date may not be before the start date ({date}).</translation>
    </message>
    <message>
        <source>Ingen användare markerad.</source>
        <translation>No user ticked.</translation>
    </message>
    <message>
        <source>1 användare markerad.</source>
        <translation>1 user ticked.</translation>
    </message>
    <message>
        <source>{count} användare markerade.</source>
        <translation>{count} users ticked.</translation>
    </message>
    <message>
        <source>Några av de markerade användarna är inte inlästa längre. Läs in listan igen.</source>
        <translation>Some of the ticked users are no longer loaded. Load the list again.</translation>
    </message>
    <message>
        <source>BankID, testmiljö</source>
        <extracomment>The signer choices: (value, Swedish label marked for translation).</extracomment>
        <translation>BankID, test environment</translation>
    </message>
    <message>
        <source>BankID, produktion</source>
        <translation>BankID, production</translation>
    </message>
    <message>
        <source>Simulator (bara demodata)</source>
        <translation>Simulator (demo data only)</translation>
    </message>
    <message>
        <source>Satt av IT-avdelningen</source>
        <extracomment>Beside a field an administrator has set for every user (the system-wide file).</extracomment>
        <translation>Set by the IT department</translation>
    </message>
    <message>
        <source>Databas</source>
        <extracomment>Demo cases made at the first start (as ``kawebb demo``). The keys of ``settings.toml`` the form decides (others in the file are kept). Keys that put the data elsewhere than the local store: one set system-wide locks the choice.</extracomment>
        <translation>Database</translation>
    </message>
    <message>
        <source>&amp;Lokal databas</source>
        <translation>&amp;Local database</translation>
    </message>
    <message>
        <source>Lokal databas</source>
        <translation>Local database</translation>
    </message>
    <message>
        <source>En databasfil i din datamapp på den här datorn.</source>
        <translation>A database file in your data folder on this computer.</translation>
    </message>
    <message>
        <source>Fyll med &amp;demodata</source>
        <translation>Fill with &amp;demo data</translation>
    </message>
    <message>
        <source>Fyll med demodata</source>
        <translation>Fill with demo data</translation>
    </message>
    <message>
        <source>Tre kommuner med påhittade användare och ärenden, att prova programmet med.</source>
        <translation>Three municipalities with made-up users and cases, to try the program with.</translation>
    </message>
    <message>
        <source>Se&amp;rver</source>
        <translation>Se&amp;rver</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>En KA Webb-server som flera datorer arbetar mot.</source>
        <translation>A KA Webb server that several computers work against.</translation>
    </message>
    <message>
        <source>Server&amp;adress:</source>
        <translation>Server &amp;address:</translation>
    </message>
    <message>
        <source>Serveradress</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>&amp;Testa anslutning</source>
        <translation>&amp;Test connection</translation>
    </message>
    <message>
        <source>Testa anslutning</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>Signering</source>
        <extracomment>What a test of the address found (or why the address cannot be saved).</extracomment>
        <translation>Signing</translation>
    </message>
    <message>
        <source>Si&amp;gneringstjänst:</source>
        <translation>Si&amp;gning service:</translation>
    </message>
    <message>
        <source>Signeringstjänst</source>
        <translation>Signing service</translation>
    </message>
    <message>
        <source>&amp;Certifikat:</source>
        <translation>&amp;Certificate:</translation>
    </message>
    <message>
        <source>Certifikat</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>BankID-certifikatet, .p12 eller .pem</source>
        <translation>The BankID certificate, .p12 or .pem</translation>
    </message>
    <message>
        <source>Välj certifikat…</source>
        <translation>Choose certificate…</translation>
    </message>
    <message>
        <source>&amp;Nyckel:</source>
        <translation>&amp;Key:</translation>
    </message>
    <message>
        <source>Nyckel</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Bara till .pem, om nyckeln är en egen fil</source>
        <translation>Only for .pem, if the key is a separate file</translation>
    </message>
    <message>
        <source>Välj var uppgifterna finns och hur det signeras. Valen kan ändras senare under Arkiv &gt; Inställningar.
Datamapp: {folder}</source>
        <translation>Choose where the data is and how signing is done. The choices can be changed later under File &gt; Settings.
Data folder: {folder}</translation>
    </message>
    <message>
        <source>Välj nyckel…</source>
        <translation>Choose key…</translation>
    </message>
    <message>
        <source>Språk</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>S&amp;pråk:</source>
        <translation>Lan&amp;guage:</translation>
    </message>
    <message>
        <source>Språket byts nästa gång programmet startar.</source>
        <translation>The language changes the next time the program starts.</translation>
    </message>
    <message>
        <source>Skriv serverns adress, t.ex. https://kawebb.kommun.se.</source>
        <extracomment>Why the form cannot be saved as it is.
----------
What was written to the user&apos;s file (after Spara).</extracomment>
        <translation>Enter the server&apos;s address, e.g. https://kawebb.kommun.se.</translation>
    </message>
    <message>
        <source>Simulatorn fungerar bara med demodata. Välj BankID eller fyll databasen med demodata.</source>
        <translation>The simulator works only with demo data. Choose BankID or fill the database with demo data.</translation>
    </message>
    <message>
        <source>Välj BankID-certifikatet (.p12 eller .pem) för produktionsmiljön.</source>
        <translation>Choose the BankID certificate (.p12 or .pem) for the production environment.</translation>
    </message>
    <message>
        <source>Certifikatet {path} finns inte.</source>
        <translation>The certificate {path} does not exist.</translation>
    </message>
    <message>
        <source>En separat nyckel hör bara till ett certifikat i PEM-format.</source>
        <translation>A separate key belongs only to a certificate in PEM format.</translation>
    </message>
    <message>
        <source>Nyckeln {path} finns inte.</source>
        <translation>The key {path} does not exist.</translation>
    </message>
    <message>
        <source>Med en server bestämmer servern hur det signeras.</source>
        <translation>With a server, the server decides how signing is done.</translation>
    </message>
    <message>
        <source>Simulatorn låtsas vara BankID-appen. Den fungerar bara med demodata.</source>
        <translation>The simulator pretends to be the BankID app. It works only with demo data.</translation>
    </message>
    <message>
        <source>Certifikatets lösenord sparas i datorns nyckelring (tjänst kawebb-bankid), aldrig i inställningsfilen.</source>
        <translation>The certificate&apos;s password is kept in the computer&apos;s keyring (service kawebb-bankid), never in the settings file.</translation>
    </message>
    <message>
        <source>BankIDs testmiljö med dess öppna testcertifikat.</source>
        <translation>BankID&apos;s test environment with its public test certificate.</translation>
    </message>
    <message>
        <source>Välj fil</source>
        <translation>Choose file</translation>
    </message>
    <message>
        <source>Certifikat (*.p12 *.pfx *.pem);;Alla filer (*)</source>
        <translation>Certificates (*.p12 *.pfx *.pem);;All files (*)</translation>
    </message>
    <message>
        <source>Nycklar (*.pem *.key);;Alla filer (*)</source>
        <translation>Keys (*.pem *.key);;All files (*)</translation>
    </message>
    <message>
        <source>Förlopp</source>
        <extracomment>Over rows (while busy) the sentence sits in a box that stands out from them. The text of the work under way, shown once the delay has passed.</extracomment>
        <translation>Progress</translation>
    </message>
    <message>
        <source>&amp;Spara</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Spara</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Frågar {url}…</source>
        <translation>Asking {url}…</translation>
    </message>
    <message>
        <source>Anslutningen fungerar: {url} är en KA Webb-server.</source>
        <translation>The connection works: {url} is a KA Webb server.</translation>
    </message>
    <message>
        <source>Det gick inte att fråga servern: {reason}</source>
        <translation>The server could not be asked: {reason}</translation>
    </message>
    <message>
        <source>Ingenting har sparats.</source>
        <translation>Nothing has been saved.</translation>
    </message>
    <message>
        <source>Inställningarna kunde inte sparas i {folder}: {reason}</source>
        <translation>The settings could not be saved in {folder}: {reason}</translation>
    </message>
    <message>
        <source>Välkommen till KA Webb</source>
        <translation>Welcome to KA Webb</translation>
    </message>
    <message>
        <source>Skapar demodata… Det kan ta en halv minut.</source>
        <translation>Creating demo data… This can take half a minute.</translation>
    </message>
    <message>
        <source>Skapar datamappen…</source>
        <translation>Creating the data folder…</translation>
    </message>
    <message>
        <source>
&lt;h2&gt;KA Webb – webbstöd för utbildningskontrakt&lt;/h2&gt;
&lt;p&gt;I KA Webb utbyter kommunen och Arbetsförmedlingen information om utbildningskontrakt.
Du loggar in med BankID och behöver en aktiv behörighet i kommunen.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;inloggning&quot;&gt;&lt;/a&gt;Logga in&lt;/h3&gt;
&lt;p&gt;Inloggningen går i tre steg. &lt;b&gt;Välj&lt;/b&gt; var du har ditt BankID: &lt;b&gt;BankID på den här
datorn&lt;/b&gt; (appen startas här) eller &lt;b&gt;Mobilt BankID på annan enhet&lt;/b&gt; (du skannar en
QR-kod med appen i mobilen); ditt val sparas till nästa gång, samma val som när du
signerar. Tryck &lt;b&gt;Logga in med BankID&lt;/b&gt;. &lt;b&gt;Legitimera&lt;/b&gt; dig i appen; &lt;b&gt;Avbryt&lt;/b&gt;
avbryter inloggningen. Har du behörighet i flera kommuner väljer du sedan vilken du ska
arbeta med (&lt;b&gt;Välj organisation&lt;/b&gt;) och trycker &lt;b&gt;Nästa&lt;/b&gt;; &lt;b&gt;Tillbaka&lt;/b&gt; tar dig
till första steget. Du kan byta kommun uppe till höger. Efter inloggningen kommer du
till &lt;b&gt;Mitt arbete &amp;gt; Översikt&lt;/b&gt;.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;sessionstid&quot;&gt;&lt;/a&gt;Sessionstid&lt;/h3&gt;
&lt;p&gt;Har du inte använt tangentbordet eller musen på 30 minuter (kommunen kan ställa in en
annan tid) låses KA Webb. Två minuter innan visas en gul rad överst med tiden som är kvar;
tryck &lt;b&gt;Fortsätt arbeta&lt;/b&gt; eller fortsätt bara att arbeta. När KA Webb är låst loggar du
in igen med BankID (välj var du har ditt BankID, som vid inloggningen) och kommer
tillbaka precis dit du var: öppna fönster, det du har skrivit,
utkast och ändringar att signera finns kvar. Legitimerar sig någon annan, eller trycker du
&lt;b&gt;Logga ut&lt;/b&gt;, loggas du ut.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;oversikt&quot;&gt;&lt;/a&gt;Mitt arbete&lt;/h3&gt;
&lt;p&gt;&lt;b&gt;Översikt&lt;/b&gt; visar ärendena för den utförande verksamhet som är vald uppe till höger.
Ärenden vars senaste händelse kom in under den senaste veckan visas i fetstil. Klicka på en
kolumnrubrik för att sortera. Dubbelklicka på ett ärende (eller tryck Retur) för att öppna
det med dess händelser och handlingar.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;handlingar&quot;&gt;&lt;/a&gt;Ärendets handlingar&lt;/h3&gt;
&lt;p&gt;Ett huvudärende har Gemensam planering, Periodisk rapport, Förändringsrapport, Informativ
rapport och Slutredovisning; ett ersättningsärende Gemensam planering, Periodisk rapport och
Informativ rapport (ersättning begärs under Begär ersättning). Öppna en handling (Retur)
eller skriv en ny av den markerade typen med &lt;b&gt;Ny handling&lt;/b&gt;. Uppgifterna kontrolleras
medan du skriver. &lt;b&gt;Spara utkast&lt;/b&gt; sparar det du har fyllt i hittills, även om något
saknas, tills du skickar handlingen; &lt;b&gt;Skicka&lt;/b&gt; kräver alla uppgifter som inte är
frivilliga (det som saknas står vid fältet) och signerar handlingen med BankID tillsammans
med de andra ändringarna som väntar, med en kvittens. En inskickad handling kan inte ändras.
Returnerar Arbetsförmedlingen den för komplettering syns deras kommentar; rätta och skicka
igen. Lärare skriver bara Periodisk rapport och Läsare läser bara. I ett avslutat ärende kan
inga handlingar skrivas.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;begar-ersattning&quot;&gt;&lt;/a&gt;Mitt arbete &amp;gt; Begär ersättning&lt;/h3&gt;
&lt;p&gt;Välj en utförande verksamhet med ersättningsärenden uppe till höger, sök fram ärendet
(nummer eller namn) och fyll i perioden, typ (anställning eller praktik),
verksamhetsområde (skola, fritidshem, sjukvård, äldreomsorg eller
funktionshinderomsorg) och omfattning i procent. Beloppet räknas fram medan du skriver,
månad för månad: högst 11 000 kr i månaden för anställning och 3 300 kr för praktik vid
minst 50 % omfattning, lägre i proportion under 50 %, och en del av en månad efter
antalet dagar. Perioden ska ligga inom ärendets datum, vara högst ett år och inte
överlappa en period som redan är begärd. &lt;b&gt;Skicka&lt;/b&gt; (eller Retur i Omfattning)
signerar begäran med BankID tillsammans med de andra ändringarna som väntar, med en
kvittens. Läsare ser beräkningen men kan inte skicka.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;statusoversikt&quot;&gt;&lt;/a&gt;Mitt arbete &amp;gt; Statusöversikt&lt;/h3&gt;
&lt;p&gt;Alla handlingar som kommunen har skickat in, de senast inskickade först, med status:
Inskickad, Godkänd eller Returnerad för komplettering, och dagen då Arbetsförmedlingen
beslutade. Filtrera på status, sortera med en klick på en kolumnrubrik och spara listan med
&lt;b&gt;Exportera…&lt;/b&gt;. Diagrammet visar hur många handlingar som skickades in, godkändes och
returnerades varje månad.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;begarda-ersattningar&quot;&gt;&lt;/a&gt;Mitt arbete &amp;gt; Begärda ersättningar&lt;/h3&gt;
&lt;p&gt;De begäranden kommunen har skickat, de senast inskickade först, med status hos
Arbetsförmedlingen: Inskickad, Godkänd, Avslagen eller Utbetald. Filtrera på status, eller
markera en rad och tryck &lt;b&gt;Bara detta ärende&lt;/b&gt;. Summan under listan gäller alla
begäranden som filtret visar, på alla sidor. &lt;b&gt;Exportera…&lt;/b&gt; sparar dem som CSV- eller
Excel-fil.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;organisationen&quot;&gt;&lt;/a&gt;Organisationen&lt;/h3&gt;
&lt;p&gt;&lt;b&gt;Uppgifter&lt;/b&gt; visar kommunens uppgifter, kontaktpersoner och konton som
Arbetsförmedlingen har registrerat dem, och under &lt;b&gt;Avtal&lt;/b&gt; kommunens avtal om
behörighet: när Arbetsförmedlingen tog emot det, den startande
behörighetsadministratören, sista dag för aktivering (14 dagar efter mottagandet), när det
aktiverades och om det gäller en ny behörighetsadministratör. &lt;b&gt;Tjänsteutbud&lt;/b&gt; visar
tjänsterna och, för den tjänst du väljer, de utförande verksamheter som utför den med
deras adresser.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;anvandare&quot;&gt;&lt;/a&gt;Organisationen &amp;gt; Användare&lt;/h3&gt;
&lt;p&gt;Här ser behörighetsadministratören alla som har behörighet i kommunen.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Skapa&lt;/b&gt; (Ctrl+N): registrera förnamn, efternamn, personnummer, e-post, roll och
behörighetsperiod.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Ändra…&lt;/b&gt; (Retur) och &lt;b&gt;Ta bort…&lt;/b&gt; (Delete) gäller den markerade användaren.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Ändra behörighetsperiod&lt;/b&gt;: ange ett nytt slutdatum och markera en eller flera
användare. En behörighetsadministratör har inget slutdatum, och slutdatumet får vara senast
nästa årsskifte.&lt;/li&gt;
&lt;li&gt;Ändringar hamnar under &lt;b&gt;Användare att signera&lt;/b&gt;. Där kan du ändra en rad
(förstoringsglaset) eller förkasta den (det röda krysset) innan du &lt;b&gt;signerar&lt;/b&gt; alla med
BankID. Efter signeringen får du en kvittens, och några minuter senare är en ny behörighet
aktiv.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Kommunen har alltid minst en aktiv behörighetsadministratör. Om den sista slutar behöver
kommunen skicka in ett nytt avtal till Arbetsförmedlingen som avser en ny
behörighetsadministratör.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;andringar-att-signera&quot;&gt;&lt;/a&gt;Organisationen &amp;gt; Ändringar att signera&lt;/h3&gt;
&lt;p&gt;Här finns alla ändringar av användare, kontaktpersoner och konton som väntar på att
signeras, med typ, åtgärd, en beskrivning och när ändringen gjordes. Med
förstoringsglaset (Retur) ändrar du en rad i dess formulär, och med det röda krysset
(Delete) förkastar du den. &lt;b&gt;Signera&lt;/b&gt; signerar alla ändringar som din roll får göra
på en gång, med en BankID-signering och en kvittens. En behörighetsadministratör signerar
alla tre slagen; en tjänsteadministratör kontaktpersoner och konton. Roller som bara får
läsa ser listan men kan inte ändra eller signera.&lt;/p&gt;
&lt;p&gt;Signeringen går i fyra steg. &lt;b&gt;Granska&lt;/b&gt;: exakt de ändringar som skickas.
&lt;b&gt;Välj&lt;/b&gt;: &lt;b&gt;BankID på den här datorn&lt;/b&gt; (BankID-appen startas här) eller &lt;b&gt;Mobilt
BankID på annan enhet&lt;/b&gt; (du skannar en QR-kod som byts varje sekund); ditt val sparas till
nästa gång. &lt;b&gt;Signera&lt;/b&gt;: BankID:s meddelanden visas medan du skriver under, med
kontrollsumman (SHA-256) för det du signerar. &lt;b&gt;Avbryt&lt;/b&gt; avbryter signeringen i BankID;
sedan kan du försöka igen eller gå &lt;b&gt;Tillbaka&lt;/b&gt; och välja det andra sättet. Stänger du
fönstret avbryts signeringen också, och inget skickas. &lt;b&gt;Kvittens&lt;/b&gt;: vem som signerade,
när och kontrollsumman; spara den med &lt;b&gt;Spara kvittens…&lt;/b&gt;.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;kvittenser&quot;&gt;&lt;/a&gt;Organisationen &amp;gt; Kvittenser&lt;/h3&gt;
&lt;p&gt;Kvittenserna på kommunens signeringar, de senaste först: kvittensnummer, när och av vem
den signerades, hur många ändringar och vad. Sök på kvittensnummer, namnet på den som
signerade eller en text i ändringarna; exportera listan till CSV eller Excel. Du ser de
kvittenser vars alla ändringar din roll får läsa (kvittenser med ändringar av användare ser
bara en behörighetsadministratör). Retur eller dubbelklick öppnar en kvittens: alla
ändringar, kontrollsumman (SHA-256) och BankID-uppgifterna (vem som signerade och när enligt
signaturen, signaturen och OCSP-svaret). &lt;b&gt;Verifiera&lt;/b&gt; kontrollerar kvittensen igen:
signaturen mot signeringstjänstens CA, det signerade innehållet, ändringarna mot
kontrollsumman, OCSP-svaret och kvittensens plats i granskningskedjan, var för sig med
resultat. &lt;b&gt;Skriv ut&lt;/b&gt; (Ctrl+P) och &lt;b&gt;Spara som PDF&lt;/b&gt; ger kvittensen på en sida.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;kortkommandon&quot;&gt;&lt;/a&gt;Kortkommandon&lt;/h3&gt;
&lt;p&gt;F1: hjälp för skärmen du är på · Ctrl+F: sök · Ctrl+N: skapa användare · Retur: ändra
den markerade användaren · Delete: ta bort den markerade användaren, eller förkasta den
markerade ändringen när listan Användare att signera har fokus · Tab: nästa fält ·
Alt + understruken bokstav: gå till fältet eller tryck på knappen · Esc: stäng en dialog ·
Ctrl+Q: avsluta.&lt;/p&gt;
&lt;p&gt;I &lt;b&gt;Ändra behörighetsperiod&lt;/b&gt; markerar eller avmarkerar Retur och blanksteg raden
du står på; &lt;b&gt;Bekräfta&lt;/b&gt; trycker du på själv.&lt;/p&gt;
</source>
        <extracomment>The guide, marked for translation as one text (shown with tr()).</extracomment>
        <translation>
&lt;h2&gt;KA Webb – web support for education contracts&lt;/h2&gt;
&lt;p&gt;In KA Webb the municipality and Arbetsförmedlingen (the Swedish Public Employment Service)
exchange information about education contracts. You log in with BankID and need an active
authorization in the municipality.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;inloggning&quot;&gt;&lt;/a&gt;Logging in&lt;/h3&gt;
&lt;p&gt;Logging in takes three steps. &lt;b&gt;Choose&lt;/b&gt; where you have your BankID: &lt;b&gt;BankID on this
computer&lt;/b&gt; (the app starts here) or &lt;b&gt;Mobile BankID on another device&lt;/b&gt; (you scan a
QR code with the app on your phone); your choice is kept until next time, the same choice as
when you sign. Press &lt;b&gt;Log in with BankID&lt;/b&gt;. &lt;b&gt;Identify&lt;/b&gt; yourself in the app; &lt;b&gt;Cancel&lt;/b&gt;
cancels the login. If you have an authorization in several municipalities, you then choose
which one to work with (&lt;b&gt;Choose organisation&lt;/b&gt;) and press &lt;b&gt;Next&lt;/b&gt;; &lt;b&gt;Back&lt;/b&gt; takes you
to the first step. You can switch municipality at the top right. After logging in you come
to &lt;b&gt;My work &amp;gt; Overview&lt;/b&gt;.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;sessionstid&quot;&gt;&lt;/a&gt;Session time&lt;/h3&gt;
&lt;p&gt;If you have not used the keyboard or the mouse for 30 minutes (the municipality can set
another time), KA Webb locks. Two minutes before, a yellow bar at the top shows the time left;
press &lt;b&gt;Keep working&lt;/b&gt; or simply go on working. When KA Webb is locked you log in again
with BankID (choose where you have your BankID, as when logging in) and come back exactly
where you were: open windows, what you have written, drafts and pending changes are kept.
If someone else identifies themselves, or if you press &lt;b&gt;Log out&lt;/b&gt;, you are logged out.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;oversikt&quot;&gt;&lt;/a&gt;My work&lt;/h3&gt;
&lt;p&gt;&lt;b&gt;Overview&lt;/b&gt; shows the cases of the performing unit chosen at the top right. Cases
whose latest event came in during the past week are shown in bold. Click a column heading to
sort. Double-click a case (or press Enter) to open it with its events and documents.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;handlingar&quot;&gt;&lt;/a&gt;The documents of a case&lt;/h3&gt;
&lt;p&gt;A main case has Joint plan, Periodic report, Change report, Informative report and Final
report; a compensation case Joint plan, Periodic report and Informative report (compensation
is requested under Request compensation). Open a document (Enter) or write a new one of the
selected type with &lt;b&gt;New document&lt;/b&gt;. The details are checked as you type. &lt;b&gt;Save
draft&lt;/b&gt; saves what you have filled in so far, even if something is missing, until you send
the document; &lt;b&gt;Send&lt;/b&gt; needs every detail that is not optional (what is missing is shown
at the field) and signs the document with BankID together with the other changes that are
waiting, with a receipt. A submitted document cannot be changed. If Arbetsförmedlingen
returns it for completion, their comment is shown; correct it and send it again. Teachers
write only Periodic reports and Readers only read. No documents can be written in a closed
case.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;begar-ersattning&quot;&gt;&lt;/a&gt;My work &amp;gt; Request compensation&lt;/h3&gt;
&lt;p&gt;Choose a performing unit with compensation cases at the top right, find the case (number
or name) and fill in the period, the type (employment or internship), the field of work
(school, after-school centre, health care, elderly care or disability care) and the extent
in per cent. The amount is computed as you type, month by month: at most 11 000 kr a month
for employment and 3 300 kr for an internship at an extent of at least 50 %, less in
proportion below 50 %, and part of a month by its number of days. The period must lie within
the case&apos;s dates, be at most one year and not overlap a period already requested.
&lt;b&gt;Send&lt;/b&gt; (or Enter in Extent) signs the request with BankID together with the other
changes that are waiting, with a receipt. Readers see the calculation but cannot send.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;statusoversikt&quot;&gt;&lt;/a&gt;My work &amp;gt; Status overview&lt;/h3&gt;
&lt;p&gt;Every document the municipality has submitted, the most recently submitted first, with its
status: Submitted, Approved or Returned for completion, and the day Arbetsförmedlingen
decided. Filter by status, sort by clicking a column heading and save the list with
&lt;b&gt;Export…&lt;/b&gt;. The chart shows how many documents were submitted, approved and returned
each month.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;begarda-ersattningar&quot;&gt;&lt;/a&gt;My work &amp;gt; Requested compensation&lt;/h3&gt;
&lt;p&gt;The requests the municipality has sent, the most recently submitted first, with their
status at Arbetsförmedlingen: Submitted, Approved, Rejected or Paid. Filter by status, or
select a row and press &lt;b&gt;Only this case&lt;/b&gt;. The total below the list covers every request
the filter shows, on all pages. &lt;b&gt;Export…&lt;/b&gt; saves them as a CSV or Excel file.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;organisationen&quot;&gt;&lt;/a&gt;Organisation&lt;/h3&gt;
&lt;p&gt;&lt;b&gt;Details&lt;/b&gt; shows the municipality&apos;s details, contact persons and accounts as
Arbetsförmedlingen has registered them, and under &lt;b&gt;Agreement&lt;/b&gt; the municipality&apos;s
agreement on authorization: when Arbetsförmedlingen received it, the initial authorization
administrator, the last day for activation (14 days after receipt), when it was activated
and whether it concerns a new authorization administrator. &lt;b&gt;Service offering&lt;/b&gt; shows the
services and, for the service you choose, the performing units that provide it with their
addresses.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;anvandare&quot;&gt;&lt;/a&gt;Organisation &amp;gt; Users&lt;/h3&gt;
&lt;p&gt;Here the authorization administrator sees everyone who has an authorization in the
municipality.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Create&lt;/b&gt; (Ctrl+N): register first name, last name, personal identity number, email,
role and authorization period.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Edit…&lt;/b&gt; (Enter) and &lt;b&gt;Remove…&lt;/b&gt; (Delete) apply to the selected user.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Change authorization period&lt;/b&gt;: enter a new end date and tick one or more users. An
authorization administrator has no end date, and the end date may be at most the next
year-end.&lt;/li&gt;
&lt;li&gt;Changes go under &lt;b&gt;Users to sign&lt;/b&gt;. There you can edit a row (the magnifier) or
discard it (the red cross) before you &lt;b&gt;sign&lt;/b&gt; them all with BankID. After signing you
get a receipt, and a few minutes later a new authorization is active.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;The municipality always has at least one active authorization administrator. If the last
one leaves, the municipality needs to send Arbetsförmedlingen a new agreement that concerns a
new authorization administrator.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;andringar-att-signera&quot;&gt;&lt;/a&gt;Organisation &amp;gt; Pending changes&lt;/h3&gt;
&lt;p&gt;Here are all changes of users, contact persons and accounts that are waiting to be signed,
with type, action, a description and when the change was made. With the magnifier (Enter)
you edit a row in its form, and with the red cross (Delete) you discard it. &lt;b&gt;Sign&lt;/b&gt; signs
all changes your role may make at once, with one BankID signing and one receipt. An
authorization administrator signs all three kinds; a service administrator contact persons
and accounts. Roles that may only read see the list but cannot edit or sign.&lt;/p&gt;
&lt;p&gt;Signing takes four steps. &lt;b&gt;Review&lt;/b&gt;: exactly the changes that are sent.
&lt;b&gt;Choose&lt;/b&gt;: &lt;b&gt;BankID on this computer&lt;/b&gt; (the BankID app starts here) or &lt;b&gt;Mobile
BankID on another device&lt;/b&gt; (you scan a QR code that changes every second); your choice is
kept until next time. &lt;b&gt;Sign&lt;/b&gt;: BankID&apos;s messages are shown while you sign, with the
checksum (SHA-256) of what you sign. &lt;b&gt;Cancel&lt;/b&gt; cancels the signing in BankID; then you
can try again or go &lt;b&gt;Back&lt;/b&gt; and choose the other way. If you close the window, the
signing is cancelled too, and nothing is sent. &lt;b&gt;Receipt&lt;/b&gt;: who signed, when and the
checksum; save it with &lt;b&gt;Save receipt…&lt;/b&gt;.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;kvittenser&quot;&gt;&lt;/a&gt;Organisation &amp;gt; Receipts&lt;/h3&gt;
&lt;p&gt;The receipts of the municipality&apos;s signings, the latest first: receipt number, when and by
whom it was signed, how many changes and what. Search by receipt number, the name of the
signer or a text in the changes; export the list to CSV or Excel. You see the receipts whose
changes your role may all read (receipts with changes of users are seen only by an
authorization administrator). Enter or a double-click opens a receipt: all changes, the
checksum (SHA-256) and the BankID details (who signed and when according to the signature,
the signature and the OCSP response). &lt;b&gt;Verify&lt;/b&gt; checks the receipt again: the signature
against the signing service&apos;s CA, the signed content, the changes against the checksum, the
OCSP response and the receipt&apos;s place in the audit chain, each with its result.
&lt;b&gt;Print&lt;/b&gt; (Ctrl+P) and &lt;b&gt;Save as PDF&lt;/b&gt; give the receipt on one page.&lt;/p&gt;
&lt;h3&gt;&lt;a name=&quot;kortkommandon&quot;&gt;&lt;/a&gt;Keyboard shortcuts&lt;/h3&gt;
&lt;p&gt;F1: help for the screen you are on · Ctrl+F: search · Ctrl+N: create user · Enter: edit
the selected user · Delete: remove the selected user, or discard the selected change when
the list Users to sign has focus · Tab: next field · Alt + underlined letter: go to the field
or press the button · Esc: close a dialog · Ctrl+Q: quit.&lt;/p&gt;
&lt;p&gt;In &lt;b&gt;Change authorization period&lt;/b&gt;, Enter and Space tick or untick the row you are on;
you press &lt;b&gt;Confirm&lt;/b&gt; yourself.&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Stödfunktion</source>
        <extracomment>The rows of the matrix under the guide&apos;s headings (bild 11), in its order.</extracomment>
        <translation>Support function</translation>
    </message>
    <message>
        <source>Hantera företagsinformation</source>
        <translation>Manage company information</translation>
    </message>
    <message>
        <source>Uppföljning</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>Uppdaterar (skapar, ändrar, tar bort)</source>
        <translation>Updates (creates, changes, removes)</translation>
    </message>
    <message>
        <source>Läser</source>
        <translation>Reads</translation>
    </message>
    <message>
        <source>Ingen behörighet</source>
        <translation>No access</translation>
    </message>
    <message>
        <source>Behörighetsroller</source>
        <translation>Authorization roles</translation>
    </message>
    <message>
        <source>Funktion</source>
        <translation>Function</translation>
    </message>
    <message>
        <source>Hjälp – KA Webb</source>
        <translation>Help – KA Webb</translation>
    </message>
    <message>
        <source>Användarstöd</source>
        <translation>User guide</translation>
    </message>
    <message>
        <source>● = uppdaterar information (skapar, ändrar och tar bort)   ○ = läser information   – = ingen behörighet</source>
        <translation>● = updates information (creates, changes and removes)   ○ = reads information   – = no access</translation>
    </message>
    <message>
        <source>Signaturen</source>
        <extracomment>What each check of ``verify_receipt`` looks at, in Swedish (marked for translation; the texts below too, all shown with tr()).</extracomment>
        <translation>The signature</translation>
    </message>
    <message>
        <source>Det signerade innehållet</source>
        <translation>The signed content</translation>
    </message>
    <message>
        <source>Ändringarna (SHA-256)</source>
        <translation>The changes (SHA-256)</translation>
    </message>
    <message>
        <source>OCSP-svaret</source>
        <translation>The OCSP response</translation>
    </message>
    <message>
        <source>Granskningskedjan</source>
        <translation>The audit chain</translation>
    </message>
    <message>
        <source>Godkänd</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Underkänd</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Inte verifierad ännu. Tryck Verifiera för att kontrollera kvittensen.</source>
        <translation>Not verified yet. Press Verify to check the receipt.</translation>
    </message>
    <message>
        <source>Verifierar …</source>
        <translation>Verifying …</translation>
    </message>
    <message>
        <source>Kvittensen kunde inte verifieras.</source>
        <translation>The receipt could not be verified.</translation>
    </message>
    <message>
        <source>Kvittensen är verifierad ({time}): alla {count} kontroller godkända.</source>
        <extracomment>The printed receipt lists at most this many changes (it is one page).</extracomment>
        <translation>The receipt is verified ({time}): all {count} checks passed.</translation>
    </message>
    <message>
        <source>Kvittensen håller INTE ({time}): 1 kontroll underkänd. Se nedan.</source>
        <translation>The receipt does NOT hold ({time}): 1 check failed. See below.</translation>
    </message>
    <message>
        <source>Kvittensen håller INTE ({time}): {count} kontroller underkända. Se nedan.</source>
        <translation>The receipt does NOT hold ({time}): {count} checks failed. See below.</translation>
    </message>
    <message>
        <source>Kvittens {number}</source>
        <extracomment>The latest answer of Verifiera (and when it came), for the screen and the print.</extracomment>
        <translation>Receipt {number}</translation>
    </message>
    <message>
        <source>Kvittensnummer</source>
        <extracomment>How the summary&apos;s lines of changes start (``domain.changes.visible_summary``). The list&apos;s *Vad* shows at most this many characters of the changes.</extracomment>
        <translation>Receipt number</translation>
    </message>
    <message>
        <source>Signerad</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Signerad av</source>
        <translation>Signed by</translation>
    </message>
    <message>
        <source>Antal ändringar</source>
        <translation>Number of changes</translation>
    </message>
    <message>
        <source>SHA-256 av de signerade ändringarna (JSON), som skickades till BankID.</source>
        <translation>SHA-256 of the signed changes (JSON), as sent to BankID.</translation>
    </message>
    <message>
        <source>Kvittensens innehåll</source>
        <translation>Contents of the receipt</translation>
    </message>
    <message>
        <source>Signerade ändringar</source>
        <translation>Signed changes</translation>
    </message>
    <message>
        <source>Ändringar</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>BankID-order</source>
        <translation>BankID order</translation>
    </message>
    <message>
        <source>Person enligt signaturen</source>
        <translation>Person according to the signature</translation>
    </message>
    <message>
        <source>Personnummer enligt signaturen</source>
        <translation>Personal identity number according to the signature</translation>
    </message>
    <message>
        <source>Tidpunkt enligt signaturen</source>
        <translation>Time according to the signature</translation>
    </message>
    <message>
        <source>Förlitande part enligt signaturen</source>
        <translation>Relying party according to the signature</translation>
    </message>
    <message>
        <source>Enhet enligt signaturen</source>
        <translation>Device according to the signature</translation>
    </message>
    <message>
        <source>Signatur (base64)</source>
        <translation>Signature (base64)</translation>
    </message>
    <message>
        <source>OCSP-svar (base64)</source>
        <translation>OCSP response (base64)</translation>
    </message>
    <message>
        <source>Signatur (base64):</source>
        <translation>Signature (base64):</translation>
    </message>
    <message>
        <source>OCSP-svar (base64):</source>
        <translation>OCSP response (base64):</translation>
    </message>
    <message>
        <source>Signerad text</source>
        <translation>Signed text</translation>
    </message>
    <message>
        <source>Signerat dokument (JSON)</source>
        <translation>Signed document (JSON)</translation>
    </message>
    <message>
        <source>Dokument (JSON)</source>
        <translation>Document (JSON)</translation>
    </message>
    <message>
        <source>Verifiering</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>Kontroller</source>
        <translation>Checks</translation>
    </message>
    <message>
        <source>&amp;Verifiera</source>
        <translation>&amp;Verify</translation>
    </message>
    <message>
        <source>Kontrollera signaturen, OCSP-svaret, ändringarna och granskningskedjan igen.</source>
        <translation>Check the signature, the OCSP response, the changes and the audit chain again.</translation>
    </message>
    <message>
        <source>Skriv &amp;ut…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>Skriv ut kvittensen på en sida.</source>
        <translation>Print the receipt on one page.</translation>
    </message>
    <message>
        <source>Spara som &amp;PDF…</source>
        <translation>Save as P&amp;DF…</translation>
    </message>
    <message>
        <source>Spara kvittensen som en PDF-fil.</source>
        <translation>Save the receipt as a PDF file.</translation>
    </message>
    <message>
        <source>Skriv ut kvittens</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>kvittens-{number}.pdf</source>
        <translation>receipt-{number}.pdf</translation>
    </message>
    <message>
        <source>Spara som PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Kontrollsumma (SHA-256)</source>
        <extracomment>Cancels an order off the GUI thread and says how it ended. The receipt&apos;s field that holds its SHA-256 (64 hexadecimal digits).</extracomment>
        <translation>Checksum (SHA-256)</translation>
    </message>
    <message>
        <source>Signaturens SHA-256</source>
        <translation>SHA-256 of the signature</translation>
    </message>
    <message>
        <source>OCSP-svarets SHA-256</source>
        <translation>SHA-256 of the OCSP response</translation>
    </message>
    <message>
        <source>… och {count} ändringar till (se kvittens {number} i KA Webb).</source>
        <translation>… and {count} more changes (see receipt {number} in KA Webb).</translation>
    </message>
    <message>
        <source>Kvittens {number} – signering i KA Webb</source>
        <translation>Receipt {number} – signing in KA Webb</translation>
    </message>
    <message>
        <source>Nr</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Ändring</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Ändringarna nedan signerades med BankID och skickades till Arbetsförmedlingen.</source>
        <extracomment>The printed receipt&apos;s fixed texts (PRINT_NOTE is rich text), shown with tr().</extracomment>
        <translation>The changes below were signed with BankID and sent to Arbetsförmedlingen.</translation>
    </message>
    <message>
        <source>Signaturen och OCSP-svaret finns i sin helhet i KA Webb; där kontrollerar &lt;i&gt;Verifiera&lt;/i&gt; dem igen mot signeringstjänstens CA.</source>
        <translation>The signature and the OCSP response are kept in full in KA Webb, where &lt;i&gt;Verify&lt;/i&gt; checks them again against the signing service&apos;s CA.</translation>
    </message>
    <message>
        <source>Tryck Spara igen: samma ändring sparas bara en gång.</source>
        <extracomment>Said under the form when the answer to Spara did not come (the write may be made).
----------
Stand-ins the check sees while the personnummer or the e-mail address does not parse yet: it judges names and period, so those fields get their messages meanwhile. Spara needs the real values, checked with the real draft. Said under the form when the answer to Spara did not come (the write may be made).</extracomment>
        <translation>Press Save again: the same change is saved only once.</translation>
    </message>
    <message>
        <source>Ändringen hamnar under Ändringar att signera och gäller först när den har signerats med BankID.</source>
        <translation>The change goes under Pending changes and applies only once it has been signed with BankID.</translation>
    </message>
    <message>
        <source>Du ändrar en osignerad ändring under Ändringar att signera. Den gäller först när den har signerats med BankID.</source>
        <translation>You are editing an unsigned change under Pending changes. It applies only once it has been signed with BankID.</translation>
    </message>
    <message>
        <source>Tryck Spara igen för att låta den här ta över.</source>
        <translation>Press Save again to let this one take over.</translation>
    </message>
    <message>
        <source>{owner} har en osignerad ändring under Ändringar att signera, och formuläret visar den. Det du sparar ändrar den ändringen, som gäller först när den har signerats med BankID.</source>
        <translation>{owner} has an unsigned change under Pending changes, and the form shows it. What you save changes that change, which applies only once it has been signed with BankID.</translation>
    </message>
    <message>
        <source>{owner} ska tas bort; borttagningen väntar under Ändringar att signera. Ångra den med det röda krysset om du vill ändra {the_noun} i stället.</source>
        <translation>{owner} is to be removed; the removal is waiting under Pending changes. Undo it with the red cross if you want to edit {the_noun} instead.</translation>
    </message>
    <message>
        <source>{name} upphör att vara {what}.</source>
        <extracomment>The most rows a checkable list shows before it scrolls (the form fits 1024×768).</extracomment>
        <translation>{name} stops being the {what}.</translation>
    </message>
    <message>
        <source>Ändra {noun} att signera</source>
        <extracomment>``konto`` (titles: *Skapa konto*). ``kontot`` (*Ta bort kontot …?*). Whose ● on it lets a role write. The intro of the read-only form. The field of the flag only one record may carry (``is_default``). What the take-over note says the other record stops being (``standardkonto``). The service&apos;s answer (the pending line) to a successful save or removal.</extracomment>
        <translation>Edit {noun} to sign</translation>
    </message>
    <message>
        <source>Ändra {noun}</source>
        <translation>Edit {noun}</translation>
    </message>
    <message>
        <source>Skapa {noun}</source>
        <translation>Create {noun}</translation>
    </message>
    <message>
        <source>&amp;Utförande verksamheter:</source>
        <extracomment>Where the form starts: the draft shown (``None`` for Skapa) and the stored record. The id of the stored record this form is about (not the take-over&apos;s other one). The service&apos;s answer to the save that closed the dialog. The service said another record carries the flag (one this form did not know of, e.g. a new one still to sign): the next Spara takes over. The confirmation box of Ta bort while it is open (tests reach it here).</extracomment>
        <translation>Performing &amp;units:</translation>
    </message>
    <message>
        <source>Utförande verksamhet {number}</source>
        <translation>Performing unit {number}</translation>
    </message>
    <message>
        <source>Ta bort {the_noun} (hamnar under Ändringar att signera).</source>
        <translation>Remove {the_noun} (goes under Pending changes).</translation>
    </message>
    <message>
        <source>{owner}s osignerade ändring under Ändringar att signera ersätts av borttagningen.</source>
        <translation>{owner}&apos;s unsigned change under Pending changes is replaced by the removal.</translation>
    </message>
    <message>
        <source>Ta bort {noun}</source>
        <translation>Remove {noun}</translation>
    </message>
    <message>
        <source>Ta bort {the_noun} {name}?

Borttagningen hamnar under Ändringar att signera och genomförs när den har signerats.</source>
        <translation>Remove {the_noun} {name}?

The removal goes under Pending changes and is carried out once it has been signed.</translation>
    </message>
    <message>
        <source>Ej synkade ändringar</source>
        <extracomment>Marked for translation, shown with tr().</extracomment>
        <translation>Unsynced changes</translation>
    </message>
    <message>
        <source>Gjord</source>
        <translation>Made</translation>
    </message>
    <message>
        <source>Skäl</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Nekad</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Servern har tagit emot alla ändringar.</source>
        <translation>The server has accepted all changes.</translation>
    </message>
    <message>
        <source>Servern tog inte emot de här ändringarna. Det du skrev finns kvar tills du bestämmer vad som ska hända med det.</source>
        <translation>The server did not accept these changes. What you wrote is kept until you decide what should happen to it.</translation>
    </message>
    <message>
        <source>Visa &amp;konflikt…</source>
        <translation>Show &amp;conflict…</translation>
    </message>
    <message>
        <source>Deras och mina uppgifter sida vid sida.</source>
        <translation>Their details and mine side by side.</translation>
    </message>
    <message>
        <source>Ta &amp;bort</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>Ta bort ändringen; det du skrev försvinner.</source>
        <translation>Remove the change; what you wrote is lost.</translation>
    </message>
    <message>
        <source>Serverns skäl: {reason}</source>
        <translation>The server&apos;s reason: {reason}</translation>
    </message>
    <message>
        <source>Ta bort ändring</source>
        <translation>Remove change</translation>
    </message>
    <message>
        <source>Ta bort ändringen ”{change}”?

Det du skrev försvinner och skickas inte.</source>
        <translation>Remove the change “{change}”?

What you wrote is lost and not sent.</translation>
    </message>
    <message>
        <source>Inställningarna är sparade. Ändrad databas, server, signering eller språk gäller från nästa gång programmet startar.</source>
        <extracomment>Said after Spara.</extracomment>
        <translation>The settings have been saved. A changed database, server, signing or language applies from the next time the program starts.</translation>
    </message>
    <message>
        <source>Ändrad databas, server, signering eller språk gäller från nästa gång programmet startar.
Datamapp: {folder}</source>
        <translation>A changed database, server, signing or language applies from the next time the program starts.
Data folder: {folder}</translation>
    </message>
    <message>
        <source>KVITTENS — signering i KA Webb</source>
        <translation>RECEIPT — signing in KA Webb</translation>
    </message>
    <message>
        <source>Signerat dokument (JSON):</source>
        <translation>Signed document (JSON):</translation>
    </message>
    <message>
        <source>Signera med BankID</source>
        <extracomment>The order completed although the dialog gave it up (a collect won the race with the cancel): the changes are applied and this is their receipt.</extracomment>
        <translation>Sign with BankID</translation>
    </message>
    <message>
        <source>Granska</source>
        <extracomment>The change set the user confirms: exactly what the order will sign. The order of the latest press of Signera (None before the first).</extracomment>
        <translation>Review</translation>
    </message>
    <message>
        <source>Det här skickas och signeras med ditt BankID — exakt de här ändringarna, inget annat.</source>
        <translation>This is sent and signed with your BankID — exactly these changes, nothing else.</translation>
    </message>
    <message>
        <source>Det här &amp;signerar du:</source>
        <translation>What you &amp;sign:</translation>
    </message>
    <message>
        <source>&amp;Kontrollsumma för det du signerar:</source>
        <translation>&amp;Checksum of what you sign:</translation>
    </message>
    <message>
        <source>Kontrollsumman räknas ut …</source>
        <translation>Computing the checksum …</translation>
    </message>
    <message>
        <source>Var har du ditt BankID?</source>
        <translation>Where is your BankID?</translation>
    </message>
    <message>
        <source>BankID-appen startas på den här datorn.</source>
        <translation>The BankID app is started on this computer.</translation>
    </message>
    <message>
        <source>Du skannar en QR-kod med BankID-appen i mobilen eller surfplattan.</source>
        <translation>You scan a QR code with the BankID app on your phone or tablet.</translation>
    </message>
    <message>
        <source>BankID på den här &amp;datorn</source>
        <extracomment>The device choice&apos;s buttons and what each means.</extracomment>
        <translation>BankID on this &amp;computer</translation>
    </message>
    <message>
        <source>&amp;Mobilt BankID på annan enhet</source>
        <translation>&amp;Mobile BankID on another device</translation>
    </message>
    <message>
        <source>Signera med BankID.</source>
        <translation>Sign with BankID.</translation>
    </message>
    <message>
        <source>Öppna BankID-appen i mobilen, tryck på QR-symbolen och skanna koden.</source>
        <translation>Open the BankID app on your phone, tap the QR symbol and scan the code.</translation>
    </message>
    <message>
        <source>BankID-appen startas på den här datorn. Skriv under i appen; kom sedan tillbaka hit. Startade den inte kan du starta den igen.</source>
        <translation>The BankID app is started on this computer. Sign in the app, then come back here. If it did not start, you can start it again.</translation>
    </message>
    <message>
        <source>Starta BankID-appen &amp;igen</source>
        <translation>Start the BankID app &amp;again</translation>
    </message>
    <message>
        <source>Signeringstjänst: {name}</source>
        <translation>Signing service: {name}</translation>
    </message>
    <message>
        <source>Kvittens</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Signeringen lyckades. Ändringarna är skickade.</source>
        <translation>The signing succeeded. The changes have been sent.</translation>
    </message>
    <message>
        <source>Tidpunkt</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Signera med &amp;BankID</source>
        <translation>Sign with &amp;BankID</translation>
    </message>
    <message>
        <source>Spara &amp;kvittens…</source>
        <translation>Save &amp;receipt…</translation>
    </message>
    <message>
        <source>Samma kontrollsumma står i BankID-ordern och på kvittensen (SHA-256 av ändringarna som de skickas).</source>
        <extracomment>Stäng on Kvittens (accepts). Stäng after a failure (rejects).</extracomment>
        <translation>The same checksum is in the BankID order and on the receipt (SHA-256 of the changes as they are sent).</translation>
    </message>
    <message>
        <source>kvittens-{time}.txt</source>
        <translation>receipt-{time}.txt</translation>
    </message>
    <message>
        <source>Spara kvittens</source>
        <translation>Save receipt</translation>
    </message>
    <message>
        <source>Textfiler (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <source>Startar BankID …</source>
        <translation>Starting BankID …</translation>
    </message>
    <message>
        <source>1 ändring signeras.</source>
        <translation>1 change is being signed.</translation>
    </message>
    <message>
        <source>{count} ändringar signeras.</source>
        <translation>{count} changes are being signed.</translation>
    </message>
    <message>
        <source>Försök igen</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Namnet kommer från folkbokföringen/BankID och kan inte ändras här.</source>
        <translation>The name comes from the population register/BankID and cannot be changed here.</translation>
    </message>
    <message>
        <source>Ändringen hamnar under Användare att signera och gäller först när den har signerats med BankID.</source>
        <extracomment>The intros, marked for translation (the caller gives the form one with tr()).</extracomment>
        <translation>The change goes under Users to sign and applies only once it has been signed with BankID.</translation>
    </message>
    <message>
        <source>Användaren har en osignerad ändring under Användare att signera, och formuläret visar den. Det du sparar ändrar den ändringen, som gäller först när den har signerats med BankID.</source>
        <extracomment>The intro of Ändra… on a user with an unsigned change: the form shows that change.</extracomment>
        <translation>The user has an unsigned change under Users to sign, and the form shows it. What you save changes that change, which applies only once it has been signed with BankID.</translation>
    </message>
    <message>
        <source>Skapa användare</source>
        <translation>Create user</translation>
    </message>
    <message>
        <source>&amp;Personnummer:</source>
        <translation>&amp;Personal identity number:</translation>
    </message>
    <message>
        <source>12 siffror, ÅÅÅÅMMDD-NNNN (samordningsnummer går bra)</source>
        <translation>12 digits, YYYYMMDD-NNNN (a coordination number is fine)</translation>
    </message>
    <message>
        <source>ÅÅÅÅMMDD-NNNN</source>
        <translation>YYYYMMDD-NNNN</translation>
    </message>
    <message>
        <source>&amp;Roll:</source>
        <translation>&amp;Role:</translation>
    </message>
    <message>
        <source>Behörighetsroll i KA Webb</source>
        <translation>Authorization role in KA Webb</translation>
    </message>
    <message>
        <source>S&amp;tartdatum:</source>
        <translation>S&amp;tart date:</translation>
    </message>
    <message>
        <source>S&amp;lutdatum:</source>
        <translation>En&amp;d date:</translation>
    </message>
    <message>
        <source>Senast nästa årsskifte ({date})</source>
        <translation>At most the next year-end ({date})</translation>
    </message>
    <message>
        <source>Personnumret kan inte ändras.</source>
        <extracomment>&quot;Sparar…&quot; when the service takes a while to answer.</extracomment>
        <translation>The personal identity number cannot be changed.</translation>
    </message>
    <message>
        <source>En behörighetsadministratör har inget slutdatum.</source>
        <translation>An authorization administrator has no end date.</translation>
    </message>
    <message>
        <source>Slutdatum får vara senast nästa årsskifte, {date}.</source>
        <translation>The end date may be at most the next year-end, {date}.</translation>
    </message>
    <message>
        <source>Öppna BankID på den här &amp;datorn</source>
        <translation>Open BankID on this &amp;computer</translation>
    </message>
    <message>
        <source>Startar BankID-appen på den här datorn i stället för att skanna QR-koden.</source>
        <translation>Starts the BankID app on this computer instead of scanning the QR code.</translation>
    </message>
    <message>
        <source>Inloggningen gav ingen session. Logga in igen.</source>
        <translation>The login gave no session. Log in again.</translation>
    </message>
    <message>
        <source>Startar BankID-appen på den här datorn igen.</source>
        <translation>Starts the BankID app on this computer again.</translation>
    </message>
    <message>
        <source>Simulerat BankID (demo och test)</source>
        <translation>Simulated BankID (demo and test)</translation>
    </message>
    <message>
        <source>Testperson</source>
        <translation>Test person</translation>
    </message>
    <message>
        <source>&amp;Testperson:</source>
        <translation>&amp;Test person:</translation>
    </message>
    <message>
        <source>Söker…</source>
        <extracomment>A request that takes longer than this shows that it is working. Marked for translation, shown with tr().</extracomment>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>Inga träffar</source>
        <extracomment>At most this many numbered page buttons; the rest are elided around the current one.</extracomment>
        <translation>No hits</translation>
    </message>
    <message>
        <source>Visar {first}-{last} av {total}</source>
        <translation>Showing {first}-{last} of {total}</translation>
    </message>
    <message>
        <source>Räknar alla {noun} …</source>
        <extracomment>Said (tooltip, screen readers) while the exact count of a list is on its way; not in the text itself, which beside seven page numbers already fills 1024 px.</extracomment>
        <translation>Counting all {noun} …</translation>
    </message>
    <message>
        <source>Visar</source>
        <translation>Showing</translation>
    </message>
    <message>
        <source>Föregående</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>Nästa</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Antal träffar per sida:</source>
        <translation>Hits per page:</translation>
    </message>
    <message>
        <source>Antal träffar per sida</source>
        <translation>Hits per page</translation>
    </message>
    <message>
        <source>träffar</source>
        <extracomment>The page and page count the numbered buttons were made for.</extracomment>
        <translation>hits</translation>
    </message>
    <message>
        <source>Gå till sida {number}</source>
        <translation>Go to page {number}</translation>
    </message>
    <message>
        <source>Sida {number}</source>
        <translation>Page {number}</translation>
    </message>
    <message>
        <source>QR-kod för BankID</source>
        <translation>QR code for BankID</translation>
    </message>
    <message>
        <source>Skanna QR-koden med BankID-appen i din mobil.</source>
        <translation>Scan the QR code with the BankID app on your phone.</translation>
    </message>
    <message>
        <source>Du har varit inaktiv i {minutes} och sessionen är låst. Logga in igen med BankID för att fortsätta där du var; det du har skrivit finns kvar.</source>
        <extracomment>The warning shows this long before the lock (at most half the idle time). How often the monitor looks at the clock.</extracomment>
        <translation>You have been inactive for {minutes} and the session is locked. Log in again with BankID to continue where you were; what you have written is kept.</translation>
    </message>
    <message>
        <source>Sessionen har avslutats: {reason} Logga in igen med BankID för att fortsätta där du var; det du har skrivit finns kvar.</source>
        <translation>The session has ended: {reason} Log in again with BankID to continue where you were; what you have written is kept.</translation>
    </message>
    <message>
        <source>1 minut</source>
        <extracomment>The events that are a person at the keyboard, mouse or screen. Seconds left until the lock (emitted every tick while warned). Input came in time: the warning is gone. Idle for the whole time: lock. The person is working: the server should hear of the session now and then. When the last input since the previous tick came (None: none came).</extracomment>
        <translation>1 minute</translation>
    </message>
    <message>
        <source>{count} minuter</source>
        <translation>{count} minutes</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>Varning om inaktivitet</source>
        <translation>Inactivity warning</translation>
    </message>
    <message>
        <source>&amp;Fortsätt arbeta</source>
        <translation>&amp;Keep working</translation>
    </message>
    <message>
        <source>Sessionen fortsätter; tiden börjar om.</source>
        <translation>The session goes on; the time starts over.</translation>
    </message>
    <message>
        <source>Du har varit inaktiv en stund. Sessionen låses om {time} om du inte fortsätter arbeta.</source>
        <translation>You have been inactive for a while. The session locks in {time} unless you keep working.</translation>
    </message>
    <message>
        <source>Sessionen är låst</source>
        <translation>The session is locked</translation>
    </message>
    <message>
        <source>Varför sessionen är låst</source>
        <translation>Why the session is locked</translation>
    </message>
    <message>
        <source>Logga &amp;ut</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <source>Avslutar sessionen; det som inte är sparat försvinner.</source>
        <translation>Ends the session; what has not been saved is lost.</translation>
    </message>
    <message>
        <source>Inloggad som {name}, {role}, {organisation}. Loggar någon annan in här loggas du ut.</source>
        <translation>Logged in as {name}, {role}, {organisation}. If someone else logs in here, you are logged out.</translation>
    </message>
    <message>
        <source>Välj Logga in med BankID och legitimera dig igen.</source>
        <translation>Choose Log in with BankID and identify yourself again.</translation>
    </message>
    <message>
        <source>Identifieringen lyckades. Öppnar sessionen igen …</source>
        <translation>The identification succeeded. Opening the session again …</translation>
    </message>
    <message>
        <source>Online</source>
        <extracomment>How often the background sync runs. Marked for translation, shown with tr().</extracomment>
        <translation>Online</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Inte synkad än</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>Synkronisera &amp;nu</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <source>Ej synkade ändringar ({count})</source>
        <translation>Unsynced changes ({count})</translation>
    </message>
    <message>
        <source>Senast synkad {time}</source>
        <extracomment>The object name every *Signera* button carries, for the :class:`SigningGate`.</extracomment>
        <translation>Last synced {time}</translation>
    </message>
    <message>
        <source>Inga ändringar väntar</source>
        <translation>No changes waiting</translation>
    </message>
    <message>
        <source>1 ändring väntar</source>
        <translation>1 change waiting</translation>
    </message>
    <message>
        <source>{count} ändringar väntar</source>
        <translation>{count} changes waiting</translation>
    </message>
    <message>
        <source>Anslutning</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Väntande ändringar</source>
        <translation>Waiting changes</translation>
    </message>
    <message>
        <source>Senaste synkronisering</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <source>Ändringar som servern inte tog emot, med skälet.</source>
        <translation>Changes the server did not accept, with the reason.</translation>
    </message>
    <message>
        <source>Skicka väntande ändringar och hämta nya nu.</source>
        <translation>Send waiting changes and fetch new ones now.</translation>
    </message>
    <message>
        <source>Anslutning: {state}</source>
        <translation>Connection: {state}</translation>
    </message>
    <message>
        <source>Servern kan inte nås. Du som loggade in här nyligen kan arbeta vidare på din lokala kopia; ändringarna skickas när du loggar in med BankID igen.</source>
        <extracomment>Each button&apos;s own enabled state and tooltip (what its view wants).</extracomment>
        <translation>The server cannot be reached. If you logged in here recently, you can keep working on your local copy; the changes are sent when you log in with BankID again.</translation>
    </message>
    <message>
        <source>Inloggad med BankID {time}.</source>
        <translation>Logged in with BankID {time}.</translation>
    </message>
    <message>
        <source>Rensa</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Kolumnrubriker för {list}</source>
        <translation>Column headings of {list}</translation>
    </message>
    <message>
        <source>listan</source>
        <translation>the list</translation>
    </message>
    <message>
        <source>Klicka på en rubrik för att sortera.</source>
        <extracomment>Set on a table whose column widths a person chose (or that were restored): they are not fitted to the contents any more.</extracomment>
        <translation>Click a heading to sort.</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Senaste händelse</source>
        <translation>Latest event</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Belopp</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Verksamhetsområde</source>
        <translation>Field of work</translation>
    </message>
    <message>
        <source>Omfattning</source>
        <translation>Extent</translation>
    </message>
    <message>
        <source>Inskickad</source>
        <extracomment>ClaimStatus values.</extracomment>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Dagar</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>{days} av {total}</source>
        <translation>{days} of {total}</translation>
    </message>
    <message>
        <source>Tak per månad</source>
        <translation>Cap per month</translation>
    </message>
    <message>
        <source>Sortera på {column}</source>
        <extracomment>The domain object behind a row. A value that compares in the column&apos;s natural order (dates as dates, not text). The text colour of rows that are no longer the answer (a new request is on its way). Swedish, marked with QT_TR_NOOP where the column is defined; shown with tr(). The store&apos;s sort key (a UserSort/CaseSort member); ``None`` = not sortable. Each row&apos;s column texts, made when the row is first shown; forgotten whenever the rows are replaced (rows are immutable, so their texts never change). Rows shown in bold (a subclass decides, once per list it shows).</extracomment>
        <translation>Sort by {column}</translation>
    </message>
    <message>
        <source>Under fliken Begär ersättning</source>
        <translation>Under the tab Request compensation</translation>
    </message>
    <message>
        <source>Ingen ännu</source>
        <translation>None yet</translation>
    </message>
    <message>
        <source>Väntar på signering</source>
        <translation>Waiting to be signed</translation>
    </message>
    <message>
        <source>Slutdatum {date}</source>
        <translation>End date {date}</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Avser</source>
        <translation>Concerns</translation>
    </message>
    <message>
        <source>Senast ändrad</source>
        <translation>Last changed</translation>
    </message>
    <message>
        <source>Kommentar från AF</source>
        <translation>Comment from AF</translation>
    </message>
    <message>
        <source>Beslutad</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>Vad</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Ändringarna kan inte läsas (dokumentet är skadat).</source>
        <translation>The changes cannot be read (the document is damaged).</translation>
    </message>
    <message>
        <source>Ej synkad</source>
        <extracomment>Marked for translation: shown with tr().</extracomment>
        <translation>Not synced</translation>
    </message>
    <message>
        <source>Ej synkad: ändringen finns bara på den här datorn och har inte nått servern än.</source>
        <translation>Not synced: the change exists only on this computer and has not reached the server yet.</translation>
    </message>
    <message>
        <source>{status} – {action}, väntar på signering</source>
        <translation>{status} – {action}, waiting to be signed</translation>
    </message>
    <message>
        <source>Roll</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>En behörighetsadministratör kan inte få något slutdatum.</source>
        <extracomment>The version each user was read at (every page shown, and the preselected), which a change of the checked users must carry. The unsigned change each user had when read (id and version), which the change names: the new end date goes into it (never silently over it).</extracomment>
        <translation>An authorization administrator cannot be given an end date.</translation>
    </message>
    <message>
        <source>Behörighetsadministratör</source>
        <extracomment>Role.label and Role.short_label.</extracomment>
        <translation>Authorization administrator</translation>
    </message>
    <message>
        <source>Behörighetsadmin.</source>
        <translation>Authorization admin.</translation>
    </message>
    <message>
        <source>Tjänsteadministratör</source>
        <translation>Service administrator</translation>
    </message>
    <message>
        <source>Registrerare</source>
        <translation>Registrar</translation>
    </message>
    <message>
        <source>Lärare</source>
        <translation>Teacher</translation>
    </message>
    <message>
        <source>Läsare</source>
        <translation>Reader</translation>
    </message>
    <message>
        <source>Hantera användare</source>
        <extracomment>Function.label: the rows of the permission matrix.</extracomment>
        <translation>Manage users</translation>
    </message>
    <message>
        <source>Kontaktperson</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <source>Kontoinformation</source>
        <translation>Account information</translation>
    </message>
    <message>
        <source>Hantera handlingar</source>
        <translation>Manage documents</translation>
    </message>
    <message>
        <source>Avvikelserapport</source>
        <translation>Deviation report</translation>
    </message>
    <message>
        <source>Skapa gemensam planering</source>
        <translation>Create joint plan</translation>
    </message>
    <message>
        <source>Hantera månadsrapport</source>
        <translation>Manage monthly report</translation>
    </message>
    <message>
        <source>Begära ersättning</source>
        <translation>Request compensation</translation>
    </message>
    <message>
        <source>Uppföljning begärda ersättningar</source>
        <translation>Follow-up of requested compensation</translation>
    </message>
    <message>
        <source>Aktiv</source>
        <extracomment>AuthorizationStatus values.</extracomment>
        <translation>Active</translation>
    </message>
    <message>
        <source>Väntar på aktivering</source>
        <translation>Waiting for activation</translation>
    </message>
    <message>
        <source>Ej påbörjad</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>Utgången</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>Huvudärenden</source>
        <extracomment>CaseKind.label.</extracomment>
        <translation>Main cases</translation>
    </message>
    <message>
        <source>Ersättningsärenden</source>
        <translation>Compensation cases</translation>
    </message>
    <message>
        <source>Påbörjad</source>
        <extracomment>CaseStatus values.
----------
The latest events of a case that the app and its demo data write (Case.last_event is stored text: another text is shown as it is).</extracomment>
        <translation>Started</translation>
    </message>
    <message>
        <source>Planering</source>
        <translation>Planning</translation>
    </message>
    <message>
        <source>Överenskommelse</source>
        <translation>Agreement reached</translation>
    </message>
    <message>
        <source>Avslutad</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Ärende uppdaterat</source>
        <translation>Case updated</translation>
    </message>
    <message>
        <source>Gemensam planering inskickad</source>
        <translation>Joint plan submitted</translation>
    </message>
    <message>
        <source>Periodisk rapport inskickad</source>
        <translation>Periodic report submitted</translation>
    </message>
    <message>
        <source>Informativ rapport inskickad</source>
        <translation>Informative report submitted</translation>
    </message>
    <message>
        <source>Förändringsrapport inskickad</source>
        <translation>Change report submitted</translation>
    </message>
    <message>
        <source>Handling godkänd</source>
        <translation>Document approved</translation>
    </message>
    <message>
        <source>Avslagen</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Utbetald</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>Anställning</source>
        <extracomment>CompensationKind.label.</extracomment>
        <translation>Employment</translation>
    </message>
    <message>
        <source>Praktik</source>
        <translation>Internship</translation>
    </message>
    <message>
        <source>Skola</source>
        <extracomment>FieldOfWork.label.</extracomment>
        <translation>School</translation>
    </message>
    <message>
        <source>Fritidshem</source>
        <translation>After-school centre</translation>
    </message>
    <message>
        <source>Sjukvård</source>
        <translation>Health care</translation>
    </message>
    <message>
        <source>Äldreomsorg</source>
        <translation>Elderly care</translation>
    </message>
    <message>
        <source>Funktionshinderomsorg</source>
        <translation>Disability care</translation>
    </message>
    <message>
        <source>Gemensam planering</source>
        <extracomment>DocumentType.label.</extracomment>
        <translation>Joint plan</translation>
    </message>
    <message>
        <source>Periodisk rapport</source>
        <translation>Periodic report</translation>
    </message>
    <message>
        <source>Förändringsrapport</source>
        <translation>Change report</translation>
    </message>
    <message>
        <source>Informativ rapport</source>
        <translation>Informative report</translation>
    </message>
    <message>
        <source>Slutredovisning</source>
        <translation>Final report</translation>
    </message>
    <message>
        <source>Utkast</source>
        <extracomment>DocumentStatus.label.</extracomment>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Returnerad för komplettering</source>
        <translation>Returned for completion</translation>
    </message>
    <message>
        <source>Period från</source>
        <extracomment>The labels of the documents&apos; fields (DocumentField.label) and their choices.</extracomment>
        <translation>Period from</translation>
    </message>
    <message>
        <source>Period till</source>
        <translation>Period to</translation>
    </message>
    <message>
        <source>Omfattning (%)</source>
        <translation>Extent (%)</translation>
    </message>
    <message>
        <source>Timmar per vecka</source>
        <translation>Hours per week</translation>
    </message>
    <message>
        <source>Studieplan</source>
        <translation>Study plan</translation>
    </message>
    <message>
        <source>Mål</source>
        <translation>Goals</translation>
    </message>
    <message>
        <source>Närvaro, timmar</source>
        <translation>Attendance, hours</translation>
    </message>
    <message>
        <source>Frånvaro, timmar</source>
        <translation>Absence, hours</translation>
    </message>
    <message>
        <source>Kommentar</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>Datum för förändringen</source>
        <translation>Date of the change</translation>
    </message>
    <message>
        <source>Förändring</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Orsak</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Rubrik</source>
        <translation>Heading</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Sysselsättning efter avslut</source>
        <translation>Occupation after completion</translation>
    </message>
    <message>
        <source>Avbrott</source>
        <translation>Interruption</translation>
    </message>
    <message>
        <source>Ändrad omfattning</source>
        <translation>Changed extent</translation>
    </message>
    <message>
        <source>Ändrad period</source>
        <translation>Changed period</translation>
    </message>
    <message>
        <source>Annat</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Konto</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Skicka handling</source>
        <translation>Send document</translation>
    </message>
    <message>
        <source>Ny</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Borttagen</source>
        <translation>Removed</translation>
    </message>
    <message>
        <source>Bankgiro</source>
        <extracomment>AccountKind.label, AccountUpdater values and AF&apos;s review statuses of an account (services.af.ReviewStatus, stored as the account&apos;s review_status).</extracomment>
        <translation>Bankgiro</translation>
    </message>
    <message>
        <source>Plusgiro</source>
        <translation>Plusgiro</translation>
    </message>
    <message>
        <source>Bankkonto</source>
        <translation>Bank account</translation>
    </message>
    <message>
        <source>Leverantör</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>Arbetsförmedlingen</source>
        <translation>Arbetsförmedlingen</translation>
    </message>
    <message>
        <source>Ny – ej granskad</source>
        <translation>New – not reviewed</translation>
    </message>
    <message>
        <source>Granskad, Godkänd</source>
        <translation>Reviewed, Approved</translation>
    </message>
    <message>
        <source>Granskad, Ej godkänd</source>
        <translation>Reviewed, Not approved</translation>
    </message>
    <message>
        <source>Signering kräver anslutning till servern.</source>
        <extracomment>Texts of the service layer that the UI shows as its own (services.offline_api).</extracomment>
        <translation>Signing needs a connection to the server.</translation>
    </message>
    <message>
        <source>Fortsätt offline som {name}</source>
        <translation>Continue offline as {name}</translation>
    </message>
    <message>
        <source>Åtgärden kunde inte genomföras.</source>
        <extracomment>What did not happen, for the sentence that starts an error message (marked for translation: the functions below show a ``failed`` given to them with tr()).</extracomment>
        <translation>The action could not be carried out.</translation>
    </message>
    <message>
        <source>Listan kunde inte hämtas.</source>
        <translation>The list could not be fetched.</translation>
    </message>
    <message>
        <source>Det är inte säkert att ändringen sparades.</source>
        <extracomment>A write whose answer did not come: it may or may not have been made.</extracomment>
        <translation>It is not certain that the change was saved.</translation>
    </message>
    <message>
        <source>Ett oväntat fel inträffade. Försök igen; om felet kvarstår, kontakta support.</source>
        <translation>An unexpected error occurred. Try again; if the error persists, contact support.</translation>
    </message>
    <message>
        <source>Det gick inte</source>
        <translation>It did not work</translation>
    </message>
    <message>
        <source>Loggfilen med detaljer om felet: {path}</source>
        <extracomment>Errors that are an answer, not a failure: their message is all there is to say. The name of the handler that writes the app&apos;s log file.</extracomment>
        <translation>The log file with details of the error: {path}</translation>
    </message>
    <message>
        <source>Exportera</source>
        <extracomment>The file dialog&apos;s choices, CSV first. Column widths in Excel: the longest text of the first page, within these bounds.</extracomment>
        <translation>Export</translation>
    </message>
    <message>
        <source>Exporterar …</source>
        <translation>Exporting …</translation>
    </message>
    <message>
        <source>Exporterar</source>
        <translation>Exporting</translation>
    </message>
    <message>
        <source>Exporterar … {done} av {total} rader</source>
        <translation>Exporting … {done} of {total} rows</translation>
    </message>
    <message>
        <source>{count} rader sparades i {path}.</source>
        <translation>{count} rows were saved in {path}.</translation>
    </message>
    <message>
        <source>Exporten misslyckades</source>
        <translation>The export failed</translation>
    </message>
    <message>
        <source>Exporten kunde inte slutföras.</source>
        <translation>The export could not be completed.</translation>
    </message>
</context>
</TS>
