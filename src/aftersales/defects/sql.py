"""Day arithmetic for the detectors, the same on SQLite and PostgreSQL (care's, plus `least`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Integer, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from aftersales.care.sql import day_number, greatest

__all__ = ["day_number", "day_of", "greatest", "least", "monday", "overlap"]


class least(FunctionElement[int]):
    """The smallest of its arguments (none may be NULL: SQLite's min() would return NULL)."""

    type = Integer()
    inherit_cache = True


@compiles(least, "sqlite")
def _least_sqlite(element: least, compiler: Any, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(least, "postgresql")
def _least_pg(element: least, compiler: Any, **kw: Any) -> str:
    return f"least({compiler.process(element.clauses, **kw)})"


def day_of(day: date) -> Any:
    """Return a day as the SQL day number `day_number` gives a column."""
    return day_number(literal(day, Date))


def overlap(start: Any, end: Any, low: Any, high: Any) -> Any:
    """Return the days [start, end) and [low, high) share, in SQL (0 when they do not meet)."""
    return greatest(least(end, high) - greatest(start, low), 0)


def monday(day: date) -> date:
    """Return the Monday of a day's week."""
    return day - timedelta(days=day.weekday())
