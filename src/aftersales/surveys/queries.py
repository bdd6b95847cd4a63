"""The satisfaction reports' SQL: sums from the rollups (or the answers), comments, the choices.

Every query takes the reader's `Scope` (what the policy lets them read, surveys.access) and the
report's `Filters`, and applies both: a filter naming a place outside the scope meets no
answer. Each sum is read from the smallest source that holds its dimensions (decision 211).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre, Shop
from aftersales.kernel.paging import COUNT_CAP
from aftersales.surveys.models import ATTRIBUTES, TOP_2, SurveyAnswer
from aftersales.surveys.rollup import (
    COUNTS,
    SurveyRollupBrand,
    SurveyRollupModel,
    SurveyRollupPlace,
    measures,
    month_of,
)

RANK_KEYS = ("brand", "centre", "shop", "model")
PLACES = ("centre_id", "shop_id")
# The drivers are fitted on this many of the latest answers rating every attribute: a fit's
# intervals barely narrow beyond it, and reading them stays a bounded index scan.
DRIVER_SAMPLE = 20_000
NAMES: dict[str, Any] = {"brand": Brand, "centre": ServiceCentre, "shop": Shop, "model": PhoneModel}


@dataclass(frozen=True)
class Scope:
    """The answers a reader may read: none set is every answer (platform admins)."""

    brand_id: int | None = None
    centre_id: int | None = None
    shop_id: int | None = None


@dataclass(frozen=True)
class Filters:
    """A report's choices: whole months from `first` to `last` (first days), and the rest."""

    first: date
    last: date
    country: str | None = None
    channel: str | None = None
    centre_id: int | None = None
    shop_id: int | None = None
    model_id: int | None = None


def next_month(month: date) -> date:
    """Return the first day of the month after."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


class _Source:
    """Where sums are read: a rollup's counted columns, or the answers summed on the fly."""

    def __init__(self, table: Any | None) -> None:
        self.table = table  # None: the answers
        self.sums = (
            measures()
            if table is None
            else {k: func.coalesce(func.sum(table.c[k]), 0).label(k) for k in COUNTS}
        )

    def col(self, name: str) -> Any:
        return getattr(SurveyAnswer, name) if self.table is None else self.table.c[name]

    def month(self) -> Any:
        return month_of(SurveyAnswer.answered_on) if self.table is None else self.table.c.month

    def where(self, scope: Scope, f: Filters) -> list[Any]:
        """Return the conditions of the scope and the filters."""
        found = [self.col(k) == v for k, v in vars(scope).items() if v is not None]
        chosen = {k: v for k, v in vars(f).items() if k not in ("first", "last")}
        found += [self.col(k) == v for k, v in chosen.items() if v is not None]
        if self.table is None:
            day = SurveyAnswer.answered_on
            return [*found, day >= f.first, day < next_month(f.last)]
        return [*found, self.table.c.month >= f.first, self.table.c.month <= f.last]


@cache
def _made(table: Any | None) -> _Source:
    """Return a source, its sum expressions built once (building them costs more than running
    them on a rollup)."""
    return _Source(table)


def _source(scope: Scope, f: Filters, by: str | None = None) -> _Source:
    """Choose the smallest rollup that holds every dimension asked, else the answers."""
    place = any(getattr(scope, k) or getattr(f, k) for k in PLACES) or by in ("centre", "shop")
    model = f.model_id is not None or by == "model"
    if place and model:
        return _made(None)
    table = SurveyRollupModel if model else SurveyRollupPlace if place else SurveyRollupBrand
    return _made(table.__table__)


def totals(session: Session, scope: Scope, f: Filters) -> dict[str, int]:
    """Return every counted column summed over the report's answers."""
    src = _source(scope, f)
    row = session.execute(select(*src.sums.values()).where(*src.where(scope, f))).one()
    return {k: int(v or 0) for k, v in row._mapping.items()}


def by_month(session: Session, scope: Scope, f: Filters) -> list[tuple[date, int, int]]:
    """Return (month, answers, top-2 answers) for each month with answers, in order."""
    src = _source(scope, f)
    month = src.month().label("m")
    rows = session.execute(
        select(month, src.sums["n"], src.sums["top2"])
        .where(*src.where(scope, f))
        .group_by(month)
        .order_by(month)
    ).all()
    return [(_day(m), int(n), int(t or 0)) for m, n, t in rows if n]


def by_key(session: Session, scope: Scope, f: Filters, by: str) -> list[tuple[int, int, int]]:
    """Return (id, answers, top-2 answers) per brand, centre, shop or model (`by`)."""
    src = _source(scope, f, by)
    key = src.col(f"{by}_id")
    rows = session.execute(
        select(key, src.sums["n"], src.sums["top2"])
        .where(*src.where(scope, f), key.is_not(None))
        .group_by(key)
    ).all()
    return [(int(k), int(n), int(t or 0)) for k, n, t in rows if n]


