"""A rise in a software version's fault rate after its release (decision 280).

For each release of the brand's models out in the last `LOOKBACK_WEEKS` (and at least a
week), and each fault, the repairs of phones running the new version since its release are
set against those of the same model's phones on earlier versions over the background
(`BACKGROUND_WEEKS` before the release up to the last complete week, so the season is shared),
per phone-week
on each. A phone runs the version of its latest sighting (`software_sighting`) until its next
one, for at most `STALE_DAYS`; a repair counts for the version its phone ran that day, by the
same rule, so counts and exposure agree. The two counts, given their sum, are binomial with
the share of exposure on the new version when the rates are equal: the exact one-sided test
gives a p-value and the Clopper-Pearson interval of that share gives the rate ratio's 95%
interval. Benjamini-Hochberg adjusts the p-values over all the versions and faults tested in
a run; as each release is looked at weekly for `LOOKBACK_WEEKS`, an adjusted p-value must be
below `FDR` shared out over those looks (`PER_LOOK`). A finding also needs `MIN_OBSERVED`
repairs and a ratio of at least `MIN_RATIO`. Everything is counted in SQL; only the new
version's repairs are read as rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from scipy import stats
from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel
from aftersales.defects.findings import Finding, Week
from aftersales.defects.sql import day_number, day_of, least, monday, overlap
from aftersales.defects.words import RELEASE_METHOD
from aftersales.devices.models import Phone
from aftersales.repairs.models import RepairOrder
from aftersales.software.models import SoftwareRelease, SoftwareSighting

LOOKBACK_WEEKS = 26  # releases of the last half year are watched
MIN_DAYS = 7  # a release gets a week before it is judged
BACKGROUND_WEEKS = 26  # the earlier versions' time before the release, and since
STALE_DAYS = 183  # a sighting stands for the phone's version for at most half a year
FDR = 0.05
# A release is looked at every week it is watched: its share of the error rate is spread over
# those looks (Bonferroni), so the watch as a whole keeps about FDR, not each look.
PER_LOOK = FDR / LOOKBACK_WEEKS
MIN_OBSERVED = 3
MIN_RATIO = 1.2
RATIO_CAP = 1000.0  # the interval's top when no repair at all is seen on earlier versions
MAX_ROWS = 5000  # the new version's repairs read per release
METHOD = RELEASE_METHOD


@dataclass(frozen=True)
class _Test:
    """One release and fault, counted."""

    release: SoftwareRelease
    fault: str
    observed: int
    background: int  # repairs on earlier versions
    exposure: float  # phone-days on the new version since the release
    background_exposure: float
    p_value: float
    repair_ids: tuple[int, ...]
    weeks: tuple[Week, ...]


def release_rises(session: Session, brand_id: int, today: date) -> list[Finding]:
    """Return the rises in a fault's repair rate on a new software version of the brand."""
    # Complete weeks only, to the last Sunday: any day of a week the run reads the same.
    today = monday(today) - timedelta(days=1)
    releases = session.scalars(
        select(SoftwareRelease)
        .join(PhoneModel, PhoneModel.id == SoftwareRelease.model_id)
        .where(
            PhoneModel.brand_id == brand_id,
            SoftwareRelease.release_date >= today - timedelta(weeks=LOOKBACK_WEEKS),
            SoftwareRelease.release_date <= today - timedelta(days=MIN_DAYS),
        )
        .order_by(SoftwareRelease.release_date, SoftwareRelease.id)
    ).all()
    tests = [t for r in releases for t in _tests(session, brand_id, r, today)]
    if not tests:
        return []
    adjusted = stats.false_discovery_control([t.p_value for t in tests], method="bh")
    found = [
        _finding(brand_id, t, float(q))
        for t, q in zip(tests, adjusted, strict=True)
        if q <= PER_LOOK and t.observed >= MIN_OBSERVED
    ]
    return [f for f in found if f.ratio >= MIN_RATIO]


def _later_versions(session: Session, release: SoftwareRelease) -> list[str]:
    """Return the model's versions released after this one: not a baseline."""
    return list(
        session.scalars(
            select(SoftwareRelease.version).where(
                SoftwareRelease.model_id == release.model_id,
                SoftwareRelease.release_date > release.release_date,
            )
        )
    )


def _week_starts(release_day: date, today: date) -> list[date]:
    first, weeks = monday(release_day), []
    while first <= today:
        weeks.append(first)
        first += timedelta(days=7)
    return weeks


