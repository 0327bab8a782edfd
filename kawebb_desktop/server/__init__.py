"""``kawebb serve``: the service API over HTTP (FastAPI + uvicorn, the ``server`` extra).

The server runs the very same services as the local app (``kawebb_desktop.services``)
over its own store, usually PostgreSQL. It trusts nothing a client sends: every call is
resolved from a session token to a person, an organisation and a role by the services
themselves. It keeps no state of its own between requests (sessions, BankID orders,
pending changes and idempotency keys live in the database), so several processes on one
database serve one client interchangeably.

Modules: :mod:`.config` (what a server is started with), :mod:`.app` (``create_app``),
:mod:`.routes` (``docs/api.md`` as code), :mod:`.models` (request bodies),
:mod:`.errors` (every error as Swedish JSON), :mod:`.security` (size limit, content type,
rate limit, access log) and :mod:`.cli` (``kawebb serve``).

This package imports the services, the store, the signers and the domain — never the UI.
Importing it does not import FastAPI: ``kawebb`` works without the server extra.
"""

from __future__ import annotations

from kawebb_desktop.server.config import ServerConfig

__all__ = ["ServerConfig"]
