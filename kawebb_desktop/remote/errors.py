"""Errors that only a remote backend has: the server or the network failed us.

Everything the server refuses on purpose arrives as the typed domain errors of
:mod:`kawebb_desktop.domain.errors`; these are for what is nobody's decision.
"""

from __future__ import annotations

from kawebb_desktop.domain.errors import DomainError

SERVER_DOWN = "Servern svarar inte. Kontrollera nätverket eller försök igen om en stund."
#: The same, with what the server said (HTTP 503).
SERVER_DOWN_BECAUSE = (
    "Servern svarar inte. Kontrollera nätverket eller försök igen om en stund. ({message})"
)
NOT_UNDERSTOOD = (
    "Servern gav ett svar som KA Webb inte förstår (HTTP {status}). Kontrollera att "
    "adressen går till en KA Webb-server av rätt version."
)
NOT_KAWEBB = (
    "{url} svarar, men är ingen KA Webb-server (eller en med en annan version). "
    "Kontrollera serveradressen."
)
UNREACHABLE = (
    "KA Webb-servern på {url} svarar inte. Kontrollera adressen och nätverket, eller "
    "försök igen om en stund."
)
BAD_URL = "Serveradressen ”{url}” är ogiltig. Skriv den som http://värd:port eller https://värd."


class ServerUnavailable(DomainError):
    """The server cannot be reached, failed (5xx) or answered something that is not a
    KA Webb answer. Nothing can be said about whether a write took effect, except that
    writes carry an idempotency key: repeating the same command is always safe."""


class UnexpectedAnswer(ServerUnavailable):
    """What answered is not a KA Webb answer (not JSON, or not of the expected shape)."""


class TooManyRequests(DomainError):
    """The server refuses for now because of too many requests (HTTP 429)."""


class RequestRefused(DomainError):
    """The server refused the request as such (400, 405, 413, 415): a client and server
    that do not fit together, never something the user typed."""
