"""Working hours between two moments: how long an asker waited for the maker's engineers.

A working hour is one of 9:00-17:00 local time on a working day of the asker's country
(Monday to Friday, not a public holiday), so a working day has 8 (decision 234). A question
asked on Friday at 16:00 and answered on Monday at 10:00 waited 2 working hours.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aftersales.catalog.service import COUNTRY_TZ
from aftersales.kernel.workdays import is_workday, workdays_between

OPENS, CLOSES = time(9), time(17)
DAY_HOURS = 8.0
# Whose working days count when the asker's account names no country: their language's.
LANGUAGE_COUNTRY = {"it": "IT", "vi": "VN", "en": "GB"}


def country_of(account_country: str | None, language: str) -> str:
    """Return the country whose working days count for an asker."""
    return (account_country or LANGUAGE_COUNTRY.get(language) or "GB").upper()


def _day_hours(day: date, start: datetime, end: datetime, zone: ZoneInfo, country: str) -> float:
    """Return the working hours of one local day that fall between start and end."""
    if not is_workday(day, country):
        return 0.0
    opens = datetime.combine(day, OPENS, zone)
    closes = datetime.combine(day, CLOSES, zone)
    seconds = (min(end, closes) - max(start, opens)).total_seconds()
    return max(0.0, seconds / 3600)


def working_hours(start: datetime, end: datetime, country: str) -> float:
    """Return the working hours in the country between two aware moments (0 if end is first)."""
    if end <= start:
        return 0.0
    zone = ZoneInfo(COUNTRY_TZ.get(country, "UTC"))
    start, end = start.astimezone(zone), end.astimezone(zone)
    first, last = start.date(), end.date()
    if first == last:
        return round(_day_hours(first, start, end, zone, country), 2)
    # Whole working days between the first and the last count 8 hours each.
    middle = workdays_between(first, last - timedelta(days=1), country) if last > first else 0
    hours = _day_hours(first, start, end, zone, country) + _day_hours(
        last, start, end, zone, country
    )
    return round(hours + DAY_HOURS * max(0, middle), 2)
