"""Repairs that waited for parts longer than the delivery time their country's support sets.

A back-ordered part waited from the day it was asked for to the day it was filled (or given
back without arriving, or today while still awaited), counted in working days of the
repair's country and centre's week, as the SLA clock counts (kernel.workdays: days in
(start, end]). The limit is the support in force for the model in the repair's country: the
brand's promise, else in the EU the regulation's 5 working days (support.regulation); where
neither says anything there is nothing to break. Parts asked for in the last WINDOW_DAYS,
and any still awaited, are measured (decision 197).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.care.queries import PartWait, part_waits, working_weeks
from aftersales.kernel.clock import local_date
from aftersales.kernel.workdays import workdays_between_many

WINDOW_DAYS = 365


@dataclass(frozen=True)
class LateWait:
    """A part that waited longer than the delivery time: its repair, how long, and the limit."""

    wait: PartWait
    workdays: int
    limit: int

    @property
    def still_waiting(self) -> bool:
        """Say whether the part is still awaited."""
        return self.wait.ended is None


def longest_first(w: LateWait) -> tuple[int, date, int]:
    """Order late waits: the longest first, then the earliest asked."""
    return (-w.workdays, w.wait.asked, w.wait.id)


def window_start(now: datetime) -> datetime:
    """Return the moment from which parts waits are measured."""
    return now - timedelta(days=WINDOW_DAYS)


def calendar_days(workdays: int, week: str) -> int:
    """Return the fewest calendar days that hold `workdays` working days of a week (pure).

    Holidays only add days, so this is a bound every wait of that many working days passes.
    """
    fewest = 7 * workdays
    for first in range(7):  # the weekday of the first day counted
        held, days = 0, 0
        while held < workdays:
            held += week[(first + days) % 7] == "1"
            days += 1
        fewest = min(fewest, days)
    return fewest


def late_waits(
    session: Session, limits: Mapping[tuple[int, str], int | None], now: datetime
) -> list[LateWait]:
    """Return the waits over the limit of each (model, country), the longest first.

    `limits`: the delivery time in working days per (model id, country); None: none stated.
    """
    stated = [days for days in limits.values() if days is not None]
    if not stated:
        return []
    models = sorted({m for (m, _), days in limits.items() if days is not None})
    # Only waits long enough in calendar days to hold one working day more than the limit
    # (in any centre's week) are read; a day less, as SQL counts UTC days, not the centre's.
    bound = min(calendar_days(min(stated) + 1, week) for week in working_weeks(session)) - 1
    found = part_waits(session, models, window_start(now), now, max(bound, 0))
    return measure(found, limits, now)


def measure(
    found: Sequence[PartWait], limits: Mapping[tuple[int, str], int | None], now: datetime
) -> list[LateWait]:
    """Keep the waits longer than their limit, counted in working days (pure).

    One numpy count per country and working week; a wait still going ends today at its centre.
    """
    groups: dict[tuple[str, str], list[PartWait]] = defaultdict(list)
    for wait in found:
        if limits.get((wait.model_id, wait.country)) is not None:
            groups[(wait.country, wait.week)].append(wait)
    today = {zone: local_date(now, zone) for zone in {w.timezone for w in found}}
    late: list[LateWait] = []
    for (country, week), waits in groups.items():
        starts = [w.asked for w in waits]
        ends = [w.ended or today[w.timezone] for w in waits]
        for wait, days in zip(waits, workdays_between_many(starts, ends, country, week),
                              strict=True):  # fmt: skip
            limit = limits[(wait.model_id, wait.country)] or 0
            if days > limit:
                late.append(LateWait(wait, days, limit))
    late.sort(key=longest_first)
    return late


def count_by(late: Sequence[LateWait]) -> dict[tuple[int, str], int]:
    """Return how many repairs waited too long per (model, country): a repair counts once."""
    repairs: dict[tuple[int, str], set[int]] = defaultdict(set)
    for w in late:
        repairs[(w.wait.model_id, w.wait.country)].add(w.wait.repair_id)
    return {key: len(ids) for key, ids in repairs.items()}
