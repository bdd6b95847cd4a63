"""Working days from real public-holiday calendars and a working week.

A working day is neither outside the centre's working week nor a public holiday of
the country. Elapsed working days between two dates count the days in (start, end]:
a phone received on Friday and ready on Monday took one working day.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
import numpy as np

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_, Msg

DEFAULT_WEEK = "1111100"  # Monday to Friday
_YEARS = range(2015, 2041)
# An explicit language keeps holiday names stable whatever the machine's locale.
_LANGUAGE = "en_US"


def check_week(week: str) -> str:
    """Return a valid working-week mask (7 of 0/1, Monday first) or raise."""
    if len(week) != 7 or set(week) - {"0", "1"} or "1" not in week:
        raise ValidationFailed(
            "A working week is 7 characters of 0 and 1, Monday first, e.g. 1111100.",
            {"working_week": N_("Use 7 characters of 0 and 1, Monday first, e.g. 1111100.")},
        )
    return week


def public_holidays(country: str) -> dict[date, str]:
    """Return the public holidays of a country (ISO 3166 alpha-2) over the supported years."""
    return dict(_holidays(country.upper()))


@lru_cache(maxsize=64)
def _holidays(country: str) -> tuple[tuple[date, str], ...]:
    try:
        cal = holidays.country_holidays(country, years=_YEARS, language=_LANGUAGE)
    except NotImplementedError as exc:
        raise ValidationFailed(
            Msg("No public-holiday calendar is known for country '%(country)s'.", country=country),
            {
                "country": Msg(
                    "Unknown country code '%(country)s'; use ISO 3166 codes like IT or VN.",
                    country=country,
                )
            },
        ) from exc
    return tuple(sorted(cal.items()))


@lru_cache(maxsize=128)
def _calendar(country: str, week: str) -> np.busdaycalendar:
    days = [d for d, _ in _holidays(country.upper())]
    return np.busdaycalendar(weekmask=check_week(week), holidays=days)


def is_workday(day: date, country: str, week: str = DEFAULT_WEEK) -> bool:
    """Tell whether `day` is a working day in `country` for this working week."""
    return bool(np.is_busday(day, busdaycal=_calendar(country.upper(), week)))


# Pure functions of their arguments, called once per repair on every list and board: a
# repair list shares a few hundred distinct dates, so memoising saves most of the numpy calls.
@lru_cache(maxsize=65536)
def workdays_between(start: date, end: date, country: str, week: str = DEFAULT_WEEK) -> int:
    """Count working days in (start, end]; zero or negative when end is not after start."""
    cal = _calendar(country.upper(), week)
    return int(
        np.busday_count(np.datetime64(start, "D") + 1, np.datetime64(end, "D") + 1, busdaycal=cal)
    )


@lru_cache(maxsize=65536)
def add_workdays(start: date, n: int, country: str, week: str = DEFAULT_WEEK) -> date:
    """Return the first date by which `n` working days have elapsed after `start`."""
    if n <= 0:
        return start
    cal = _calendar(country.upper(), week)
    result = np.busday_offset(np.datetime64(start, "D"), n, roll="backward", busdaycal=cal)
    return date.fromisoformat(str(result))


def workdays_between_many(
    starts: list[date], ends: list[date], country: str, week: str = DEFAULT_WEEK
) -> list[int]:
    """Count working days in (start, end] for each pair at once (the history of many repairs)."""
    if not starts:
        return []
    cal = _calendar(country.upper(), week)
    first = np.array(starts, dtype="datetime64[D]") + 1
    last = np.array(ends, dtype="datetime64[D]") + 1
    return [int(n) for n in np.busday_count(first, last, busdaycal=cal)]
