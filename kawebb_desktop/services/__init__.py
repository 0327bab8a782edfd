"""Use cases behind the service API (``services.api``). Each resolves the caller's
session in the store, checks permissions, applies the domain rules and talks only to the
store and signer protocols. ``build_services`` makes the *local* backend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kawebb_desktop.services.api import Services

if TYPE_CHECKING:
    # The implementations are imported when a backend is built, not with the package:
    # the UI imports ``services.api`` (and so this package) before its first window,
    # which must not wait for them (issue 12, ``tests/unit/test_startup_imports.py``).
    from kawebb_desktop.domain.clock import Clock
    from kawebb_desktop.services.api import DemoPhone
    from kawebb_desktop.services.claims import ClaimService
    from kawebb_desktop.services.common import Env
    from kawebb_desktop.services.documents import DocumentService
    from kawebb_desktop.services.organisations import OrganisationService
    from kawebb_desktop.services.users import UserAdminService
    from kawebb_desktop.signing.base import Signer
    from kawebb_desktop.store.base import Store

__all__ = ["LocalServices", "Services", "build_services"]


class LocalServices:
    """The service implementations over one store (used in process and by the server)."""

    def __init__(
        self,
        store: Store,
        signer: Signer,
        clock: Clock,
        activation_delay: dt.timedelta,
        session_idle: dt.timedelta = dt.timedelta(minutes=30),
        end_user_ip: str = "127.0.0.1",
        session_resume_max: dt.timedelta = dt.timedelta(hours=12),
    ) -> None:
        from kawebb_desktop.services.auth import AuthService
        from kawebb_desktop.services.cases import CaseService
        from kawebb_desktop.services.claims import ClaimService
        from kawebb_desktop.services.common import Env
        from kawebb_desktop.services.documents import DocumentService
        from kawebb_desktop.services.news import NewsService
        from kawebb_desktop.services.organisations import OrganisationService
        from kawebb_desktop.services.push import LocalSync
        from kawebb_desktop.services.signing import SigningService
        from kawebb_desktop.services.users import UserAdminService

        env = Env(store, clock, session_idle, session_resume_max)
        self.env = env
        self.signer = signer
        self.auth = AuthService(env, signer, end_user_ip)
        self.users = UserAdminService(env)
        self.signing = SigningService(env, signer, activation_delay, end_user_ip)
        self.organisations = OrganisationService(env)
        self.cases = CaseService(env)
        self.news = NewsService(env)
        self.claims = ClaimService(env)
        self.documents = DocumentService(env)
        self.sync = LocalSync(env, BatchWrites.over)


@dataclass(frozen=True, slots=True)
class BatchWrites:
    """The services a batch push applies its commands through (over the batch's store)."""

    users: UserAdminService
    organisations: OrganisationService
    claims: ClaimService
    documents: DocumentService

    @classmethod
    def over(cls, env: Env) -> BatchWrites:
        from kawebb_desktop.services.claims import ClaimService
        from kawebb_desktop.services.documents import DocumentService
        from kawebb_desktop.services.organisations import OrganisationService
        from kawebb_desktop.services.users import UserAdminService

        return cls(
            UserAdminService(env), OrganisationService(env), ClaimService(env), DocumentService(env)
        )


def build_services(
    store: Store,
    signer: Signer,
    clock: Clock,
    activation_delay: dt.timedelta,
    *,
    session_idle: dt.timedelta = dt.timedelta(minutes=30),
    session_resume_max: dt.timedelta = dt.timedelta(hours=12),
    demo_phone: DemoPhone | None = None,
) -> Services:
    local = LocalServices(
        store,
        signer,
        clock,
        activation_delay,
        session_idle,
        session_resume_max=session_resume_max,
    )
    return Services(
        clock=clock,
        auth=local.auth,
        users=local.users,
        signing=local.signing,
        organisations=local.organisations,
        cases=local.cases,
        news=local.news,
        claims=local.claims,
        documents=local.documents,
        sync=local.sync,
        description=store.description,
        signer_name=signer.name,
        demo_phone=demo_phone,
    )
