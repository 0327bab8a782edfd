"""Signing a change set with BankID: start → collect … → apply + receipt + audit.

The order lives in the store (``SigningOrder``), not in memory, so that collecting can
continue from any process. On *complete* the pending changes are re-read and hashed
again: if they differ from what was signed, nothing is applied (``Conflict``).
Otherwise every change, the receipt and the audit entry are written in one unit of work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import (
    ChangeAction,
    ChangeKind,
    PendingChange,
    canonical_json,
    change_set_document,
    digest_of,
    visible_summary,
)
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import Person, Receipt, User
from kawebb_desktop.domain.errors import (
    Conflict,
    NotFound,
    RuleViolation,
    SigningFailed,
)
from kawebb_desktop.domain.orders import OrderPurpose, OrderState, SigningOrder
from kawebb_desktop.domain.queries import Page
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.domain.rules import check_admins_remain, check_period
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.common import audit, authorize
from kawebb_desktop.services.users import active_admins_after_changes
from kawebb_desktop.signing.base import CollectStatus, Completion, Signer, qr_content
from kawebb_desktop.signing.messages import user_message
from kawebb_desktop.store.base import Store, UnitOfWork

#: Which function of the matrix a change kind needs, to be signed.
FUNCTION_OF_KIND = {ChangeKind.USER: Function.HANTERA_ANVANDARE}

CHANGED_DURING_SIGNING = (
    "Ändringarna att signera har ändrats medan signeringen pågick, så ingenting har "
    "genomförts. Kontrollera listan och signera igen."
)


@dataclass(frozen=True, slots=True)
class OrderView:
    """What a client needs to show an order: the tokens for QR and autostart."""

    order_ref: str
    auto_start_token: str
    started_at: dt.datetime
    summary: str
    change_count: int = 0


@dataclass(frozen=True, slots=True)
class SignProgress:
    status: CollectStatus
    hint_code: str | None
    #: BankID's recommended Swedish text for the state (RFA messages).
    message: str
    receipt: Receipt | None = None


class SigningService:
    def __init__(
        self,
        store: Store,
        signer: Signer,
        clock: Clock,
        activation_delay: dt.timedelta,
        end_user_ip: str = "127.0.0.1",
    ) -> None:
        self._store = store
        self._signer = signer
        self._clock = clock
        self._activation_delay = activation_delay
        self._ip = end_user_ip

    @property
    def signer_name(self) -> str:
        return self._signer.name

    def start(self, actor: Actor, kind: ChangeKind = ChangeKind.USER) -> OrderView:
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, FUNCTION_OF_KIND[kind], Access.WRITE)
            changes = uow.pending.for_organisation(actor.organisation_id, kind)
            if not changes:
                raise RuleViolation("Det finns inga ändringar att signera.")
            self._check_set(uow, actor.organisation_id, changes)
            _document, digest = self._document(uow, actor.organisation_id, changes)
            summary = visible_summary(actor.organisation_name, changes)
            start = self._signer.sign(
                self._ip, summary, digest, personal_number=actor.personnummer.value
            )
            order = uow.orders.add(
                SigningOrder(
                    order_ref=start.order_ref,
                    purpose=OrderPurpose.SIGN,
                    started_at=self._clock.now(),
                    state=OrderState.PENDING,
                    auto_start_token=start.auto_start_token,
                    qr_start_token=start.qr_start_token,
                    qr_start_secret=start.qr_start_secret,
                    organisation_id=actor.organisation_id,
                    person_id=actor.person_id,
                    digest=digest,
                    summary=summary,
                )
            )
            uow.commit()
        return OrderView(
            order.order_ref, order.auto_start_token, order.started_at, summary, len(changes)
        )

    def qr(self, order_ref: str) -> str:
        """The animated QR code's content right now."""
        with self._store.unit_of_work() as uow:
            order = uow.orders.get(order_ref)
        if order is None:
            raise NotFound("Signeringen finns inte.")
        return qr_content(
            order.qr_start_token, order.qr_start_secret, order.started_at, self._clock.now()
        )

    def collect(self, actor: Actor, order_ref: str, *, qr: bool = True) -> SignProgress:
        with self._store.unit_of_work() as uow:
            order = self._own_order(uow, actor, order_ref)
            if order.state is OrderState.COMPLETE:
                receipt = uow.receipts.get(order.receipt_id) if order.receipt_id else None
                return SignProgress(CollectStatus.COMPLETE, None, "Signeringen lyckades.", receipt)
            if order.state is OrderState.FAILED:
                return SignProgress(
                    CollectStatus.FAILED,
                    order.hint_code,
                    user_message(CollectStatus.FAILED, order.hint_code, qr=qr),
                )
        result = self._signer.collect(order_ref)
        if result.status is CollectStatus.PENDING:
            with self._store.unit_of_work() as uow:
                if order.hint_code != result.hint_code:
                    uow.orders.update(replace(order, hint_code=result.hint_code))
                    uow.commit()
            return SignProgress(
                result.status,
                result.hint_code,
                user_message(result.status, result.hint_code, qr=qr),
            )
        if result.status is CollectStatus.FAILED:
            self._fail(order, result.hint_code, actor)
            return SignProgress(
                result.status,
                result.hint_code,
                user_message(result.status, result.hint_code, qr=qr),
            )
        assert result.completion is not None
        receipt = self._apply(actor, order, result.completion)
        return SignProgress(CollectStatus.COMPLETE, None, "Signeringen lyckades.", receipt)

    def cancel(self, actor: Actor, order_ref: str) -> None:
        with self._store.unit_of_work() as uow:
            order = self._own_order(uow, actor, order_ref)
        if order.state is OrderState.PENDING:
            self._signer.cancel(order_ref)
            self._fail(order, "cancelled", actor, by_user=True)

    def receipts(self, actor: Actor, offset: int = 0, limit: int = 20) -> Page[Receipt]:
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, Function.HANTERA_ANVANDARE, Access.READ)
            return uow.receipts.page(actor.organisation_id, offset, limit)

    # ------------------------------------------------------------------ internals
    def _own_order(self, uow: UnitOfWork, actor: Actor, order_ref: str) -> SigningOrder:
        order = uow.orders.get(order_ref)
        if (
            order is None
            or order.purpose is not OrderPurpose.SIGN
            or order.person_id != actor.person_id
            or order.organisation_id != actor.organisation_id
        ):
            raise NotFound("Signeringen finns inte.")
        return order

    def _fail(
        self, order: SigningOrder, hint: str | None, actor: Actor, by_user: bool = False
    ) -> None:
        with self._store.unit_of_work() as uow:
            uow.orders.update(replace(order, state=OrderState.FAILED, hint_code=hint))
            what = "avbröts" if by_user else f"misslyckades ({hint or 'okänt fel'})"
            audit(
                uow, self._clock.now(), "signering.misslyckad", f"Signeringen {what}.", actor=actor
            )
            uow.commit()

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
        self, uow: UnitOfWork, organisation_id: int, changes: list[PendingChange]
    ) -> None:
        """Re-validate the whole set as it would take effect: periods against today's
        year-end, and that an active Behörighetsadministratör remains."""
        today = self._clock.today()
        for change in changes:
            if change.kind is ChangeKind.USER and change.action is not ChangeAction.BORTTAGEN:
                draft = change.user_draft()
                check_period(
                    draft.role, draft.start_date, draft.end_date, today, who=draft.full_name
                )
        check_admins_remain(
            active_admins_after_changes(uow, organisation_id, self._clock.now(), today)
        )

    def _apply(self, actor: Actor, order: SigningOrder, completion: Completion) -> Receipt:
        if completion.user.personal_number != actor.personnummer.value:
            self._fail(order, "wrongPerson", actor)
            raise SigningFailed(
                "Signeringen gjordes med någon annans BankID och har inte genomförts.",
                "wrongPerson",
            )
        now = self._clock.now()
        try:
            with self._store.unit_of_work() as uow:
                authorize(uow, self._clock, actor, Function.HANTERA_ANVANDARE, Access.WRITE)
                changes = uow.pending.for_organisation(actor.organisation_id, ChangeKind.USER)
                document, digest = self._document(uow, actor.organisation_id, changes)
                if not changes or digest != order.digest:
                    raise Conflict(CHANGED_DURING_SIGNING)
                self._check_set(uow, actor.organisation_id, changes)
                for change in changes:
                    self._apply_user_change(uow, change, now)
                    uow.pending.remove(change.id)
                receipt = uow.receipts.add(
                    Receipt(
                        id=0,
                        organisation_id=actor.organisation_id,
                        order_ref=order.order_ref,
                        signed_at=now,
                        signer_person_id=actor.person_id,
                        signer_name=completion.user.name,
                        signer_personnummer=Personnummer(completion.user.personal_number),
                        summary=order.summary,
                        document=document,
                        digest=digest,
                        signature=completion.signature,
                        ocsp_response=completion.ocsp_response,
                        change_count=len(changes),
                    )
                )
                uow.orders.update(
                    replace(order, state=OrderState.COMPLETE, hint_code=None, receipt_id=receipt.id)
                )
                audit(
                    uow,
                    now,
                    "signering.klar",
                    f"Signerade {len(changes)} ändring(ar); kvittens {receipt.id}, "
                    f"SHA-256 {digest}.",
                    actor=actor,
                )
                uow.commit()
                return receipt
        except (Conflict, RuleViolation) as exc:
            self._fail(order, "changedDuringSigning", actor)
            raise exc

    def _apply_user_change(self, uow: UnitOfWork, change: PendingChange, now: dt.datetime) -> None:
        draft = change.user_draft()
        if change.action is ChangeAction.BORTTAGEN:
            assert change.target_id is not None
            uow.users.remove(change.target_id)
            return
        person = uow.persons.by_personnummer(draft.personnummer)
        if person is None:
            person = uow.persons.add(
                Person(0, draft.personnummer, draft.first_name, draft.last_name)
            )
        elif (person.first_name, person.last_name) != (draft.first_name, draft.last_name):
            person = uow.persons.update(
                replace(person, first_name=draft.first_name, last_name=draft.last_name)
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
