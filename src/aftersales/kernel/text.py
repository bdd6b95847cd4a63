"""Limits of people's texts: a length the pages and the database both hold, and no NUL."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

SHORT = 200  # names, places, addresses
MEDIUM = 2000  # one-line notes
LONG = 4000  # notes, reasons, explanations (as the API's schemas allow)
# The largest whole number every engine stores in an integer column (PostgreSQL's int4).
MAX_INT = 2**31 - 1

_TOO_LONG = {
    SHORT: N_("Use at most 200 characters."),
    MEDIUM: N_("Use at most 2,000 characters."),
    LONG: N_("Use at most 4,000 characters."),
}
NUL = N_("Remove the invisible NUL character from this text; it cannot be stored.")


def text_problem(value: str | None, limit: int = LONG) -> str | None:
    """Return why a text cannot be stored (a catalogue message), or None."""
    if not value:
        return None
    if "\x00" in value:
        return NUL
    if len(value.strip()) > limit:
        return _TOO_LONG.get(limit, _TOO_LONG[LONG])
    return None


def check_texts(errors: dict[str, str], limit: int = LONG, **fields: str | None) -> None:
    """Add a message to `errors` for each field whose text cannot be stored."""
    for name, value in fields.items():
        problem = text_problem(value, limit)
        if problem is not None:
            errors.setdefault(name, problem)


def fold(value: str | None) -> str:
    """Return a text as a search and duplicate key: spaces collapsed, case folded."""
    return " ".join((value or "").split()).casefold()
