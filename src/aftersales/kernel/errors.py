"""Domain errors raised by services and mapped to HTTP by the web layer."""

from __future__ import annotations

from collections.abc import Sequence

from aftersales.kernel.i18n import N_


class DomainError(Exception):
    """Base class of every error a service raises on purpose."""

    title = N_("Request failed")

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The record does not exist, or the caller may not know that it does."""

    title = N_("Not found")


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    title = N_("Forbidden")


class Conflict(DomainError):
    """The request clashes with the current state (duplicate, stale version)."""

    title = N_("Conflict")


class StaleVersion(Conflict):
    """The caller acted on an older version of the record."""


class InvalidTransition(Conflict):
    """The repair's life-cycle table does not allow this move."""

    title = N_("Move not allowed")

    def __init__(self, detail: str, allowed: Sequence[str]) -> None:
        super().__init__(detail)
        self.allowed = list(allowed)


class ValidationFailed(DomainError):
    """Input is well-formed but wrong; `errors` maps field names to messages."""

    title = N_("Invalid input")

    def __init__(self, detail: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.errors = errors or {}
