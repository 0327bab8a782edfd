"""The login and signing wizards as plain state machines (no Qt, no I/O).

The UI calls the services (on a worker thread) and feeds what they answer into these
machines; the widgets only render ``state`` and ``message``. Tests drive the machines
directly, without widgets or threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.entities import Person, Receipt
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.services.api import LoginProgress, OrderView, OrganisationChoice, SignProgress
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.signing.messages import RFA_TEXTS, user_message


class FlowError(RuntimeError):
    """A transition that the current state does not allow (a programming error)."""


class LoginState(StrEnum):
    IDLE = "idle"
    WAITING = "waiting"
    CHOOSING = "choosing"
    DONE = "done"
    FAILED = "failed"


class Device(StrEnum):
    """Where the user's BankID is: it decides how the order is started (the autostart
    link or the animated QR code) and which RFA texts the user sees (BankID's table:
    RFA13/RFA15A/RFA17A for this device, RFA1/RFA15B/RFA17B for the QR code)."""

    THIS = "this"
    OTHER = "other"

    @property
    def label(self) -> str:
        return "BankID på den här datorn" if self is Device.THIS else "Mobilt BankID på annan enhet"

    @property
    def qr(self) -> bool:
        """The order is started by scanning the animated QR code (not the autostart link)."""
        return self is Device.OTHER


def started_message(device: Device) -> str:
    """What the user is told when an order has started on ``device`` (RFA1 or RFA13)."""
    return RFA_TEXTS["RFA1" if device.qr else "RFA13"]


def device_message(
    device: Device, status: CollectStatus, hint_code: str | None, fallback: str
) -> str:
    """A collect answer in the words for ``device`` (the services word it for the QR
    code): RFA13/RFA15A/RFA17A on this computer, RFA1/RFA15B/RFA17B for the QR code. An
    answer without a hint code keeps ``fallback``, the service's text."""
    if hint_code is None:
        return fallback
    return user_message(status, hint_code, qr=device.qr, mobile=device.qr)


@dataclass
class LoginFlow:
    state: LoginState = LoginState.IDLE
    message: str = msg(
        "Välj Logga in med BankID och skanna sedan QR-koden med BankID-appen i mobilen."
    )
    order: OrderView | None = None
    person: Person | None = None
    choices: tuple[OrganisationChoice, ...] = ()
    actor: Actor | None = None
    #: *Välj*: where the user's BankID is (kept by :meth:`reset`).
    device: Device = Device.OTHER

    def _expect(self, *states: LoginState) -> None:
        if self.state not in states:
            raise FlowError(f"not allowed in state {self.state}")

    @property
    def qr(self) -> bool:
        """The order is (to be) identified by scanning the animated QR code."""
        return self.device.qr

    def chose(self, device: Device) -> None:
        """*Välj*: this computer (the autostart link) or Mobilt BankID (the QR code)."""
        self._expect(LoginState.IDLE, LoginState.FAILED)
        self.device = device

    def started(self, order: OrderView) -> None:
        self._expect(LoginState.IDLE, LoginState.FAILED)
        self.state, self.order = LoginState.WAITING, order
        self.message = started_message(self.device)

    def progressed(self, progress: LoginProgress) -> None:
        """Feed a collect answer. A person with one organisation goes straight to it:
        the caller then calls :meth:`entered` after ``AuthService.enter``."""
        self._expect(LoginState.WAITING)
        self.message = device_message(
            self.device, progress.status, progress.hint_code, progress.message
        )
        if progress.status is CollectStatus.FAILED:
            self.state = LoginState.FAILED
        elif progress.status is CollectStatus.COMPLETE:
            self.person, self.choices = progress.person, progress.choices
            self.state = LoginState.CHOOSING
            self.message = (
                msg("Välj vilken organisation du vill arbeta med.")
                if len(self.choices) > 1
                else msg("Loggar in i {name} …", name=self.choices[0].name)
            )

    @property
    def single_choice(self) -> bool:
        """Identified, with exactly one organisation: enter it without asking."""
        return self.state is LoginState.CHOOSING and len(self.choices) == 1

    @property
    def needs_choice(self) -> bool:
        return self.state is LoginState.CHOOSING and len(self.choices) > 1

    def refused(self, error: DomainError) -> None:
        """Identification succeeded but the person may not log in, or a call failed."""
        self._expect(LoginState.WAITING, LoginState.CHOOSING)
        self.state, self.message = LoginState.FAILED, error.message

    def entered(self, actor: Actor) -> None:
        self._expect(LoginState.CHOOSING)
        self.state, self.actor = LoginState.DONE, actor
        self.message = msg(
            "Inloggad som {name} i {organisation}.",
            name=actor.name,
            organisation=actor.organisation_name,
        )

    def cancelled(self) -> None:
        self._expect(LoginState.WAITING, LoginState.CHOOSING)
        self.state, self.order, self.message = LoginState.IDLE, None, msg("Inloggningen avbröts.")

    def reset(self) -> None:
        """Back to the start; the device chosen stays chosen."""
        device = self.device
        self.__init__()  # type: ignore[misc]
        self.device = device


