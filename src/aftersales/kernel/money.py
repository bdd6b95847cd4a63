"""Money as people type it, read into integer minor units of a currency (never floats)."""

from __future__ import annotations

import re

from babel.numbers import get_currency_precision

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.text import MAX_INT


def parse_money(text: str, currency: str, field: str = "amount") -> int:
    """Read a price as people type it (89,90 · 89.90 · 1.500.000 · 1,234.50) into minor units.

    Both separators are read the same in every language: with both present the last one
    is the decimal mark; a lone one is the decimal mark only when the currency has decimals
    and at most that many digits follow it (so 1.500.000 VND and 89.90 EUR both read right).
    """
    digits = get_currency_precision(currency)
    raw = text.strip().replace(" ", "").replace("\xa0", "")
    if not re.fullmatch(r"\d[\d.,]*", raw):
        raise ValidationFailed("The price is not a number.", {field: _PRICE_HINT})
    marks = [i for i, ch in enumerate(raw) if ch in ".,"]
    decimal_at = None
    if marks and digits > 0:
        mixed = len({raw[i] for i in marks}) > 1
        if mixed or (len(marks) == 1 and 0 < len(raw) - marks[-1] - 1 <= digits):
            decimal_at = marks[-1]
    whole, cents = (raw, "") if decimal_at is None else (raw[:decimal_at], raw[decimal_at + 1 :])
    groups = re.split(r"[.,]", whole)
    if not groups[0] or any(len(g) != 3 for g in groups[1:]) or len(cents) > digits:
        raise ValidationFailed("The price is not valid.", {field: _PRICE_HINT})
    whole = "".join(groups)
    minor = int(whole) * 10**digits + int((cents or "0").ljust(digits, "0") or "0")
    if minor <= 0:
        raise ValidationFailed("The price is not valid.", {field: _PRICE_HINT})
    if minor > MAX_INT:
        raise ValidationFailed("The price is too large.", {field: N_("The price is too large.")})
    return minor


_PRICE_HINT = N_("Enter the price, e.g. 89,90.")
