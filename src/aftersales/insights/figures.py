"""The dashboards' figures as plain frozen values: what the pages, API, CSV and charts show.

Pure: no database. `queries` fills them from the worker's rollups (`insights.rollup`). The
rules of what counts where are in `insights.facts` (one row per repair) and decisions
250-259. Days are whole days; rates are fractions 0..1 (None when nothing was measured).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from aftersales.kernel.clock import local_date

# Steps of a repair before it is ready, in the order the time goes (decision 252).
STEPS = ("transit", "diagnosis", "parts", "owner", "repair")
# Histograms keep days 0..CAP; the last bucket holds CAP days *or more*.
CAP = 60
# Expected-date errors (working days, ready minus promised) kept from ERR_LOW to ERR_HIGH;
# the end buckets hold everything beyond them.
ERR_LOW, ERR_HIGH = -15, 30
DEFAULT_MONTHS = 12


def month_start(day: date) -> date:
    """Return the first day of `day`'s month."""
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """Return the first day of the month `n` months after `month` (negative: before)."""
    k = month.year * 12 + month.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


@dataclass(frozen=True)
class Scope:
    """Whose figures: a brand's whole network, or one centre's own repairs (any brand)."""

    brand_id: int | None = None
    centre_id: int | None = None

    def __post_init__(self) -> None:
        if (self.brand_id is None) == (self.centre_id is None):
            raise ValueError("a scope is one brand or one centre")

    @classmethod
    def brand(cls, brand_id: int) -> Scope:
        """Return the scope of a brand's whole network."""
        return cls(brand_id=brand_id)

    @classmethod
    def centre(cls, centre_id: int) -> Scope:
        """Return the scope of one centre's own repairs."""
        return cls(centre_id=centre_id)


@dataclass(frozen=True)
class Period:
    """Whole months, first and last included (each the first day of its month)."""

    first: date
    last: date

    @property
    def months(self) -> tuple[date, ...]:
        """Return the first day of every month of the period, oldest first."""
        out, m = [], self.first
        while m <= self.last:
            out.append(m)
            m = add_months(m, 1)
        return tuple(out)

    @property
    def end(self) -> date:
        """Return the first day after the period."""
        return add_months(self.last, 1)


@dataclass(frozen=True)
class Filters:
    """What a reader narrows the figures to; None: no narrowing.

    `first_month`/`last_month` are any day of the period's first and last month (whole
    months); without them the period is the last DEFAULT_MONTHS months up to the current one.
    Within a centre's scope `centre_id` is ignored: a centre sees its own repairs only.
    """

    first_month: date | None = None
    last_month: date | None = None
    country: str | None = None
    centre_id: int | None = None
    model_id: int | None = None
    fault_category: str | None = None

    def period(self, now: datetime, timezone: str = "UTC") -> Period:
        """Return the period these filters ask for at `now`."""
        last = month_start(self.last_month or local_date(now, timezone))
        first = (
            month_start(self.first_month)
            if self.first_month
            else add_months(last, 1 - DEFAULT_MONTHS)
        )
        if first > last:
            first, last = last, first
        return Period(first, last)


def rated(scope: Scope, filters: Filters) -> bool:
    """Whether repairs per 1,000 phones in use mean something here (decision 299): only when
    every repair of the phones counted is counted, a brand's whole network in every country.
    A centre or a country sees part of the repairs of phones in use everywhere."""
    return scope.brand_id is not None and not filters.country and filters.centre_id is None


