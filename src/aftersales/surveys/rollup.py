"""The satisfaction rollups: answers counted per brand and month, and by place or by model.

A report over a million answers cannot sum them per request within half a second, so the
worker counts them every few minutes (decision 211). Each row holds, for one brand, month,
country and channel, and one centre and shop (`survey_rollup_place`) or one model
(`survey_rollup_model`), or neither (`survey_rollup_brand`), the answers and top-2-box
answers overall, per attribute, per turnaround bucket and per contacts bucket. Three tables,
not one, because a row per place *and* model is nearly a row per answer, and the reports
without a place or model (most of them) read a few rows per brand and month. The same sums
read from the answers themselves (`measures`) serve the reports a rollup cannot (a model at
one centre), and the tests.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.functions import FunctionElement

from aftersales.db import Base
from aftersales.kernel.clock import utcnow
from aftersales.surveys.models import ATTRIBUTES, TOP_2, SurveyAnswer

# Working days a repair took, and contacts it needed: the buckets the reports show.
TURNAROUND_BUCKETS = ((0, 2), (3, 5), (6, 10), (11, None))
CONTACT_BUCKETS = ((0, 0), (1, 1), (2, 2), (3, None))
# The counted columns: answers and top-2 answers, overall and per attribute and bucket.
COUNTS = (
    "n",
    "top2",
    *(f"{p}_{a}" for a in ATTRIBUTES for p in ("n", "top2")),
    *(f"{p}_t{i}" for i in range(len(TURNAROUND_BUCKETS)) for p in ("n", "top2")),
    *(f"{p}_c{i}" for i in range(len(CONTACT_BUCKETS)) for p in ("n", "top2")),
)
# Answers created this long before the last count are counted again: one being written while
# the count ran may be committed after it with an earlier time.
OVERLAP = timedelta(minutes=10)


class month_of(FunctionElement[date]):
    """The first day of a date's month, the same on SQLite and PostgreSQL."""

    type = Date()
    inherit_cache = True


@compiles(month_of, "sqlite")
def _month_sqlite(element: month_of, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


@compiles(month_of, "postgresql")
def _month_pg(element: month_of, compiler: Any, **kw: Any) -> str:
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


class _Counts:
    """The key every rollup shares; the counted columns are added below."""

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date]  # the first day of the answers' month (their answered_on)
    country: Mapped[str] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(8))
    counted_at: Mapped[datetime] = mapped_column(default=utcnow)


for _name in COUNTS:
    setattr(_Counts, _name, mapped_column(Integer, default=0, nullable=False))


class SurveyRollupBrand(_Counts, Base):
    """Answers of one brand, month, country and channel: the reports with no place or model."""

    __tablename__ = "survey_rollup_brand"
    __table_args__ = (Index("ix_survey_rollup_brand_brand", "brand_id", "month"),)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))


class SurveyRollupPlace(_Counts, Base):
    """Answers of one brand, month, country and channel at one centre and shop."""

    __tablename__ = "survey_rollup_place"
    __table_args__ = (
        Index("ix_survey_rollup_place_brand", "brand_id", "month"),
        Index("ix_survey_rollup_place_centre", "centre_id", "month"),
        Index("ix_survey_rollup_place_shop", "shop_id", "month"),
        Index("ix_survey_rollup_place_counted", "counted_at"),
    )
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("service_centre.id"))
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shop.id"))


class SurveyRollupModel(_Counts, Base):
    """Answers of one brand, month, country and channel about one phone model."""

    __tablename__ = "survey_rollup_model"
    __table_args__ = (
        Index("ix_survey_rollup_model_brand", "brand_id", "month"),
        Index("ix_survey_rollup_model_model", "model_id", "month"),
    )
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    model_id: Mapped[int | None] = mapped_column(ForeignKey("phone_model.id"))


BRAND_KEY: tuple[str, ...] = ("brand_id", "country", "channel")
PLACE_KEY = ("brand_id", "country", "channel", "centre_id", "shop_id")
MODEL_KEY = ("brand_id", "country", "channel", "model_id")


def _flag(condition: Any) -> Any:
    return case((condition, 1), else_=0)


def _in(column: Any, bounds: tuple[int, int | None]) -> Any:
    low, high = bounds
    return column >= low if high is None else column.between(low, high)


