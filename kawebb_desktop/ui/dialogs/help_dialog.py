"""*Hjälp*: a short guide in Swedish and the permission matrix of the five roles,
generated from the same table the services enforce."""

from __future__ import annotations

from PySide6.QtWidgets import (
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

from kawebb_desktop.domain.roles import MATRIX, Role
from kawebb_desktop.ui.widgets.forms import named

GUIDE_HTML = """
<h2>KA Webb – webbstöd för utbildningskontrakt</h2>
<p>I KA Webb utbyter kommunen och Arbetsförmedlingen information om utbildningskontrakt.
Du loggar in med BankID och behöver en aktiv behörighet i kommunen.</p>
<h3>Mitt arbete</h3>
<p><b>Översikt</b> visar ärendena för den utförande verksamhet som är vald uppe till höger.
Ärenden vars senaste händelse kom in under den senaste veckan visas i fetstil. Klicka på en
kolumnrubrik för att sortera.</p>
<h3>Organisationen &gt; Användare</h3>
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
<h3>Kortkommandon</h3>
<p>Ctrl+F: sök · Ctrl+N: skapa · Retur: ändra · Delete: ta bort/förkasta · Tab: nästa fält</p>
"""


def matrix_table() -> QTableWidget:
    roles = list(Role)
    table = QTableWidget(len(MATRIX), len(roles))
    named(table, "Behörighetsroller")
    table.setHorizontalHeaderLabels([r.label for r in roles])
    table.setVerticalHeaderLabels([f.label for f in MATRIX])
    for row, (_function, cells) in enumerate(MATRIX.items()):
        for column, role in enumerate(roles):
            item = QTableWidgetItem(cells[role].symbol)
            item.setToolTip(
                {
                    "●": "Uppdaterar (skapar, ändrar, tar bort)",
                    "○": "Läser",
                    "–": "Ingen behörighet",
                }[cells[role].symbol]
            )
            table.setItem(row, column, item)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.resizeColumnsToContents()
    return table


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hjälp – KA Webb")
        self.resize(820, 600)
        layout = QVBoxLayout(self)
        tabs = named(QTabWidget(), "Hjälp")
        guide = named(QTextBrowser(), "Användarstöd")
        guide.setHtml(GUIDE_HTML)
        tabs.addTab(guide, "Användarstöd")
        matrix = QWidget()
        matrix_layout = QVBoxLayout(matrix)
        matrix_layout.addWidget(
            QLabel(
                "● = uppdaterar information (skapar, ändrar och tar bort)  ○ = läser information"
            )
        )
        matrix_layout.addWidget(matrix_table())
        tabs.addTab(matrix, "Behörighetsroller")
        layout.addWidget(tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("Stäng")
        named(close, "Stäng")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
