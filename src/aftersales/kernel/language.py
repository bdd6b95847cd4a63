"""Languages: the catalogues and local formats, for pages and messages alike.

The `.po` files under `aftersales/locales/` are the catalogues; they are compiled in memory when the
process starts, so there is no build step. A message missing from a catalogue falls back to
the English source and is recorded in `MISSING`, which the tests read.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from aftersales.kernel.i18n import Msg

LANGUAGES = ("en", "it", "vi")
LANGUAGE_NAMES = {"en": "English", "it": "Italiano", "vi": "Tiếng Việt"}
LOCALES = Path(__file__).parent.parent / "locales"
MISSING: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}


class _Recorder(gettext.NullTranslations):
    """The last fallback: remember which messages had no translation."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def gettext(self, message: str) -> str:
        MISSING[self.lang].add(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        MISSING[self.lang].add(msgid1)
        return msgid1 if n == 1 else msgid2


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Return the catalogue of a language (English: the source strings themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    result = Translations(buffer)
    result.add_fallback(_Recorder(lang))
    return result


def translate(lang: str, text: str) -> str:
    """Translate a system message (a `Msg` or a catalogue string); a missing one is recorded."""
    if isinstance(text, Msg):
        template = text.template if lang == "en" else translations(lang).gettext(text.template)
        if not text.params:
            return template
        # A value may itself be a message (a status's label): it is said in the same language;
        # a decimal number is written with the language's separators (2,8 in Italian).
        params = {k: _said(lang, v) for k, v in text.params.items()}
        return template % params
    return text if lang == "en" or not text else translations(lang).gettext(text)


def _said(lang: str, value: Any) -> Any:
    """Return a message's value as said in the language: messages translated, decimals local."""
    if isinstance(value, Msg):
        return translate(lang, value)
    if isinstance(value, Decimal):
        return numbers.format_decimal(value, locale=_locale(lang))
    return value


def known(lang: str, text: str) -> str:
    """Translate text only if it is a catalogue message (system notes); people's words stay."""
    if lang == "en" or not text:
        return text
    catalog: dict[object, str] = getattr(translations(lang), "_catalog", {})
    return catalog.get(text, text)


def split_tag(tag: str) -> tuple[str, str]:
    """Return (language, region) of a tag like "en-GB" or "en_gb"; region "" if none or odd."""
    lang, _, rest = tag.strip().replace("_", "-").partition("-")
    region = rest.partition("-")[0]
    if len(region) != 2 or not region.isalpha():
        region = ""
    return lang.lower(), region.upper()


def locale_of(lang: str, tags: Iterable[str]) -> str:
    """Return the locale for a language's formats: the region the asker gave with it.

    `tags` are what the asker said, best first (a link's ?lang=, then Accept-Language):
    English asked as en-GB gives "en_GB" (10 Mar 2026), as en-US or plain en gives "en"
    (Mar 10, 2026). A region Babel does not know for the language is dropped.
    """
    for tag in tags:
        base, region = split_tag(tag)
        if base == lang and region:
            return f"{lang}_{region}" if _locale(f"{lang}_{region}").territory else lang
    return lang


@lru_cache(maxsize=128)
def _locale(tag: str) -> Locale:
    """Parse "en" or "en_GB"; an unknown one falls back to its language."""
    try:
        return Locale.parse(tag)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(tag.split("_")[0])


@lru_cache(maxsize=8192)
def _medium_day(locale: str, value: date) -> str:
    """Format a date in a locale; lists show the same days on every row, and Babel is slow."""
    return dates.format_date(value, "medium", locale=_locale(locale))


class Formats:
    """Dates, times, numbers and money in one locale's format ("it", "en_GB", "en-US" …)."""

    def __init__(self, locale: str) -> None:
        lang, region = split_tag(locale)
        self.locale = _locale(f"{lang}_{region}" if region else lang)

    def day(self, value: date | None) -> str:
        """Format a date, e.g. 12 mar 2026 / 12 thg 3, 2026."""
        return _medium_day(str(self.locale), value) if value else ""

    def month(self, value: date) -> str:
        """Format a month by any of its days, short, e.g. gen 2026 / thg 1 2026."""
        return dates.format_date(value, "MMM y", locale=self.locale)

    def moment(self, value: datetime | None, timezone: str = "UTC") -> str:
        """Format a moment in a time zone (a centre's, for a repair)."""
        if value is None:
            return ""
        zone = ZoneInfo(timezone)
        day = dates.format_date(value.astimezone(zone).date(), "medium", locale=self.locale)
        return f"{day}, {dates.format_time(value, 'short', tzinfo=zone, locale=self.locale)}"

    def number(self, value: int | float | Decimal) -> str:
        """Format a number with the local separators."""
        return numbers.format_decimal(value, locale=self.locale)

    def percent(self, share: float) -> str:
        """Format a share (0.62) as a whole percentage the local way, e.g. 62%."""
        return numbers.format_percent(share, "#,##0%", locale=self.locale)

    def money(self, amount_minor: int, currency: str) -> str:
        """Format integer minor units of a currency, e.g. 89,90 €."""
        digits = numbers.get_currency_precision(currency)
        amount = Decimal(amount_minor).scaleb(-digits)
        return numbers.format_currency(amount, currency, locale=self.locale)