def measures() -> dict[str, Any]:
    """Return each counted column as a sum over the answers, labelled by its name."""
    a = SurveyAnswer
    good = a.overall >= TOP_2
    found: dict[str, Any] = {"n": func.count(), "top2": func.sum(_flag(good))}
    for name in ATTRIBUTES:
        column = getattr(a, name)
        found[f"n_{name}"] = func.sum(_flag(column.is_not(None)))
        found[f"top2_{name}"] = func.sum(_flag(column >= TOP_2))
    for prefix, column, buckets in (
        ("t", a.turnaround_days, TURNAROUND_BUCKETS),
        ("c", a.contacts, CONTACT_BUCKETS),
    ):
        for i, bounds in enumerate(buckets):
            found[f"n_{prefix}{i}"] = func.sum(_flag(_in(column, bounds)))
            found[f"top2_{prefix}{i}"] = func.sum(_flag(and_(_in(column, bounds), good)))
    return {k: v.label(k) for k, v in found.items()}


def _count(session: Session, table: Any, key: tuple[str, ...], where: Any, now: datetime) -> None:
    """Insert the sums of the answers matching `where`, grouped by month and `key`."""
    a = SurveyAnswer
    month = month_of(a.answered_on)
    groups = [month, *(getattr(a, k) for k in key)]
    sums = measures()
    query = (
        select(
            month.label("month"),
            *(getattr(a, k) for k in key),
            *sums.values(),
            literal(now).label("counted_at"),
        )
        .where(where)
        .group_by(*groups)
    )
    columns = ["month", *key, *sums, "counted_at"]
    session.execute(insert(table).from_select(columns, query))


def refresh(session: Session, now: datetime, *, whole: bool = False) -> str:
    """Count again every brand and month with answers created since the last count.

    `whole` counts everything again (after a restore, say). Returns what it did, in words for
    the worker's log.
    """
    tables: list[tuple[Table, tuple[str, ...]]] = []
    keys: list[tuple[Any, tuple[str, ...]]] = [
        (SurveyRollupBrand, BRAND_KEY),
        (SurveyRollupPlace, PLACE_KEY),
        (SurveyRollupModel, MODEL_KEY),
    ]
    for model, key in keys:  # fmt: skip
        assert isinstance(model.__table__, Table)
        tables.append((model.__table__, key))
    last = None if whole else session.scalar(select(func.max(SurveyRollupPlace.counted_at)))
    a = SurveyAnswer
    if last is None:
        for table, key in tables:
            session.execute(delete(table))
            _count(session, table, key, literal(True), now)
        return "counted from every answer"
    since = last - OVERLAP
    touched = session.execute(
        select(a.brand_id, month_of(a.answered_on)).where(a.created_at >= since).distinct()
    ).all()
    if not touched:
        return "no new answers"
    pairs = [(b, m if isinstance(m, date) else date.fromisoformat(str(m))) for b, m in touched]
    for table, _ in tables:
        session.execute(delete(table).where(tuple_(table.c.brand_id, table.c.month).in_(pairs)))
    first = min(m for _, m in pairs)
    in_pairs = or_(
        *(and_(a.brand_id == b, a.answered_on >= m, a.answered_on < _next(m)) for b, m in pairs)
    )
    where = and_(a.answered_on >= first, in_pairs)
    for table, key in tables:
        _count(session, table, key, where, now)
    return f"{len(pairs)} brand-months counted again"


def _next(month: date) -> date:
    """Return the first day of the next month."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


# The answers' own indexes the counting and the reports add (revision 0026): the answers
# created since the last count, the latest answers of the whole platform (the drivers'), and
# the comments of a brand, centre, shop or the platform, latest first (a tenth of the answers).
Index("ix_survey_answer_created", SurveyAnswer.created_at)
Index("ix_survey_answer_day", SurveyAnswer.answered_on)
_COMMENTED = text("comment IS NOT NULL")
for _key in ("brand_id", "centre_id", "shop_id", None):
    _columns = [_key, "answered_on", "id"] if _key else ["answered_on", "id"]
    Index(
        f"ix_survey_answer_{_key.removesuffix('_id') if _key else 'day'}_comments",
        *(getattr(SurveyAnswer, c) for c in _columns),
        postgresql_where=_COMMENTED,
        sqlite_where=_COMMENTED,
    )
