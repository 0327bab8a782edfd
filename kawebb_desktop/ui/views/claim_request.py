"""*Mitt arbete > Begär ersättning* (guide §5.1, DOMAIN.md §5, issue 9).

The form: the ersättningsärende (the open ersättningsärenden of the utförande verksamhet
chosen at the top right, found by number or name), the period, the kind (Anställning or
Praktik), the field of work and the extent in percent. The amount is computed **as the
user types**, month by month, by :mod:`kawebb_desktop.domain.compensation` (pure and
instant, on the GUI thread); a value that breaks a rule is said in Swedish under its
field. The case's own dates are checked here too; the periods already requested are the
service's to check.

*Skicka* makes the request (``create_claim``, on the worker) and opens the same BankID
signing as *Ändringar att signera*: everything the role signs, one receipt. A refusal —
a period that overlaps one already requested, outside the case's dates, a closed case —
is shown under its field, and nothing in the form is lost. A role that may only read
(Läsare) sees the form and its computation, and a line saying it cannot send.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import ClaimDraft
from kawebb_desktop.domain.compensation import (
    Compensation,
    CompensationKind,
    FieldOfWork,
    check_period,
    compute_compensation,
    format_kronor,
    parse_extent,
)
from kawebb_desktop.domain.entities import Case, CaseKind, Receipt, Unit
from kawebb_desktop.domain.errors import (
    InvalidDraft,
    NotAuthenticated,
    NotAuthorized,
    RuleViolation,
    ValidationError,
)
from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField, CaseSort, Page
from kawebb_desktop.domain.roles import Access, Function, allows
from kawebb_desktop.services.api import CreateClaim, PendingClaimChange, Services, caller_of
from kawebb_desktop.services.offline_api import SIGNING_NEEDS_SERVER
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import date_edit, to_date, to_qdate
from kawebb_desktop.ui.errors import LIST_FAILED
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.models.claims import MonthTableModel, period_text
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.views.pending_changes import (
    PendingRow,
    load_signable,
    open_signing_dialog,
    show_completed_after_close,
    signable,
    signed_text,
)
from kawebb_desktop.ui.widgets.feedback import BusyLabel
from kawebb_desktop.ui.widgets.forms import (
    FieldError,
    add_field,
    add_heading,
    button,
    named,
    set_invalid,
    with_clear_button,
)
from kawebb_desktop.ui.widgets.tables import configure_table, fit_columns
from kawebb_desktop.ui.worker import Worker

TITLE = QT_TR_NOOP("Begär ersättning")
INTRO = QT_TR_NOOP(
    "Begär ersättning för en person i ett ersättningsärende. Beloppet räknas fram medan du "
    "fyller i: högst 11 000 kr i månaden för anställning och 3 300 kr för praktik vid minst "
    "50 % omfattning, lägre i proportion under 50 %, och delar av en månad efter antalet "
    "dagar. Skicka signerar begäran med BankID."
)
READ_ONLY = QT_TR_NOOP(
    "Din roll ({role}) kan se beräkningen men inte skicka en begäran om ersättning."
)
NO_UNIT = QT_TR_NOOP("Välj en utförande verksamhet uppe till höger.")
MAIN_CASES = QT_TR_NOOP(
    "{unit} har huvudärenden. Ersättning begärs i ett ersättningsärende: välj en utförande "
    "verksamhet med ersättningsärenden uppe till höger."
)
NO_CASES = QT_TR_NOOP("Den utförande verksamheten har inga pågående ersättningsärenden.")
NO_MATCH = QT_TR_NOOP("Inget pågående ersättningsärende matchar sökningen.")
CHOOSE_CASE = QT_TR_NOOP("Välj ärendet som begäran gäller.")
MORE_CASES = QT_TR_NOOP(
    "Visar de {shown} första av {total} ärenden: sök på nummer eller namn för att hitta fler."
)
NOT_COMPUTED = QT_TR_NOOP("Beloppet visas här när uppgifterna är ifyllda och giltiga.")
NOT_SENT = QT_TR_NOOP(
    "Begäran är inte skickad: den väntar under Organisationen > Ändringar att signera "
    "tills den signeras med BankID."
)
CREATE_FAILED = QT_TR_NOOP("Begäran om ersättning kunde inte skapas.")
#: How many cases the chooser lists at a time (the rest are found by searching).
CASE_CHOICES = 100
#: The case search runs this long after the last keystroke.
SEARCH_DELAY_MS = 250
#: The service checks the request (periods already requested) this long after a change.
PREVIEW_DELAY_MS = 400
#: The form's fields, by the names the rules give them.
FIELDS = ("case_id", "start_date", "end_date", "period", "kind", "field_of_work", "extent")


def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The whole month before ``today``'s: what is usually requested."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def case_text(case: Case) -> str:
    """A case as the chooser lists it: number and person."""
    return f"{case.case_number} – {case.first_name} {case.last_name}"


def case_dates_text(case: Case) -> str:
    """The case's dates, under the chooser: a period must lie within them."""
    end = case.end_date.isoformat() if case.end_date else tr("tills vidare")
    return tr("Ärendet gäller {start} – {end} ({status}).").format(
        start=case.start_date.isoformat(), end=end, status=tr(case.status.value)
    )


