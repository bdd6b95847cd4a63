"""The insights rollup job: fact rows of changed repairs, then the cube cells they touch.

Each run reads the repairs changed since the last run's start less OVERLAP (their row, or a
new event, or a survey answer), with every other repair of the same phones (a new repair
makes an older one "came back"), computes their facts again (`insights.facts`), and counts
again the cube cells of every (brand, month) whose facts changed, from the fact rows, in SQL.
Idempotent: running it twice gives the same rows. `whole` builds everything from scratch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Table,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    tuple_,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from aftersales.insights import facts
from aftersales.insights.figures import CAP, ERR_HIGH, ERR_LOW, STEPS
from aftersales.insights.models import (
    SUMS,
    InsightsCube,
    InsightsCubeBrand,
    InsightsFact,
    InsightsRun,
    hist_columns,
)
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.surveys.models import SurveyAnswer
from aftersales.surveys.rollup import TURNAROUND_BUCKETS

# Rows written while the last run read may commit after it with an earlier time.
OVERLAP = timedelta(minutes=10)
BATCH = 5000
CUBE_KEY = ("brand_id", "centre_id", "country", "model_id", "fault_category")
BRAND_KEY = ("brand_id", "country")


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _flag(condition: Any) -> Any:
    return case((condition, 1), else_=0)


def _opened_part(where: Any) -> Any:
    """Each opened repair's contribution, in its opened month."""
    f = InsightsFact
    zero = {name: literal(0) for name in SUMS}
    zero["opened"] = literal(1)
    zero["repeats"] = _flag(f.repeat.is_(True))
    return select(
        *(getattr(f, k) for k in CUBE_KEY),
        f.opened_month.label("month"),
        *(v.label(k) for k, v in zero.items()),
    ).where(f.opened_month.is_not(None), where)


def _closed_part(where: Any) -> Any:
    """Each closed repair's contribution, in its closed month."""
    f = InsightsFact
    tat, off, err = f.tat_days, f.offline_days, f.expected_error
    cols: dict[str, Any] = {name: literal(0) for name in SUMS}
    cols |= {
        "closed": literal(1),
        "fixed_first_time": _flag(f.fixed_first_time.is_(True)),
        "came_back": _flag(f.came_back.is_(True)),
        "tat_n": _flag(tat.is_not(None)),
        "tat_sum": func.coalesce(tat, 0),
        "sla_n": _flag(f.sla_met.is_not(None)),
        "sla_met": _flag(f.sla_met.is_(True)),
        "step_n": _flag(f.stepped.is_(True)),
        "contacts_sum": f.contacts,
        "contacts_zero": _flag(f.contacts == 0),
        "off_n": _flag(off.is_not(None)),
        "off_sum": func.coalesce(off, 0),
        "survey_n": _flag(f.survey_top2.is_not(None)),
        "survey_top2": _flag(f.survey_top2.is_(True)),
        "err_n": _flag(err.is_not(None)),
        "err_on_time": _flag(err <= 0),
        "err_abs_sum": func.coalesce(func.abs(err), 0),
    }
    for s in STEPS:
        cols[f"step_{s}"] = getattr(f, f"step_{s}")
    for i, (low, high) in enumerate(TURNAROUND_BUCKETS):
        inside = tat >= low if high is None else tat.between(low, high)
        cols[f"survey_n{i}"] = _flag(inside & f.survey_top2.is_not(None))
        cols[f"survey_top2{i}"] = _flag(inside & f.survey_top2.is_(True))
    for name, (measure, day) in hist_columns().items():
        column = {"tat": tat, "off": off, "err": err}[measure]
        if measure == "err":
            hit = column <= day if day == ERR_LOW else column >= day if day == ERR_HIGH else None
        else:
            hit = column >= day if day == CAP else None
        cols[name] = _flag(hit if hit is not None else column == day)
    return select(
        *(getattr(f, k) for k in CUBE_KEY),
        f.closed_month.label("month"),
        *(v.label(k) for k, v in cols.items()),
    ).where(f.closed_month.is_not(None), where)


