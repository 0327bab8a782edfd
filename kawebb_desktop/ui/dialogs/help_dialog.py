"""*Hjälp*: a short guide in Swedish and the permission matrix of the five roles,
generated from the same table the services enforce, in the guide's groups (bild 11)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.roles import MATRIX, Function, Role
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.forms import name_header, named
from kawebb_desktop.ui.widgets.screen import fit_to_screen

#: The guide, marked for translation as one text (shown with tr()).
GUIDE_HTML = QT_TR_NOOP("""
<h2>KA Webb – webbstöd för utbildningskontrakt</h2>
<p>I KA Webb utbyter kommunen och Arbetsförmedlingen information om utbildningskontrakt.
Du loggar in med BankID och behöver en aktiv behörighet i kommunen.</p>
<h3><a name="inloggning"></a>Logga in</h3>
<p>Inloggningen går i tre steg. <b>Välj</b> var du har ditt BankID: <b>BankID på den här
datorn</b> (appen startas här) eller <b>Mobilt BankID på annan enhet</b> (du skannar en
QR-kod med appen i mobilen); ditt val sparas till nästa gång, samma val som när du
signerar. Tryck <b>Logga in med BankID</b>. <b>Legitimera</b> dig i appen; <b>Avbryt</b>
avbryter inloggningen. Har du behörighet i flera kommuner väljer du sedan vilken du ska
arbeta med (<b>Välj organisation</b>) och trycker <b>Nästa</b>; <b>Tillbaka</b> tar dig
till första steget. Du kan byta kommun uppe till höger. Efter inloggningen kommer du
till <b>Mitt arbete &gt; Översikt</b>.</p>
<h3><a name="sessionstid"></a>Sessionstid</h3>
<p>Har du inte använt tangentbordet eller musen på 30 minuter (kommunen kan ställa in en
annan tid) låses KA Webb. Två minuter innan visas en gul rad överst med tiden som är kvar;
tryck <b>Fortsätt arbeta</b> eller fortsätt bara att arbeta. När KA Webb är låst loggar du
in igen med BankID (välj var du har ditt BankID, som vid inloggningen) och kommer
tillbaka precis dit du var: öppna fönster, det du har skrivit,
utkast och ändringar att signera finns kvar. Legitimerar sig någon annan, eller trycker du
<b>Logga ut</b>, loggas du ut.</p>
<h3><a name="oversikt"></a>Mitt arbete</h3>
<p><b>Översikt</b> visar ärendena för den utförande verksamhet som är vald uppe till höger.
Ärenden vars senaste händelse kom in under den senaste veckan visas i fetstil. Klicka på en
kolumnrubrik för att sortera. Dubbelklicka på ett ärende (eller tryck Retur) för att öppna
det med dess händelser och handlingar.</p>
<h3><a name="handlingar"></a>Ärendets handlingar</h3>
<p>Ett huvudärende har Gemensam planering, Periodisk rapport, Förändringsrapport, Informativ
rapport och Slutredovisning; ett ersättningsärende Gemensam planering, Periodisk rapport och
Informativ rapport (ersättning begärs under Begär ersättning). Öppna en handling (Retur)
eller skriv en ny av den markerade typen med <b>Ny handling</b>. Uppgifterna kontrolleras
medan du skriver. <b>Spara utkast</b> sparar det du har fyllt i hittills, även om något
saknas, tills du skickar handlingen; <b>Skicka</b> kräver alla uppgifter som inte är
frivilliga (det som saknas står vid fältet) och signerar handlingen med BankID tillsammans
med de andra ändringarna som väntar, med en kvittens. En inskickad handling kan inte ändras.
Returnerar Arbetsförmedlingen den för komplettering syns deras kommentar; rätta och skicka
igen. Lärare skriver bara Periodisk rapport och Läsare läser bara. I ett avslutat ärende kan
inga handlingar skrivas.</p>
<h3><a name="begar-ersattning"></a>Mitt arbete &gt; Begär ersättning</h3>
<p>Välj en utförande verksamhet med ersättningsärenden uppe till höger, sök fram ärendet
(nummer eller namn) och fyll i perioden, typ (anställning eller praktik),
verksamhetsområde (skola, fritidshem, sjukvård, äldreomsorg eller
funktionshinderomsorg) och omfattning i procent. Beloppet räknas fram medan du skriver,
månad för månad: högst 11 000 kr i månaden för anställning och 3 300 kr för praktik vid
minst 50 % omfattning, lägre i proportion under 50 %, och en del av en månad efter
antalet dagar. Perioden ska ligga inom ärendets datum, vara högst ett år och inte
överlappa en period som redan är begärd. <b>Skicka</b> (eller Retur i Omfattning)
signerar begäran med BankID tillsammans med de andra ändringarna som väntar, med en
kvittens. Läsare ser beräkningen men kan inte skicka.</p>
<h3><a name="statusoversikt"></a>Mitt arbete &gt; Statusöversikt</h3>
<p>Alla handlingar som kommunen har skickat in, de senast inskickade först, med status:
Inskickad, Godkänd eller Returnerad för komplettering, och dagen då Arbetsförmedlingen
beslutade. Filtrera på status, sortera med en klick på en kolumnrubrik och spara listan med
<b>Exportera…</b>. Diagrammet visar hur många handlingar som skickades in, godkändes och
returnerades varje månad.</p>
<h3><a name="begarda-ersattningar"></a>Mitt arbete &gt; Begärda ersättningar</h3>
<p>De begäranden kommunen har skickat, de senast inskickade först, med status hos
Arbetsförmedlingen: Inskickad, Godkänd, Avslagen eller Utbetald. Filtrera på status, eller
markera en rad och tryck <b>Bara detta ärende</b>. Summan under listan gäller alla
begäranden som filtret visar, på alla sidor. <b>Exportera…</b> sparar dem som CSV- eller
Excel-fil.</p>
<h3><a name="organisationen"></a>Organisationen</h3>
<p><b>Uppgifter</b> visar kommunens uppgifter, kontaktpersoner och konton som
Arbetsförmedlingen har registrerat dem, och under <b>Avtal</b> kommunens avtal om
behörighet: när Arbetsförmedlingen tog emot det, den startande
behörighetsadministratören, sista dag för aktivering (14 dagar efter mottagandet), när det
aktiverades och om det gäller en ny behörighetsadministratör. <b>Tjänsteutbud</b> visar
tjänsterna och, för den tjänst du väljer, de utförande verksamheter som utför den med
deras adresser.</p>
<h3><a name="anvandare"></a>Organisationen &gt; Användare</h3>
<p>Här ser behörighetsadministratören alla som har behörighet i kommunen.</p>
<ul>
<li><b>Skapa</b> (Ctrl+N): registrera förnamn, efternamn, personnummer, e-post, roll och
behörighetsperiod.</li>
<li><b>Ändra…</b> (Retur) och <b>Ta bort…</b> (Delete) gäller den markerade användaren.</li>
<li><b>Ändra behörighetsperiod</b>: ange ett nytt slutdatum och markera en eller flera
användare. En behörighetsadministratör har inget slutdatum, och slutdatumet får vara senast
nästa årsskifte.</li>
<li>Ändringar hamnar under <b>Användare att signera</b>. Där kan du ändra en rad
(förstoringsglaset) eller förkasta den (det röda krysset) innan du <b>signerar</b> alla med
BankID. Efter signeringen får du en kvittens, och några minuter senare är en ny behörighet
aktiv.</li>
</ul>
<p>Kommunen har alltid minst en aktiv behörighetsadministratör. Om den sista slutar behöver
kommunen skicka in ett nytt avtal till Arbetsförmedlingen som avser en ny
behörighetsadministratör.</p>
<h3><a name="andringar-att-signera"></a>Organisationen &gt; Ändringar att signera</h3>
<p>Här finns alla ändringar av användare, kontaktpersoner och konton som väntar på att
signeras, med typ, åtgärd, en beskrivning och när ändringen gjordes. Med
förstoringsglaset (Retur) ändrar du en rad i dess formulär, och med det röda krysset
(Delete) förkastar du den. <b>Signera</b> signerar alla ändringar som din roll får göra
på en gång, med en BankID-signering och en kvittens. En behörighetsadministratör signerar
alla tre slagen; en tjänsteadministratör kontaktpersoner och konton. Roller som bara får
läsa ser listan men kan inte ändra eller signera.</p>
<p>Signeringen går i fyra steg. <b>Granska</b>: exakt de ändringar som skickas.
<b>Välj</b>: <b>BankID på den här datorn</b> (BankID-appen startas här) eller <b>Mobilt
BankID på annan enhet</b> (du skannar en QR-kod som byts varje sekund); ditt val sparas till
nästa gång. <b>Signera</b>: BankID:s meddelanden visas medan du skriver under, med
kontrollsumman (SHA-256) för det du signerar. <b>Avbryt</b> avbryter signeringen i BankID;
sedan kan du försöka igen eller gå <b>Tillbaka</b> och välja det andra sättet. Stänger du
fönstret avbryts signeringen också, och inget skickas. <b>Kvittens</b>: vem som signerade,
när och kontrollsumman; spara den med <b>Spara kvittens…</b>.</p>
<h3><a name="kvittenser"></a>Organisationen &gt; Kvittenser</h3>
<p>Kvittenserna på kommunens signeringar, de senaste först: kvittensnummer, när och av vem
den signerades, hur många ändringar och vad. Sök på kvittensnummer, namnet på den som
signerade eller en text i ändringarna; exportera listan till CSV eller Excel. Du ser de
kvittenser vars alla ändringar din roll får läsa (kvittenser med ändringar av användare ser
bara en behörighetsadministratör). Retur eller dubbelklick öppnar en kvittens: alla
ändringar, kontrollsumman (SHA-256) och BankID-uppgifterna (vem som signerade och när enligt
signaturen, signaturen och OCSP-svaret). <b>Verifiera</b> kontrollerar kvittensen igen:
signaturen mot signeringstjänstens CA, det signerade innehållet, ändringarna mot
kontrollsumman, OCSP-svaret och kvittensens plats i granskningskedjan, var för sig med
resultat. <b>Skriv ut</b> (Ctrl+P) och <b>Spara som PDF</b> ger kvittensen på en sida.</p>
<h3><a name="kortkommandon"></a>Kortkommandon</h3>
<p>F1: hjälp för skärmen du är på · Ctrl+F: sök · Ctrl+N: skapa användare · Retur: ändra
den markerade användaren · Delete: ta bort den markerade användaren, eller förkasta den
markerade ändringen när listan Användare att signera har fokus · Tab: nästa fält ·
Alt + understruken bokstav: gå till fältet eller tryck på knappen · Esc: stäng en dialog ·
Ctrl+Q: avsluta.</p>
<p>I <b>Ändra behörighetsperiod</b> markerar eller avmarkerar Retur och blanksteg raden
du står på; <b>Bekräfta</b> trycker du på själv.</p>
""")


#: The rows of the matrix under the guide's headings (bild 11), in its order.
GROUPS: tuple[tuple[str, tuple[Function, ...]], ...] = (
    (QT_TR_NOOP("Stödfunktion"), (Function.HANTERA_ANVANDARE,)),
    (
        QT_TR_NOOP("Hantera företagsinformation"),
        (Function.KONTAKTPERSON, Function.KONTOINFORMATION, Function.UTFORANDE_VERKSAMHET),
    ),
    (
        QT_TR_NOOP("Handlingar"),
        (
            Function.HANTERA_HANDLINGAR,
            Function.AVVIKELSERAPPORT,
            Function.GEMENSAM_PLANERING,
            Function.MANADSRAPPORT,
        ),
    ),
    (QT_TR_NOOP("Uppföljning"), (Function.BEGARA_ERSATTNING, Function.UPPFOLJNING_ERSATTNINGAR)),
)

SYMBOL_MEANINGS = {
    "●": QT_TR_NOOP("Uppdaterar (skapar, ändrar, tar bort)"),
    "○": QT_TR_NOOP("Läser"),
    "–": QT_TR_NOOP("Ingen behörighet"),
}
HEADING_BACKGROUND = QColor("#e8edf4")


def matrix_table() -> QTableWidget:
    """Funktion and one column per role; a heading row (spanning the table) over each of
    the guide's groups. The table asks for the width of all its columns."""
    roles = list(Role)
    rows = sum(1 + len(functions) for _group, functions in GROUPS)
    table = QTableWidget(rows, 1 + len(roles))
    named(table, tr("Behörighetsroller"))
    table.setHorizontalHeaderLabels([tr("Funktion"), *(tr(r.label) for r in roles)])
    table.verticalHeader().setVisible(False)
    name_header(table, table.horizontalHeader())
    row = 0
    for group, functions in GROUPS:
        heading = QTableWidgetItem(tr(group))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setBackground(HEADING_BACKGROUND)
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        table.setItem(row, 0, heading)
        table.setSpan(row, 0, 1, 1 + len(roles))
        row += 1
        for function in functions:
            table.setItem(row, 0, QTableWidgetItem(tr(function.label)))
            for column, role in enumerate(roles, start=1):
                symbol = MATRIX[function][role].symbol
                item = QTableWidgetItem(symbol)
                meaning = tr(SYMBOL_MEANINGS[symbol])
                item.setToolTip(meaning)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, meaning)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, item)
            row += 1
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.resizeColumnsToContents()
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    return table


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Hjälp – KA Webb"))
        layout = QVBoxLayout(self)
        #: The section of the guide shown last (``show_topic``).
        self.topic = ""
        self.tabs = tabs = named(QTabWidget(), tr("Hjälp"))
        styled(tabs.tabBar())
        self.guide = guide = named(QTextBrowser(), tr("Användarstöd"))
        guide.setHtml(tr(GUIDE_HTML))
        tabs.addTab(guide, tr("Användarstöd"))
        matrix = QWidget()
        matrix_layout = QVBoxLayout(matrix)
        matrix_layout.addWidget(
            QLabel(
                tr(
                    "● = uppdaterar information (skapar, ändrar och tar bort)   ○ = läser "
                    "information   – = ingen behörighet"
                )
            )
        )
        matrix_layout.addWidget(matrix_table())
        tabs.addTab(matrix, tr("Behörighetsroller"))
        layout.addWidget(tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("Stäng"))
        named(close, tr("Stäng"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Wide enough for the whole matrix, where the screen has room for it.
        wanted = self.sizeHint().expandedTo(QSize(820, 600))
        fit_to_screen(self, wanted)

    def show_topic(self, topic: str) -> None:
        """Show the guide at the section ``topic`` (an anchor of :data:`GUIDE_HTML`, e.g.
        ``"anvandare"``; "" = from the top)."""
        self.topic = topic
        self.tabs.setCurrentWidget(self.guide)
        if topic:
            self.guide.scrollToAnchor(topic)
        else:
            self.guide.verticalScrollBar().setValue(0)
