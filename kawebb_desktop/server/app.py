"""The server's composition root: a configuration in, a FastAPI app out.

``create_app(config)`` opens the store (migrating it), picks the signer, builds the very
same services the local app runs (:class:`~kawebb_desktop.services.LocalServices`) and
mounts the routes of ``docs/api.md``. ``create_app_from_env()`` does the same from
environment variables, for ``uvicorn --factory`` and for ``kawebb serve --workers N``::

    KAWEBB_SERVE_STORE=postgresql://kawebb@db/kawebb \\
        uvicorn --factory kawebb_desktop.server.app:create_app_from_env \\
        --workers 4 --no-access-log

The app keeps nothing between requests that another process would need: sessions,
BankID orders (the simulator's too), pending changes and idempotency keys are in the
database. Only the login rate limit counts per process.

The BankID simulator is for demo stores only: :func:`create_app` raises
:class:`~kawebb_desktop.services.demo.NotADemoStore` (a Swedish message) for the
simulator on a store that ``kawebb demo`` did not create, and the simulated phone's
routes (``/simulator/…``, also under ``/api/v1``) exist only with the simulator.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI

from kawebb_desktop import __version__
from kawebb_desktop.server.config import BANKID, ServerConfig, config_from_env
from kawebb_desktop.server.errors import InternalErrors, install_error_handlers
from kawebb_desktop.server.made_by import check_made_by
from kawebb_desktop.server.routes import ServerState, api_router, simulator_router
from kawebb_desktop.server.routes_af import af_router
from kawebb_desktop.server.routes_claims import claims_router
from kawebb_desktop.server.routes_documents import documents_router
from kawebb_desktop.server.routes_news import news_router
from kawebb_desktop.server.routes_org import org_data_router
from kawebb_desktop.server.routes_sync import sync_router
from kawebb_desktop.server.security import AccessLog, BodyLimits, SlidingWindowLimiter
from kawebb_desktop.services import LocalServices
from kawebb_desktop.services.af import AgreementService
from kawebb_desktop.services.demo import (
    SimulatedPhone,
    demo_simulator,
    is_demo_store,
    require_demo_store,
)
from kawebb_desktop.signing.base import Signer
from kawebb_desktop.store.sql import open_store

DESCRIPTION = """\
KA Webbs tjänster över HTTP: samma tjänster som skrivbordsprogrammet kör lokalt.

Logga in med BankID (`POST /api/v1/auth/start`, `POST /api/v1/auth/collect`) och skicka
sedan sessionens token som `Authorization: Bearer <token>`. Ändringar kräver huvudet
`Idempotency-Key`. Varje fel är JSON `{"code", "message"}` med ett svenskt meddelande.
"""


def create_app(config: ServerConfig) -> FastAPI:
    """The app for ``config``. Raises ``StoreUnavailable`` when the store cannot be
    opened, ``NotADemoStore`` for the simulator on a store that is not a demo and
    ``BankIdSetupError`` for a BankID certificate, CA or password that cannot be used."""
    store = open_store(config.store_url, schema=config.store_schema)
    store.warm_up()
    phone: SimulatedPhone | None = None
    closers = [store.close]
    try:
        signer: Signer
        if config.signer == BANKID:
            from kawebb_desktop.signing.bankid_rp import BankIdConfig, bankid_signer

            bankid = bankid_signer(config.bankid or BankIdConfig())
            closers.append(bankid.close)
            signer = bankid
        elif isinstance(config.signer, str):  # the simulator
            require_demo_store(store)
            simulator = demo_simulator(store, config.clock)
            signer = simulator
            phone = SimulatedPhone(store, simulator)
        else:
            signer = config.signer
        services = LocalServices(
            store,
            signer,
            config.clock,
            config.activation_delay,
            config.session_idle,
            session_resume_max=config.session_resume_max,
        )
    except BaseException:
        for close in reversed(closers):
            close()
        raise
    state = ServerState(
        services=services,
        clock=config.clock,
        signer_name=signer.name,
        login_limiter=SlidingWindowLimiter(config.login_starts_per_minute),
        is_demo=lambda: is_demo_store(store),
        phone=phone,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            for close in reversed(closers):
                close()

    app = FastAPI(
        title="KA Webb API",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        # No interactive pages: they load scripts from a CDN, and nothing here needs them.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # A change sent from an offline replica names its maker: the session's person.
        dependencies=[Depends(check_made_by)],
    )
    install_error_handlers(app)
    app.include_router(api_router(state))
    app.include_router(org_data_router(state))
    app.include_router(news_router(state))
    app.include_router(claims_router(state))
    app.include_router(documents_router(state))
    app.include_router(sync_router(state))
    af_service = AgreementService(services.env)
    app.include_router(af_router(af_service, config.clock, config.af_key))
    if phone is not None:
        app.include_router(simulator_router(phone))
        app.include_router(simulator_router(phone, prefix=""), include_in_schema=False)
    # The last added is the outermost: access log → body limits → internal errors → app.
    app.add_middleware(InternalErrors)
    app.add_middleware(BodyLimits, max_bytes=config.max_body_bytes)
    app.add_middleware(AccessLog)
    # No CORSMiddleware on purpose: no browser page may call this API cross-origin.
    _describe_our_errors(app)
    app.state.kawebb = state
    app.state.store = store
    return app


def _describe_our_errors(app: FastAPI) -> None:
    """FastAPI documents its own ``{"detail": […]}`` body for 422; ours is ``ErrorOut``."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                invalid = operation.get("responses", {}).get("422")
                if invalid is not None:
                    invalid["description"] = "Ogiltigt värde eller bruten regel"
                    invalid["content"] = {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
                    }
        components = schema.get("components", {}).get("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app_from_env() -> FastAPI:
    """``create_app`` with the configuration from the environment (see ``.config``)."""
    _ensure_log_output()
    return create_app(config_from_env())


def _ensure_log_output() -> None:
    """Under a bare ``uvicorn --factory`` nobody configured our loggers: print them."""
    ours = logging.getLogger("kawebb")
    if ours.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    ours.addHandler(handler)
    ours.setLevel(logging.INFO)
