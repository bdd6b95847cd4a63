"""The owner's offline days: calendar days without a phone, minus the days with a loaner.

Pure: no database. Days are counted like the SLA clock counts working days, (start, end]
in the centre's time zone, but every calendar day counts: the owner is without a phone on
weekends and holidays too (decision 108). A phone handed in on Monday and collected on
Wednesday kept its owner offline 2 days; a loaner given on Monday and returned on Wednesday
covers both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from aftersales.kernel.clock import local_date


@dataclass(frozen=True)
class OfflineDays:
    """How long the owner has been (or was) without their phone."""

    without_phone: int  # calendar days from hand-in to collection (or today)
    with_loaner: int  # of those, days the owner had a loaner phone
    counting: bool  # still counting: the phone is in the service, not handed back yet

    @property
    def offline(self) -> int:
        """Return the days the owner had no phone at all."""
        return self.without_phone - self.with_loaner


def _days(start: date, end: date) -> set[date]:
    """Return the calendar days in (start, end]."""
    return {start + timedelta(days=i) for i in range(1, (end - start).days + 1)}


def offline_days(
    handed_in_at: datetime | None,
    back_at: datetime | None,
    loans: Iterable[tuple[datetime, datetime | None]],
    now: datetime,
    timezone: str,
) -> OfflineDays:
    """Count the owner's days without a phone and, of them, those covered by a loaner.

    `handed_in_at`: when the phone entered the service (None: not handed in yet, nothing
    counts); `back_at`: when the repair closed (collected, or cancelled), else it counts to
    `now`; `loans`: each loaner's (given, returned or None while out).
    """
    if handed_in_at is None:
        return OfflineDays(0, 0, False)
    end = local_date(back_at or now, timezone)
    without = _days(local_date(handed_in_at, timezone), end)
    covered: set[date] = set()
    for given, returned in loans:
        covered |= _days(local_date(given, timezone), local_date(returned or now, timezone))
    return OfflineDays(len(without), len(without & covered), back_at is None)
