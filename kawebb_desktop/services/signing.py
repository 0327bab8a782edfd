"""Signing a change set with BankID: start → collect … → apply + receipt + audit.

The order lives in the store (``SigningOrder``), not in memory, so that collecting can
continue from any process. BankID is asked to let only the *session's* person sign (the
personnummer is read from the store, never taken from the caller), and the completion is
checked against that same stored person. No BankID call is made inside an open unit of
work, and every change of an order's state is a compare-and-set on its version: a racing
or repeated collect can never flip an order that completed and applied.

On *complete* the pending changes are re-read and hashed again: if they differ from what
was signed, nothing is applied (``Conflict``). Otherwise every change, the receipt, the
order's new state and the audit entry are written in one unit of work.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from cryptography import x509

from kawebb_desktop.domain.audit_chain import ReceiptCheck
from kawebb_desktop.domain.changes import (
    ChangeAction,
    ChangeKind,
    PendingChange,
    canonical_json,
    change_set_document,
    digest_of,
    visible_summary,
)
from kawebb_desktop.domain.documents import READ_FUNCTION, DocumentType
from kawebb_desktop.domain.entities import (
    Account,
    AccountUpdater,
    Claim,
    ClaimStatus,
    ContactPerson,
    Person,
    Receipt,
    User,
)
from kawebb_desktop.domain.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    RuleViolation,
    SigningFailed,
    ValidationError,
)
from kawebb_desktop.domain.messages import msg, term
from kawebb_desktop.domain.orders import OrderPurpose, OrderState, SigningOrder
from kawebb_desktop.domain.org_rules import check_accounts_after, check_contacts_after
from kawebb_desktop.domain.queries import MAX_PAGE_SIZE, Page
from kawebb_desktop.domain.roles import Access, Function, Role, allows
from kawebb_desktop.domain.rules import check_admins_remain, check_period
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.af import ReviewStatus
from kawebb_desktop.services.api import (
    Caller,
    OrderView,
    SignPreview,
    SignProgress,
    StartSigning,
    VersionedId,
)
from kawebb_desktop.services.claims import check_claims_after
from kawebb_desktop.services.common import (
    Env,
    Principal,
    ServiceBase,
    audit,
    authorize,
    cancel_quietly,
    compare_and_set,
    give_up,
    order_qr,
)
from kawebb_desktop.services.documents import (
    apply_document_change,
    check_documents_after,
    may_sign_change,
    may_write,
)
from kawebb_desktop.services.org_changes import FUNCTION_OF_KIND, accounts_after, contacts_after
from kawebb_desktop.services.proof import check_receipt
from kawebb_desktop.services.users import active_admins_after_changes
from kawebb_desktop.signing.base import (
    CollectStatus,
    Completion,
    HintCode,
    OrderStart,
    Signer,
    SignerError,
)
from kawebb_desktop.signing.messages import user_message
from kawebb_desktop.store.base import UnitOfWork

NOTHING_TO_SIGN_FOR_ROLE = (
    "Din roll ({role}) ger inte behörighet att signera några ändringar: det kräver "
    "behörighet att ändra användare, kontaktpersoner eller kontoinformation."
)


NOT_YOURS_TO_SIGN = (
    "Ändringarna som väntar på signering är ändringar av användare, och din roll ({role}) "
    "ger inte behörighet att signera dem (”Hantera användare”). En "
    "behörighetsadministratör signerar dem."
)


def signable_kinds(role: Role) -> frozenset[ChangeKind]:
    """The kinds of change a role may sign: those whose function it may update (for
    documents: any type it may write; :func:`_may_sign` then checks each send's type)."""
    kinds = {k for k, f in FUNCTION_OF_KIND.items() if allows(role, f, Access.WRITE)}
    if any(may_write(role, t) for t in DocumentType):
        kinds.add(ChangeKind.DOCUMENT)
    return frozenset(kinds)


def _may_sign(role: Role, kinds: frozenset[ChangeKind], change: PendingChange) -> bool:
    if change.kind is ChangeKind.DOCUMENT:
        return change.kind in kinds and may_sign_change(role, change)
    return change.kind in kinds


def _signable(me: Principal) -> frozenset[ChangeKind]:
    kinds = signable_kinds(me.user.role)
    if not kinds:
        raise PermissionDenied(msg(NOTHING_TO_SIGN_FOR_ROLE, role=term(me.user.role.label)))
    return kinds


#: A function every role has at least Access.NONE on: for calls any signer may make.
ANY = Function.KONTAKTPERSON
#: The longest search text of *Kvittenser*.
MAX_SEARCH = 200


def readable_kinds(role: Role) -> frozenset[ChangeKind]:
    """The kinds of change whose content ``role`` may read: the matrix's row of each
    kind (documents: *Hantera handlingar*, as every document is read)."""
    kinds = {k for k, f in FUNCTION_OF_KIND.items() if allows(role, f, Access.READ)}
    if allows(role, READ_FUNCTION, Access.READ):
        kinds.add(ChangeKind.DOCUMENT)
    return frozenset(kinds)


def receipt_kinds(receipt: Receipt) -> frozenset[ChangeKind]:
    """The kinds of change in a receipt's signed change set."""
    try:
        changes = json.loads(receipt.document).get("changes", [])
        return frozenset(ChangeKind(c["kind"]) for c in changes)
    except (ValueError, TypeError, KeyError, AttributeError):
        # A damaged document: its kinds are unknown, so only a role that reads every
        # kind may see it (and *Verifiera* then says what is wrong with it).
        return frozenset(ChangeKind)


def may_read_receipt(role: Role, receipt: Receipt) -> bool:
    """*Kvittenser* shows a receipt to a role that may read every change in it (the
    permission matrix, row by row): a Behörighetsadministratör every receipt; the other
    roles none with a change of users (*Hantera användare* –), a Lärare none with an
    account or a claim, a Registrerare none with a claim."""
    return receipt_kinds(receipt) <= readable_kinds(role)


CHANGED_DURING_SIGNING = (
    "Ändringarna att signera har ändrats medan signeringen pågick, så ingenting har "
    "genomförts. Kontrollera listan och signera igen."
)
SET_CHANGED_SINCE_CONFIRMED = (
    "Ändringarna att signera har ändrats sedan du bekräftade dem (någon har lagt till, "
    "ändrat eller förkastat en ändring), så ingen signering har startats. Stäng och tryck "
    "Signera igen för att se vad som väntar nu."
)
NO_SUCH_SIGNING = "Signeringen finns inte."
NO_SUCH_RECEIPT = "Kvittensen finns inte."
WRONG_PERSON = "Signeringen gjordes med någon annans BankID och har inte genomförts."


def _versions(changes: list[PendingChange]) -> set[tuple[int, int]]:
    return {(c.id, c.version) for c in changes}


class SigningService(ServiceBase):
    def __init__(
        self,
        env: Env,
        signer: Signer,
        activation_delay: dt.timedelta,
        end_user_ip: str = "127.0.0.1",
        trust_anchor: x509.Certificate | None = None,
    ) -> None:
        """``trust_anchor`` is the CA receipts are verified against (default: the
        signer's ``ca_certificate``, which the simulator has: its test CA)."""
        super().__init__(env)
        self._signer = signer
        self._activation_delay = activation_delay
        self._ip = end_user_ip
        self._trust_anchor = trust_anchor or getattr(signer, "ca_certificate", None)

    def preview(
        self, caller: Caller, changes: tuple[VersionedId, ...] | None = None
    ) -> SignPreview:
        """*Granska*'s digest: the set :meth:`start` would sign, by the same code."""
        with self._acting(caller, ANY, Access.NONE) as (uow, me):
            signed, digest, summary = self._signed_set(uow, me, changes)
        return SignPreview(digest, summary, len(signed))

    def start(self, caller: Caller, command: StartSigning) -> OrderView:
        with self._acting(caller, ANY, Access.NONE) as (uow, me):
            _signable(me)
            earlier = self._earlier_answer(uow, me, command)
            if earlier is not None:
                return earlier
            changes, digest, summary = self._signed_set(uow, me, command.changes)
            personnummer = me.person.personnummer.value
            earlier_orders = uow.orders.pending_of(me.person_id)
        # BankID is called with no unit of work open; the order is recorded after. BankID
        # allows one order per person at a time: the person's orders still pending here
        # (another window's, or one a crash left behind) are given up first.
        give_up(self._env, self._signer, earlier_orders, HintCode.CANCELLED.value)
        start = self._sign(summary, digest, personnummer)
        order = SigningOrder(
            order_ref=start.order_ref,
            purpose=OrderPurpose.SIGN,
            started_at=self._clock.now(),
            state=OrderState.PENDING,
            auto_start_token=start.auto_start_token,
            qr_start_token=start.qr_start_token,
            qr_start_secret=start.qr_start_secret,
            organisation_id=me.organisation_id,
            person_id=me.person_id,
            digest=digest,
            summary=summary,
        )
        view = OrderView(
            order.order_ref,
            order.auto_start_token,
            order.started_at,
            summary,
            len(changes),
            qr_data=order_qr(order, self._clock.now()),
            digest=digest,
        )
        try:
            with self._store.unit_of_work(write=True) as uow:
                me = authorize(uow, self._env, caller, ANY, Access.NONE)
                _signable(me)
                earlier = self._earlier_answer(uow, me, command)
                if earlier is not None:  # the same request won a race: keep its order
                    cancel_quietly(self._signer, order.order_ref)
                    return earlier
                uow.orders.add(order)
                self._once(uow, me, command.key, "sign", command, OrderView, lambda: view)
                uow.commit()
        except BaseException:
            cancel_quietly(self._signer, order.order_ref)
            raise
        return view

    def _sign(self, summary: str, digest: str, personnummer: str) -> OrderStart:
        try:
            return self._signer.sign(self._ip, summary, digest, personal_number=personnummer)
        except SignerError as exc:
            if exc.error_code != "alreadyInProgress":
                raise
        # An order this store never recorded (a crash between BankID's answer and the
        # record): BankID has just cancelled it along with the refusal, so once more.
        return self._signer.sign(self._ip, summary, digest, personal_number=personnummer)

    def qr(self, caller: Caller, order_ref: str) -> str:
        """The animated QR code's content right now."""
        with self._acting(caller, ANY, Access.NONE) as (uow, me):
            order = self._own_order(uow, me, order_ref)
        return order_qr(order, self._clock.now())

    def collect(self, caller: Caller, order_ref: str) -> SignProgress:
        with self._acting(caller, ANY, Access.NONE) as (uow, me):
            order = self._own_order(uow, me, order_ref)
            if order.state is not OrderState.PENDING:
                return self._settled(uow, order)
        try:
            result = self._signer.collect(order_ref)
        except SignerError as exc:
            self._fail(order, exc.error_code, me)
            raise SigningFailed(exc.message, exc.error_code) from exc
        if result.status is CollectStatus.PENDING:
            if order.hint_code != result.hint_code:
                compare_and_set(self._store, replace(order, hint_code=result.hint_code))
            return SignProgress(
                result.status,
                result.hint_code,
                user_message(result.status, result.hint_code, qr=True),
                qr_data=order_qr(order, self._clock.now()),
            )
        if result.status is CollectStatus.FAILED:
            if not self._fail(order, result.hint_code, me):
                return self._current(order_ref)
            return SignProgress(
                result.status,
                result.hint_code,
                user_message(result.status, result.hint_code, qr=True),
            )
        assert result.completion is not None
        return self._apply(caller, me, order, result.completion)

    def cancel(self, caller: Caller, order_ref: str) -> None:
        with self._acting(caller, ANY, Access.NONE) as (uow, me):
            order = self._own_order(uow, me, order_ref)
        if order.state is OrderState.PENDING:
            cancel_quietly(self._signer, order_ref)
            self._fail(order, "cancelled", me, by_user=True)

    def receipts(
        self, caller: Caller, offset: int = 0, limit: int = 20, search: str = ""
    ) -> Page[Receipt]:
        """*Kvittenser*: the organisation's receipts that the caller's role may read in
        full (:func:`may_read_receipt`), newest first; ``search`` as the store's."""
        if offset < 0 or not 1 <= limit <= MAX_PAGE_SIZE:
            raise ValidationError(
                msg(
                    "Sidan måste börja på 0 eller mer och visa 1–{limit} rader.",
                    limit=MAX_PAGE_SIZE,
                ),
                "limit",
            )
        if not isinstance(search, str) or len(search) > MAX_SEARCH:
            raise ValidationError(msg("Sök med högst {limit} tecken.", limit=MAX_SEARCH), "search")
        with self._acting(caller, ANY, Access.NONE) as (uow, me):
            hidden = [k.value for k in ChangeKind if k not in readable_kinds(me.user.role)]
            return uow.receipts.page(me.organisation_id, offset, limit, search, hidden)

    def verify_receipt(self, caller: Caller, receipt_id: int) -> ReceiptCheck:
        """Check a receipt of the caller's organisation: its signature against the
        signing service's CA, the signed data, the change set, the OCSP response and its
        place in the audit chain (``services/proof.py``). Needs no secret. A receipt the
        role may not read in full is NotFound, as in :meth:`receipts`."""
        with self._acting(caller, ANY, Access.NONE) as (uow, me):
            receipt = uow.receipts.get(receipt_id) if isinstance(receipt_id, int) else None
            if (
                receipt is None
                or receipt.organisation_id != me.organisation_id
                or not may_read_receipt(me.user.role, receipt)
            ):
                raise NotFound(NO_SUCH_RECEIPT)
            return check_receipt(uow, receipt, self._trust_anchor)

    # ------------------------------------------------------------------ internals
    def _signed_set(
        self, uow: UnitOfWork, me: Principal, confirmed: tuple[VersionedId, ...] | None
    ) -> tuple[list[PendingChange], str, str]:
        """The changes an order of ``me`` signs now (those of ``confirmed``, which must be
        exactly what waits for the role), checked as a whole; their digest and text."""
        kinds = _signable(me)
        waiting = uow.pending.for_organisation(me.organisation_id)
        changes = [c for c in waiting if _may_sign(me.user.role, kinds, c)]
        if waiting and not changes:
            raise PermissionDenied(msg(NOT_YOURS_TO_SIGN, role=term(me.user.role.label)))
        if confirmed is not None and _versions(changes) != {(c.id, c.version) for c in confirmed}:
            raise Conflict(SET_CHANGED_SINCE_CONFIRMED)
        if not changes:
            raise RuleViolation("Det finns inga ändringar att signera.")
        self._check_set(uow, me.organisation_id, changes, kinds)
        _document, digest = self._document(uow, me.organisation_id, changes)
        return changes, digest, visible_summary(me.organisation.name, changes)

    def _earlier_answer(
        self, uow: UnitOfWork, me: Principal, command: StartSigning
    ) -> OrderView | None:
        """The answer already given to this idempotency key, if any (else None)."""
        try:
            return self._once(uow, me, command.key, "sign", command, OrderView, _not_yet)
        except _NotYet:
            return None

    def _own_order(self, uow: UnitOfWork, me: Principal, order_ref: str) -> SigningOrder:
        order = uow.orders.get(order_ref) if isinstance(order_ref, str) else None
        if (
            order is None
            or order.purpose is not OrderPurpose.SIGN
            or order.person_id != me.person_id
            or order.organisation_id != me.organisation_id
        ):
            raise NotFound(NO_SUCH_SIGNING)
        return order

    def _settled(self, uow: UnitOfWork, order: SigningOrder) -> SignProgress:
        if order.state is OrderState.COMPLETE:
            receipt = uow.receipts.get(order.receipt_id) if order.receipt_id else None
            return SignProgress(CollectStatus.COMPLETE, None, "Signeringen lyckades.", receipt)
        if order.state is OrderState.FAILED:
            return SignProgress(
                CollectStatus.FAILED,
                order.hint_code,
                user_message(CollectStatus.FAILED, order.hint_code, qr=True),
            )
        return SignProgress(
            CollectStatus.PENDING,
            order.hint_code,
            user_message(CollectStatus.PENDING, order.hint_code, qr=True),
            qr_data=order_qr(order, self._clock.now()),
        )

    def _current(self, order_ref: str) -> SignProgress:
        """How the order stands in the store now (after losing a race to change it)."""
        with self._store.unit_of_work() as uow:
            order = uow.orders.get(order_ref)
            if order is None:
                raise NotFound(NO_SUCH_SIGNING)
            return self._settled(uow, order)

    def _fail(
        self, order: SigningOrder, hint: str | None, me: Principal, by_user: bool = False
    ) -> bool:
        """Mark a pending order failed (compare-and-set); False if it had changed."""
        try:
            with self._store.unit_of_work(write=True) as uow:
                uow.orders.update(replace(order, state=OrderState.FAILED, hint_code=hint))
                what = "avbröts" if by_user else f"misslyckades ({hint or 'okänt fel'})"
                audit(
                    uow, self._clock.now(), "signering.misslyckad", f"Signeringen {what}.", actor=me
                )
                uow.commit()
        except Conflict:
            return False
        return True

    def _document(
        self, uow: UnitOfWork, organisation_id: int, changes: list[PendingChange]
    ) -> tuple[str, str]:
        organisation = uow.organisations.get(organisation_id)
        if organisation is None:
            raise NotFound("Organisationen finns inte.")
        text = canonical_json(
            change_set_document(organisation_id, organisation.org_number.value, changes)
        )
        return text, digest_of(text)

    def _check_set(
        self,
        uow: UnitOfWork,
        organisation_id: int,
        changes: list[PendingChange],
        kinds: frozenset[ChangeKind],
    ) -> None:
        """Re-validate the whole set as it would take effect: periods against today's
        year-end, that an active Behörighetsadministratör remains, and the rules of the
        contact persons and accounts (one administrative contact, one standard account)."""
        today = self._clock.today()
        for change in changes:
            if change.kind is ChangeKind.USER and change.action is not ChangeAction.BORTTAGEN:
                draft = change.user_draft()
                check_period(
                    draft.role, draft.start_date, draft.end_date, today, who=draft.full_name
                )
        if ChangeKind.USER in kinds:
            check_admins_remain(
                active_admins_after_changes(uow, organisation_id, self._clock.now(), today)
            )
        # The rules of a kind are checked when the set changes it (an organisation AF has
        # registered no contact person for can still sign its users' changes).
        present = {c.kind for c in changes}
        if ChangeKind.CONTACT in present:
            check_contacts_after(contacts_after(uow, organisation_id))
        if ChangeKind.ACCOUNT in present:
            check_accounts_after(accounts_after(uow, organisation_id))
        if ChangeKind.CLAIM in present:
            check_claims_after(uow, changes)
        if ChangeKind.DOCUMENT in present:
            check_documents_after(uow, changes)

    def _apply(
        self, caller: Caller, me: Principal, order: SigningOrder, completion: Completion
    ) -> SignProgress:
        if completion.user.personal_number != me.person.personnummer.value:
            self._fail(order, "wrongPerson", me)
            raise SigningFailed(WRONG_PERSON, "wrongPerson")
        now = self._clock.now()
        try:
            with self._store.unit_of_work(write=True) as uow:
                me = authorize(uow, self._env, caller, ANY, Access.NONE)
                kinds = _signable(me)
                # Locked (PostgreSQL) until applied: an edit arriving now waits, then finds
                # its change signed; one that got in first makes the digest differ.
                changes = [
                    c
                    for c in uow.pending.for_organisation(me.organisation_id, lock=True)
                    if _may_sign(me.user.role, kinds, c)
                ]
                document, digest = self._document(uow, me.organisation_id, changes)
                if not changes or digest != order.digest:
                    raise Conflict(CHANGED_DURING_SIGNING)
                self._check_set(uow, me.organisation_id, changes, kinds)
                for change in changes:
                    if change.kind is ChangeKind.USER:
                        self._apply_user_change(uow, change, now)
                    elif change.kind is ChangeKind.CONTACT:
                        apply_contact_change(uow, change)
                    elif change.kind is ChangeKind.CLAIM:
                        apply_claim_change(uow, change, self._clock.today())
                    elif change.kind is ChangeKind.DOCUMENT:
                        apply_document_change(uow, change, now, me.person_id)
                    else:
                        apply_account_change(uow, change, self._clock.today())
                    uow.pending.remove(change.id)
                receipt = uow.receipts.add(
                    Receipt(
                        id=0,
                        organisation_id=me.organisation_id,
                        order_ref=order.order_ref,
                        signed_at=now,
                        signer_person_id=me.person_id,
                        signer_name=me.person.full_name,
                        signer_personnummer=Personnummer(completion.user.personal_number),
                        summary=order.summary,
                        document=document,
                        digest=digest,
                        signature=completion.signature,
                        ocsp_response=completion.ocsp_response,
                        change_count=len(changes),
                    )
                )
                # The compare-and-set: if another collect completed (or failed) this
                # order meanwhile, this whole unit of work is rolled back.
                uow.orders.update(
                    replace(order, state=OrderState.COMPLETE, hint_code=None, receipt_id=receipt.id)
                )
                audit(
                    uow,
                    now,
                    "signering.klar",
                    f"Signerade {len(changes)} ändring(ar); kvittens {receipt.id}, "
                    f"SHA-256 {digest}.",
                    actor=me,
                )
                uow.commit()
        except (Conflict, RuleViolation) as exc:
            with self._store.unit_of_work() as uow:
                stored = uow.orders.get(order.order_ref)
            if stored is not None and stored.version != order.version:
                return self._current(order.order_ref)  # another collect settled it
            self._fail(order, "changedDuringSigning", me)
            raise exc
        return SignProgress(CollectStatus.COMPLETE, None, "Signeringen lyckades.", receipt)

    def _apply_user_change(self, uow: UnitOfWork, change: PendingChange, now: dt.datetime) -> None:
        draft = change.user_draft()
        if change.action is ChangeAction.BORTTAGEN:
            assert change.target_id is not None
            uow.users.remove(change.target_id)
            return
        # A registered person keeps the name BankID gave; only a new one takes the
        # draft's (an admin in one municipality never renames anybody).
        person = uow.persons.by_personnummer(draft.personnummer)
        if person is None:
            person = uow.persons.add(
                Person(0, draft.personnummer, draft.first_name, draft.last_name)
            )
        if change.action is ChangeAction.NY:
            activates_at = now + self._activation_delay if self._activation_delay else None
            uow.users.add(
                User(
                    id=0,
                    organisation_id=change.organisation_id,
                    person=person,
                    email=draft.email,
                    role=draft.role,
                    start_date=draft.start_date,
                    end_date=draft.end_date,
                    activates_at=activates_at,
                )
            )
            return
        assert change.target_id is not None
        user = uow.users.get(change.target_id)
        if user is None:
            raise Conflict(CHANGED_DURING_SIGNING)
        uow.users.update(
            replace(
                user,
                person=person,
                email=draft.email,
                role=draft.role,
                start_date=draft.start_date,
                end_date=draft.end_date,
            )
        )


def apply_contact_change(uow: UnitOfWork, change: PendingChange) -> None:
    """A signed change of a contact person takes effect."""
    if change.action is ChangeAction.BORTTAGEN:
        uow.contacts.remove(_target(change))
        return
    draft = change.contact_draft()
    if change.action is ChangeAction.NY:
        stored = ContactPerson(
            id=0,
            organisation_id=change.organisation_id,
            first_name="",
            last_name="",
            email=draft.email,
        )
    else:
        found = uow.contacts.get(_target(change))
        if found is None:
            raise Conflict(CHANGED_DURING_SIGNING)
        stored = found
    contact = replace(
        stored,
        first_name=draft.first_name,
        last_name=draft.last_name,
        email=draft.email,
        phone1=draft.phone1,
        phone2=draft.phone2,
        unit_ids=draft.unit_ids,
        addresses=draft.addresses,
        administrative=draft.administrative,
    )
    if change.action is ChangeAction.NY:
        uow.contacts.add(contact)
    else:
        uow.contacts.update(contact)


def apply_account_change(uow: UnitOfWork, change: PendingChange, today: dt.date) -> None:
    """A signed change of an account takes effect. A new account, and one whose type,
    number or units changed, waits for AF's review again (*Ny – ej granskad*); moving
    only the standard mark keeps the review."""
    if change.action is ChangeAction.BORTTAGEN:
        uow.accounts.remove(_target(change))
        return
    draft = change.account_draft()
    if change.action is ChangeAction.NY:
        uow.accounts.add(
            Account(
                id=0,
                organisation_id=change.organisation_id,
                kind=draft.kind,
                number=draft.number,
                review_status=ReviewStatus.NY.value,
                updated_on=today,
                updated_by=AccountUpdater.LEVERANTOR,
                unit_ids=draft.unit_ids,
                is_default=draft.is_default,
            )
        )
        return
    account = uow.accounts.get(_target(change))
    if account is None:
        raise Conflict(CHANGED_DURING_SIGNING)
    changed = replace(account, kind=draft.kind, number=draft.number, unit_ids=draft.unit_ids)
    if changed != account:
        changed = replace(
            changed,
            review_status=ReviewStatus.NY.value,
            updated_on=today,
            updated_by=AccountUpdater.LEVERANTOR,
        )
    uow.accounts.update(replace(changed, is_default=draft.is_default))


def apply_claim_change(uow: UnitOfWork, change: PendingChange, today: dt.date) -> None:
    """A signed *Begär ersättning* is sent: stored as *Inskickad* today, with the amount
    that was computed when it was made (and signed)."""
    if change.action is not ChangeAction.NY:  # pragma: no cover - claims are only made
        raise Conflict(CHANGED_DURING_SIGNING)
    draft = change.claim_draft()
    uow.claims.add(
        Claim(
            id=0,
            organisation_id=change.organisation_id,
            case_id=change.claim_case_id,
            kind=draft.kind,
            field_of_work=draft.field_of_work,
            extent=draft.extent,
            start_date=draft.start_date,
            end_date=draft.end_date,
            amount=change.claim_amount,
            status=ClaimStatus.INSKICKAD,
            submitted_on=today,
        )
    )


def _target(change: PendingChange) -> int:
    if change.target_id is None:  # pragma: no cover - only Ny has none
        raise Conflict(CHANGED_DURING_SIGNING)
    return change.target_id


class _NotYet(Exception):
    """Raised by ``_not_yet``: the idempotency key has no answer stored yet."""


def _not_yet() -> OrderView:
    raise _NotYet
