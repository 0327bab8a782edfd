"""Typed domain errors. Each carries a Swedish message that the UI shows as it is.

Services raise these and nothing else for refused input; the UI and the server map
them to a dialog or a 4xx answer without ever showing a traceback.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every refusal. ``message`` is Swedish and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """One input value is malformed (``field`` names it, for forms)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class RuleViolation(DomainError):
    """Well-formed input that breaks a rule of the domain (DOMAIN.md §2)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidDraft(RuleViolation):
    """Every rule a form's draft breaks (``violations``, each naming its field), so that
    a form can show each under its field; it reads as the first of them."""

    def __init__(self, violations: list[RuleViolation]) -> None:
        first = violations[0]
        super().__init__(first.message, first.field)
        self.violations = tuple(violations)


class PermissionDenied(DomainError):
    """The actor's role does not allow the function."""


class NotAuthorized(PermissionDenied):
    """A person without an active authorization tried to log in or act."""


class NotAuthenticated(DomainError):
    """No live session: the token is missing, unknown, expired or revoked (HTTP 401)."""


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the actor)."""


class Conflict(DomainError):
    """The data changed under the caller; reload and try again."""


class StoreUnavailable(DomainError):
    """The database cannot be reached or opened (network, permissions, a bad URL)."""


class SigningFailed(DomainError):
    """BankID signing or identification did not complete (cancelled, expired, refused)."""

    def __init__(self, message: str, hint_code: str | None = None) -> None:
        super().__init__(message)
        self.hint_code = hint_code
