"""Day arithmetic the same on SQLite and PostgreSQL, so the forecast's aggregates run in SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

# Months are counted in mean Gregorian months (30.4375 days = 487/16), with integer
# division, so SQL and numpy agree on every phone's age in months.
MONTH_NUM, MONTH_DEN = 16, 487


class day_number(FunctionElement[int]):
    """The day of a date or timestamp as a whole number (its epoch differs by dialect)."""

    type = Integer()
    inherit_cache = True


class greatest(FunctionElement[int]):
    """The largest of its arguments (none may be NULL: SQLite's max() would return NULL)."""

    type = Integer()
    inherit_cache = True


class least(FunctionElement[int]):
    """The smallest of its arguments (none may be NULL: SQLite's min() would return NULL)."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_sqlite(element: day_number, compiler: Any, **kw: Any) -> str:
    return f"CAST(julianday(date({compiler.process(element.clauses, **kw)})) AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_pg(element: day_number, compiler: Any, **kw: Any) -> str:
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) - DATE '1970-01-01')"


def _named(element: type[FunctionElement[Any]], sqlite: str, postgresql: str) -> None:
    """Compile a function of any number of arguments to each dialect's name for it."""
    for dialect, name in (("sqlite", sqlite), ("postgresql", postgresql)):

        def compile_(el: Any, compiler: Any, _name: str = name, **kw: Any) -> str:
            return f"{_name}({compiler.process(el.clauses, **kw)})"

        compiles(element, dialect)(compile_)


_named(greatest, "max", "greatest")
_named(least, "min", "least")


def months(days: Any) -> Any:
    """Return whole months in a SQL number of days (not negative)."""
    return greatest(days, 0) * MONTH_NUM // MONTH_DEN
