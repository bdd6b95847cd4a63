"""Languages of the pages: the choice of language; catalogues and formats live in the kernel."""

from __future__ import annotations

from aftersales.kernel.language import (
    LANGUAGE_NAMES,
    LANGUAGES,
    LOCALES,
    MISSING,
    Formats,
    known,
    translations,
)

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALES",
    "MISSING",
    "Formats",
    "choose_language",
    "known",
    "translations",
]


def choose_language(
    *, asked: str | None, account: str | None, cookie: str | None, accept: str
) -> str:
    """Pick the language: a link's ?lang=, the account's choice, the switcher, the browser."""
    for candidate in (asked, account, cookie):
        if candidate in LANGUAGES:
            return candidate
    for lang, _q in _accepted(accept):
        base = lang.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return "en"


def _accepted(header: str) -> list[tuple[str, float]]:
    """Parse Accept-Language into (tag, quality), best first; bad parts are skipped."""
    found = []
    for part in header.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        if tag:
            found.append((tag, q))
    return sorted(found, key=lambda item: -item[1])
