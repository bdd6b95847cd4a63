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
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.care.queries import PartWait, part_waits
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
        return self.wait.ended_at is None


def window_start(now: datetime) -> datetime:
    """Return the moment from which parts waits are measured."""
    return now - timedelta(days=WINDOW_DAYS)


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
    # A wait of more than N working days spans at least N calendar days between the moments.
    found = part_waits(session, models, window_start(now), now, min(stated))
    return measure(found, limits, now)


def measure(
    found: Sequence[PartWait], limits: Mapping[tuple[int, str], int | None], now: datetime
) -> list[LateWait]:
    """Keep the waits longer than their limit, counted in working days (pure)."""
    groups: dict[tuple[str, str], list[PartWait]] = defaultdict(list)
    for wait in found:
        if limits.get((wait.model_id, wait.country)) is not None:
            groups[(wait.country, wait.week)].append(wait)
    late: list[LateWait] = []
    for (country, week), waits in groups.items():
        starts = [local_date(w.requested_at, w.timezone) for w in waits]
        ends = [local_date(w.ended_at or now, w.timezone) for w in waits]
        for wait, days in zip(waits, workdays_between_many(starts, ends, country, week),
                              strict=True):  # fmt: skip
            limit = limits[(wait.model_id, wait.country)] or 0
            if days > limit:
                late.append(LateWait(wait, days, limit))
    late.sort(key=lambda w: (-w.workdays, w.wait.requested_at, w.wait.id))
    return late


def count_by(late: Sequence[LateWait]) -> dict[tuple[int, str], int]:
    """Return how many repairs waited too long per (model, country): a repair counts once."""
    repairs: dict[tuple[int, str], set[int]] = defaultdict(set)
    for w in late:
        repairs[(w.wait.model_id, w.wait.country)].add(w.wait.repair_id)
    return {key: len(ids) for key, ids in repairs.items()}
