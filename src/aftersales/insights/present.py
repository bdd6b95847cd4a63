"""The dashboards' figures in the API's shapes (pydantic), and the words of their codes.

Codes stay codes in the API (statuses, steps, faults, buckets); pages name them with the
words below. Rates are fractions 0..1, null when nothing was measured.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from aftersales.insights.access import Reader
from aftersales.insights.figures import ERR_LOW, Dashboard, Distribution
from aftersales.kernel.i18n import N_
from aftersales.repairs.backlog import AGE_BUCKETS
from aftersales.surveys.rollup import TURNAROUND_BUCKETS

STEP_WORDS = {
    "transit": N_("In transit"),
    "diagnosis": N_("Diagnosis"),
    "parts": N_("Waiting for parts"),
    "owner": N_("Waiting for the owner"),
    "repair": N_("Repair and tests"),
}


def bucket_key(low: int, high: int | None) -> str:
    """Return a bucket's code: "0-2", "11+"."""
    return f"{low}+" if high is None or high >= 10_000 else f"{low}-{high}"


AGE_KEYS = [bucket_key(low, high) for low, high, _ in AGE_BUCKETS]
AGE_WORDS = {bucket_key(low, high): words for low, high, words in AGE_BUCKETS}
TAT_KEYS = [bucket_key(low, high) for low, high in TURNAROUND_BUCKETS]


class DayCount(BaseModel):
    """How many took this many days (the last: this many or more)."""

    days: int
    repairs: int


class DaysRead(BaseModel):
    """A distribution of whole days."""

    n: int
    median: int | None
    p90: int | None
    mean: float | None
    days: list[DayCount]


def days_read(d: Distribution, offset: int = 0) -> DaysRead:
    """Return a distribution in the API's shape (`offset`: the first bucket's day)."""
    return DaysRead(
        n=d.n, median=d.median, p90=d.p90, mean=d.mean,
        days=[DayCount(days=i + offset, repairs=c) for i, c in enumerate(d.counts)],
    )  # fmt: skip


class FaultRead(BaseModel):
    """One fault category of a model."""

    fault_category: str
    reports: int
    per_thousand: float | None


class ModelProblemsRead(BaseModel):
    """One model's reported problems, per 1,000 of its phones in use."""

    model_id: int
    model: str
    reports: int
    in_use: int | None
    per_thousand: float | None
    faults: list[FaultRead]


class StepRead(BaseModel):
    """Working days spent at one step, on average per repair."""

    step: str
    repairs: int
    days: int
    mean_days: float | None


class TurnaroundRead(DaysRead):
    """Turnaround in working days of the repairs closed, and where the time went."""

    steps: list[StepRead]


class SlaMonthRead(BaseModel):
    """One month's SLA compliance."""

    month: date
    measured: int
    met: int
    rate: float | None


class SlaRead(BaseModel):
    """SLA compliance over the period and by month."""

    measured: int
    met: int
    rate: float | None
    months: list[SlaMonthRead]


class CountRead(BaseModel):
    """A count under a code."""

    key: str
    repairs: int


class BacklogRead(BaseModel):
    """Open repairs now, by status and by age in working days."""

    total: int
    by_status: list[CountRead]
    by_age: list[CountRead]


class FirstTimeFixRead(BaseModel):
    """First-time fix of the repairs closed; repeat repairs among those opened."""

    closed: int
    fixed_first_time: int
    rate: float | None
    came_back: int
    opened: int
    repeats: int
    repeat_rate: float | None


class ContactsRead(BaseModel):
    """Contacts per repair closed (the aim is zero) and the owners' offline days."""

    repairs: int
    contacts: int
    per_repair: float | None
    without: int
    without_rate: float | None
    offline: DaysRead


class BucketRead(BaseModel):
    """Answers about repairs whose turnaround fell in one bucket."""

    bucket: str
    answers: int
    top2: int
    rate: float | None


class SatisfactionRead(BaseModel):
    """Top-2-box satisfaction beside turnaround."""

    answers: int
    top2: int
    rate: float | None
    by_turnaround: list[BucketRead]


class ExpectedRead(BaseModel):
    """How far the ready dates were from the first date given (working days late; negative:
    early; the ends hold everything beyond)."""

    measured: int
    on_time: int
    on_time_rate: float | None
    mean_abs_days: float | None
    median_days_late: int | None
    errors: list[DayCount]


