"""The dashboards' read side: every figure for a scope, filters and period, from the rollups.

Reads the cubes and fact rows the worker keeps (`insights.rollup`), never the raw events:
figures are as of the worker's last run (`Dashboard.counted_at`). A brand's network with no
centre, model or fault filter reads the small brand cube; anything narrower the full cube.
Callers decide the scope from who reads (the pages and API check it); these functions trust it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from aftersales.care.models import CareInUse, CareInUsePoint
from aftersales.catalog.models import PhoneModel, ServiceCentre, centre_brand
from aftersales.insights.figures import (
    CAP,
    ERR_HIGH,
    ERR_LOW,
    STEPS,
    Backlog,
    Choices,
    Contacts,
    Dashboard,
    ExpectedAccuracy,
    Filters,
    FirstTimeFix,
    ModelProblems,
    Offline,
    Period,
    Problems,
    Satisfaction,
    SatisfactionBucket,
    Scope,
    SlaCompliance,
    SlaMonth,
    StepTime,
    Turnaround,
    distribution,
    rated,
)
from aftersales.insights.models import (
    SUMS,
    InsightsCube,
    InsightsCubeBrand,
    InsightsFact,
    InsightsRun,
    hist_columns,
)
from aftersales.kernel.workdays import workdays_between
from aftersales.repairs.backlog import AGE_BUCKETS
from aftersales.repairs.models import FAULT_CATEGORIES
from aftersales.repairs.states import Status
from aftersales.surveys.rollup import TURNAROUND_BUCKETS

Sums = dict[str, int]


def _cube(scope: Scope, filters: Filters) -> Any:
    """Return the cube that answers these filters: the brand cube when it is enough."""
    narrow = filters.centre_id or filters.model_id or filters.fault_category
    return InsightsCubeBrand if scope.brand_id is not None and not narrow else InsightsCube


def _where(model: Any, scope: Scope, filters: Filters, period: Period | None) -> list[Any]:
    """Return the conditions of a scope, filters and period on a cube or the facts."""
    found: list[Any] = []
    if scope.brand_id is not None:
        found.append(model.brand_id == scope.brand_id)
        if filters.centre_id is not None:
            found.append(model.centre_id == filters.centre_id)
    else:
        found.append(model.centre_id == scope.centre_id)
    if period is not None:
        found += [model.month >= period.first, model.month <= period.last]
    if filters.country:
        found.append(model.country == filters.country.upper())
    if filters.model_id is not None:
        found.append(model.model_id == filters.model_id)
    if filters.fault_category:
        found.append(model.fault_category == filters.fault_category)
    return found


def monthly_sums(
    session: Session, scope: Scope, filters: Filters, period: Period
) -> dict[date, Sums]:
    """Return every summed column per month of the period (months with nothing: absent)."""
    cube = _cube(scope, filters)
    stmt = (
        select(cube.month, *(func.sum(getattr(cube, n)).label(n) for n in SUMS))
        .where(*_where(cube, scope, filters, period))
        .group_by(cube.month)
    )
    out: dict[date, Sums] = {}
    for row in session.execute(stmt):
        month = row.month if isinstance(row.month, date) else date.fromisoformat(str(row.month))
        out[month] = {n: int(getattr(row, n) or 0) for n in SUMS}
    return out


def _total(by_month: dict[date, Sums]) -> Sums:
    total = dict.fromkeys(SUMS, 0)
    for sums in by_month.values():
        for k, v in sums.items():
            total[k] += v
    return total


def _hist(total: Sums, measure: str) -> list[int]:
    return [total[name] for name, (m, _) in hist_columns().items() if m == measure]


def turnaround_of(total: Sums) -> Turnaround:
    """Return the turnaround figure from summed columns."""
    steps = tuple(StepTime(s, total["step_n"], total[f"step_{s}"]) for s in STEPS)
    return Turnaround(distribution(_hist(total, "tat"), total["tat_sum"]), steps)


def sla_of(by_month: dict[date, Sums], period: Period) -> SlaCompliance:
    """Return SLA compliance for every month of the period."""
    empty = dict.fromkeys(SUMS, 0)
    return SlaCompliance(
        tuple(
            SlaMonth(m, by_month.get(m, empty)["sla_n"], by_month.get(m, empty)["sla_met"])
            for m in period.months
        )
    )


def first_time_fix_of(total: Sums) -> FirstTimeFix:
    """Return first-time fix and repeats from summed columns."""
    return FirstTimeFix(
        total["closed"],
        total["fixed_first_time"],
        total["came_back"],
        total["opened"],
        total["repeats"],
    )


def contacts_of(total: Sums) -> Contacts:
    """Return contacts per repair from summed columns."""
    return Contacts(total["closed"], total["contacts_sum"], total["contacts_zero"])


def offline_of(total: Sums) -> Offline:
    """Return offline days from summed columns."""
    return Offline(distribution(_hist(total, "off"), total["off_sum"]))


def satisfaction_of(total: Sums) -> Satisfaction:
    """Return satisfaction beside turnaround from summed columns."""
    buckets = tuple(
        SatisfactionBucket(low, high, total[f"survey_n{i}"], total[f"survey_top2{i}"])
        for i, (low, high) in enumerate(TURNAROUND_BUCKETS)
    )
    return Satisfaction(total["survey_n"], total["survey_top2"], buckets)


def expected_of(total: Sums) -> ExpectedAccuracy:
    """Return expected-date accuracy from summed columns."""
    errors = _hist(total, "err")
    assert len(errors) == ERR_HIGH - ERR_LOW + 1
    return ExpectedAccuracy(total["err_n"], total["err_on_time"], total["err_abs_sum"],
                            tuple(errors))  # fmt: skip


def _in_use(session: Session, model_ids: Sequence[int], period: Period) -> dict[int, int]:
    """Return each model's phones in use: the mean of its care curve over the period's months,
    else the care forecast's latest count (decision 251)."""
    if not model_ids:
        return {}
    p = CareInUsePoint
    found = {
        m: round(float(v))
        for m, v in session.execute(
            select(p.model_id, func.avg(p.expected))
            .where(p.model_id.in_(model_ids), p.day >= period.first, p.day < period.end)
            .group_by(p.model_id)
        ).tuples()
    }
    missing = [m for m in model_ids if m not in found]
    if missing:
        found |= dict(
            session.execute(
                select(CareInUse.model_id, CareInUse.expected).where(
                    CareInUse.model_id.in_(missing)
                )
            )
            .tuples()
            .all()
        )
    return found


