"""Languages of the pages: the choice of language; catalogues and formats live in the kernel."""

from __future__ import annotations

from fastapi import Request

from aftersales.kernel.language import (
    LANGUAGE_NAMES,
    LANGUAGES,
    LOCALES,
    MISSING,
    Formats,
    known,
    locale_of,
    split_tag,
    translations,
)

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALES",
    "MISSING",
    "Formats",
    "api_language",
    "choose_language",
    "choose_locale",
    "known",
    "translations",
]


def choose_language(
    *, asked: str | None, account: str | None, cookie: str | None, accept: str
) -> str:
    """Pick the language: a link's ?lang=, the account's choice, the switcher, the browser."""
    for candidate in (asked, account, cookie):
        if candidate:
            lang = split_tag(candidate)[0]
            if lang in LANGUAGES:
                return lang
    for tag, _q in _accepted(accept):
        lang = split_tag(tag)[0]
        if lang in LANGUAGES:
            return lang
    return "en"


def choose_locale(
    *, asked: str | None, account: str | None, cookie: str | None, accept: str
) -> tuple[str, str]:
    """Pick the language as `choose_language` does, and the locale of its formats.

    The locale keeps the region the asker gave for that language (?lang=en-GB, or the
    browser's Accept-Language: en-GB), so British English gets 10 Mar 2026 and American
    English Mar 10, 2026, whoever chose the language itself.
    """
    lang = choose_language(asked=asked, account=account, cookie=cookie, accept=accept)
    return lang, locale_of(lang, [asked or "", *(tag for tag, _q in _accepted(accept))])


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


def api_language(request: Request) -> str:
    """Return the language of an API answer: ?lang=, the account's, else Accept-Language."""
    return choose_language(
        asked=request.query_params.get("lang"),
        account=getattr(request.state, "account_language", None),
        cookie=None,
        accept=request.headers.get("accept-language", ""),
    )
