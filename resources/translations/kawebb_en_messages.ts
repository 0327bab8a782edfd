<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_SE" sourcelanguage="sv_SE">
<context>
    <name>messages</name>
    <message>
        <source>KA Webb arbetar mot en server: säkerhetskopieringen av serverns databas sköts av den som driver servern (för PostgreSQL med pg_dump och pg_restore).</source>
        <translation>KA Webb works against a server: the server&apos;s database is backed up by whoever runs the server (for PostgreSQL with pg_dump and pg_restore).</translation>
    </message>
    <message>
        <source>Databasen är en PostgreSQL-databas. Säkerhetskopiera den med PostgreSQL:s egna verktyg: pg_dump (t.ex. pg_dump -Fc -f kawebb.dump DATABAS) och återställ med pg_restore.</source>
        <translation>The database is a PostgreSQL database. Back it up with PostgreSQL&apos;s own tools: pg_dump (e.g. pg_dump -Fc -f kawebb.dump DATABASE) and restore it with pg_restore.</translation>
    </message>
    <message>
        <source>Säkerhetskopiering och återställning fungerar bara med en SQLite-fil som databas.</source>
        <translation>Backup and restore only work with an SQLite file as the database.</translation>
    </message>
    <message>
        <source>Det finns ingen databas i {source}.</source>
        <translation>There is no database in {source}.</translation>
    </message>
    <message>
        <source>Säkerhetskopian kan inte sparas över databasen själv.</source>
        <translation>The backup cannot be saved over the database itself.</translation>
    </message>
    <message>
        <source>{target} är en mapp. Ange ett filnamn för säkerhetskopian.</source>
        <translation>{target} is a folder. Enter a file name for the backup.</translation>
    </message>
    <message>
        <source>Säkerhetskopian kunde inte göras: {reason}.</source>
        <translation>The backup could not be made: {reason}.</translation>
    </message>
    <message>
        <source>Säkerhetskopian kunde inte sparas i {target}: {reason}.</source>
        <translation>The backup could not be saved in {target}: {reason}.</translation>
    </message>
    <message>
        <source>{candidate} kunde inte läsas: {reason}.</source>
        <translation>{candidate} could not be read: {reason}.</translation>
    </message>
    <message>
        <source>{candidate} är inte en KA Webb-databas (inte en SQLite-fil).</source>
        <translation>{candidate} is not a KA Webb database (not an SQLite file).</translation>
    </message>
    <message>
        <source>{candidate} är inte en KA Webb-databas (tabellerna {tables} saknas).</source>
        <translation>{candidate} is not a KA Webb database (the tables {tables} are missing).</translation>
    </message>
    <message>
        <source>{candidate} kunde inte läsas som databas: {reason}.</source>
        <translation>{candidate} could not be read as a database: {reason}.</translation>
    </message>
    <message>
        <source>{candidate} är inte en KA Webb-databas (ingen schemaversion).</source>
        <translation>{candidate} is not a KA Webb database (no schema version).</translation>
    </message>
    <message>
        <source>{candidate} kommer från en nyare version av KA Webb: databasens schemaversion är {revision}, men KA Webb {version} känner bara till versioner upp till {head_revision}. Uppdatera KA Webb och återställ sedan.</source>
        <translation>{candidate} comes from a newer version of KA Webb: the database&apos;s schema version is {revision}, but KA Webb {version} only knows versions up to {head_revision}. Update KA Webb, then restore.</translation>
    </message>
    <message>
        <source>Filen att återställa från är databasen själv.</source>
        <translation>The file to restore from is the database itself.</translation>
    </message>
    <message>
        <source>{candidate} kunde inte läsas: {reason}. Inget har ändrats.</source>
        <translation>{candidate} could not be read: {reason}. Nothing has been changed.</translation>
    </message>
    <message>
        <source>Återställningen kunde inte göras: {reason}. Databasen är som förut.</source>
        <translation>The restore could not be done: {reason}. The database is as it was.</translation>
    </message>
    <message>
        <source>{what} kunde inte öppnas: {message}</source>
        <translation>{what} could not be opened: {message}</translation>
    </message>
    <message>
        <source>Granskningskedjan i {what} håller inte: {message} Återställningen har inte gjorts; databasen är som förut.</source>
        <translation>The audit chain in {what} does not hold: {message} The restore has not been done; the database is as it was.</translation>
    </message>
    <message>
        <source>{what} blev skadad ({rows}).</source>
        <translation>{what} was damaged ({rows}).</translation>
    </message>
    <message>
        <source>Demodatabasens BankID-simulator saknar sin telefon.</source>
        <translation>The demo database&apos;s BankID simulator is missing its phone.</translation>
    </message>
    <message>
        <source>Omfattningen ska vara ett tal i procent från 1 till 100, t.ex. 50 eller 37,5.</source>
        <translation>The extent must be a percentage from 1 to 100, e.g. 50 or 37.5.</translation>
    </message>
    <message>
        <source>Ange omfattningen i procent (1–100).</source>
        <translation>Enter the extent as a percentage (1–100).</translation>
    </message>
    <message>
        <source>Omfattningen måste vara minst 1 %.</source>
        <translation>The extent must be at least 1 %.</translation>
    </message>
    <message>
        <source>Omfattningen kan inte vara mer än 100 %.</source>
        <translation>The extent cannot be more than 100 %.</translation>
    </message>
    <message>
        <source>Omfattningen får ha högst två decimaler.</source>
        <translation>The extent may have at most two decimals.</translation>
    </message>
    <message>
        <source>Ange ett datum (ÅÅÅÅ-MM-DD).</source>
        <translation>Enter a date (YYYY-MM-DD).</translation>
    </message>
    <message>
        <source>{text} är inget datum som finns.</source>
        <translation>{text} is not a date that exists.</translation>
    </message>
    <message>
        <source>Datumet ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-03-15.</source>
        <translation>Write the date as YYYY-MM-DD, e.g. 2026-03-15.</translation>
    </message>
    <message>
        <source>Slutdatum ({end}) ligger före startdatum ({start}).</source>
        <translation>The end date ({end}) is before the start date ({start}).</translation>
    </message>
    <message>
        <source>En period får vara högst ett år. Med det här startdatumet kan den sluta senast {last_allowed_end}; begär resten som en egen period.</source>
        <translation>A period may be at most one year. With this start date it can end on {last_allowed_end} at the latest; request the rest as a period of its own.</translation>
    </message>
    <message>
        <source>Perioden börjar före ärendets startdatum ({case_start}).</source>
        <translation>The period starts before the case&apos;s start date ({case_start}).</translation>
    </message>
    <message>
        <source>Perioden börjar efter ärendets slutdatum ({case_end}).</source>
        <translation>The period starts after the case&apos;s end date ({case_end}).</translation>
    </message>
    <message>
        <source>Perioden slutar efter ärendets slutdatum ({case_end}).</source>
        <translation>The period ends after the case&apos;s end date ({case_end}).</translation>
    </message>
    <message>
        <source>Perioden överlappar en period som redan är begärd ({existing}). Välj dagar som inte redan ingår i en begäran.</source>
        <translation>The period overlaps a period that has already been requested ({existing}). Choose days that are not already part of a request.</translation>
    </message>
    <message>
        <source>Okänd typ av handling. Välj en av {choices}.</source>
        <translation>Unknown type of document. Choose one of {choices}.</translation>
    </message>
    <message>
        <source>Okänd status. Ange en av {choices}.</source>
        <translation>Unknown status. Enter one of {choices}.</translation>
    </message>
    <message>
        <source>Ärende {number} är avslutat. Inga handlingar kan skapas eller skickas i det.</source>
        <translation>Case {number} is closed. No documents can be created or sent in it.</translation>
    </message>
    <message>
        <source>Ärende {case_number} är ett {case_kind} och har ingen {document}.</source>
        <translation>Case {case_number} is a {case_kind} and has no {document}.</translation>
    </message>
    <message>
        <source>{label}: ange ett tal, t.ex. 37,5.</source>
        <translation>{label}: enter a number, e.g. 37.5.</translation>
    </message>
    <message>
        <source>{label}: ange ett tal.</source>
        <translation>{label}: enter a number.</translation>
    </message>
    <message>
        <source>{label} kan inte vara negativ.</source>
        <translation>{label} cannot be negative.</translation>
    </message>
    <message>
        <source>Omfattningen ska vara mellan 0 och 100 %.</source>
        <translation>The extent must be between 0 and 100 %.</translation>
    </message>
    <message>
        <source>{label}: en vecka har högst {hours} timmar.</source>
        <translation>{label}: a week has at most {hours} hours.</translation>
    </message>
    <message>
        <source>{label}: högst {hours} timmar per period.</source>
        <translation>{label}: at most {hours} hours per period.</translation>
    </message>
    <message>
        <source>{label}: ogiltigt värde.</source>
        <translation>{label}: invalid value.</translation>
    </message>
    <message>
        <source>{label} innehåller otillåtna tecken.</source>
        <translation>{label} contains characters that are not allowed.</translation>
    </message>
    <message>
        <source>Ange {label}.</source>
        <translation>Enter {label}.</translation>
    </message>
    <message>
        <source>{label} får vara högst {limit} tecken lång.</source>
        <translation>{label} may be at most {limit} characters long.</translation>
    </message>
    <message>
        <source>{label} ({day}) ligger utanför ärendets datum ({dates}).</source>
        <translation>{label} ({day}) is outside the case&apos;s dates ({dates}).</translation>
    </message>
    <message>
        <source>{label}: välj en av {choices}.</source>
        <translation>{label}: choose one of {choices}.</translation>
    </message>
    <message>
        <source>Handlingens uppgifter saknas.</source>
        <translation>The document&apos;s details are missing.</translation>
    </message>
    <message>
        <source>Period till kan inte vara före Period från.</source>
        <translation>Period to cannot be before Period from.</translation>
    </message>
    <message>
        <source>Välj minst en utförande verksamhet som kontot gäller för.</source>
        <translation>Choose at least one performing unit that the account applies to.</translation>
    </message>
    <message>
        <source>En vald utförande verksamhet finns inte i kommunen.</source>
        <translation>A chosen performing unit does not exist in the municipality.</translation>
    </message>
    <message>
        <source>En vald adress finns inte bland kommunens adresser.</source>
        <translation>A chosen address is not one of the municipality&apos;s addresses.</translation>
    </message>
    <message>
        <source>Kommunen måste ha minst en kontaktperson. Den sista kan inte tas bort; skapa först en ny kontaktperson om någon annan ska ta över.</source>
        <translation>The municipality must have at least one contact person. The last one cannot be removed; first create a new contact person if someone else is to take over.</translation>
    </message>
    <message>
        <source>Kommunen måste ha en administrativ kontakt. Gör en annan kontaktperson till administrativ kontakt i stället; då upphör den här att vara det.</source>
        <translation>The municipality must have an administrative contact. Make another contact person the administrative contact instead; this one then stops being it.</translation>
    </message>
    <message>
        <source>Kommunen kan bara ha en administrativ kontakt, men {count} kontaktpersoner skulle vara det. Markera bara en som administrativ kontakt.</source>
        <translation>The municipality can only have one administrative contact, but {count} contact persons would be. Mark only one as administrative contact.</translation>
    </message>
    <message>
        <source>Kommunen har redan ett konto med numret {label} {formatted_number}. Ändra det befintliga kontot i stället.</source>
        <translation>The municipality already has an account with the number {label} {formatted_number}. Change the existing account instead.</translation>
    </message>
    <message>
        <source>Kommunen måste ha ett standardkonto. Markera ett annat konto som standardkonto i stället; då upphör det här att vara det.</source>
        <translation>The municipality must have a default account. Mark another account as the default account instead; this one then stops being it.</translation>
    </message>
    <message>
        <source>Kommunen kan bara ha ett standardkonto, men {count} konton skulle vara det. Markera bara ett konto som standardkonto.</source>
        <translation>The municipality can only have one default account, but {count} accounts would be. Mark only one account as the default account.</translation>
    </message>
    <message>
        <source>Antalet nyheter ska vara mellan 1 och {limit}.</source>
        <translation>The number of news items must be between 1 and {limit}.</translation>
    </message>
    <message>
        <source>Okänd roll: ”{text}”. Välj en av {choices}.</source>
        <translation>Unknown role: ”{text}”. Choose one of {choices}.</translation>
    </message>
    <message>
        <source>ändra</source>
        <translation>change</translation>
    </message>
    <message>
        <source>se</source>
        <translation>see</translation>
    </message>
    <message>
        <source>Din roll ({role}) ger inte behörighet att {verb} ”{function}”.</source>
        <translation>Your role ({role}) does not allow you to {verb} ”{function}”.</translation>
    </message>
    <message>
        <source>{capitalized} får vara högst 100 tecken.</source>
        <translation>{capitalized} may be at most 100 characters.</translation>
    </message>
    <message>
        <source>{capitalized} innehåller osynliga tecken eller tecken som styr skrivriktningen (kanske från en kopierad text). Skriv namnet igen.</source>
        <translation>{capitalized} contains invisible characters or characters that control the writing direction (perhaps from copied text). Type the name again.</translation>
    </message>
    <message>
        <source>{capitalized} får inte innehålla siffror.</source>
        <translation>{capitalized} may not contain digits.</translation>
    </message>
    <message>
        <source>{capitalized} innehåller otillåtna tecken.</source>
        <translation>{capitalized} contains characters that are not allowed.</translation>
    </message>
    <message>
        <source>{capitalized} måste innehålla minst en bokstav.</source>
        <translation>{capitalized} must contain at least one letter.</translation>
    </message>
    <message>
        <source>{prefix}En behörighetsadministratör kan inte ha något slutdatum.</source>
        <translation>{prefix}An authorization administrator cannot have an end date.</translation>
    </message>
    <message>
        <source>{prefix}Ange slutdatum. Bara en behörighetsadministratör saknar slutdatum.</source>
        <translation>{prefix}Enter an end date. Only an authorization administrator has no end date.</translation>
    </message>
    <message>
        <source>{prefix}Slutdatumet ({end}) får inte vara före startdatumet ({start}).</source>
        <translation>{prefix}The end date ({end}) cannot be before the start date ({start}).</translation>
    </message>
    <message>
        <source>{prefix}Slutdatumet får inte vara senare än nästa årsskifte ({limit}).</source>
        <translation>{prefix}The end date cannot be later than the next turn of the year ({limit}).</translation>
    </message>
    <message>
        <source>Organisationen måste alltid ha minst en aktiv behörighetsadministratör. Den sista kan inte tas bort, få en annan roll eller få ett slutdatum. Skapa först en ny behörighetsadministratör, eller skicka in ett nytt avtal till Arbetsförmedlingen som avser en ny behörighetsadministratör.</source>
        <translation>The organisation must always have at least one active authorization administrator. The last one cannot be removed, get another role or get an end date. First create a new authorization administrator, or send Arbetsförmedlingen a new agreement that names a new authorization administrator.</translation>
    </message>
    <message>
        <source>förnamn</source>
        <translation>first name</translation>
    </message>
    <message>
        <source>efternamn</source>
        <translation>last name</translation>
    </message>
    <message>
        <source>{noun} innehåller osynliga tecken (kanske från en kopierad text). Skriv numret igen med siffrorna 0–9.</source>
        <translation>{noun} contains invisible characters (perhaps from copied text). Type the number again with the digits 0–9.</translation>
    </message>
    <message>
        <source>{noun} innehåller tecken som inte är siffrorna 0–9, till exempel breda siffror eller siffror från ett annat skriftsystem. Skriv numret med siffrorna 0–9.</source>
        <translation>{noun} contains characters other than the digits 0–9, for example full-width digits or digits from another script. Type the number with the digits 0–9.</translation>
    </message>
    <message>
        <source>{noun} kan inte bestå av bara nollor.</source>
        <translation>{noun} cannot consist of zeros only.</translation>
    </message>
    <message>
        <source>Personnumret</source>
        <translation>The personal identity number</translation>
    </message>
    <message>
        <source>Ange personnummer.</source>
        <translation>Enter a personal identity number.</translation>
    </message>
    <message>
        <source>Personnumret ska skrivas med 12 siffror (ÅÅÅÅMMDDNNNN) eller 10 siffror (ÅÅMMDD-NNNN).</source>
        <translation>Write the personal identity number with 12 digits (YYYYMMDDNNNN) or 10 digits (YYMMDD-NNNN).</translation>
    </message>
    <message>
        <source>Plustecken används bara med 10 siffror; skriv 12 siffror utan plus.</source>
        <translation>A plus sign is only used with 10 digits; write 12 digits without a plus.</translation>
    </message>
    <message>
        <source>Personnumrets födelsedatum ligger i framtiden.</source>
        <translation>The personal identity number&apos;s date of birth is in the future.</translation>
    </message>
    <message>
        <source>Personnumret ska ha 12 siffror.</source>
        <translation>The personal identity number must have 12 digits.</translation>
    </message>
    <message>
        <source>Personnumret innehåller inget giltigt födelsedatum.</source>
        <translation>The personal identity number has no valid date of birth.</translation>
    </message>
    <message>
        <source>Personnumrets födelseår är orimligt.</source>
        <translation>The personal identity number&apos;s year of birth is not plausible.</translation>
    </message>
    <message>
        <source>Personnumret är inte giltigt: födelsenumret 000 används inte.</source>
        <translation>The personal identity number is not valid: the birth number 000 is not used.</translation>
    </message>
    <message>
        <source>Personnumrets kontrollsiffra stämmer inte. Kontrollera numret.</source>
        <translation>The personal identity number&apos;s check digit does not match. Check the number.</translation>
    </message>
    <message>
        <source>Organisationsnumret</source>
        <translation>The organisation number</translation>
    </message>
    <message>
        <source>Organisationsnumret ska ha 10 siffror.</source>
        <translation>The organisation number must have 10 digits.</translation>
    </message>
    <message>
        <source>Organisationsnumrets kontrollsiffra stämmer inte.</source>
        <translation>The organisation number&apos;s check digit does not match.</translation>
    </message>
    <message>
        <source>Ange organisationsnummer.</source>
        <translation>Enter an organisation number.</translation>
    </message>
    <message>
        <source>Organisationsnumret ska ha 10 siffror (NNNNNN-NNNN).</source>
        <translation>The organisation number must have 10 digits (NNNNNN-NNNN).</translation>
    </message>
    <message>
        <source>till exempel 070-123 45 67, 08-123 456 78 eller +46 70 123 45 67</source>
        <translation>for example 070-123 45 67, 08-123 456 78 or +46 70 123 45 67</translation>
    </message>
    <message>
        <source>Telefonnumret är inte normaliserat.</source>
        <translation>The phone number is not normalised.</translation>
    </message>
    <message>
        <source>Telefonnumret</source>
        <translation>The phone number</translation>
    </message>
    <message>
        <source>Ange telefonnummer.</source>
        <translation>Enter a phone number.</translation>
    </message>
    <message>
        <source>Telefonnumret får bara innehålla siffror, mellanslag, bindestreck och ett inledande +, {example}.</source>
        <translation>The phone number may only contain digits, spaces, hyphens and a leading +, {example}.</translation>
    </message>
    <message>
        <source>Telefonnumret är inte ett giltigt svenskt nummer. Skriv det {example}.</source>
        <translation>The phone number is not a valid Swedish number. Write it {example}.</translation>
    </message>
    <message>
        <source>Ange ett svenskt telefonnummer (+46), {example}.</source>
        <translation>Enter a Swedish phone number (+46), {example}.</translation>
    </message>
    <message>
        <source>Ange e-postadress.</source>
        <translation>Enter an email address.</translation>
    </message>
    <message>
        <source>E-postadressen är inte giltig. Skriv den som namn@exempel.se.</source>
        <translation>The email address is not valid. Write it as name@example.se.</translation>
    </message>
    <message>
        <source>Bankgironumret</source>
        <translation>The bankgiro number</translation>
    </message>
    <message>
        <source>Bankgironumret ska ha 7 eller 8 siffror.</source>
        <translation>The bankgiro number must have 7 or 8 digits.</translation>
    </message>
    <message>
        <source>Bankgironumrets kontrollsiffra stämmer inte.</source>
        <translation>The bankgiro number&apos;s check digit does not match.</translation>
    </message>
    <message>
        <source>Ange bankgironummer.</source>
        <translation>Enter a bankgiro number.</translation>
    </message>
    <message>
        <source>Bankgironumret ska ha 7 eller 8 siffror (NNN-NNNN eller NNNN-NNNN).</source>
        <translation>The bankgiro number must have 7 or 8 digits (NNN-NNNN or NNNN-NNNN).</translation>
    </message>
    <message>
        <source>Plusgironumret</source>
        <translation>The plusgiro number</translation>
    </message>
    <message>
        <source>Plusgironumret ska ha 2 till 8 siffror.</source>
        <translation>The plusgiro number must have 2 to 8 digits.</translation>
    </message>
    <message>
        <source>Plusgironumrets kontrollsiffra stämmer inte.</source>
        <translation>The plusgiro number&apos;s check digit does not match.</translation>
    </message>
    <message>
        <source>Ange plusgironummer.</source>
        <translation>Enter a plusgiro number.</translation>
    </message>
    <message>
        <source>Kontonumret</source>
        <translation>The account number</translation>
    </message>
    <message>
        <source>Kontonumret ska ha clearingnummer (4 siffror) och kontonummer.</source>
        <translation>The account number must have a clearing number (4 digits) and an account number.</translation>
    </message>
    <message>
        <source>Ange clearing- och kontonummer.</source>
        <translation>Enter the clearing and account number.</translation>
    </message>
    <message>
        <source>Clearingnumret {clearing} hör inte till någon svensk bank.</source>
        <translation>The clearing number {clearing} does not belong to any Swedish bank.</translation>
    </message>
    <message>
        <source>Kontonumret för {bank} ska ha {count} siffror efter clearingnumret.</source>
        <translation>The account number for {bank} must have {count} digits after the clearing number.</translation>
    </message>
    <message>
        <source>Kontonumrets kontrollsiffra stämmer inte för {bank}.</source>
        <translation>The account number&apos;s check digit does not match for {bank}.</translation>
    </message>
    <message>
        <source>Det finns ändringar som inte har nått servern än. Signering kräver att de är synkroniserade: anslut datorn till nätverket och välj Synkronisera nu.</source>
        <translation>There are changes that have not reached the server yet. Signing requires them to be synchronised: connect the computer to the network and choose Sync now.</translation>
    </message>
    <message>
        <source>Den här sessionen har ingen lokal kopia.</source>
        <translation>This session has no local copy.</translation>
    </message>
    <message>
        <source>Det går inte att fortsätta offline: logga in med BankID när servern kan nås igen.</source>
        <translation>You cannot continue offline: log in with BankID when the server can be reached again.</translation>
    </message>
    <message>
        <source>Servern kan inte nås.</source>
        <translation>The server cannot be reached.</translation>
    </message>
    <message>
        <source>Ändringen finns inte längre bland de osynkade ändringarna.</source>
        <translation>The change is no longer among the unsynchronised changes.</translation>
    </message>
    <message>
        <source>BankID behöver nätverket. Försök igen när datorn är ansluten till servern.</source>
        <translation>BankID needs the network. Try again when the computer is connected to the server.</translation>
    </message>
    <message>
        <source>Ändringen kan inte tas bort förrän de senare ändringarna av samma uppgifter har tagits bort eller synkroniserats.</source>
        <translation>The change cannot be removed until the later changes of the same details have been removed or synchronised.</translation>
    </message>
    <message>
        <source>Bygger på en ändring som inte godtogs: {reason}</source>
        <translation>Builds on a change that was not accepted: {reason}</translation>
    </message>
    <message>
        <source>Servern gav ett svar som KA Webb inte förstår (HTTP {status}). Kontrollera att adressen går till en KA Webb-server av rätt version.</source>
        <translation>The server gave an answer that KA Webb does not understand (HTTP {status}). Check that the address goes to a KA Webb server of the right version.</translation>
    </message>
    <message>
        <source>Den lokala kopian {path} kunde inte skyddas (behörigheter): {why}.</source>
        <translation>The local copy {path} could not be protected (permissions): {why}.</translation>
    </message>
    <message>
        <source>Servern skickade data som den här versionen av KA Webb inte känner till ({what}).</source>
        <translation>The server sent data that this version of KA Webb does not know ({what}).</translation>
    </message>
    <message>
        <source>Serveradressen ”{url}” är ogiltig. Skriv den som http://värd:port eller https://värd.</source>
        <translation>The server address ”{url}” is not valid. Write it as http://host:port or https://host.</translation>
    </message>
    <message>
        <source>{url} svarar, men är ingen KA Webb-server (eller en med en annan version). Kontrollera serveradressen.</source>
        <translation>{url} answers, but is not a KA Webb server (or one of another version). Check the server address.</translation>
    </message>
    <message>
        <source>KA Webb-servern på {url} svarar inte. Kontrollera adressen och nätverket, eller försök igen om en stund.</source>
        <translation>The KA Webb server at {url} does not answer. Check the address and the network, or try again in a while.</translation>
    </message>
    <message>
        <source>Servern svarar inte. Kontrollera nätverket eller försök igen om en stund.</source>
        <translation>The server does not answer. Check the network or try again in a while.</translation>
    </message>
    <message>
        <source>Servern svarar inte. Kontrollera nätverket eller försök igen om en stund. ({message})</source>
        <translation>The server does not answer. Check the network or try again in a while. ({message})</translation>
    </message>
    <message>
        <source>Begäran kunde inte läsas.</source>
        <translation>The request could not be read.</translation>
    </message>
    <message>
        <source>Du är inte inloggad. Logga in med BankID.</source>
        <translation>You are not logged in. Log in with BankID.</translation>
    </message>
    <message>
        <source>Du har inte behörighet till det här.</source>
        <translation>You are not authorized for this.</translation>
    </message>
    <message>
        <source>Adressen finns inte i KA Webbs API.</source>
        <translation>The address does not exist in KA Webb&apos;s API.</translation>
    </message>
    <message>
        <source>Metoden kan inte användas för den här adressen.</source>
        <translation>The method cannot be used for this address.</translation>
    </message>
    <message>
        <source>Servern kan bara svara med JSON.</source>
        <translation>The server can only answer with JSON.</translation>
    </message>
    <message>
        <source>Begäran krockar med en annan ändring.</source>
        <translation>The request conflicts with another change.</translation>
    </message>
    <message>
        <source>Begäran är för stor.</source>
        <translation>The request is too large.</translation>
    </message>
    <message>
        <source>Begärans innehåll ska vara JSON (Content-Type: application/json).</source>
        <translation>The request&apos;s content must be JSON (Content-Type: application/json).</translation>
    </message>
    <message>
        <source>Begäran innehåller ogiltiga värden.</source>
        <translation>The request contains invalid values.</translation>
    </message>
    <message>
        <source>För många försök. Vänta en stund och försök igen.</source>
        <translation>Too many attempts. Wait a while and try again.</translation>
    </message>
    <message>
        <source>saknas</source>
        <translation>is missing</translation>
    </message>
    <message>
        <source>ska vara ett heltal</source>
        <translation>must be an integer</translation>
    </message>
    <message>
        <source>ska vara ett tal</source>
        <translation>must be a number</translation>
    </message>
    <message>
        <source>ska vara true eller false</source>
        <translation>must be true or false</translation>
    </message>
    <message>
        <source>ska vara en text</source>
        <translation>must be a text</translation>
    </message>
    <message>
        <source>innehåller ogiltiga tecken</source>
        <translation>contains invalid characters</translation>
    </message>
    <message>
        <source>ska vara minst {limit}</source>
        <translation>must be at least {limit}</translation>
    </message>
    <message>
        <source>ska vara &gt; {limit}</source>
        <translation>must be &gt; {limit}</translation>
    </message>
    <message>
        <source>får vara högst {limit}</source>
        <translation>may be at most {limit}</translation>
    </message>
    <message>
        <source>ska vara &lt; {limit}</source>
        <translation>must be &lt; {limit}</translation>
    </message>
    <message>
        <source>får vara högst {limit} tecken</source>
        <translation>may be at most {limit} characters</translation>
    </message>
    <message>
        <source>ska ha minst {limit} tecken</source>
        <translation>must have at least {limit} characters</translation>
    </message>
    <message>
        <source>får ha högst {limit} element</source>
        <translation>may have at most {limit} elements</translation>
    </message>
    <message>
        <source>ska ha minst {limit} element</source>
        <translation>must have at least {limit} elements</translation>
    </message>
    <message>
        <source>ska vara ett av {expected}</source>
        <translation>must be one of {expected}</translation>
    </message>
    <message>
        <source>har ett otillåtet värde</source>
        <translation>has a value that is not allowed</translation>
    </message>
    <message>
        <source>ska vara ett datum (ÅÅÅÅ-MM-DD)</source>
        <translation>must be a date (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>ska vara ett JSON-objekt</source>
        <translation>must be a JSON object</translation>
    </message>
    <message>
        <source>ska vara en lista</source>
        <translation>must be a list</translation>
    </message>
    <message>
        <source>innehåller otillåtna tecken</source>
        <translation>contains characters that are not allowed</translation>
    </message>
    <message>
        <source>är inte tillåtet</source>
        <translation>is not allowed</translation>
    </message>
    <message>
        <source>har ett ogiltigt värde</source>
        <translation>has an invalid value</translation>
    </message>
    <message>
        <source>Begärans innehåll är inte giltig JSON.</source>
        <translation>The request&apos;s content is not valid JSON.</translation>
    </message>
    <message>
        <source>Huvudet Idempotency-Key saknas. Varje ändring ska ha en nyckel (1–200 tecken) som är densamma om begäran skickas igen.</source>
        <translation>The Idempotency-Key header is missing. Every change must have a key (1–200 characters) that is the same if the request is sent again.</translation>
    </message>
    <message>
        <source>Ogiltig begäran.</source>
        <translation>Invalid request.</translation>
    </message>
    <message>
        <source>Ogiltig begäran: innehållet {problem}.</source>
        <translation>Invalid request: the content {problem}.</translation>
    </message>
    <message>
        <source>Ogiltig begäran: fältet ”{name}” {problem}.</source>
        <translation>Invalid request: the field ”{name}” {problem}.</translation>
    </message>
    <message>
        <source>Ogiltig begäran: fältet ”{name}” {problem}. Kontrollera också {others}.</source>
        <translation>Invalid request: the field ”{name}” {problem}. Also check {others}.</translation>
    </message>
    <message>
        <source>Metoden {method} kan inte användas för den här adressen.</source>
        <translation>The method {method} cannot be used for this address.</translation>
    </message>
    <message>
        <source>Begäran kunde inte utföras.</source>
        <translation>The request could not be carried out.</translation>
    </message>
    <message>
        <source>Databasen kan inte nås just nu. Försök igen om en stund.</source>
        <translation>The database cannot be reached just now. Try again in a while.</translation>
    </message>
    <message>
        <source>Ett oväntat fel inträffade i servern. Felet har loggats; försök igen senare eller kontakta supporten.</source>
        <translation>An unexpected error occurred in the server. The error has been logged; try again later or contact support.</translation>
    </message>
    <message>
        <source>Du är inte inloggad, eller så har sessionen gått ut. Logga in igen med BankID.</source>
        <translation>You are not logged in, or the session has expired. Log in again with BankID.</translation>
    </message>
    <message>
        <source>Ändringen gjordes av en annan person än den som är inloggad. Den kan bara skickas när den som gjorde den loggar in med BankID.</source>
        <translation>The change was made by another person than the one logged in. It can only be sent when the person who made it logs in with BankID.</translation>
    </message>
    <message>
        <source>Arbetsförmedlingens funktioner är inte aktiverade på den här servern.</source>
        <translation>Arbetsförmedlingen&apos;s functions are not enabled on this server.</translation>
    </message>
    <message>
        <source>AF-operatörens nyckel saknas eller stämmer inte. Skicka den som Authorization: Bearer &lt;nyckel&gt;.</source>
        <translation>The AF operator&apos;s key is missing or does not match. Send it as Authorization: Bearer &lt;key&gt;.</translation>
    </message>
    <message>
        <source>Huvudet Content-Length är ogiltigt.</source>
        <translation>The Content-Length header is invalid.</translation>
    </message>
    <message>
        <source>Begäran är för stor (högst {limit} byte).</source>
        <translation>The request is too large (at most {limit} bytes).</translation>
    </message>
    <message>
        <source>För många inloggningsförsök från din dator. Vänta en minut och försök igen.</source>
        <translation>Too many login attempts from your computer. Wait a minute and try again.</translation>
    </message>
    <message>
        <source>Okänd granskningsstatus ”{text}”. Möjliga: {choices}.</source>
        <translation>Unknown review status ”{text}”. Possible: {choices}.</translation>
    </message>
    <message>
        <source>Ange status godkand eller returnerad.</source>
        <translation>Enter the status godkand or returnerad.</translation>
    </message>
    <message>
        <source>Skriv en kommentar om vad som ska kompletteras när handlingen returneras.</source>
        <translation>Write a comment on what is to be completed when the document is returned.</translation>
    </message>
    <message>
        <source>Kommentaren får vara högst {limit} tecken.</source>
        <translation>The comment may be at most {limit} characters.</translation>
    </message>
    <message>
        <source>Kommentaren innehåller otillåtna tecken.</source>
        <translation>The comment contains characters that are not allowed.</translation>
    </message>
    <message>
        <source>{label} får vara högst {limit} tecken.</source>
        <translation>{label} may be at most {limit} characters.</translation>
    </message>
    <message>
        <source>Postnumret ska ha fem siffror (NNN NN).</source>
        <translation>The postal code must have five digits (NNN NN).</translation>
    </message>
    <message>
        <source>Mottagningsdatumet kan inte ligga i framtiden.</source>
        <translation>The date of receipt cannot be in the future.</translation>
    </message>
    <message>
        <source>{name} har redan ett avtal som väntar på aktivering (nr {id}, inkom {received_on}). Aktivera det först. Ingenting har ändrats.</source>
        <translation>{name} already has an agreement waiting for activation (no. {id}, received {received_on}). Activate it first. Nothing has been changed.</translation>
    </message>
    <message>
        <source>Avtal {id} aktiverades redan {activated_on}. Ingenting har ändrats.</source>
        <translation>Agreement {id} was already activated on {activated_on}. Nothing has been changed.</translation>
    </message>
    <message>
        <source>Den startande behörighetsadministratören finns inte registrerad. Registrera avtalet igen.</source>
        <translation>The initial authorization administrator is not registered. Register the agreement again.</translation>
    </message>
    <message>
        <source>Ingen e-postadress är känd för {full_name}. Ange den (--email).</source>
        <translation>No email address is known for {full_name}. Enter it (--email).</translation>
    </message>
    <message>
        <source>Det finns ingen organisation med organisationsnummer {org_number}.</source>
        <translation>There is no organisation with the organisation number {org_number}.</translation>
    </message>
    <message>
        <source>{name} har inget konto med nummer {account_id}.</source>
        <translation>{name} has no account with the number {account_id}.</translation>
    </message>
    <message>
        <source>{name} har ingen begäran om ersättning med nummer {claim_id}.</source>
        <translation>{name} has no compensation request with the number {claim_id}.</translation>
    </message>
    <message>
        <source>{name} har ingen handling med nummer {document_id}.</source>
        <translation>{name} has no document with the number {document_id}.</translation>
    </message>
    <message>
        <source>Handlingen är {label}; bara en inskickad handling kan godkännas eller returneras.</source>
        <translation>The document is {label}; only a submitted document can be approved or returned.</translation>
    </message>
    <message>
        <source>Antalet ska vara mellan 1 och 10000.</source>
        <translation>The number must be between 1 and 10000.</translation>
    </message>
    <message>
        <source>Det finns inget avtal med nummer {agreement_id}.</source>
        <translation>There is no agreement with the number {agreement_id}.</translation>
    </message>
    <message>
        <source>Ange hur många ändringar som ska hämtas: 1–{limit}.</source>
        <translation>Enter how many changes to fetch: 1–{limit}.</translation>
    </message>
    <message>
        <source>Okänt ändringsflöde. Välj ”{organisation}” (organisationens) eller ”{news}” (nyheterna).</source>
        <translation>Unknown change feed. Choose ”{organisation}” (the organisation&apos;s) or ”{news}” (the news).</translation>
    </message>
    <message>
        <source>Positionen i ändringsflödet måste vara 0 eller ett senare heltal.</source>
        <translation>The position in the change feed must be 0 or a later integer.</translation>
    </message>
    <message>
        <source>En synkronisering ska innehålla mellan 1 och {limit} ändringar.</source>
        <translation>A synchronisation must contain between 1 and {limit} changes.</translation>
    </message>
    <message>
        <source>Inloggningen är redan slutförd eller avbruten. Logga in igen.</source>
        <translation>The login has already been completed or cancelled. Log in again.</translation>
    </message>
    <message>
        <source>Organisationen finns inte.</source>
        <translation>The organisation does not exist.</translation>
    </message>
    <message>
        <source>Din behörighet i organisationen är inte längre aktiv. Logga in igen eller kontakta din behörighetsadministratör.</source>
        <translation>Your authorization in the organisation is no longer active. Log in again or contact your authorization administrator.</translation>
    </message>
    <message>
        <source>Det var en annan person som legitimerade sig. Den låsta sessionen tillhör någon annan.</source>
        <translation>Another person identified themselves. The locked session belongs to someone else.</translation>
    </message>
    <message>
        <source>Sessionen har varit oanvänd för länge (mer än {hours}) för att låsas upp och är avslutad. Logga in igen med BankID.</source>
        <translation>The session has been unused for too long (more than {hours}) to be unlocked and has ended. Log in again with BankID.</translation>
    </message>
    <message>
        <source>Du saknar aktiv behörighet till KA Webb. Kontakta kommunens behörighetsadministratör. En ny behörighet blir användbar några minuter efter att den signerats.</source>
        <translation>You have no active authorization for KA Webb. Contact the municipality&apos;s authorization administrator. A new authorization can be used a few minutes after it has been signed.</translation>
    </message>
    <message>
        <source>Inloggningen finns inte. Börja om.</source>
        <translation>The login does not exist. Start again.</translation>
    </message>
    <message>
        <source>Den utförande verksamheten finns inte i organisationen.</source>
        <translation>The performing unit does not exist in the organisation.</translation>
    </message>
    <message>
        <source>Ärendet finns inte i organisationen.</source>
        <translation>The case does not exist in the organisation.</translation>
    </message>
    <message>
        <source>Ange status godkand, avslagen eller utbetald.</source>
        <translation>Enter the status godkand, avslagen or utbetald.</translation>
    </message>
    <message>
        <source> Från {current} kan den bli: {allowed}.</source>
        <translation> From {current} it can become: {allowed}.</translation>
    </message>
    <message>
        <source>En begäran som är {current} kan inte bli {wanted}.{then}</source>
        <translation>A request that is {current} cannot become {wanted}.{then}</translation>
    </message>
    <message>
        <source>Ärende {number} är ett huvudärende. Ersättning kan bara begäras i ett ersättningsärende.</source>
        <translation>Case {number} is a main case. Compensation can only be requested in a compensation case.</translation>
    </message>
    <message>
        <source>Ärende {number} är avslutat. Ersättning kan inte begäras i ett avslutat ärende.</source>
        <translation>Case {number} is closed. Compensation cannot be requested in a closed case.</translation>
    </message>
    <message>
        <source>Idempotensnyckeln har redan använts för en annan begäran. Ingenting har ändrats.</source>
        <translation>The idempotency key has already been used for another request. Nothing has been changed.</translation>
    </message>
    <message>
        <source>Idempotensnyckeln saknas eller är för lång (högst {limit} tecken).</source>
        <translation>The idempotency key is missing or too long (at most {limit} characters).</translation>
    </message>
    <message>
        <source>Idempotensnyckeln får bara innehålla synliga tecken.</source>
        <translation>The idempotency key may only contain visible characters.</translation>
    </message>
    <message>
        <source>BankID-simulatorn kan bara användas med en demodatabas som skapats med ”kawebb demo”. Den här databasen ({where}) är inte en sådan, så ingen kan logga in genom att välja ett namn i en lista. Använd riktigt BankID eller skapa en demodatabas.</source>
        <translation>The BankID simulator can only be used with a demo database created with ”kawebb demo”. This database ({where}) is not one, so nobody can log in by choosing a name from a list. Use real BankID or create a demo database.</translation>
    </message>
    <message>
        <source>BankID-ordern finns inte (okänd, avbruten eller för gammal).</source>
        <translation>The BankID order does not exist (unknown, cancelled or too old).</translation>
    </message>
    <message>
        <source>Ordern får bara godkännas av den person den gäller.</source>
        <translation>The order may only be approved by the person it concerns.</translation>
    </message>
    <message>
        <source>Antalet rader ska vara mellan 1 och {limit}.</source>
        <translation>The number of rows must be between 1 and {limit}.</translation>
    </message>
    <message>
        <source>Handlingen finns inte i organisationen.</source>
        <translation>The document does not exist in the organisation.</translation>
    </message>
    <message>
        <source>Ange versionen som handlingen lästes i.</source>
        <translation>Enter the version in which the document was read.</translation>
    </message>
    <message>
        <source>Handlingen har ändrats av någon annan sedan du läste den. Läs in den igen och försök på nytt.</source>
        <translation>The document has been changed by someone else since you read it. Reload it and try again.</translation>
    </message>
    <message>
        <source>Handlingen är {status} och kan inte ändras.</source>
        <translation>The document is {status} and cannot be changed.</translation>
    </message>
    <message>
        <source>Handlingen väntar på signering och kan inte ändras. Förkasta den i Ändringar att signera först, eller signera.</source>
        <translation>The document is waiting to be signed and cannot be changed. Discard it in Pending changes first, or sign.</translation>
    </message>
    <message>
        <source>Handlingen som skulle skickas finns inte längre.</source>
        <translation>The document to be sent no longer exists.</translation>
    </message>
    <message>
        <source>Handlingen har ändrats sedan den skickades till signering. Förkasta ändringen och skicka handlingen igen.</source>
        <translation>The document has changed since it was sent for signing. Discard the change and send the document again.</translation>
    </message>
    <message>
        <source>Handlingen hör till ett annat ärende.</source>
        <translation>The document belongs to another case.</translation>
    </message>
    <message>
        <source>Handlingen är en {actual}, inte en {wanted}.</source>
        <translation>The document is a {actual}, not a {wanted}.</translation>
    </message>
    <message>
        <source>Bara ett utkast som aldrig skickats kan tas bort.</source>
        <translation>Only a draft that has never been sent can be deleted.</translation>
    </message>
    <message>
        <source>Välj Logga in med BankID och skanna sedan QR-koden med BankID-appen i mobilen.</source>
        <translation>Choose Log in with BankID and then scan the QR code with the BankID app on your phone.</translation>
    </message>
    <message>
        <source>Välj vilken organisation du vill arbeta med.</source>
        <translation>Choose which organisation you want to work with.</translation>
    </message>
    <message>
        <source>Loggar in i {name} …</source>
        <translation>Logging in to {name} …</translation>
    </message>
    <message>
        <source>Inloggad som {name} i {organisation}.</source>
        <translation>Logged in as {name} in {organisation}.</translation>
    </message>
    <message>
        <source>Inloggningen avbröts.</source>
        <translation>The login was cancelled.</translation>
    </message>
    <message>
        <source>Kontrollera ändringarna och signera med BankID.</source>
        <translation>Check the changes and sign with BankID.</translation>
    </message>
    <message>
        <source>Välj var du har ditt BankID.</source>
        <translation>Choose where you have your BankID.</translation>
    </message>
    <message>
        <source>Signeringen lyckades. Här är din kvittens.</source>
        <translation>The signing succeeded. Here is your receipt.</translation>
    </message>
    <message>
        <source>Signeringen avbröts. Inget har skickats.</source>
        <translation>The signing was cancelled. Nothing has been sent.</translation>
    </message>
    <message>
        <source>Rubriken får vara högst {limit} tecken.</source>
        <translation>The heading may be at most {limit} characters.</translation>
    </message>
    <message>
        <source>Texten får vara högst {limit} tecken.</source>
        <translation>The text may be at most {limit} characters.</translation>
    </message>
    <message>
        <source>Rubriken innehåller otillåtna tecken (till exempel radbrytningar eller styrtecken).</source>
        <translation>The heading contains characters that are not allowed (for example line breaks or control characters).</translation>
    </message>
    <message>
        <source>Ange en rubrik för nyheten.</source>
        <translation>Enter a heading for the news item.</translation>
    </message>
    <message>
        <source>Texten innehåller otillåtna tecken (styrtecken).</source>
        <translation>The text contains characters that are not allowed (control characters).</translation>
    </message>
    <message>
        <source>Ange en text för nyheten.</source>
        <translation>Enter a text for the news item.</translation>
    </message>
    <message>
        <source>Publiceringsdatumet kan inte ligga i framtiden.</source>
        <translation>The publication date cannot be in the future.</translation>
    </message>
    <message>
        <source>Kontaktpersonen</source>
        <translation>The contact person</translation>
    </message>
    <message>
        <source>den</source>
        <translation>it</translation>
    </message>
    <message>
        <source>{name} är redan kommunens administrativa kontakt, och det kan bara finnas en. Avmarkera Administrativ kontakt, eller låt den här kontaktpersonen ta över.</source>
        <translation>{name} is already the municipality&apos;s administrative contact, and there can only be one. Uncheck Administrative contact, or let this contact person take over.</translation>
    </message>
    <message>
        <source>Kontot</source>
        <translation>The account</translation>
    </message>
    <message>
        <source>det</source>
        <translation>it</translation>
    </message>
    <message>
        <source>{name} är redan kommunens standardkonto, och det kan bara finnas ett. Avmarkera Standardkonto, eller låt det här kontot ta över.</source>
        <translation>{name} is already the municipality&apos;s default account, and there can only be one. Uncheck Default account, or let this account take over.</translation>
    </message>
    <message>
        <source>Ändringen finns inte längre (den kan redan vara signerad).</source>
        <translation>The change no longer exists (it may already have been signed).</translation>
    </message>
    <message>
        <source>Ändringen att signera har ändrats av {who} sedan du läste den. Läs in listan igen och gör om ändringen.</source>
        <translation>The change to sign has been changed by {who} since you read it. Reload the list and make the change again.</translation>
    </message>
    <message>
        <source>En borttagning kan inte ändras. Ångra den med det röda krysset och ändra sedan igen.</source>
        <translation>A removal cannot be changed. Undo it with the red cross and then change again.</translation>
    </message>
    <message>
        <source>Inget är ändrat.</source>
        <translation>Nothing has been changed.</translation>
    </message>
    <message>
        <source>{name} ska redan tas bort. Borttagningen väntar under Ändringar att signera.</source>
        <translation>{name} is already to be removed. The removal is waiting under Pending changes.</translation>
    </message>
    <message>
        <source>Den administrativa kontakten kan inte tas bort. Gör först en annan kontaktperson till administrativ kontakt.</source>
        <translation>The administrative contact cannot be removed. First make another contact person the administrative contact.</translation>
    </message>
    <message>
        <source>Standardkontot kan inte tas bort. Markera först ett annat konto som standardkonto.</source>
        <translation>The default account cannot be removed. First mark another account as the default account.</translation>
    </message>
    <message>
        <source>{what} finns inte (det kan ha tagits bort).</source>
        <translation>{what} does not exist (it may have been removed).</translation>
    </message>
    <message>
        <source>{what} har ändrats av någon annan sedan du läste {it}. Läs in listan igen och gör om ändringen.</source>
        <translation>{what} has been changed by someone else since you read {it}. Reload the list and make the change again.</translation>
    </message>
    <message>
        <source>Den osignerade ändringen av {name} som du utgick från finns inte längre (den kan ha signerats eller förkastats). Läs in listan igen och gör om ändringen.</source>
        <translation>The unsigned change of {name} that you started from no longer exists (it may have been signed or discarded). Reload the list and make the change again.</translation>
    </message>
    <message>
        <source>borttagning</source>
        <translation>removal</translation>
    </message>
    <message>
        <source>ändring</source>
        <translation>change</translation>
    </message>
    <message>
        <source>Det finns redan en osignerad {change} av {name} (gjord av {who}) under Ändringar att signera. Läs in listan igen och utgå från den, så att ingen ändring går förlorad.</source>
        <translation>There already is an unsigned {change} of {name} (made by {who}) under Pending changes. Reload the list and start from it, so that no change is lost.</translation>
    </message>
    <message>
        <source>Den osignerade ändringen av {name} har ändrats av {who} sedan du läste den. Läs in listan igen och gör om ändringen.</source>
        <translation>The unsigned change of {name} has been changed by {who} since you read it. Reload the list and make the change again.</translation>
    </message>
    <message>
        <source>Ändringen av typen ”{type}” känns inte igen. Den har inte sparats.</source>
        <translation>The change of type ”{type}” is not recognised. It has not been saved.</translation>
    </message>
    <message>
        <source>Ändringen är ofullständig eller har ogiltiga värden. Den har inte sparats.</source>
        <translation>The change is incomplete or has invalid values. It has not been saved.</translation>
    </message>
    <message>
        <source>Ändringens idempotensnyckel stämmer inte med den som skickades med den.</source>
        <translation>The change&apos;s idempotency key does not match the one sent with it.</translation>
    </message>
    <message>
        <source>Din roll ({role}) ger inte behörighet att signera några ändringar: det kräver behörighet att ändra användare, kontaktpersoner eller kontoinformation.</source>
        <translation>Your role ({role}) does not allow you to sign any changes: that requires the right to change users, contact persons or account information.</translation>
    </message>
    <message>
        <source>Sidan måste börja på 0 eller mer och visa 1–{limit} rader.</source>
        <translation>The page must start at 0 or more and show 1–{limit} rows.</translation>
    </message>
    <message>
        <source>Sök med högst {limit} tecken.</source>
        <translation>Search with at most {limit} characters.</translation>
    </message>
    <message>
        <source>Kvittensen finns inte.</source>
        <translation>The receipt does not exist.</translation>
    </message>
    <message>
        <source>Ändringarna som väntar på signering är ändringar av användare, och din roll ({role}) ger inte behörighet att signera dem (”Hantera användare”). En behörighetsadministratör signerar dem.</source>
        <translation>The changes waiting to be signed are changes of users, and your role ({role}) does not allow you to sign them (”Manage users”). An authorization administrator signs them.</translation>
    </message>
    <message>
        <source>Ändringarna att signera har ändrats sedan du bekräftade dem (någon har lagt till, ändrat eller förkastat en ändring), så ingen signering har startats. Stäng och tryck Signera igen för att se vad som väntar nu.</source>
        <translation>The changes to sign have changed since you confirmed them (someone has added, changed or discarded a change), so no signing has been started. Close and press Sign again to see what is waiting now.</translation>
    </message>
    <message>
        <source>Det finns inga ändringar att signera.</source>
        <translation>There are no changes to sign.</translation>
    </message>
    <message>
        <source>Signeringen finns inte.</source>
        <translation>The signing does not exist.</translation>
    </message>
    <message>
        <source>Signeringen gjordes med någon annans BankID och har inte genomförts.</source>
        <translation>The signing was made with someone else&apos;s BankID and has not been carried out.</translation>
    </message>
    <message>
        <source>Ändringarna att signera har ändrats medan signeringen pågick, så ingenting har genomförts. Kontrollera listan och signera igen.</source>
        <translation>The changes to sign changed while the signing was in progress, so nothing has been carried out. Check the list and sign again.</translation>
    </message>
    <message>
        <source>En borttagning kan inte ändras. Ångra den med det röda krysset och ändra sedan användaren.</source>
        <translation>A removal cannot be changed. Undo it with the red cross and then change the user.</translation>
    </message>
    <message>
        <source>{full_name} ska redan tas bort. Borttagningen väntar på signering under Användare att signera.</source>
        <translation>{full_name} is already to be removed. The removal is waiting to be signed under Users to sign.</translation>
    </message>
    <message>
        <source>Markera minst en användare som ska få det nya slutdatumet.</source>
        <translation>Check at least one user who is to get the new end date.</translation>
    </message>
    <message>
        <source>En eller flera av de markerade användarna finns inte längre.</source>
        <translation>One or more of the checked users no longer exist.</translation>
    </message>
    <message>
        <source>En osignerad ändring som du utgick från finns inte längre (den kan ha signerats eller förkastats). Läs in listan igen och gör om ändringen.</source>
        <translation>An unsigned change that you started from no longer exists (it may have been signed or discarded). Reload the list and make the change again.</translation>
    </message>
    <message>
        <source>Användaren har ändrats av någon annan sedan du läste den. Läs in listan igen och gör om ändringen.</source>
        <translation>The user has been changed by someone else since you read it. Reload the list and make the change again.</translation>
    </message>
    <message>
        <source>{full_name} är behörighetsadministratör och kan inte få något slutdatum. Avmarkera användaren.</source>
        <translation>{full_name} is an authorization administrator and cannot get an end date. Uncheck the user.</translation>
    </message>
    <message>
        <source>{full_name} ska tas bort (väntar på signering) och kan inte få ett nytt slutdatum.</source>
        <translation>{full_name} is to be removed (waiting to be signed) and cannot get a new end date.</translation>
    </message>
    <message>
        <source>{full_name} blir behörighetsadministratör enligt en osignerad ändring och kan inte få något slutdatum.</source>
        <translation>{full_name} becomes an authorization administrator by an unsigned change and cannot get an end date.</translation>
    </message>
    <message>
        <source>Användaren finns inte (den kan ha tagits bort).</source>
        <translation>The user does not exist (it may have been removed).</translation>
    </message>
    <message>
        <source>Användare att signera har redan en osignerad {what} av {name} (gjord av {who}). Läs in listan igen och utgå från den, så att ingen ändring går förlorad.</source>
        <translation>Users to sign already has an unsigned {what} of {name} (made by {who}). Reload the list and start from it, so that no change is lost.</translation>
    </message>
    <message>
        <source>Personen har redan en behörighet i organisationen. Ändra den befintliga användaren i stället.</source>
        <translation>The person already has an authorization in the organisation. Change the existing user instead.</translation>
    </message>
    <message>
        <source>Det finns redan en ny användare med det personnumret under Användare att signera.</source>
        <translation>There already is a new user with that personal identity number under Users to sign.</translation>
    </message>
    <message>
        <source>Personnumret kan inte ändras. Ta bort användaren och skapa en ny.</source>
        <translation>The personal identity number cannot be changed. Remove the user and create a new one.</translation>
    </message>
    <message>
        <source>dig</source>
        <translation>you</translation>
    </message>
    <message>
        <source>en annan administratör</source>
        <translation>another administrator</translation>
    </message>
    <message>
        <source>Okänd BankID-miljö ”{environment}”. Möjliga: {choices}.</source>
        <translation>Unknown BankID environment ”{environment}”. Possible: {choices}.</translation>
    </message>
    <message>
        <source>Ange BankID-certifikatet (bankid_cert) för produktionsmiljön. BankIDs öppna testcertifikat fungerar bara mot testmiljön.</source>
        <translation>Enter the BankID certificate (bankid_cert) for the production environment. BankID&apos;s open test certificate only works against the test environment.</translation>
    </message>
    <message>
        <source>En separat nyckel (bankid_key) hör bara till ett certifikat i PEM-format.</source>
        <translation>A separate key (bankid_key) only goes with a certificate in PEM format.</translation>
    </message>
    <message>
        <source>BankID-tjänstens adress ska börja med https://, inte {url}.</source>
        <translation>The BankID service&apos;s address must start with https://, not {url}.</translation>
    </message>
    <message>
        <source>Lösenordsfilen {path} kan läses av andra än ägaren (behörighet {mode}). Gör den läsbar bara för ägaren, t.ex. med chmod 600 {path}.</source>
        <translation>The password file {path} can be read by others than its owner (permissions {mode}). Make it readable only by its owner, e.g. with chmod 600 {path}.</translation>
    </message>
    <message>
        <source>Lösenordsfilen {path} kunde inte läsas: {reason}.</source>
        <translation>The password file {path} could not be read: {reason}.</translation>
    </message>
    <message>
        <source>Lösenordsfilen {path} är inte sparad som UTF-8.</source>
        <translation>The password file {path} is not saved as UTF-8.</translation>
    </message>
    <message>
        <source>Lösenordsfilen {path} är tom.</source>
        <translation>The password file {path} is empty.</translation>
    </message>
    <message>
        <source>CA-filen för BankID ({ca_file}) kunde inte läsas: {reason}.</source>
        <translation>The CA file for BankID ({ca_file}) could not be read: {reason}.</translation>
    </message>
    <message>
        <source>i lösenordsfilen {path}</source>
        <translation>in the password file {path}</translation>
    </message>
    <message>
        <source>i nyckelringen (tjänst {service}, konto {account})</source>
        <translation>in the keyring (service {service}, account {account})</translation>
    </message>
    <message>
        <source>BankID-certifikatet {cert} är skyddat med ett lösenord, men det finns inget {where}. Spara det där, t.ex. med: keyring set {service} {keyring_account} — eller ange en lösenordsfil (bankid_password_file) som bara ägaren kan läsa.</source>
        <translation>The BankID certificate {cert} is protected by a password, but there is none {where}. Save it there, e.g. with: keyring set {service} {keyring_account} — or give a password file (bankid_password_file) that only its owner can read.</translation>
    </message>
    <message>
        <source>BankID-certifikatet {cert} kunde inte öppnas: fel lösenord, eller så är filen inget certifikat med nyckel.</source>
        <translation>The BankID certificate {cert} could not be opened: wrong password, or the file is not a certificate with a key.</translation>
    </message>
    <message>
        <source>{what} {path} kunde inte läsas: {reason}.</source>
        <translation>{what} {path} could not be read: {reason}.</translation>
    </message>
    <message>
        <source>BankID-certifikatet {cert} saknar certifikat eller privat nyckel.</source>
        <translation>The BankID certificate {cert} lacks a certificate or a private key.</translation>
    </message>
    <message>
        <source>{what} är inte giltig base64.</source>
        <translation>{what} is not valid base64.</translation>
    </message>
    <message>
        <source>Signaturen saknas.</source>
        <translation>The signature is missing.</translation>
    </message>
    <message>
        <source>Signaturen</source>
        <translation>The signature</translation>
    </message>
    <message>
        <source>Signaturen är ingen läsbar XML-signatur.</source>
        <translation>The signature is not a readable XML signature.</translation>
    </message>
    <message>
        <source>Signaturen är ingen XML-signatur (XMLDSig).</source>
        <translation>The signature is not an XML signature (XMLDSig).</translation>
    </message>
    <message>
        <source>Signaturen saknar undertecknarens certifikat.</source>
        <translation>The signature lacks the signatory&apos;s certificate.</translation>
    </message>
    <message>
        <source>Ett certifikat i signaturen</source>
        <translation>A certificate in the signature</translation>
    </message>
    <message>
        <source>Ett certifikat i signaturen går inte att läsa.</source>
        <translation>A certificate in the signature cannot be read.</translation>
    </message>
    <message>
        <source>Signaturen saknar den signerade datan (bankIdSignedData).</source>
        <translation>The signature lacks the signed data (bankIdSignedData).</translation>
    </message>
    <message>
        <source>Ett fält i den signerade datan</source>
        <translation>A field in the signed data</translation>
    </message>
    <message>
        <source>Den signerade datan har ett fält två gånger.</source>
        <translation>The signed data has a field twice.</translation>
    </message>
    <message>
        <source>Ett certifikat i signaturens certifikatkedja var inte giltigt när signaturen gjordes.</source>
        <translation>A certificate in the signature&apos;s certificate chain was not valid when the signature was made.</translation>
    </message>
    <message>
        <source>Undertecknarens certifikat kedjar inte till {ca}: certifikatkedjan i signaturen håller inte.</source>
        <translation>The signatory&apos;s certificate does not chain to {ca}: the certificate chain in the signature does not hold.</translation>
    </message>
    <message>
        <source>En länk i signaturens certifikatkedja är inget CA-certifikat.</source>
        <translation>A link in the signature&apos;s certificate chain is not a CA certificate.</translation>
    </message>
    <message>
        <source>Undertecknarens certifikat var inte giltigt när signaturen gjordes.</source>
        <translation>The signatory&apos;s certificate was not valid when the signature was made.</translation>
    </message>
    <message>
        <source>Den signerade datan i signaturen har ändrats efter signeringen (kontrollsumman stämmer inte).</source>
        <translation>The signed data in the signature has been changed after the signing (the checksum does not match).</translation>
    </message>
    <message>
        <source>Certifikaten i signaturen har ändrats efter signeringen (kontrollsumman stämmer inte).</source>
        <translation>The certificates in the signature have been changed after the signing (the checksum does not match).</translation>
    </message>
    <message>
        <source>Signaturvärdet stämmer inte med undertecknarens certifikat.</source>
        <translation>The signature value does not match the signatory&apos;s certificate.</translation>
    </message>
    <message>
        <source>Signaturen följer inte BankIDs signaturformat (XMLDSig) och kan inte kontrolleras.</source>
        <translation>The signature does not follow BankID&apos;s signature format (XMLDSig) and cannot be checked.</translation>
    </message>
    <message>
        <source>Signaturen omfattar inte den signerade datan (bankIdSignedData).</source>
        <translation>The signature does not cover the signed data (bankIdSignedData).</translation>
    </message>
    <message>
        <source>OCSP-svaret är inte utfärdat av {ca}, som utfärdade undertecknarens certifikat, eller av en OCSP-tjänst som den har utsett.</source>
        <translation>The OCSP response is not issued by {ca}, which issued the signatory&apos;s certificate, or by an OCSP service it has appointed.</translation>
    </message>
    <message>
        <source>OCSP-svaret</source>
        <translation>The OCSP response</translation>
    </message>
    <message>
        <source>OCSP-svaret går inte att läsa.</source>
        <translation>The OCSP response cannot be read.</translation>
    </message>
    <message>
        <source>OCSP-svaret är ett felsvar, inget besked om certifikatet.</source>
        <translation>The OCSP response is an error response, no answer about the certificate.</translation>
    </message>
    <message>
        <source>OCSP-svarets signatur stämmer inte med OCSP-tjänstens certifikat.</source>
        <translation>The OCSP response&apos;s signature does not match the OCSP service&apos;s certificate.</translation>
    </message>
    <message>
        <source>OCSP-tjänstens certifikat var inte giltigt när svaret gjordes.</source>
        <translation>The OCSP service&apos;s certificate was not valid when the response was made.</translation>
    </message>
    <message>
        <source>OCSP-svaret gäller ett annat certifikat än undertecknarens.</source>
        <translation>The OCSP response concerns another certificate than the signatory&apos;s.</translation>
    </message>
    <message>
        <source>OCSP-svaret säger att undertecknarens certifikat är spärrat.</source>
        <translation>The OCSP response says that the signatory&apos;s certificate is revoked.</translation>
    </message>
    <message>
        <source>OCSP-tjänsten känner inte till undertecknarens certifikat.</source>
        <translation>The OCSP service does not know the signatory&apos;s certificate.</translation>
    </message>
    <message>
        <source>OCSP-svaret saknar nonce och kan inte knytas till signaturen.</source>
        <translation>The OCSP response has no nonce and cannot be tied to the signature.</translation>
    </message>
    <message>
        <source>OCSP-svaret hör till en annan signatur.</source>
        <translation>The OCSP response belongs to another signature.</translation>
    </message>
    <message>
        <source>Starta BankID-appen.</source>
        <translation>Start your BankID app.</translation>
    </message>
    <message>
        <source>Du har inte BankID-appen installerad. Kontakta din bank.</source>
        <translation>The BankID app is not installed. Please contact your bank.</translation>
    </message>
    <message>
        <source>Åtgärden avbruten. Försök igen.</source>
        <translation>Action cancelled. Please try again.</translation>
    </message>
    <message>
        <source>En identifiering eller underskrift för det här personnumret är redan påbörjad. Försök igen.</source>
        <translation>An identification or signing for this personal number is already started. Please try again.</translation>
    </message>
    <message>
        <source>Internt tekniskt fel. Försök igen.</source>
        <translation>Internal error. Please try again.</translation>
    </message>
    <message>
        <source>Åtgärden avbruten.</source>
        <translation>Action cancelled.</translation>
    </message>
    <message>
        <source>BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Om du inte har något giltigt BankID kan du skaffa ett hos din bank. Försök sedan igen.</source>
        <translation>The BankID app is not responding. Please check that it is started and that you have internet access. If you don&apos;t have a valid BankID you can get one from your bank. Try again.</translation>
    </message>
    <message>
        <source>Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.</source>
        <translation>Enter your security code in the BankID app and select Identify or Sign.</translation>
    </message>
    <message>
        <source>Försöker starta BankID-appen.</source>
        <translation>Trying to start your BankID app.</translation>
    </message>
    <message>
        <source>Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här datorn. Om du har ett BankID-kort, sätt in det i kortläsaren. Om du inte har något BankID kan du skaffa ett hos din bank.</source>
        <translation>Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID has been found, you probably don&apos;t have a BankID which can be used for this identification/signing on this computer. If you have a BankID card, please insert it into your card reader. If you don&apos;t have a BankID you can get one from your bank.</translation>
    </message>
    <message>
        <source>Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här enheten. Om du inte har något BankID kan du skaffa ett hos din bank.</source>
        <translation>Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID has been found, you probably don&apos;t have a BankID which can be used for this identification/signing on this device. If you don&apos;t have a BankID you can get one from your bank.</translation>
    </message>
    <message>
        <source>Det BankID du försöker använda är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.</source>
        <translation>The BankID you are trying to use is blocked or too old. Please use another BankID or get a new one from your bank.</translation>
    </message>
    <message>
        <source>BankID-appen verkar inte finnas i din dator eller mobil. Installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com.</source>
        <translation>The BankID app couldn&apos;t be found on your computer or mobile device. Please install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com.</translation>
    </message>
    <message>
        <source>Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden. Kontrollera att BankID-appen är uppdaterad. Om du inte har BankID-appen måste du installera den och skaffa ett BankID hos din bank. Installera appen från din appbutik eller https://install.bankid.com.</source>
        <translation>Failed to scan the QR code. Start the BankID app and scan the QR code. Check that the BankID app is up to date. If you don&apos;t have the BankID app, you need to install it and get a BankID from your bank. Install the app from your app store or https://install.bankid.com.</translation>
    </message>
    <message>
        <source>Identifiering eller underskrift pågår.</source>
        <translation>Identification or signing in progress.</translation>
    </message>
    <message>
        <source>Okänt fel. Försök igen.</source>
        <translation>Unknown error. Please try again.</translation>
    </message>
    <message>
        <source>Fotografera och läs av din ID-handling med BankID-appen.</source>
        <translation>Process your machine-readable travel document using the BankID app.</translation>
    </message>
    <message>
        <source>Identifieringen eller underskriften är klar.</source>
        <translation>The identification or signing is complete.</translation>
    </message>
    <message>
        <source>Filen är inget X.509-certifikat (PEM eller DER).</source>
        <translation>The file is not an X.509 certificate (PEM or DER).</translation>
    </message>
    <message>
        <source>Signaturen pekar inte på den signerade datan.</source>
        <translation>The signature does not point to the signed data.</translation>
    </message>
    <message>
        <source>Undertecknarens certifikat i signaturen går inte att läsa.</source>
        <translation>The signatory&apos;s certificate in the signature cannot be read.</translation>
    </message>
    <message>
        <source>Undertecknarens certifikat är inte utfärdat av {ca}.</source>
        <translation>The signatory&apos;s certificate is not issued by {ca}.</translation>
    </message>
    <message>
        <source>Signaturens tidpunkt går inte att läsa.</source>
        <translation>The signature&apos;s time cannot be read.</translation>
    </message>
    <message>
        <source>Personnumret i den signerade datan är inte certifikatets.</source>
        <translation>The personal identity number in the signed data is not the certificate&apos;s.</translation>
    </message>
    <message>
        <source>OCSP-svaret är inte utfärdat av {ca}.</source>
        <translation>The OCSP response is not issued by {ca}.</translation>
    </message>
    <message>
        <source>OCSP-svarets signatur stämmer inte med {ca}.</source>
        <translation>The OCSP response&apos;s signature does not match {ca}.</translation>
    </message>
    <message>
        <source>OCSP-svaret säger att undertecknarens certifikat inte var giltigt.</source>
        <translation>The OCSP response says that the signatory&apos;s certificate was not valid.</translation>
    </message>
    <message>
        <source>Det finns inget CA-certifikat att kontrollera signeringstjänstens signaturer mot.</source>
        <translation>There is no CA certificate to check the signing service&apos;s signatures against.</translation>
    </message>
    <message>
        <source>De sparade ändringarna stämmer med kontrollsumman.</source>
        <translation>The saved changes match the checksum.</translation>
    </message>
    <message>
        <source>De sparade ändringarna har ändrats: de stämmer inte med kontrollsumman som signerades.</source>
        <translation>The saved changes have been altered: they do not match the checksum that was signed.</translation>
    </message>
    <message>
        <source>OCSP-svaret kan inte kontrolleras utan en giltig signatur.</source>
        <translation>The OCSP response cannot be checked without a valid signature.</translation>
    </message>
    <message>
        <source>OCSP-svaret säger att certifikatet var giltigt.</source>
        <translation>The OCSP response says that the certificate was valid.</translation>
    </message>
    <message>
        <source>Signaturen är giltig och gjord med ett certifikat utfärdat av {ca}.</source>
        <translation>The signature is valid and made with a certificate issued by {ca}.</translation>
    </message>
    <message>
        <source>Signaturen är en giltig BankID-signatur, gjord med ett certifikat från {issuer} som kedjar till {ca}.</source>
        <translation>The signature is a valid BankID signature, made with a certificate from {issuer} that chains to {ca}.</translation>
    </message>
    <message>
        <source>Det signerade innehållet kan inte kontrolleras utan en giltig signatur.</source>
        <translation>The signed content cannot be checked without a valid signature.</translation>
    </message>
    <message>
        <source>Kontrollsumman i signaturen är inte kvittensens: kvittensen har ändrats.</source>
        <translation>The checksum in the signature is not the receipt&apos;s: the receipt has been changed.</translation>
    </message>
    <message>
        <source>Texten som signerades är inte kvittensens: kvittensen har ändrats.</source>
        <translation>The text that was signed is not the receipt&apos;s: the receipt has been changed.</translation>
    </message>
    <message>
        <source>Signaturen är gjord av någon annan än kvittensens undertecknare.</source>
        <translation>The signature was made by someone other than the receipt&apos;s signatory.</translation>
    </message>
    <message>
        <source>Signaturen gäller kvittensens text och kontrollsumma, av undertecknaren.</source>
        <translation>The signature covers the receipt&apos;s text and checksum, by the signatory.</translation>
    </message>
    <message>
        <source>Kvittensen har ändrats efter att den sparades.</source>
        <translation>The receipt has been changed after it was saved.</translation>
    </message>
    <message>
        <source>Posten före kvittensen i granskningskedjan saknas (borttagen).</source>
        <translation>The entry before the receipt in the audit chain is missing (removed).</translation>
    </message>
    <message>
        <source>Kvittensen följer inte på posten före den i granskningskedjan: kedjan har ändrats.</source>
        <translation>The receipt does not follow the entry before it in the audit chain: the chain has been changed.</translation>
    </message>
    <message>
        <source>Kvittensen är oförändrad och har länk {seq} i granskningskedjan.</source>
        <translation>The receipt is unchanged and is link {seq} in the audit chain.</translation>
    </message>
    <message>
        <source>Värdet är inte giltig base64.</source>
        <translation>The value is not valid base64.</translation>
    </message>
    <message>
        <source>Den signerade datan har fel id.</source>
        <translation>The signed data has the wrong id.</translation>
    </message>
    <message>
        <source>Signaturen ska ha exakt ett {element}-element.</source>
        <translation>The signature must have exactly one {element} element.</translation>
    </message>
    <message>
        <source>Signaturen använder en algoritm som inte stöds.</source>
        <translation>The signature uses an algorithm that is not supported.</translation>
    </message>
    <message>
        <source>Den signerade datan saknar ett fält.</source>
        <translation>The signed data lacks a field.</translation>
    </message>
    <message>
        <source>Den signerade datan är inte UTF-8.</source>
        <translation>The signed data is not UTF-8.</translation>
    </message>
    <message>
        <source>Signaturen är inte gjord av BankID-simulatorn.</source>
        <translation>The signature was not made by the BankID simulator.</translation>
    </message>
    <message>
        <source>BankID-simulatorns sparade order går inte att läsa.</source>
        <translation>The BankID simulator&apos;s saved order cannot be read.</translation>
    </message>
    <message>
        <source>Ärendet, organisationen eller personen finns inte.</source>
        <translation>The case, the organisation or the person does not exist.</translation>
    </message>
    <message>
        <source>Handlingen finns inte längre.</source>
        <translation>The document no longer exists.</translation>
    </message>
    <message>
        <source>Uppgifterna ändrades samtidigt från ett annat håll, eller databasen var upptagen. Läs in dem igen och försök på nytt.</source>
        <translation>The details were changed at the same time from elsewhere, or the database was busy. Reload them and try again.</translation>
    </message>
    <message>
        <source>Ett av värdena är för långt (eller för stort) för att sparas. Korta det och försök igen.</source>
        <translation>One of the values is too long (or too large) to be saved. Shorten it and try again.</translation>
    </message>
    <message>
        <source>Det som uppgiften hör till finns inte längre: det kan ha tagits bort från ett annat håll. Läs in uppgifterna igen och försök på nytt.</source>
        <translation>What the details belong to no longer exists: it may have been removed from elsewhere. Reload the details and try again.</translation>
    </message>
    <message>
        <source>Det finns redan en organisation med organisationsnumret {number}.</source>
        <translation>There already is an organisation with the organisation number {number}.</translation>
    </message>
    <message>
        <source>Den utförande verksamheten finns inte.</source>
        <translation>The performing unit does not exist.</translation>
    </message>
    <message>
        <source>Avtalet finns inte.</source>
        <translation>The agreement does not exist.</translation>
    </message>
    <message>
        <source>Det finns redan en person med personnumret {number}.</source>
        <translation>There already is a person with the personal identity number {number}.</translation>
    </message>
    <message>
        <source>Personen finns inte.</source>
        <translation>The person does not exist.</translation>
    </message>
    <message>
        <source>{name} har redan en behörighet i organisationen.</source>
        <translation>{name} already has an authorization in the organisation.</translation>
    </message>
    <message>
        <source>Organisationen eller personen finns inte.</source>
        <translation>The organisation or the person does not exist.</translation>
    </message>
    <message>
        <source>Användaren finns inte.</source>
        <translation>The user does not exist.</translation>
    </message>
    <message>
        <source>Användaren finns inte längre.</source>
        <translation>The user no longer exists.</translation>
    </message>
    <message>
        <source>Användaren har ändrats av någon annan. Läs in listan igen och försök på nytt.</source>
        <translation>The user has been changed by someone else. Reload the list and try again.</translation>
    </message>
    <message>
        <source>Kontaktpersonen finns inte.</source>
        <translation>The contact person does not exist.</translation>
    </message>
    <message>
        <source>Kontaktpersonen har ändrats av någon annan. Läs in listan igen och försök på nytt.</source>
        <translation>The contact person has been changed by someone else. Reload the list and try again.</translation>
    </message>
    <message>
        <source>Kontot finns inte.</source>
        <translation>The account does not exist.</translation>
    </message>
    <message>
        <source>Kontot har ändrats av någon annan. Läs in listan igen och försök på nytt.</source>
        <translation>The account has been changed by someone else. Reload the list and try again.</translation>
    </message>
    <message>
        <source>Ärendet eller organisationen finns inte.</source>
        <translation>The case or the organisation does not exist.</translation>
    </message>
    <message>
        <source>Begäran om ersättning finns inte längre.</source>
        <translation>The compensation request no longer exists.</translation>
    </message>
    <message>
        <source>Begäran om ersättning har ändrats av någon annan sedan du läste den. Läs in listan igen och försök på nytt.</source>
        <translation>The compensation request has been changed by someone else since you read it. Reload the list and try again.</translation>
    </message>
    <message>
        <source>Ärendenummer {number} finns redan.</source>
        <translation>Case number {number} already exists.</translation>
    </message>
    <message>
        <source>Organisationen eller den utförande verksamheten finns inte.</source>
        <translation>The organisation or the performing unit does not exist.</translation>
    </message>
    <message>
        <source>Minst ett av ärendenumren finns redan.</source>
        <translation>At least one of the case numbers already exists.</translation>
    </message>
    <message>
        <source>Ärendet finns inte.</source>
        <translation>The case does not exist.</translation>
    </message>
    <message>
        <source>Ändringen finns redan.</source>
        <translation>The change already exists.</translation>
    </message>
    <message>
        <source>Det finns redan en ny användare med personnumret {number} under Användare att signera.</source>
        <translation>There already is a new user with the personal identity number {number} under Users to sign.</translation>
    </message>
    <message>
        <source>Organisationen eller personen som gjorde ändringen finns inte.</source>
        <translation>The organisation or the person who made the change does not exist.</translation>
    </message>
    <message>
        <source>Ändringen har ändrats av någon annan sedan du läste den. Läs in listan igen.</source>
        <translation>The change has been changed by someone else since you read it. Reload the list.</translation>
    </message>
    <message>
        <source>Organisationen eller undertecknaren finns inte.</source>
        <translation>The organisation or the signatory does not exist.</translation>
    </message>
    <message>
        <source>Granskningsloggen skrevs samtidigt från ett annat håll, så ingenting har sparats. Försök igen.</source>
        <translation>The audit log was written at the same time from elsewhere, so nothing has been saved. Try again.</translation>
    </message>
    <message>
        <source>Organisationen, personen eller kvittensen som ordern hänvisar till finns inte.</source>
        <translation>The organisation, the person or the receipt that the order refers to does not exist.</translation>
    </message>
    <message>
        <source>Signeringsordern {order_ref} finns redan.</source>
        <translation>The signing order {order_ref} already exists.</translation>
    </message>
    <message>
        <source>Signeringsordern finns inte.</source>
        <translation>The signing order does not exist.</translation>
    </message>
    <message>
        <source>Signeringsordern har ändrats under tiden.</source>
        <translation>The signing order has changed in the meantime.</translation>
    </message>
    <message>
        <source>Sessionen finns redan. Logga in igen.</source>
        <translation>The session already exists. Log in again.</translation>
    </message>
    <message>
        <source>Sessionen finns inte.</source>
        <translation>The session does not exist.</translation>
    </message>
    <message>
        <source>Begäran med samma idempotensnyckel behandlas redan. Försök igen om en stund.</source>
        <translation>A request with the same idempotency key is already being handled. Try again in a while.</translation>
    </message>
    <message>
        <source>Databasen ({where}) är skapad av en nyare version av KA Webb (schemaversion {revision}). Den här versionen kan inte använda den och har inte ändrat något i den. Installera den nyare versionen av KA Webb.</source>
        <translation>The database ({where}) was created by a newer version of KA Webb (schema version {revision}). This version cannot use it and has not changed anything in it. Install the newer version of KA Webb.</translation>
    </message>
    <message>
        <source>Filen {path} är ingen SQLite-databas (eller så är den skadad). Programmet har inte ändrat den. Kontrollera sökvägen, eller återställ filen från en säkerhetskopia.</source>
        <translation>The file {path} is not an SQLite database (or it is damaged). The program has not changed it. Check the path, or restore the file from a backup.</translation>
    </message>
    <message>
        <source>Databasfilen {path} är skadad: kontrollen när den öppnades hittade fel. Programmet har inte ändrat något i den. Återställ den från en säkerhetskopia, eller kontakta support.</source>
        <translation>The database file {path} is damaged: the check when it was opened found errors. The program has not changed anything in it. Restore it from a backup, or contact support.</translation>
    </message>
    <message>
        <source>Databasen {path} kunde inte öppnas: den är skrivskyddad, och SQLite behöver skapa sina arbetsfiler (-wal, -shm) i samma mapp, som också är skrivskyddad. Ge skrivrätt till mappen, eller kopiera databasen till en mapp där du kan skriva.</source>
        <translation>The database {path} could not be opened: it is read-only, and SQLite needs to create its working files (-wal, -shm) in the same folder, which is read-only too. Give write permission to the folder, or copy the database to a folder where you can write.</translation>
    </message>
    <message>
        <source>databasfilen är skadad</source>
        <translation>the database file is damaged</translation>
    </message>
    <message>
        <source>filen är ingen SQLite-databas</source>
        <translation>the file is not an SQLite database</translation>
    </message>
    <message>
        <source>databasen är skrivskyddad</source>
        <translation>the database is read-only</translation>
    </message>
    <message>
        <source>filen kunde inte öppnas (kontrollera sökvägen och behörigheterna)</source>
        <translation>the file could not be opened (check the path and the permissions)</translation>
    </message>
    <message>
        <source>åtkomst nekad</source>
        <translation>access denied</translation>
    </message>
    <message>
        <source>disken är full</source>
        <translation>the disk is full</translation>
    </message>
    <message>
        <source>läs- eller skrivfel på disken</source>
        <translation>read or write error on the disk</translation>
    </message>
    <message>
        <source>databasen används av ett annat program just nu; försök igen om en stund</source>
        <translation>the database is being used by another program just now; try again in a while</translation>
    </message>
    <message>
        <source>Databasen kunde inte öppnas ({description}): {reason}.</source>
        <translation>The database could not be opened ({description}): {reason}.</translation>
    </message>
    <message>
        <source>datorn ”{host}” hittades inte (namnet kunde inte slås upp)</source>
        <translation>the computer ”{host}” was not found (the name could not be looked up)</translation>
    </message>
    <message>
        <source>datorn ”{host}” hittades inte</source>
        <translation>the computer ”{host}” was not found</translation>
    </message>
    <message>
        <source>ingen databasserver svarar på {host}:{port}</source>
        <translation>no database server answers at {host}:{port}</translation>
    </message>
    <message>
        <source>databasservern på {host}:{port} svarade inte i tid</source>
        <translation>the database server at {host}:{port} did not answer in time</translation>
    </message>
    <message>
        <source>datorn ”{host}” går inte att nå över nätverket</source>
        <translation>the computer ”{host}” cannot be reached over the network</translation>
    </message>
    <message>
        <source>fel användarnamn eller lösenord</source>
        <translation>wrong user name or password</translation>
    </message>
    <message>
        <source>servern kräver ett lösenord (KAWEBB_STORE_URL eller .pgpass)</source>
        <translation>the server requires a password (KAWEBB_STORE_URL or .pgpass)</translation>
    </message>
    <message>
        <source>användaren</source>
        <translation>the user</translation>
    </message>
    <message>
        <source>databasen</source>
        <translation>the database</translation>
    </message>
    <message>
        <source>{what} ”{name}” finns inte på databasservern</source>
        <translation>{what} ”{name}” does not exist on the database server</translation>
    </message>
    <message>
        <source>databasservern tar inte emot anslutningar från den här datorn (pg_hba.conf)</source>
        <translation>the database server does not accept connections from this computer (pg_hba.conf)</translation>
    </message>
    <message>
        <source>databasen ”{name}” finns inte på servern</source>
        <translation>the database ”{name}” does not exist on the server</translation>
    </message>
    <message>
        <source>servern godtar inte inloggningen ({reason})</source>
        <translation>the server does not accept the login ({reason})</translation>
    </message>
    <message>
        <source>den databasdrivrutinen finns inte</source>
        <translation>that database driver does not exist</translation>
    </message>
    <message>
        <source>Databasadressen ”{url}” är inte giltig: {why}</source>
        <translation>The database address ”{url}” is not valid: {why}</translation>
    </message>
    <message>
        <source>Databasadressen kunde inte tolkas. Skriv den som sqlite:///sökväg/till/fil eller postgresql://användare@värd:port/databas.</source>
        <translation>The database address could not be understood. Write it as sqlite:///path/to/file or postgresql://user@host:port/database.</translation>
    </message>
    <message>
        <source>Porten i databasadressen är inget heltal (eller så är värdnamnet felskrivet). Skriv adressen som postgresql://användare@värd:5432/databas.</source>
        <translation>The port in the database address is not an integer (or the host name is misspelt). Write the address as postgresql://user@host:5432/database.</translation>
    </message>
    <message>
        <source>Porten {port} i databasadressen är ogiltig: den ska vara mellan 1 och 65535 (PostgreSQL: oftast 5432).</source>
        <translation>The port {port} in the database address is not valid: it must be between 1 and 65535 (PostgreSQL: usually 5432).</translation>
    </message>
    <message>
        <source>Mappen för databasen, {folder}, är en fil, inte en mapp.</source>
        <translation>The folder for the database, {folder}, is a file, not a folder.</translation>
    </message>
    <message>
        <source>Mappen för databasen, {folder}, kunde inte skapas: {reason}.</source>
        <translation>The folder for the database, {folder}, could not be created: {reason}.</translation>
    </message>
    <message>
        <source>{path} är en mapp, inte en databasfil.</source>
        <translation>{path} is a folder, not a database file.</translation>
    </message>
    <message>
        <source>Databasfilen {path} är tom (0 byte). Programmet ersätter den inte med en ny, tom databas, eftersom det kunde dölja att data har gått förlorad. Återställ filen från en säkerhetskopia, eller ta bort den om du vill börja om från början.</source>
        <translation>The database file {path} is empty (0 bytes). The program does not replace it with a new, empty database, since that could hide that data has been lost. Restore the file from a backup, or delete it if you want to start from scratch.</translation>
    </message>
    <message>
        <source>Databasen kan inte skapas i {folder}: mappen är skrivskyddad för dig.</source>
        <translation>The database cannot be created in {folder}: the folder is read-only for you.</translation>
    </message>
    <message>
        <source>Databasfilen {path} kunde inte öppnas: {reason}.</source>
        <translation>The database file {path} could not be opened: {reason}.</translation>
    </message>
    <message>
        <source>Databasen ({where}) behöver uppdateras för den här versionen av KA Webb, men den är skrivskyddad. Ingenting har ändrats. Ge skrivrätt till databasfilen och dess mapp, eller använd den version av KA Webb som skapade den.</source>
        <translation>The database ({where}) needs to be updated for this version of KA Webb, but it is read-only. Nothing has been changed. Give write permission to the database file and its folder, or use the version of KA Webb that created it.</translation>
    </message>
    <message>
        <source>Databasen är skrivskyddad, så ingenting kan sparas: åtgärden genomfördes inte. Den som sköter datorn kan ge dig skrivrätt till databasfilen och dess mapp.</source>
        <translation>The database is read-only, so nothing can be saved: the action was not carried out. Whoever manages the computer can give you write permission to the database file and its folder.</translation>
    </message>
</context>
</TS>