@dataclass(frozen=True)
class Distribution:
    """Whole days of many repairs: how many took each number of days (0..CAP, CAP: or more)."""

    counts: tuple[int, ...] = ()
    total_days: int = 0  # the exact sum (beyond CAP too), for the mean

    @property
    def n(self) -> int:
        """Return how many were measured."""
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        """Return the mean days, None if nothing was measured."""
        return self.total_days / self.n if self.n else None

    def percentile(self, p: float) -> int | None:
        """Return the nearest-rank percentile (the smallest day with at least p% at or below).

        CAP means CAP days or more.
        """
        n = self.n
        if not n:
            return None
        rank = max(1, -(-n * p // 100))  # ceil(n * p / 100)
        seen = 0
        for day, count in enumerate(self.counts):
            seen += count
            if seen >= rank:
                return day
        return len(self.counts) - 1

    @property
    def median(self) -> int | None:
        """Return the median days (nearest rank)."""
        return self.percentile(50)

    @property
    def p90(self) -> int | None:
        """Return the 90th percentile days (nearest rank)."""
        return self.percentile(90)


@dataclass(frozen=True)
class ModelProblems:
    """One model's reported problems in the period, per 1,000 of its phones in use."""

    model_id: int
    model_name: str
    reports: int
    in_use: int | None  # None: the care forecast has not counted this model yet
    per_thousand: float | None
    by_fault: tuple[tuple[str, int, float | None], ...]  # (fault, reports, per 1,000), most first


@dataclass(frozen=True)
class Problems:
    """Most reported problems by model, the highest rate first (decision 251); without rates
    (`rated` false, the most reports first) when only part of the network is counted."""

    models: tuple[ModelProblems, ...] = ()
    rated: bool = True

    @property
    def reports(self) -> int:
        """Return every report counted."""
        return sum(m.reports for m in self.models)


@dataclass(frozen=True)
class StepTime:
    """Working days repairs spent at one step before they were ready."""

    step: str  # one of STEPS
    repairs: int  # repairs measured (all closed repairs with a ready time)
    days: int  # the sum of their days at this step

    @property
    def mean(self) -> float | None:
        """Return the mean working days per repair at this step."""
        return self.days / self.repairs if self.repairs else None


@dataclass(frozen=True)
class Turnaround:
    """Turnaround in working days of the repairs closed in the period, and where it went."""

    days: Distribution = field(default_factory=Distribution)
    steps: tuple[StepTime, ...] = ()

    @property
    def median(self) -> int | None:
        """Return the median turnaround."""
        return self.days.median

    @property
    def p90(self) -> int | None:
        """Return the 90th percentile turnaround."""
        return self.days.p90


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class SlaMonth:
    """One month's repairs measured against their SLA target, and those that met it."""

    month: date
    measured: int
    met: int

    @property
    def rate(self) -> float | None:
        """Return the share that met the target."""
        return _rate(self.met, self.measured)


@dataclass(frozen=True)
class SlaCompliance:
    """SLA compliance by month over the period (every month, empty ones too)."""

    months: tuple[SlaMonth, ...] = ()

    @property
    def measured(self) -> int:
        """Return the repairs measured over the period."""
        return sum(m.measured for m in self.months)

    @property
    def met(self) -> int:
        """Return the repairs that met their target over the period."""
        return sum(m.met for m in self.months)

    @property
    def rate(self) -> float | None:
        """Return the period's share that met the target."""
        return _rate(self.met, self.measured)


@dataclass(frozen=True)
class Backlog:
    """Open repairs now: by status and by age (repairs.backlog.AGE_BUCKETS, working days)."""

    by_status: tuple[tuple[str, int], ...] = ()  # in the life cycle's order
    by_age: tuple[int, ...] = ()  # one count per age bucket

    @property
    def total(self) -> int:
        """Return every open repair counted."""
        return sum(n for _, n in self.by_status)


@dataclass(frozen=True)
class FirstTimeFix:
    """First-time fix of the repairs closed in the period; repeats among those opened in it."""

    closed: int = 0
    fixed_first_time: int = 0
    came_back: int = 0  # closed in the period, and the phone came back within 90 days
    opened: int = 0
    repeats: int = 0  # opened in the period within 90 days of a closed repair of the phone

    @property
    def rate(self) -> float | None:
        """Return the first-time fix rate."""
        return _rate(self.fixed_first_time, self.closed)

    @property
    def repeat_rate(self) -> float | None:
        """Return the share of repairs opened in the period that were repeats."""
        return _rate(self.repeats, self.opened)


@dataclass(frozen=True)
class Contacts:
    """Contacts (owner or shop asking where a repair stands) per repair closed in the period."""

    repairs: int = 0
    contacts: int = 0
    without: int = 0  # repairs with no contact at all: the aim

    @property
    def per_repair(self) -> float | None:
        """Return the mean contacts per repair."""
        return _rate(self.contacts, self.repairs)

    @property
    def without_rate(self) -> float | None:
        """Return the share of repairs with no contact."""
        return _rate(self.without, self.repairs)


@dataclass(frozen=True)
class Offline:
    """Calendar days owners were without a phone (minus loaner days), per repair closed."""

    days: Distribution = field(default_factory=Distribution)


@dataclass(frozen=True)
class SatisfactionBucket:
    """Answers about repairs whose turnaround fell in one bucket (working days)."""

    low: int
    high: int | None  # None: and more
    answers: int
    top2: int

    @property
    def rate(self) -> float | None:
        """Return the top-2-box share."""
        return _rate(self.top2, self.answers)


@dataclass(frozen=True)
class Satisfaction:
    """Top-2-box satisfaction of the repairs closed in the period, beside their turnaround."""

    answers: int = 0
    top2: int = 0
    by_turnaround: tuple[SatisfactionBucket, ...] = ()

    @property
    def rate(self) -> float | None:
        """Return the top-2-box share."""
        return _rate(self.top2, self.answers)


@dataclass(frozen=True)
class ExpectedAccuracy:
    """How far the ready dates were from the first date given to the owner (working days).

    `errors.counts[i]` counts the repairs ready `ERR_LOW + i` working days after the promised
    date (negative: before); the first and last buckets hold everything beyond.
    """

    measured: int = 0
    on_time: int = 0  # ready on or before the promised date
    total_abs_days: int = 0  # exact sum of |error|
    errors: tuple[int, ...] = ()

    @property
    def on_time_rate(self) -> float | None:
        """Return the share ready by the promised date."""
        return _rate(self.on_time, self.measured)

    @property
    def mean_abs_days(self) -> float | None:
        """Return the mean distance in working days between promise and ready."""
        return _rate(self.total_abs_days, self.measured)

    def error_percentile(self, p: float) -> int | None:
        """Return a nearest-rank percentile of the signed error (clamped to the kept range)."""
        d = Distribution(self.errors)
        found = d.percentile(p)
        return None if found is None else found + ERR_LOW


@dataclass(frozen=True)
class Choices:
    """What a scope's filters may choose from: (id, name) pairs, country codes, faults."""

    models: tuple[tuple[int, str], ...] = ()
    centres: tuple[tuple[int, str], ...] = ()
    countries: tuple[str, ...] = ()
    faults: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dashboard:
    """Every figure for one scope, filters and period, and when the worker last counted."""

    scope: Scope
    filters: Filters
    period: Period
    counted_at: datetime | None  # the worker's last finished run; None: never run yet
    problems: Problems
    turnaround: Turnaround
    sla: SlaCompliance
    backlog: Backlog
    first_time_fix: FirstTimeFix
    contacts: Contacts
    offline: Offline
    satisfaction: Satisfaction
    expected: ExpectedAccuracy


def distribution(counts: Sequence[int], total_days: int) -> Distribution:
    """Return a distribution without its empty tail."""
    kept = list(counts)
    while kept and kept[-1] == 0:
        kept.pop()
    return Distribution(tuple(kept), total_days)