def _count(session: Session, pairs: list[tuple[int, date]] | None) -> None:
    """Count the cube cells of these (brand, month) pairs again (None: every one)."""
    cube, brand = _table(InsightsCube), _table(InsightsCubeBrand)
    f = InsightsFact
    if pairs is None:
        session.execute(delete(cube))
        session.execute(delete(brand))
        opened_where: Any = literal(True)
        closed_where: Any = literal(True)
    else:
        for table in (cube, brand):
            session.execute(delete(table).where(tuple_(table.c.brand_id, table.c.month).in_(pairs)))
        opened_where = tuple_(f.brand_id, f.opened_month).in_(pairs)
        closed_where = tuple_(f.brand_id, f.closed_month).in_(pairs)
    both = union_all(_opened_part(opened_where), _closed_part(closed_where)).subquery()
    keys = [both.c[k] for k in CUBE_KEY]
    query = select(
        *keys, both.c.month, *(func.sum(both.c[name]).label(name) for name in SUMS)
    ).group_by(*keys, both.c.month)
    session.execute(insert(cube).from_select([*CUBE_KEY, "month", *SUMS], query))
    where = literal(True) if pairs is None else tuple_(cube.c.brand_id, cube.c.month).in_(pairs)
    coarse = (
        select(
            *(cube.c[k] for k in BRAND_KEY),
            cube.c.month,
            *(func.sum(cube.c[name]).label(name) for name in SUMS),
        )
        .where(where)
        .group_by(*(cube.c[k] for k in BRAND_KEY), cube.c.month)
    )
    session.execute(insert(brand).from_select([*BRAND_KEY, "month", *SUMS], coarse))


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _pairs_of(session: Session, ids: list[int]) -> set[tuple[int, date]]:
    """Return the (brand, month) pairs the stored facts of these repairs count in."""
    f = InsightsFact
    found: set[tuple[int, date]] = set()
    for batch in _batches(ids):
        for b, o, c in session.execute(
            select(f.brand_id, f.opened_month, f.closed_month).where(
                facts.among(session, f.repair_id, batch)
            )
        ).tuples():
            found |= {(b, m) for m in (o, c) if m is not None}
    return found


def _store(
    session: Session, ids: list[int], now: datetime, *, fresh: bool = False
) -> set[tuple[int, date]]:
    """Compute and replace the facts of these repairs; return the pairs they now count in.

    `fresh`: the table holds none of them (the whole build), nothing to delete first.
    """
    pairs: set[tuple[int, date]] = set()
    for batch in _batches(ids):
        rows = facts.compute(session, batch, now)
        if not fresh:
            mine = facts.among(session, InsightsFact.repair_id, batch)
            session.execute(delete(InsightsFact).where(mine))
        if rows:
            session.execute(insert(InsightsFact), rows)
        for row in rows:
            pairs |= {(row["brand_id"], row[m]) for m in ("opened_month", "closed_month")
                      if row[m] is not None}  # fmt: skip
    return pairs


def changed_since(session: Session, since: datetime) -> list[int]:
    """Return the repairs changed since `since`, with every other repair of their phones."""
    r = RepairOrder
    touched = union(
        select(r.id).where(r.updated_at >= since),
        select(RepairEvent.repair_id).where(RepairEvent.at >= since),
        select(SurveyAnswer.repair_id).where(
            SurveyAnswer.created_at >= since, SurveyAnswer.repair_id.is_not(None)
        ),
    ).subquery()
    phones = select(r.phone_id).where(r.id.in_(select(touched.c[0])))
    return sorted(session.scalars(select(r.id).where(r.phone_id.in_(phones))))


def _analyze(session: Session) -> None:
    """Count the tables' statistics again after a whole build (PostgreSQL).

    Autoanalyze may have sampled the facts while the build was half done: at 1,000,000
    repairs the planner then took the backlog's 80,000 open facts for 2,500 and read every
    fact of the brand (150 ms instead of 25).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE insights_fact, insights_cube, insights_cube_brand"))


def refresh(session: Session, now: datetime, *, whole: bool = False) -> str:
    """Bring the facts and cubes up to date at `now`; return what it did, for the log."""
    run = session.get(InsightsRun, 1)
    if whole or run is None:
        session.execute(delete(InsightsFact))
        ids = list(session.scalars(select(RepairOrder.id).order_by(RepairOrder.id)))
        _store(session, ids, now, fresh=True)
        _count(session, None)
        _analyze(session)
        note = f"built from {len(ids)} repairs"
    else:
        ids = changed_since(session, run.started_at - OVERLAP)
        pairs = _pairs_of(session, ids) | _store(session, ids, now)
        # a repair deleted since (none are, but a restore may) leaves no fact behind
        if pairs:
            _count(session, sorted(pairs))
        note = f"{len(ids)} repairs, {len(pairs)} brand-months counted again"
    if run is None:
        run = InsightsRun(id=1, started_at=now, finished_at=now, repairs=len(ids))
        session.add(run)
    else:
        run.started_at, run.finished_at, run.repairs = now, now, len(ids)
    session.flush()
    return note
