"""The login and signing wizards as state machines, without widgets."""

from __future__ import annotations

import datetime as dt

import pytest

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.entities import Person
from kawebb_desktop.domain.errors import NotAuthorized
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import OrgNumber, Personnummer
from kawebb_desktop.services.api import LoginProgress, OrderView, OrganisationChoice, SignProgress
from kawebb_desktop.services.flows import (
    Device,
    FlowError,
    LoginFlow,
    LoginState,
    SignFlow,
    SignState,
)
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.signing.messages import RFA_TEXTS

ORDER = OrderView("ref", "auto", dt.datetime(2026, 6, 15, tzinfo=dt.UTC), "summary", 2)
DOROTEA = OrganisationChoice(
    1, "Dorotea kommun", OrgNumber("2120002809"), Role.BEHORIGHETSADMINISTRATOR, 1
)
VILHELMINA = OrganisationChoice(
    2, "Vilhelmina kommun", OrgNumber("2120002460"), Role.TJANSTEADMINISTRATOR, 2
)
ARVID = Person(1, Personnummer("196403269803"), "Arvid", "Aronsson")


def complete(*choices: OrganisationChoice) -> LoginProgress:
    return LoginProgress(
        CollectStatus.COMPLETE, None, "ok", token="token", person=ARVID, choices=choices
    )


def test_login_with_one_organisation_goes_straight_in() -> None:
    flow = LoginFlow()
    flow.started(ORDER)
    assert flow.state is LoginState.WAITING
    flow.progressed(LoginProgress(CollectStatus.PENDING, "userSign", "Skriv in din säkerhetskod"))
    assert (flow.state, flow.message) == (LoginState.WAITING, RFA_TEXTS["RFA9"])
    flow.progressed(complete(DOROTEA))
    assert flow.single_choice
    assert flow.person == ARVID
    assert "Dorotea kommun" in flow.message
    assert not flow.needs_choice


def test_login_with_several_organisations_asks() -> None:
    flow = LoginFlow()
    flow.started(ORDER)
    flow.progressed(complete(DOROTEA, VILHELMINA))
    assert flow.needs_choice
    assert not flow.single_choice
    assert "Välj" in flow.message


def test_entering_finishes_the_login() -> None:
    flow = LoginFlow()
    flow.started(ORDER)
    flow.progressed(complete(DOROTEA, VILHELMINA))
    actor = Actor(
        "token",
        1,
        ARVID.personnummer,
        "Arvid Aronsson",
        2,
        "Vilhelmina kommun",
        2,
        Role.TJANSTEADMINISTRATOR,
    )
    flow.entered(actor)
    assert (flow.state, flow.actor) == (LoginState.DONE, actor)
    assert flow.message == "Inloggad som Arvid Aronsson i Vilhelmina kommun."


def test_a_failed_identification_can_be_retried() -> None:
    flow = LoginFlow()
    flow.started(ORDER)
    flow.progressed(LoginProgress(CollectStatus.FAILED, "userCancel", "Åtgärden avbruten."))
    assert (flow.state, flow.message) == (LoginState.FAILED, "Åtgärden avbruten.")
    flow.started(ORDER)
    assert flow.state is LoginState.WAITING


def test_refused_login_can_be_retried() -> None:
    flow = LoginFlow()
    flow.started(ORDER)
    flow.refused(NotAuthorized("Du saknar aktiv behörighet"))
    assert (flow.state, flow.message) == (LoginState.FAILED, "Du saknar aktiv behörighet")
    flow.started(ORDER)
    assert flow.state is LoginState.WAITING


def test_impossible_login_transitions_are_programming_errors() -> None:
    flow = LoginFlow()
    with pytest.raises(FlowError):
        flow.progressed(LoginProgress(CollectStatus.PENDING, None, ""))
    flow.started(ORDER)
    with pytest.raises(FlowError):
        flow.started(ORDER)


@pytest.mark.parametrize(
    ("device", "codes"),
    [
        (Device.THIS, ("RFA13", "RFA13", "RFA15A", "RFA9", "RFA17A")),
        (Device.OTHER, ("RFA1", "RFA1", "RFA15B", "RFA9", "RFA17B")),
    ],
)
def test_login_messages_follow_the_device(device: Device, codes: tuple[str, ...]) -> None:
    flow = LoginFlow()
    flow.chose(device)
    flow.started(ORDER)
    assert flow.qr is (device is Device.OTHER)
    seen = [flow.message]
    # The service words every answer for the QR code; the flow rewords it for the device.
    for status, hint in [
        (CollectStatus.PENDING, "outstandingTransaction"),
        (CollectStatus.PENDING, "started"),
        (CollectStatus.PENDING, "userSign"),
        (CollectStatus.FAILED, "startFailed"),
    ]:
        flow.progressed(LoginProgress(status, hint, "service text"))
        seen.append(flow.message)
    assert seen == [RFA_TEXTS[code] for code in codes]
    assert flow.state is LoginState.FAILED