def _per_thousand(reports: int, in_use: int | None) -> float | None:
    return reports * 1000 / in_use if in_use else None


def problems(session: Session, scope: Scope, filters: Filters, now: datetime) -> Problems:
    """Return the most reported problems by model, per 1,000 phones in use, highest first."""
    period = filters.period(now)
    cube: Any = InsightsCube
    opened = func.sum(cube.opened)
    rows = session.execute(
        select(cube.model_id, cube.fault_category, opened)
        .where(*_where(cube, scope, filters, period))
        .group_by(cube.model_id, cube.fault_category)
        .having(opened > 0)
    ).tuples()
    by_model: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for model_id, fault, n in rows:
        by_model[model_id].append((fault, int(n)))
    if not by_model:
        return Problems()
    ids = sorted(by_model)
    names = dict(
        session.execute(select(PhoneModel.id, PhoneModel.name).where(PhoneModel.id.in_(ids)))
        .tuples()
        .all()
    )
    in_use = _in_use(session, ids, period)
    given = rated(scope, filters)
    models = []
    for model_id in ids:
        faults = sorted(by_model[model_id], key=lambda f: (-f[1], f[0]))
        use = in_use.get(model_id)
        per = use if given else None  # a part's repairs over everyone's phones: no rate
        reports = sum(n for _, n in faults)
        models.append(
            ModelProblems(
                model_id,
                names.get(model_id, ""),
                reports,
                use,
                _per_thousand(reports, per),
                tuple((f, n, _per_thousand(n, per)) for f, n in faults),
            )
        )
    models.sort(key=lambda m: (-(m.per_thousand or -1.0), -m.reports, m.model_name))
    return Problems(tuple(models), given)


_LIFE = [s.value for s in Status]


def backlog(session: Session, scope: Scope, filters: Filters, now: datetime) -> Backlog:
    """Return the open repairs now, by status and by age in working days (as last counted).

    Age: working days from the day the phone entered the service (a booking: the day it was
    opened) to today (UTC), in the centre's country and working week.
    """
    f = InsightsFact
    where = [f.open_status.is_not(None), *_where(f, scope, filters, None)]
    rows = session.execute(
        select(f.open_status, f.open_since, f.country, f.week, func.count())
        .where(*where)
        .group_by(f.open_status, f.open_since, f.country, f.week)
    ).all()
    return backlog_of(rows, now.date())


