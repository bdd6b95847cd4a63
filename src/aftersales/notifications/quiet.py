"""Quiet hours for SMS: no text message at night in the recipient's country."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def _parse(span: str) -> tuple[time, time]:
    start, end = span.split("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def quiet_until(
    now: datetime, timezone: str, country: str | None, spans: dict[str, str]
) -> datetime | None:
    """Return when the quiet hours end, if `now` falls inside them there; else None."""
    span = spans.get(country or "", spans.get("*"))
    if not span:
        return None
    start, end = _parse(span)
    if start == end:
        return None
    local = now.astimezone(ZoneInfo(timezone))
    t = local.time().replace(tzinfo=None)
    overnight = start > end
    inside = (t >= start or t < end) if overnight else (start <= t < end)
    if not inside:
        return None
    day = local.date()
    if overnight and t >= start:
        day += timedelta(days=1)
    wake = datetime.combine(day, end, tzinfo=local.tzinfo)
    return wake.astimezone(now.tzinfo)
