"""Day arithmetic for the detectors, the same on SQLite and PostgreSQL (care.sql's helpers)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, literal

from aftersales.care.sql import day_number, greatest, least

__all__ = ["day_number", "day_of", "greatest", "least", "monday", "overlap"]


def day_of(day: date) -> Any:
    """Return a day as the SQL day number `day_number` gives a column."""
    return day_number(literal(day, Date))


def overlap(start: Any, end: Any, low: Any, high: Any) -> Any:
    """Return the days [start, end) and [low, high) share, in SQL (0 when they do not meet)."""
    return greatest(least(end, high) - greatest(start, low), 0)


def monday(day: date) -> date:
    """Return the Monday of a day's week."""
    return day - timedelta(days=day.weekday())
