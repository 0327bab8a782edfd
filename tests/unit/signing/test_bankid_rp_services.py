"""The services on real BankID: logging in and signing through the pybankid signer and the
BankID simulator over real HTTPS. Who logs in comes from BankID's completionData; a
signing that fails or is refused applies nothing and leaves the changes waiting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.errors import SigningFailed
from kawebb_desktop.services import Services, build_services
from kawebb_desktop.services.api import CreateUser, StartSigning, caller_of
from kawebb_desktop.signing.bankid_rp import BankIdConfig, BankIdSigner, bankid_signer
from kawebb_desktop.signing.base import CollectStatus, SignerError
from kawebb_desktop.signing.messages import RFA_TEXTS
from kawebb_desktop.store.base import Store
from tests.bankid_https import BankIdHttps
from tests.helpers import ADMIN_PNR, draft, standard_org


@pytest.fixture
def signer(bankid_https: BankIdHttps) -> Iterator[BankIdSigner]:
    config = BankIdConfig(
        cert=bankid_https.rp_cert,
        key=bankid_https.rp_key,
        ca=bankid_https.ca_cert,
        url=bankid_https.url,
    )
    made = bankid_signer(config, keyring_get=lambda service, account: None)
    yield made
    made.close()


@pytest.fixture
def services(store: Store, signer: BankIdSigner, clock: FixedClock) -> Services:
    standard_org(store)
    return build_services(store, signer, clock, dt.timedelta(0))


def log_in(services: Services, bankid_https: BankIdHttps, pnr: str = ADMIN_PNR) -> Actor:
    order = services.auth.start_login()
    bankid_https.act("approve", order.order_ref, personnummer=pnr)
    progress = services.auth.collect_login(order.order_ref)
    assert progress.status is CollectStatus.COMPLETE and progress.token is not None
    return services.auth.enter(progress.token, progress.choices[0].organisation_id)


def test_login_is_the_person_bankid_identified(
    services: Services, bankid_https: BankIdHttps
) -> None:
    assert services.signer_name == "BankID (testmiljö)"
    order = services.auth.start_login()
    waiting = services.auth.collect_login(order.order_ref)
    assert (waiting.status, waiting.message) == (CollectStatus.PENDING, RFA_TEXTS["RFA1"])
    bankid_https.act("approve", order.order_ref, personnummer=ADMIN_PNR)
    done = services.auth.collect_login(order.order_ref)
    assert done.person is not None and done.person.personnummer.value == ADMIN_PNR
    assert [choice.name for choice in done.choices] == ["Dorotea kommun"]


def test_a_signing_bankid_fails_or_the_user_cancels_applies_nothing(
    services: Services, bankid_https: BankIdHttps
) -> None:
    caller = caller_of(log_in(services, bankid_https))
    services.users.create_user(caller, CreateUser(draft()))

    order = services.signing.start(caller, StartSigning())
    bankid_https.control("next-error", {"errorCode": "internalError", "path": "collect"})
    with pytest.raises(SigningFailed) as caught:
        services.signing.collect(caller, order.order_ref)
    assert caught.value.message == RFA_TEXTS["RFA5"]
    assert len(services.users.list_pending(caller)) == 1

    order = services.signing.start(caller, StartSigning())
    bankid_https.act("cancel", order.order_ref)
    failed = services.signing.collect(caller, order.order_ref)
    assert (failed.status, failed.message, failed.receipt) == (
        CollectStatus.FAILED,
        RFA_TEXTS["RFA6"],
        None,
    )
    assert len(services.users.list_pending(caller)) == 1

    order = services.signing.start(caller, StartSigning())
    bankid_https.act("approve", order.order_ref, personnummer=ADMIN_PNR)
    signed = services.signing.collect(caller, order.order_ref)
    assert signed.status is CollectStatus.COMPLETE and signed.receipt is not None
    assert services.users.list_pending(caller) == []


def test_a_signing_bankid_will_not_start_applies_nothing(
    services: Services, bankid_https: BankIdHttps
) -> None:
    caller = caller_of(log_in(services, bankid_https))
    services.users.create_user(caller, CreateUser(draft()))
    bankid_https.control("next-error", {"errorCode": "maintenance", "path": "sign"})
    with pytest.raises(SignerError) as caught:
        services.signing.start(caller, StartSigning())
    assert (caught.value.error_code, caught.value.message) == ("maintenance", RFA_TEXTS["RFA5"])
    assert len(services.users.list_pending(caller)) == 1
    assert bankid_https.api.pending_orders() == []