def _tests(session: Session, brand_id: int, release: SoftwareRelease, today: date) -> list[_Test]:
    """Count one release's repairs and exposure against its model's earlier versions."""
    day, version = release.release_date, release.version
    later = _later_versions(session, release)
    background_from = day - timedelta(weeks=BACKGROUND_WEEKS)
    end = today + timedelta(days=1)
    weeks = _week_starts(day, today)
    spans = [(max(w, day), min(w + timedelta(days=7), end)) for w in weeks]

    # Each sighting stands until the phone's next one, today, or STALE_DAYS, whichever first.
    nxt = func.lead(SoftwareSighting.seen_date).over(
        partition_by=SoftwareSighting.phone_id,
        order_by=(SoftwareSighting.seen_date, SoftwareSighting.id),
    )
    raw = (
        select(
            SoftwareSighting.version.label("version"),
            day_number(SoftwareSighting.seen_date).label("s"),
            day_number(nxt).label("e"),
        )
        .join(Phone, Phone.id == SoftwareSighting.phone_id)
        .where(Phone.model_id == release.model_id, SoftwareSighting.seen_date <= today)
        .subquery()
    )
    stop = least(func.coalesce(raw.c.e, day_of(end)), raw.c.s + STALE_DAYS, day_of(end))
    on_new = raw.c.version == version
    on_old = (raw.c.version != version) & raw.c.version.not_in(later)
    zero: Any = literal(0)
    columns = [
        func.coalesce(func.sum(_when(on_new, overlap(raw.c.s, stop, day_of(a), day_of(b)))), zero)
        for a, b in spans
    ]
    columns.append(
        func.coalesce(
            func.sum(_when(on_old, overlap(raw.c.s, stop, day_of(background_from), day_of(end)))),
            zero,
        )
    )
    row = session.execute(select(*columns)).one()
    weekly = [float(x or 0) for x in row[:-1]]
    exposure, background_exposure = sum(weekly), float(row[-1] or 0)
    if exposure <= 0 or background_exposure <= 0:
        return []

    # The version each repair's phone ran that day, by the same rule as the exposure.
    ran = (
        select(SoftwareSighting.version)
        .where(
            SoftwareSighting.phone_id == RepairOrder.phone_id,
            day_number(SoftwareSighting.seen_date) <= day_number(RepairOrder.created_at),
            day_number(SoftwareSighting.seen_date) + STALE_DAYS
            > day_number(RepairOrder.created_at),
        )
        .order_by(SoftwareSighting.seen_date.desc(), SoftwareSighting.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    repairs = (
        select(
            RepairOrder.id.label("id"),
            RepairOrder.fault_category.label("fault"),
            RepairOrder.created_at.label("at"),
            ran.label("version"),
        )
        .where(
            RepairOrder.brand_id == brand_id,
            RepairOrder.model_id == release.model_id,
            RepairOrder.status != "cancelled",
            RepairOrder.created_at >= _moment(background_from),
            RepairOrder.created_at < _moment(end),
        )
        .subquery()
    )
    counted = session.execute(
        select(repairs.c.fault, func.count())
        .where(repairs.c.version != version, repairs.c.version.not_in(later))
        .group_by(repairs.c.fault)
    ).all()
    background = {fault: int(count) for fault, count in counted}
    rows = session.execute(
        select(repairs.c.id, repairs.c.fault, repairs.c.at)
        .where(repairs.c.version == version, repairs.c.at >= _moment(day))
        .order_by(repairs.c.at.desc(), repairs.c.id.desc())
        .limit(MAX_ROWS)
    ).all()
    by_fault: dict[str, list[tuple[int, date]]] = {}
    for repair_id, fault, at in rows:
        by_fault.setdefault(fault, []).append((repair_id, _day(at)))
    out = []
    for fault in sorted(set(by_fault) | set(background)):
        mine, x0 = by_fault.get(fault, []), int(background.get(fault, 0))
        x1 = len(mine)
        if x1 == 0:  # nothing to rise: tested all the same, a p-value of 1
            out.append(_Test(release, fault, 0, x0, exposure, background_exposure, 1.0, (), ()))
            continue
        share = exposure / (exposure + background_exposure)
        p = float(stats.binom.sf(x1 - 1, x1 + x0, share))
        rate = max(x0, 0.5) / background_exposure  # half a repair when none: a finite ratio
        counts = Counter(monday(d) for _, d in mine)
        series = tuple(
            Week(w, counts.get(w, 0), round(rate * e, 3))
            for w, e in zip(weeks, weekly, strict=True)
        )
        ids = tuple(i for i, _ in mine[:200])
        out.append(_Test(release, fault, x1, x0, exposure, background_exposure, p, ids, series))
    return out


def _when(condition: Any, value: Any) -> Any:
    return case((condition, value), else_=0)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _day(at: datetime | date | str) -> date:
    if isinstance(at, datetime):
        return at.astimezone(UTC).date() if at.tzinfo else at.date()
    if isinstance(at, date):
        return at
    return date.fromisoformat(str(at)[:10])


def rate_ratio(
    observed: int, background: int, exposure: float, background_exposure: float
) -> tuple[float, float, float]:
    """Return the rate ratio and its exact 95% interval, from the binomial share of the counts."""
    total = observed + background
    scale = background_exposure / exposure
    point = observed / (max(background, 0.5) * exposure / background_exposure)
    ci = stats.binomtest(observed, total).proportion_ci(0.95, method="exact")
    low = ci.low / (1 - ci.low) * scale if ci.low < 1 else RATIO_CAP
    high = ci.high / (1 - ci.high) * scale if ci.high < 1 else RATIO_CAP
    return point, min(low, RATIO_CAP), min(high, RATIO_CAP)


def _finding(brand_id: int, t: _Test, q: float) -> Finding:
    release = t.release
    ratio, low, high = rate_ratio(t.observed, t.background, t.exposure, t.background_exposure)
    expected = max(t.background, 0.5) * t.exposure / t.background_exposure
    return Finding(
        kind="release",
        key=f"release:{release.model_id}:{release.version}:{t.fault}",
        brand_id=brand_id,
        model_id=release.model_id,
        fault_category=t.fault,
        software_version=release.version,
        started_on=monday(release.release_date),
        observed=t.observed,
        expected=round(expected, 3),
        ratio=round(ratio, 3),
        low=round(low, 3),
        high=round(high, 3),
        method=METHOD,
        p_value=float(np.clip(q, 0.0, 1.0)),
        repair_ids=t.repair_ids,
        weeks=t.weeks,
    )