class ClaimRequestView(View):
    help_topic = "begar-ersattning"
    #: A claim was signed and sent (Begärda ersättningar reads its list again).
    claim_sent = Signal()
    #: The computation shown changed (None: nothing can be computed yet).
    computed = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        collect_interval_ms: int = 2000,
        phone_approve_ms: int = 3000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._caller = caller_of(actor)
        self._collect_interval_ms = collect_interval_ms
        self._phone_approve_ms = phone_approve_ms
        self.writable = allows(actor.role, Function.BEGARA_ERSATTNING, Access.WRITE)
        self._unit: Unit | None = None
        self._worker = Worker(self)
        self._case_worker = Worker(self)
        #: The number of the latest case search (older answers are dropped).
        self._searches = 0
        #: Fields the user has changed (their errors show as they type; all at Skicka).
        self._touched: set[str] = set()
        #: A refusal from the service, shown at its field until that field changes.
        self._refusals: dict[str, str] = {}
        #: The service's check of the form as it is (``preview_claim``), after a pause;
        #: an answer about an older state of the form is dropped.
        self._preview_worker = Worker(self)
        self._previews = 0
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.preview)
        #: The computation shown (None when the form cannot be computed).
        self.compensation: Compensation | None = None
        #: The dialog or message box open right now (tests reach it here).
        self.dialog: QWidget | None = None
        self._sending = False

        layout = QVBoxLayout(self)
        add_heading(layout, tr(TITLE), tr(INTRO))
        self.role_note = QLabel(tr(READ_ONLY).format(role=tr(actor.role.label)))
        styled(self.role_note, "notice")
        self.role_note.setWordWrap(True)
        self.role_note.setVisible(not self.writable)
        layout.addWidget(self.role_note)
        self.unit_note = QLabel(tr(NO_UNIT))
        styled(self.unit_note, "notice")
        self.unit_note.setWordWrap(True)
        layout.addWidget(self.unit_note)

        self.body = QWidget()
        body = QHBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.body, 1)

        # ------------------------------------------------------------ the form
        form_side = QWidget()
        form_column = QVBoxLayout(form_side)
        form_column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.case_search, _ = add_field(
            form,
            tr("Sö&k ärende:"),
            QLineEdit(),
            tr("Ärendenummer (början räcker) eller för- och/eller efternamn."),
        )
        self.case_search.setPlaceholderText(tr("Ärendenummer eller namn"))
        with_clear_button(self.case_search)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.search_cases)
        self.case_search.textEdited.connect(lambda _t: self.search_timer.start())
        self.case_search.returnPressed.connect(self.search_cases)
        self.case_box, self.case_error = add_field(form, tr("Ä&rende:"), QComboBox())
        self.case_box.setMinimumContentsLength(24)
        self.case_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.case_box.currentIndexChanged.connect(lambda _i: self._changed("case_id"))
        self.case_dates = QLabel()
        styled(self.case_dates, "hint")
        self.case_dates.setAccessibleName(tr("Ärendets datum"))
        self.case_dates.setWordWrap(True)  # the form's width is the fields', not this line's
        form.addRow("", self.case_dates)
        self.case_hint = QLabel()
        styled(self.case_hint, "hint")
        self.case_hint.setWordWrap(True)
        self.case_hint.setVisible(False)
        form.addRow("", self.case_hint)
        start, end = previous_month(services.clock.today())
        self.start_date, self.start_error = add_field(form, tr("Period &från:"), date_edit())
        self.start_date.setDate(to_qdate(start))
        self.start_date.dateChanged.connect(lambda _d: self._changed("start_date"))
        self.end_date, self.end_error = add_field(form, tr("Period &till:"), date_edit())
        self.end_date.setDate(to_qdate(end))
        self.end_date.dateChanged.connect(lambda _d: self._changed("end_date"))
        self.period_error = FieldError()
        form.addRow("", self.period_error)
        self.kind_box, self.kind_error = add_field(form, tr("T&yp:"), QComboBox())
        for kind in CompensationKind:
            self.kind_box.addItem(tr(kind.label), kind.value)
        self.kind_box.currentIndexChanged.connect(lambda _i: self._changed("kind"))
        self.field_box, self.field_error = add_field(form, tr("&Verksamhetsområde:"), QComboBox())
        self.field_box.addItem(tr("Välj verksamhetsområde"), None)
        for field in FieldOfWork:
            self.field_box.addItem(tr(field.label), field.value)
        self.field_box.currentIndexChanged.connect(lambda _i: self._changed("field_of_work"))
        self.extent, self.extent_error = add_field(
            form,
            tr("&Omfattning (%):"),
            QLineEdit(),
            tr("Anställningens eller praktikens omfattning i procent av heltid, 1–100."),
        )
        self.extent.setPlaceholderText(tr("t.ex. 50 eller 37,5"))
        self.extent.setMaxLength(20)
        self.extent.textEdited.connect(lambda _t: self._changed("extent"))
        self.extent.returnPressed.connect(self.send)
        form_column.addLayout(form)
        actions = QHBoxLayout()
        self.busy = BusyLabel(self)
        actions.addWidget(self.busy)
        actions.addStretch(1)
        self.send_button = button(
            tr("&Skicka"),
            tooltip=tr(
                "Skapa begäran och signera den med BankID (den skickas när den är signerad)."
            ),
        )
        self.send_button.clicked.connect(self.send)
        self.send_button.setVisible(self.writable)
        actions.addWidget(self.send_button)
        form_column.addLayout(actions)
        self.result_note = QLabel()
        styled(self.result_note, "hint")
        self.result_note.setWordWrap(True)
        self.result_note.setVisible(False)
        form_column.addWidget(self.result_note)
        form_column.addStretch(1)
        body.addWidget(form_side, 1)

        # ------------------------------------------------------------ the computation
        self.computation = QGroupBox(tr("Beräkning"))
        computation = QVBoxLayout(self.computation)
        self.head = QLabel(tr(NOT_COMPUTED))
        self.head.setWordWrap(True)
        self.head.setAccessibleName(tr("Beräkning"))
        computation.addWidget(self.head)
        self.months = MonthTableModel(self)
        self.month_table = named(QTableView(), tr("Belopp per månad"))
        self.month_table.setModel(self.months)
        configure_table(self.month_table)
        computation.addWidget(self.month_table, 1)
        self.total = QLabel()
        self.total.setAccessibleName(tr("Summa"))
        bold = QFont(self.total.font())
        bold.setBold(True)
        self.total.setFont(bold)
        computation.addWidget(self.total)
        body.addWidget(self.computation, 1)

        self._errors: dict[str, FieldError] = {
            "case_id": self.case_error,
            "start_date": self.start_error,
            "end_date": self.end_error,
            "period": self.period_error,
            "kind": self.kind_error,
            "field_of_work": self.field_error,
            "extent": self.extent_error,
        }
        self._widgets: dict[str, QWidget] = {
            "case_id": self.case_box,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "period": self.end_date,
            "kind": self.kind_box,
            "field_of_work": self.field_box,
            "extent": self.extent,
        }
        self.set_unit(None)

    # ------------------------------------------------------------------ keyboard
    def first_field(self) -> QWidget:
        return self.case_search

    # ------------------------------------------------------------------ the unit and its cases
    def set_unit(self, unit: Unit | None) -> None:
        """The utförande verksamhet chosen at the top right: its open ersättningsärenden
        are the ones to choose from (a unit of huvudärenden has none)."""
        self._unit = unit
        usable = unit is not None and unit.case_kind is CaseKind.ERSATTNINGSARENDE
        if unit is None:
            self.unit_note.setText(tr(NO_UNIT))
        elif not usable:
            self.unit_note.setText(tr(MAIN_CASES).format(unit=unit.name))
        self.unit_note.setVisible(not usable)
        self.body.setVisible(usable)
        self.case_box.clear()
        if usable:
            self.search_cases()

    def search_cases(self) -> None:
        """List the open ersättningsärenden that match the search (all, without one)."""
        self.search_timer.stop()
        unit = self._unit
        if unit is None or unit.case_kind is not CaseKind.ERSATTNINGSARENDE:
            return
        text = self.case_search.text().strip()
        digits = text.replace(" ", "").replace("-", "")
        query = CaseQuery(
            unit_id=unit.id,
            text=text,
            search_field=CaseSearchField.ARENDE if digits.isdigit() else CaseSearchField.NAMN,
            include_closed=False,
            sort=CaseSort.CASE_NUMBER,
            descending=False,
            limit=CASE_CHOICES,
        )
        self._searches += 1
        search = self._searches
        cases, caller = self._services.cases, self._caller
        self._case_worker.run(
            lambda: cases.list_cases(caller, query),
            lambda page: self._cases_found(search, bool(text), page),
            lambda exc: self._cases_failed(search, exc),
        )

    def _cases_found(self, search: int, searched: bool, page: Page[Case]) -> None:
        if search != self._searches:
            return  # an older search answered after a newer one was made
        chosen = self.chosen_case()
        self.case_box.blockSignals(True)
        self.case_box.clear()
        for case in page.items:
            self.case_box.addItem(case_text(case), case)
        index = 0
        if chosen is not None:
            index = next((i for i, c in enumerate(page.items) if c.id == chosen.id), 0)
        self.case_box.setCurrentIndex(index if page.items else -1)
        self.case_box.blockSignals(False)
        if not page.items:
            self.case_hint.setText(tr(NO_MATCH if searched else NO_CASES))
        elif page.total > len(page.items) or not page.total_exact:
            total = (
                page.total if page.total_exact else tr("fler än {count}").format(count=page.total)
            )
            self.case_hint.setText(tr(MORE_CASES).format(shown=len(page.items), total=total))
        else:
            self.case_hint.setText("")
        self.case_hint.setVisible(bool(self.case_hint.text()))
        self._changed("case_id", touched=False)

    def _cases_failed(self, search: int, exc: BaseException) -> None:
        if search == self._searches:
            self.report(exc, tr(LIST_FAILED))

    def chosen_case(self) -> Case | None:
        case = self.case_box.currentData()
        return case if isinstance(case, Case) else None

    def choose_case(self, case_number: int) -> bool:
        """Choose the listed case ``case_number`` (True if it is listed)."""
        for i in range(self.case_box.count()):
            case = self.case_box.itemData(i)
            if isinstance(case, Case) and case.case_number == case_number:
                self.case_box.setCurrentIndex(i)
                return True
        return False

    # ------------------------------------------------------------------ as the user types
    def _changed(self, field: str, *, touched: bool = True) -> None:
        if touched:
            # The two dates make one period: a change of either may break the other.
            period = {"start_date", "end_date", "period"}
            self._touched.update(period if field in period else {field})
        self._refusals.pop(field, None)
        if field in ("start_date", "end_date"):
            self._refusals.pop("period", None)
        if field == "case_id":
            self._refusals.pop("period", None)
            self._refusals.pop("start_date", None)
            self._refusals.pop("end_date", None)
        self.result_note.setVisible(False)
        if field == "case_id":
            self._show_case_dates()
        self.recompute()
        self._previews += 1
        if self.compensation is not None and self.chosen_case() is not None:
            self.preview_timer.start()
        else:
            self.preview_timer.stop()

    def period(self) -> tuple[dt.date, dt.date]:
        return to_date(self.start_date.date()), to_date(self.end_date.date())

    def _show_case_dates(self) -> None:
        case = self.chosen_case()
        self.case_dates.setText(case_dates_text(case) if case is not None else "")
        self.case_dates.setVisible(case is not None)

    def check(self) -> tuple[dict[str, str], Compensation | None]:
        """Every rule the form breaks, by field, and the computation when it can be made.
        Pure: the domain's rules on what the fields hold now."""
        errors: dict[str, str] = {}
        start, end = self.period()
        case = self.chosen_case()
        if case is None:
            none_listed = not self.case_box.count() and self.case_hint.text()
            errors["case_id"] = self.case_hint.text() if none_listed else tr(CHOOSE_CASE)
        kind = CompensationKind(self.kind_box.currentData())
        field: FieldOfWork | None = None
        try:
            field = FieldOfWork.parse(self.field_box.currentData())
        except ValidationError as exc:
            errors["field_of_work"] = tr_message(exc.message)
        extent: Decimal | None = None
        try:
            extent = parse_extent(self.extent.text())
        except ValidationError as exc:
            errors["extent"] = tr_message(exc.message)
        try:  # the period's own shape, and the case's dates once a case is chosen
            if case is not None:
                check_period(start, end, case.start_date, case.end_date)
            else:
                check_period(start, end, start, None)
        except InvalidDraft as exc:
            for violation in exc.violations:
                errors.setdefault(violation.field or "period", tr_message(violation.message))
        computed = None
        if field is not None and extent is not None:
            try:
                computed = compute_compensation(kind, field, extent, start, end)
            except (ValidationError, RuleViolation) as exc:
                errors.setdefault(exc.field or "period", tr_message(exc.message))
        return errors, computed

    def recompute(self) -> None:
        """Show the computation and the errors of what the fields hold now."""
        errors, computed = self.check()
        for field, message in self._refusals.items():
            errors.setdefault(field, message)
        shown = {f: m for f, m in errors.items() if f in self._touched or f in self._refusals}
        for field, label in self._errors.items():
            label.show_message(shown.get(field))
        for field, widget in self._widgets.items():
            if field != "period":
                set_invalid(widget, field in shown or (field == "end_date" and "period" in shown))
        # What cannot be requested is not shown as an amount either.
        blocking = {"start_date", "end_date", "period"} & set(errors)
        self._show(None if blocking else computed)

    def preview(self) -> None:
        """Ask the service whether the form, as it is, could be sent: a period already
        requested shows under the period before Skicka is pressed."""
        self.preview_timer.stop()
        errors, computed = self.check()
        case = self.chosen_case()
        if errors or computed is None or case is None:
            return
        draft = ClaimDraft(computed.kind, computed.field_of_work, computed.extent, *self.period())
        claims, caller, case_id = self._services.claims, self._caller, case.id
        previews = self._previews
        self._preview_worker.run(
            lambda: claims.preview_claim(caller, case_id, draft),
            lambda _answer: None,
            lambda exc: self._preview_refused(previews, exc),
        )

    def _preview_refused(self, previews: int, exc: BaseException) -> None:
        if previews != self._previews or self._sending:
            return  # the form changed since (or Skicka answers for itself)
        if isinstance(exc, NotAuthorized | NotAuthenticated):
            self.report(exc)
        elif isinstance(exc, RuleViolation | ValidationError):
            self._show_refusal(exc, focus=False)
        # Anything else (the server away) is for Skicka to say; not while typing.

    def _show(self, computed: Compensation | None) -> None:
        self.compensation = computed
        if computed is None:
            self.head.setText(tr(NOT_COMPUTED))
            self.months.set_rows(())
            self.total.setText("")
        else:
            self.head.setText(computed.describe()[0])
            self.months.set_rows(computed.months)
            fit_columns(self.month_table)
            self.total.setText(tr("Summa: {amount}").format(amount=format_kronor(computed.total)))
        self.computed.emit(computed)

    def field_errors(self) -> dict[str, str]:
        """The errors shown now, by field (for tests and screen readers)."""
        return {f: e.text() for f, e in self._errors.items() if not e.isHidden()}

    # ------------------------------------------------------------------ Skicka
    def send(self) -> None:
        """Check everything; if it holds, make the request and sign it with BankID."""
        if not self.writable or self._sending or not self.body.isVisible():
            return
        self._touched.update(FIELDS)
        self.recompute()
        errors, computed = self.check()
        case = self.chosen_case()
        errors = {**self._refusals, **errors}  # the service's answer to this very form
        if errors or computed is None or case is None:
            first = next((f for f in FIELDS if f in errors), None)
            if first is not None:
                self._widgets[first].setFocus()
            return
        draft = ClaimDraft(computed.kind, computed.field_of_work, computed.extent, *self.period())
        command = CreateClaim(case.id, draft)
        claims, caller = self._services.claims, self._caller
        self._set_sending(True)
        self._worker.run(lambda: claims.create_claim(caller, command), self._created, self._refused)

    def _set_sending(self, sending: bool) -> None:
        self._sending = sending
        self.send_button.setEnabled(not sending)
        if sending:
            self.busy.start(tr("Skickar…"))
        else:
            self.busy.stop()

    def _refused(self, exc: BaseException) -> None:
        """A refusal is shown at its field; the form keeps what it holds."""
        self._set_sending(False)
        if not self._show_refusal(exc, focus=True):
            self.report(exc, tr(CREATE_FAILED))

    def _show_refusal(self, exc: BaseException, *, focus: bool) -> bool:
        """Show a refusal of the service under its field(s); False if it names none."""
        violations: list[RuleViolation | ValidationError] = []
        if isinstance(exc, InvalidDraft):
            violations = list(exc.violations)
        elif isinstance(exc, RuleViolation | ValidationError) and exc.field in self._errors:
            violations = [exc]
        if not violations:
            return False
        for violation in violations:
            field = violation.field if violation.field in self._errors else "period"
            self._refusals.setdefault(field, tr_message(violation.message))
            self._touched.add(field)
        self.recompute()
        if focus:
            first = next((f for f in FIELDS if f in self._refusals), "period")
            self._widgets[first].setFocus()
        return True

    def _created(self, pending: PendingClaimChange) -> None:
        """The request waits under Ändringar att signera: sign it now (with whatever
        else the role signs), as Signera there would."""
        self.status.emit(
            tr("Begäran för ärende {number} ({amount}) ligger under Ändringar att signera.").format(
                number=pending.case_number, amount=format_kronor(pending.amount)
            )
        )
        services, actor = self._services, self._actor
        offline = services.offline
        if offline is not None and not offline.online(self._caller):
            # Signing needs the server (issue 11): the request waits, marked Ej synkad.
            self._set_sending(False)
            self._note(f"{SIGNING_NEEDS_SERVER} {tr(NOT_SENT)}")
            return
        self._worker.run(
            lambda: load_signable(services, actor), self._open_signing, self._signing_failed
        )

    def _signing_failed(self, exc: BaseException) -> None:
        self._set_sending(False)
        self._note(tr(NOT_SENT))
        self.report(exc, tr(LIST_FAILED))

    def _open_signing(self, rows: list[PendingRow]) -> None:
        self._set_sending(False)
        to_sign = signable(rows, self._actor.role)
        if not to_sign:  # signed elsewhere meanwhile
            self.claim_sent.emit()
            return
        dialog: SigningDialog = open_signing_dialog(
            self,
            self._services,
            self._actor,
            to_sign,
            collect_interval_ms=self._collect_interval_ms,
            phone_approve_ms=self._phone_approve_ms,
            on_closed=self._signing_closed,
            on_completed_after_close=self._completed_after_close,
        )
        self.dialog = dialog

    def _signing_closed(self, receipt: Receipt | None) -> None:
        if receipt is None:
            self._note(tr(NOT_SENT))
            return
        start, end = self.period()
        self._note(
            tr("Skickad: {period}, {amount}. Kvittens {receipt}.").format(
                period=period_text(start, end),
                amount=format_kronor(self.compensation.total) if self.compensation else "",
                receipt=receipt.id,
            )
        )
        self.status.emit(signed_text(receipt))
        self.claim_sent.emit()

    def _completed_after_close(self, receipt: Receipt) -> None:
        self._note(tr("Skickad. Kvittens {receipt}.").format(receipt=receipt.id))
        self.status.emit(signed_text(receipt))
        self.claim_sent.emit()
        self.dialog = show_completed_after_close(self, receipt)

    def _note(self, text: str) -> None:
        self.result_note.setText(text)
        self.result_note.setVisible(True)
