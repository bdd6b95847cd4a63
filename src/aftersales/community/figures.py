"""A brand's community figures per model and fault category (decision 235).

Over the questions asked since a day (not hidden): how many were asked, answered and solved,
how many an engineer answered and the median working hours they took, how many still wait for
an engineer, and how often they were read and voted for. Two grouped reads of the question
table (the counts, then the stored working hours for the medians) and two short top lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import ColumnElement, case, false, func, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel
from aftersales.community.models import CommunityQuestion
from aftersales.community.queries import Listed

TOP = 5  # questions in each top list


@dataclass(frozen=True)
class Figures:
    """The figures of one model and fault category, or of the whole brand (model None)."""

    model_id: int | None
    model_name: str | None
    fault_category: str | None
    asked: int
    answered: int
    solved: int
    staff_answered: int
    waiting: int
    views: int
    votes: int
    median_staff_hours: float | None

    @property
    def staff_share(self) -> float | None:
        """The share of questions an engineer answered (None when none were asked)."""
        return self.staff_answered / self.asked if self.asked else None


@dataclass(frozen=True)
class BrandFigures:
    """A brand's figures: the whole, each model and fault (most asked first), top questions."""

    brand: Brand
    since: datetime
    total: Figures
    groups: list[Figures]
    most_viewed: list[Listed]
    most_voted: list[Listed]


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def brand_figures(session: Session, brand: Brand, since: datetime) -> BrandFigures:
    """Return the brand's figures over the questions asked since `since`."""
    q = CommunityQuestion
    where = (q.brand_id == brand.id, q.hidden == false(), q.created_at >= since)

    def count(rule: ColumnElement[bool]) -> Any:
        return func.sum(case((rule, 1), else_=0))

    waiting = q.first_staff_answer_at.is_(None) & (q.locked == false())
    columns: list[Any] = [
        q.model_id,
        PhoneModel.name,
        q.fault_category,
        func.count(q.id),
        count(q.answers_count > 0),
        count(q.accepted_answer_id.is_not(None)),
        count(q.first_staff_answer_at.is_not(None)),
        count(waiting),
        func.sum(q.views),
        func.sum(q.votes),
    ]
    rows = session.execute(
        select(*columns)
        .join(PhoneModel, PhoneModel.id == q.model_id)
        .where(*where)
        .group_by(q.model_id, PhoneModel.name, q.fault_category)
    ).all()
    hours: dict[tuple[int, str], list[float]] = {}
    for model_id, fault, value in session.execute(
        select(q.model_id, q.fault_category, q.staff_hours).where(
            *where, q.staff_hours.is_not(None)
        )
    ):
        hours.setdefault((model_id, fault), []).append(value)
    groups = [
        Figures(
            m,
            name,
            fault,
            int(n),
            int(a or 0),
            int(s or 0),
            int(st or 0),
            int(w or 0),
            int(v or 0),
            int(vo or 0),
            _median(hours.get((m, fault), [])),
        )
        for m, name, fault, n, a, s, st, w, v, vo in rows
    ]
    groups.sort(key=lambda g: (-g.asked, g.model_name or "", g.fault_category or ""))
    every = [h for values in hours.values() for h in values]
    sums = {f: sum(getattr(g, f) for g in groups) for f in _COUNTS}
    total = Figures(None, None, None, **sums, median_staff_hours=_median(every))
    return BrandFigures(
        brand, since, total, groups, _top(session, where, q.views), _top(session, where, q.votes)
    )


_COUNTS = ("asked", "answered", "solved", "staff_answered", "waiting", "views", "votes")


def _top(session: Session, where: tuple[ColumnElement[bool], ...], column: Any) -> list[Listed]:
    """Return the brand's questions most read (or voted), best first."""
    q = CommunityQuestion
    rows = session.execute(
        select(q, PhoneModel.name, Brand.name)
        .join(PhoneModel, PhoneModel.id == q.model_id)
        .join(Brand, Brand.id == q.brand_id)
        .where(*where, column > 0)
        .order_by(column.desc(), q.id)
        .limit(TOP)
    ).all()
    return [Listed(question, model, brand) for question, model, brand in rows]