def backlog_of(rows: Sequence[Row[Any]], today: date) -> Backlog:
    """Return the backlog from (status, since, country, week, count) rows."""
    by_status: dict[str, int] = defaultdict(int)
    by_age = [0] * len(AGE_BUCKETS)
    for status, since, country, week, n in rows:
        by_status[status] += n
        since = since if isinstance(since, date) else date.fromisoformat(str(since))
        age = max(0, workdays_between(since, today, country, week))
        for i, (low, high, _) in enumerate(AGE_BUCKETS):
            if low <= age <= high:
                by_age[i] += n
                break
    ordered = sorted(by_status.items(), key=lambda s: _LIFE.index(s[0]) if s[0] in _LIFE else 99)
    return Backlog(tuple(ordered), tuple(by_age))


def choices(session: Session, scope: Scope) -> Choices:
    """Return the filters' choices: a brand's models and centres, or a centre's models seen."""
    c = ServiceCentre
    if scope.brand_id is not None:
        models = select(PhoneModel.id, PhoneModel.name).where(PhoneModel.brand_id == scope.brand_id)
        centres = (
            select(c.id, c.name, c.country)
            .join(centre_brand, centre_brand.c.centre_id == c.id)
            .where(centre_brand.c.brand_id == scope.brand_id)
        )
    else:
        seen = select(InsightsCube.model_id).where(InsightsCube.centre_id == scope.centre_id)
        models = select(PhoneModel.id, PhoneModel.name).where(PhoneModel.id.in_(seen))
        centres = select(c.id, c.name, c.country).where(c.id == scope.centre_id)
    places = session.execute(centres.order_by(c.name, c.id)).all()
    return Choices(
        models=tuple((i, n) for i, n in session.execute(models.order_by(PhoneModel.name)).all()),
        centres=tuple((i, n) for i, n, _ in places),
        countries=tuple(sorted({country for *_, country in places})),
        faults=FAULT_CATEGORIES,
    )


def counted_at(session: Session) -> datetime | None:
    """Return when the worker last finished counting (None: never yet)."""
    return session.scalar(select(InsightsRun.finished_at).where(InsightsRun.id == 1))


def _sums(session: Session, scope: Scope, filters: Filters, now: datetime) -> Sums:
    return _total(monthly_sums(session, scope, filters, filters.period(now)))


def turnaround(session: Session, scope: Scope, filters: Filters, now: datetime) -> Turnaround:
    """Return turnaround (distribution, median, p90) and the time per step."""
    return turnaround_of(_sums(session, scope, filters, now))


def sla_compliance(
    session: Session, scope: Scope, filters: Filters, now: datetime
) -> SlaCompliance:
    """Return SLA compliance by month."""
    period = filters.period(now)
    return sla_of(monthly_sums(session, scope, filters, period), period)


def first_time_fix(session: Session, scope: Scope, filters: Filters, now: datetime) -> FirstTimeFix:
    """Return first-time fix and repeat repairs."""
    return first_time_fix_of(_sums(session, scope, filters, now))


def contacts(session: Session, scope: Scope, filters: Filters, now: datetime) -> Contacts:
    """Return contacts per repair."""
    return contacts_of(_sums(session, scope, filters, now))


def offline(session: Session, scope: Scope, filters: Filters, now: datetime) -> Offline:
    """Return the owners' offline days per repair."""
    return offline_of(_sums(session, scope, filters, now))


def satisfaction(session: Session, scope: Scope, filters: Filters, now: datetime) -> Satisfaction:
    """Return top-2-box satisfaction beside turnaround."""
    return satisfaction_of(_sums(session, scope, filters, now))


def expected_accuracy(
    session: Session, scope: Scope, filters: Filters, now: datetime
) -> ExpectedAccuracy:
    """Return how far the dates given to owners were from the real ones."""
    return expected_of(_sums(session, scope, filters, now))


def dashboard(session: Session, scope: Scope, filters: Filters, now: datetime) -> Dashboard:
    """Return every figure for a scope and filters at `now` (at most seven queries)."""
    period = filters.period(now)
    by_month = monthly_sums(session, scope, filters, period)
    total = _total(by_month)
    return Dashboard(
        scope=scope,
        filters=filters,
        period=period,
        counted_at=counted_at(session),
        problems=problems(session, scope, filters, now),
        turnaround=turnaround_of(total),
        sla=sla_of(by_month, period),
        backlog=backlog(session, scope, filters, now),
        first_time_fix=first_time_fix_of(total),
        contacts=contacts_of(total),
        offline=offline_of(total),
        satisfaction=satisfaction_of(total),
        expected=expected_of(total),
    )


__all__ = [
    "CAP",
    "backlog",
    "choices",
    "contacts",
    "counted_at",
    "dashboard",
    "expected_accuracy",
    "first_time_fix",
    "monthly_sums",
    "offline",
    "problems",
    "satisfaction",
    "sla_compliance",
    "turnaround",
]
