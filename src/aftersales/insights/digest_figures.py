"""The weekly digest's figures: the last eight weeks of each brand's network and each centre.

Read once a week for every scope at once, in four statements (decision 264): the repairs
closed in the weeks (the closed repairs' index), their contacts (by repair), the open repairs
and those closed since the window began (for the backlog at each week's end), and the survey
answers of the weeks, grouped by day. Medians and percentiles are computed in Python, so
SQLite and PostgreSQL agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from aftersales.repairs.events import EventType
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.surveys.models import SurveyAnswer

WEEKS = 8  # the last week and the seven before it
Key = tuple[str, int]  # ("brand", id) or ("centre", id)


@dataclass
class Week:
    """One week's figures of one scope (Monday to Sunday, UTC)."""

    start: date
    closed: int = 0
    tat: list[int] = field(default_factory=list)
    sla_met: int = 0
    sla_counted: int = 0
    backlog: int = 0
    contacts: int = 0
    answers: int = 0
    top2: int = 0


def week_start(now: datetime) -> date:
    """Return the Monday of the last whole week before `now` (UTC)."""
    today = now.astimezone(UTC).date()
    return today - timedelta(days=today.weekday() + 7)


def percentile(values: list[int], q: float) -> float | None:
    """Return the q-th percentile (0..1) by linear interpolation, None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def weeks_of(session: Session, keys: Iterable[Key], last: date) -> dict[Key, list[Week]]:
    """Return the eight weeks ending with the week starting `last`, oldest first, per scope."""
    wanted = set(keys)
    starts = [last - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    first, end = _at(starts[0]), _at(last + timedelta(days=7))
    found = {k: [Week(s) for s in starts] for k in wanted}

    def index(moment: datetime | date) -> int | None:
        day = moment.date() if isinstance(moment, datetime) else moment
        i = (day - starts[0]).days // 7
        return i if 0 <= i < WEEKS else None

    def scopes(brand_id: int | None, centre_id: int | None) -> list[list[Week]]:
        both = (("brand", brand_id), ("centre", centre_id))
        return [found[k] for k in both if k in found]

    closed = select(
        RepairOrder.id, RepairOrder.brand_id, RepairOrder.centre_id, RepairOrder.closed_at,
        RepairOrder.tat_workdays, RepairOrder.sla_state,
    ).where(RepairOrder.closed_at >= first, RepairOrder.closed_at < end,
            RepairOrder.status == "closed")  # fmt: skip
    rows = session.execute(closed).all()
    asked = (
        select(RepairEvent.repair_id, func.count())
        .where(
            RepairEvent.type == EventType.contact,
            RepairEvent.repair_id.in_(closed.with_only_columns(RepairOrder.id)),
        )
        .group_by(RepairEvent.repair_id)
    )
    contacts: dict[int, int] = {int(k): int(n) for k, n in session.execute(asked).tuples()}
    for repair_id, brand_id, centre_id, closed_at, tat, sla in rows:
        i = index(closed_at)
        if i is None:
            continue
        for weeks in scopes(brand_id, centre_id):
            w = weeks[i]
            w.closed += 1
            w.contacts += int(contacts.get(repair_id, 0))
            if tat is not None:
                w.tat.append(int(tat))
            if sla in ("met", "breached"):
                w.sla_counted += 1
                w.sla_met += sla == "met"
    # The backlog at each week's end: entered before it, not closed or cancelled by then.
    spans = session.execute(
        select(RepairOrder.brand_id, RepairOrder.centre_id, RepairOrder.created_at,
               RepairOrder.closed_at)
        .where(or_(RepairOrder.closed_at.is_(None), RepairOrder.closed_at >= first))
    ).all()  # fmt: skip
    ends = [_at(s + timedelta(days=7)) for s in starts]
    for brand_id, centre_id, created_at, closed_at in spans:
        for weeks in scopes(brand_id, centre_id):
            for i, week_end in enumerate(ends):
                if created_at < week_end and (closed_at is None or closed_at >= week_end):
                    weeks[i].backlog += 1
    top = case((SurveyAnswer.overall >= 4, 1), else_=0)
    answers = session.execute(
        select(SurveyAnswer.brand_id, SurveyAnswer.centre_id, SurveyAnswer.answered_on,
               func.count(), func.sum(top))
        .where(SurveyAnswer.answered_on >= starts[0], SurveyAnswer.answered_on < end.date())
        .group_by(SurveyAnswer.brand_id, SurveyAnswer.centre_id, SurveyAnswer.answered_on)
    ).all()  # fmt: skip
    for brand_id, centre_id, day, n, t2 in answers:
        i = index(day)
        if i is None:
            continue
        for weeks in scopes(brand_id, centre_id):
            weeks[i].answers += int(n)
            weeks[i].top2 += int(t2 or 0)
    return found
