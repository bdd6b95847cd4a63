"""The reader's number and date formats as Vega's d3 locales, made from Babel's data.

d3 ships no Vietnamese locale, and the pages already format with Babel (kernel.language), so
the charts' axes and tooltips take the same separators, month and day names from it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from babel import Locale, numbers

# CLDR date-pattern letters and the d3-time-format directives that write the same.
_D3 = {
    "yyyy": "%Y", "yy": "%y", "y": "%Y", "MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "%-m",
    "dd": "%d", "d": "%-d", "HH": "%H", "H": "%-H", "hh": "%I", "h": "%-I", "mm": "%M",
    "ss": "%S", "a": "%p", "EEEE": "%A", "EEE": "%a",
}  # fmt: skip
_TOKEN = re.compile(r"'[^']*'|y+|M+|d+|H+|h+|m+|s+|a+|E+")


def _d3_pattern(cldr: str) -> str:
    """Return a CLDR date pattern ("dd/MM/yy") as a d3 one ("%d/%m/%y")."""

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            return token.strip("'").replace("%", "%%")
        return _D3.get(token, _D3.get(token[:4], token))

    return _TOKEN.sub(one, cldr)


@cache
def chart_locale(tag: str) -> dict[str, Any]:
    """Return Vega's `config.locale` for a locale tag ("it", "en_GB", "vi")."""
    loc = Locale.parse(tag.replace("-", "_"))
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel counts from Monday, d3 from Sunday
    days, short_days = loc.days["format"]["wide"], loc.days["format"]["abbreviated"]
    months, short_months = loc.months["format"]["wide"], loc.months["format"]["abbreviated"]
    periods = loc.day_periods["format"]["abbreviated"]
    number = {
        "decimal": numbers.get_decimal_symbol(loc),
        "thousands": numbers.get_group_symbol(loc),
        "grouping": [3],
        "currency": ["", ""],
        "percent": "%",
    }
    time = {
        "dateTime": f"{_d3_pattern(loc.date_formats['short'].pattern)} "
        f"{_d3_pattern(loc.time_formats['short'].pattern)}",
        "date": _d3_pattern(loc.date_formats["short"].pattern),
        "time": _d3_pattern(loc.time_formats["medium"].pattern),
        "periods": [periods["am"], periods["pm"]],
        "days": [days[i] for i in sunday_first],
        "shortDays": [short_days[i] for i in sunday_first],
        "months": [months[i] for i in range(1, 13)],
        "shortMonths": [short_months[i] for i in range(1, 13)],
    }
    return {"number": number, "time": time}