def test_login_device_is_chosen_before_the_order_and_kept_on_reset() -> None:
    flow = LoginFlow()
    assert flow.device is Device.OTHER
    flow.chose(Device.THIS)
    flow.started(ORDER)
    with pytest.raises(FlowError):
        flow.chose(Device.OTHER)  # not while the order is pending
    flow.progressed(LoginProgress(CollectStatus.FAILED, "certificateErr", "x"))
    flow.chose(Device.OTHER)  # a failed login is tried again with either device
    flow.reset()
    assert (flow.state, flow.device) == (LoginState.IDLE, Device.OTHER)


def test_the_person_comes_from_the_completion_not_the_order() -> None:
    flow = LoginFlow()
    flow.chose(Device.THIS)
    flow.started(ORDER)
    flow.progressed(complete(DOROTEA))
    assert flow.person == ARVID
    assert flow.message == "Loggar in i Dorotea kommun …"


def test_signing_flow_to_receipt() -> None:
    flow = SignFlow("summary", 2)
    assert flow.state is SignState.CONFIRM
    flow.started(ORDER)
    flow.progressed(SignProgress(CollectStatus.PENDING, "outstandingTransaction", "Starta"))
    flow.progressed(SignProgress(CollectStatus.PENDING, "userSign", "Skriv"))
    flow.progressed(SignProgress(CollectStatus.PENDING, "userSign", "Skriv"))
    assert flow.hints == ["outstandingTransaction", "userSign"]
    flow.progressed(SignProgress(CollectStatus.COMPLETE, None, "klart", None))
    assert flow.state is SignState.DONE
    assert flow.finished


def test_cancelled_signing_can_be_started_again() -> None:
    flow = SignFlow("summary", 1)
    flow.started(ORDER)
    flow.cancelled()
    assert flow.state is SignState.FAILED
    flow.started(ORDER)
    assert flow.state is SignState.WAITING
    with pytest.raises(FlowError):
        SignFlow("x", 1).cancelled()


def test_a_refused_signing_shows_the_message() -> None:
    flow = SignFlow("summary", 1)
    flow.started(ORDER)
    flow.refused(NotAuthorized("Signeringen gjordes med någon annans BankID"))
    assert flow.state is SignState.FAILED
    assert flow.finished
    assert "någon annans" in flow.message


def test_signing_wizard_reviews_then_chooses_the_device() -> None:
    flow = SignFlow("summary", 2)
    flow.reviewed()
    assert flow.state is SignState.CHOOSING
    flow.back()
    assert flow.state is SignState.CONFIRM
    flow.reviewed()
    flow.chose(Device.THIS)
    flow.started(ORDER)
    assert (flow.state, flow.qr) == (SignState.WAITING, False)
    with pytest.raises(FlowError):
        flow.back()
    with pytest.raises(FlowError):
        flow.reviewed()


@pytest.mark.parametrize(
    ("device", "codes"),
    [
        (Device.THIS, ("RFA13", "RFA13", "RFA15A", "RFA9", "RFA17A")),
        (Device.OTHER, ("RFA1", "RFA1", "RFA15B", "RFA9", "RFA17B")),
    ],
)
def test_signing_messages_follow_the_device(device: Device, codes: tuple[str, ...]) -> None:
    flow = SignFlow("summary", 1)
    flow.reviewed()
    flow.chose(device)
    flow.started(ORDER)
    seen = [flow.message]
    # The service words every answer for the QR code; the flow rewords it for the device.
    for status, hint in [
        (CollectStatus.PENDING, "outstandingTransaction"),
        (CollectStatus.PENDING, "started"),
        (CollectStatus.PENDING, "userSign"),
        (CollectStatus.FAILED, "startFailed"),
    ]:
        flow.progressed(SignProgress(status, hint, "service text"))
        seen.append(flow.message)
    assert seen == [RFA_TEXTS[code] for code in codes]
    assert flow.state is SignState.FAILED
    # A failed order is tried again from Välj, with the other device if the user wants.
    flow.reviewed()
    flow.chose(Device.OTHER)
    flow.started(ORDER)
    assert flow.message == RFA_TEXTS["RFA1"]


def test_an_answer_without_a_hint_keeps_the_services_text() -> None:
    flow = SignFlow("summary", 1)
    flow.chose(Device.THIS)
    flow.started(ORDER)
    flow.progressed(SignProgress(CollectStatus.FAILED, None, "Internt tekniskt fel."))
    assert flow.message == "Internt tekniskt fel."