class SignState(StrEnum):
    #: *Granska*: the change set that will be sent.
    CONFIRM = "confirm"
    #: *Välj*: BankID on this computer, or Mobilt BankID on another device.
    CHOOSING = "choosing"
    #: *Signera*: the order is pending (the QR code, or the app starting).
    WAITING = "waiting"
    DONE = "done"
    FAILED = "failed"


REVIEW_MESSAGE = msg("Kontrollera ändringarna och signera med BankID.")


@dataclass
class SignFlow:
    """``summary`` is what will be signed; shown before BankID starts.

    Granska (CONFIRM) → :meth:`reviewed` → Välj (CHOOSING) → :meth:`chose` and
    :meth:`started` → Signera (WAITING) → Kvittens (DONE), or FAILED (try again from
    Välj). :meth:`back` returns from Välj to Granska."""

    summary: str
    change_count: int
    state: SignState = SignState.CONFIRM
    message: str = REVIEW_MESSAGE
    order: OrderView | None = None
    receipt: Receipt | None = None
    hints: list[str] = field(default_factory=list)
    device: Device = Device.OTHER

    def _expect(self, *states: SignState) -> None:
        if self.state not in states:
            raise FlowError(f"not allowed in state {self.state}")

    @property
    def qr(self) -> bool:
        """The order is (to be) signed by scanning the animated QR code."""
        return self.device.qr

    def reviewed(self) -> None:
        """Granska → Välj."""
        self._expect(SignState.CONFIRM, SignState.FAILED)
        self.state, self.message = SignState.CHOOSING, msg("Välj var du har ditt BankID.")

    def back(self) -> None:
        """Välj → Granska."""
        self._expect(SignState.CHOOSING)
        self.state, self.message = SignState.CONFIRM, REVIEW_MESSAGE

    def chose(self, device: Device) -> None:
        self._expect(SignState.CONFIRM, SignState.CHOOSING, SignState.FAILED)
        self.device = device

    def started(self, order: OrderView) -> None:
        self._expect(SignState.CONFIRM, SignState.CHOOSING, SignState.FAILED)
        self.state, self.order, self.receipt = SignState.WAITING, order, None
        self.summary, self.change_count = order.summary, order.change_count
        self.hints = []
        self.message = started_message(self.device)

    def progressed(self, progress: SignProgress) -> None:
        """A collect answer. A hint code is told in the words for the chosen device
        (the service words it for the QR code); an answer without one keeps the
        service's text."""
        self._expect(SignState.WAITING)
        self.message = device_message(
            self.device, progress.status, progress.hint_code, progress.message
        )
        if progress.hint_code and (not self.hints or self.hints[-1] != progress.hint_code):
            self.hints.append(progress.hint_code)
        if progress.status is CollectStatus.FAILED:
            self.state = SignState.FAILED
        elif progress.status is CollectStatus.COMPLETE:
            self.state, self.receipt = SignState.DONE, progress.receipt
            self.message = msg("Signeringen lyckades. Här är din kvittens.")

    def refused(self, error: DomainError) -> None:
        self._expect(SignState.CONFIRM, SignState.CHOOSING, SignState.WAITING)
        self.state, self.message = SignState.FAILED, error.message

    def cancelled(self) -> None:
        self._expect(SignState.WAITING)
        self.state, self.message = SignState.FAILED, msg("Signeringen avbröts. Inget har skickats.")

    @property
    def finished(self) -> bool:
        return self.state in (SignState.DONE, SignState.FAILED)
