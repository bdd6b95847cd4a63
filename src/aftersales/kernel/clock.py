"""The one place that reads the wall clock."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def local_date(moment: datetime, timezone: str) -> date:
    """Return the calendar date of an aware datetime in a time zone."""
    return moment.astimezone(ZoneInfo(timezone)).date()
