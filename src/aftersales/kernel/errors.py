"""Domain errors raised by services and mapped to HTTP by the web layer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from aftersales.kernel.i18n import N_

T = TypeVar("T")


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


class Problems:
    """Collect a form's field errors from several checks, to report them all at once.

    `check()` runs one check and keeps its field errors; `raise_if_any()` raises them
    together. When a single check failed alone its own summary stays on top.
    """

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}
        self._summaries: list[str] = []
        self._checked: set[str] = set()

    def check(self, run: Callable[[], T]) -> T | None:
        """Run a check; return its result, or None after keeping its errors."""
        try:
            return run()
        except ValidationFailed as exc:
            found = exc.errors or {"request": exc.detail}
            self.errors.update(found)
            self._checked.update(found)
            self._summaries.append(exc.detail)
            return None

    def raise_if_any(self, summary: str) -> None:
        """Raise every kept error in one ValidationFailed, if there is any."""
        if not self.errors:
            return
        alone = len(self._summaries) == 1 and self._checked == set(self.errors)
        raise ValidationFailed(self._summaries[0] if alone else summary, self.errors)