class ScopeRead(BaseModel):
    """Whose figures."""

    side: Literal["brand", "centre"]
    brand_id: int | None
    centre_id: int | None
    name: str


class FiltersRead(BaseModel):
    """The filters applied and the period they make."""

    first_month: date
    last_month: date
    country: str | None
    centre_id: int | None
    model_id: int | None
    fault_category: str | None


class InsightsRead(BaseModel):
    """Every figure of a brand's network or a centre (docs/api.md)."""

    scope: ScopeRead
    filters: FiltersRead
    counted_at: datetime | None
    problems_rated: bool  # false: a part of the network, so reports without a rate per 1,000
    problems: list[ModelProblemsRead]
    turnaround: TurnaroundRead
    sla: SlaRead
    backlog: BacklogRead
    first_time_fix: FirstTimeFixRead
    contacts: ContactsRead
    satisfaction: SatisfactionRead
    expected: ExpectedRead


def insights_read(d: Dashboard, reader: Reader) -> InsightsRead:
    """Return every figure in the API's shape."""
    f, t, e = d.filters, d.turnaround, d.expected
    return InsightsRead(
        scope=ScopeRead(side=reader.side, brand_id=reader.brand_id, centre_id=reader.centre_id,
                        name=reader.name),
        filters=FiltersRead(first_month=d.period.first, last_month=d.period.last,
                            country=f.country, centre_id=f.centre_id, model_id=f.model_id,
                            fault_category=f.fault_category),
        counted_at=d.counted_at,
        problems_rated=d.problems.rated,
        problems=[
            ModelProblemsRead(
                model_id=m.model_id, model=m.model_name, reports=m.reports, in_use=m.in_use,
                per_thousand=m.per_thousand,
                faults=[FaultRead(fault_category=c, reports=n, per_thousand=r)
                        for c, n, r in m.by_fault],
            )
            for m in d.problems.models
        ],
        turnaround=TurnaroundRead(
            **days_read(t.days).model_dump(),
            steps=[StepRead(step=s.step, repairs=s.repairs, days=s.days, mean_days=s.mean)
                   for s in t.steps],
        ),
        sla=SlaRead(measured=d.sla.measured, met=d.sla.met, rate=d.sla.rate,
                    months=[SlaMonthRead(month=m.month, measured=m.measured, met=m.met,
                                         rate=m.rate) for m in d.sla.months]),
        backlog=BacklogRead(
            total=d.backlog.total,
            by_status=[CountRead(key=s, repairs=n) for s, n in d.backlog.by_status],
            by_age=[CountRead(key=k, repairs=n)
                    for k, n in zip(AGE_KEYS, d.backlog.by_age, strict=False)],
        ),
        first_time_fix=FirstTimeFixRead(
            closed=d.first_time_fix.closed, fixed_first_time=d.first_time_fix.fixed_first_time,
            rate=d.first_time_fix.rate, came_back=d.first_time_fix.came_back,
            opened=d.first_time_fix.opened, repeats=d.first_time_fix.repeats,
            repeat_rate=d.first_time_fix.repeat_rate,
        ),
        contacts=ContactsRead(
            repairs=d.contacts.repairs, contacts=d.contacts.contacts,
            per_repair=d.contacts.per_repair, without=d.contacts.without,
            without_rate=d.contacts.without_rate, offline=days_read(d.offline.days),
        ),
        satisfaction=SatisfactionRead(
            answers=d.satisfaction.answers, top2=d.satisfaction.top2, rate=d.satisfaction.rate,
            by_turnaround=[
                BucketRead(bucket=bucket_key(b.low, b.high), answers=b.answers, top2=b.top2,
                           rate=b.rate)
                for b in d.satisfaction.by_turnaround
            ],
        ),
        expected=ExpectedRead(
            measured=e.measured, on_time=e.on_time, on_time_rate=e.on_time_rate,
            mean_abs_days=e.mean_abs_days, median_days_late=e.error_percentile(50),
            errors=[DayCount(days=i + ERR_LOW, repairs=c) for i, c in enumerate(e.errors)],
        ),
    )  # fmt: skip
