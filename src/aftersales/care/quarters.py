"""Counts per day folded into calendar quarters, for the dashboard's charts (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def quarter_of(day: date) -> date:
    """Return the first day of the quarter a day falls in."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next(quarter: date) -> date:
    month = quarter.month + 3
    return date(quarter.year + (month > 12), (month - 1) % 12 + 1, 1)


def by_quarter(
    counts: Iterable[tuple[date, int]], until: date | None = None
) -> list[tuple[date, int]]:
    """Return the counts per quarter from the first one counted, quiet quarters as zero.

    `until`: the last quarter shown (today's), so a model that stopped selling shows its
    quiet quarters up to now rather than ending where its sales did.
    """
    totals: dict[date, int] = {}
    for day, n in counts:
        q = quarter_of(day)
        totals[q] = totals.get(q, 0) + n
    if not totals:
        return []
    last = max(max(totals), quarter_of(until)) if until else max(totals)
    out, q = [], min(totals)
    while q <= last:
        out.append((q, totals.get(q, 0)))
        q = _next(q)
    return out