def patterns(session: Session, scope: Scope, f: Filters) -> list[tuple[tuple[int, ...], int, int]]:
    """Return the latest answers rating every attribute, grouped by which were top-2."""
    a, raw = SurveyAnswer, _made(None)
    rated = [getattr(a, n).is_not(None) for n in ATTRIBUTES]
    latest = (
        select(*(getattr(a, n) for n in ATTRIBUTES), a.overall)
        .where(*raw.where(scope, f), *rated)
        .order_by(a.answered_on.desc(), a.id.desc())
        .limit(DRIVER_SAMPLE)
        .subquery()
    )
    cols = [case((latest.c[n] >= TOP_2, 1), else_=0).label(n) for n in ATTRIBUTES]
    good = func.sum(case((latest.c.overall >= TOP_2, 1), else_=0))
    rows = session.execute(select(*cols, func.count(), good).group_by(*cols)).all()
    return [(tuple(int(v) for v in r[:-2]), int(r[-2]), int(r[-1] or 0)) for r in rows]


@dataclass(frozen=True)
class CommentFilter:
    """Which comments: those whose `about` (overall or an attribute) is rated `rating`, and
    whose words contain `text`."""

    about: str = "overall"
    rating: int | None = None
    text: str | None = None


def _comment_where(scope: Scope, f: Filters, c: CommentFilter) -> list[Any]:
    a = SurveyAnswer
    found = [*_made(None).where(scope, f), a.comment.is_not(None), a.comment != ""]
    if c.rating is not None:
        found.append(getattr(a, c.about) == c.rating)
    if c.text:
        found.append(a.comment.icontains(c.text, autoescape=True))
    return found


def comments(
    session: Session, scope: Scope, f: Filters, c: CommentFilter, limit: int, offset: int
) -> tuple[list[SurveyAnswer], int]:
    """Return a page of comments, latest first, and how many there are (up to COUNT_CAP)."""
    where = _comment_where(scope, f, c)
    a = SurveyAnswer
    page = session.scalars(
        select(a)
        .where(*where)
        .order_by(a.answered_on.desc(), a.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    capped = select(a.id).where(*where).limit(COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(capped)) or 0
    return list(page), int(total)


def comment_table(
    session: Session, scope: Scope, f: Filters, c: CommentFilter, limit: int
) -> list[dict[str, Any]]:
    """Return the latest `limit` comments as rows of values, places and model named (the CSV):
    one read of the answers' columns, then one of each kind of name."""
    a = SurveyAnswer
    cols = [a.id, a.answered_on, a.country, a.channel, a.centre_id, a.shop_id, a.model_id,
            a.overall, *(getattr(a, n) for n in ATTRIBUTES), a.language, a.comment]  # fmt: skip
    rows = session.execute(
        select(*cols).where(*_comment_where(scope, f, c))
        .order_by(a.answered_on.desc(), a.id.desc()).limit(limit)
    ).mappings().all()  # fmt: skip
    kinds = ("centre", "shop", "model")
    named = names(session, {k: {r[f"{k}_id"] for r in rows if r[f"{k}_id"]} for k in kinds})
    return [
        {**r, **{k: named[k].get(r[f"{k}_id"]) if r[f"{k}_id"] else None for k in kinds}}
        for r in rows
    ]


def names(session: Session, wanted: dict[str, set[int]]) -> dict[str, dict[int, str]]:
    """Return the names of the brands, centres, shops and models asked for, one query each."""
    found: dict[str, dict[int, str]] = {}
    for kind, ids in wanted.items():
        if not ids:
            found[kind] = {}
            continue
        table = NAMES[kind]
        rows = session.execute(select(table.id, table.name).where(table.id.in_(ids))).all()
        found[kind] = {int(i): str(n) for i, n in rows}
    return found


def choices(session: Session, scope: Scope, f: Filters) -> dict[str, list[Any]]:
    """Return what the reader may filter by: the countries, centres, shops and models (and
    brands) with answers in their scope and period, named, two queries and the names'."""
    whole = Filters(f.first, f.last)
    place = _made(SurveyRollupPlace.__table__)
    rows = session.execute(
        select(
            place.col("brand_id"),
            place.col("country"),
            place.col("centre_id"),
            place.col("shop_id"),
        )
        .where(*place.where(scope, whole))
        .distinct()
    ).all()
    model = _source(scope, whole, "model")
    models = session.scalars(
        select(model.col("model_id")).where(*model.where(scope, whole)).distinct()
    ).all()
    ids = {
        "brand": {r[0] for r in rows},
        "centre": {r[2] for r in rows if r[2] is not None},
        "shop": {r[3] for r in rows if r[3] is not None},
        "model": {m for m in models if m is not None},
    }
    named = names(session, ids)
    found: dict[str, list[Any]] = {
        k: sorted(named[k].items(), key=lambda kv: kv[1].casefold()) for k in ids
    }
    found["country"] = sorted({r[1] for r in rows})
    return found


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
