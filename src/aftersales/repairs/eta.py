"""The expected ready date: a likely date and an 80% range, never blank for an open repair.

Made from the step the repair is at (decision 140): comparable closed repairs that were at
the same step say how long the rest took them, from entering that step until ready. A repair
that has already been in its step for a while is compared with those that stayed at least
as long. While fewer than MIN_SAMPLES comparable repairs passed through the step, the SLA
target and the step's share of the work give the date. When the parts' arrival is known,
the rest cannot start before it (decision 142).

The day-level functions (`remaining_after`, `band`, `sla_band`, `with_parts`) work in days
of any kind, so `bench/eta_backtest.py` runs them on a real event log in calendar days; the
repairs use working days of the centre.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.workdays import add_workdays, workdays_between
from aftersales.repairs.states import PROGRESS, Status
from aftersales.repairs.words import FAULTS

MIN_SAMPLES = 30
MIN_CONDITIONAL = 10
RECENT = 2000
# The 80% range: the 10th and 90th percentiles of the remaining days, before calibration.
LOW_Q, MID_Q, HIGH_Q = 0.1, 0.5, 0.9
# The newest share of the stays at a step checks the range the older ones give (decision 144).
CALIBRATE_SHARE, MIN_CALIBRATE = 0.25, 20
# The step after the parts arrive: the rest is timed from entering it.
AFTER_PARTS = Status.repairing


class Method(StrEnum):
    """How an expected date was made (stored as repair_order.expected_method)."""

    actual = "actual"  # the repair is ready: the real date
    sla = "sla"  # the SLA target and the step's share of the work
    steps = "steps"  # comparable closed repairs' time from this step until ready
    history = "history"  # before revision 0016: whole turnarounds (kept for old rows)


class Group(StrEnum):
    """Which closed repairs were comparable: what they share with this one."""

    none = ""
    model_fault_centre = "model_fault_centre"
    model_fault = "model_fault"
    fault_centre = "fault_centre"
    fault_brand = "fault_brand"
    centre = "centre"
    brand = "brand"


GROUP_WORDS = {
    Group.model_fault_centre: "same model, fault and centre",
    Group.model_fault: "same model and fault",
    Group.fault_centre: "same fault at this centre",
    Group.fault_brand: "same fault, whole brand",
    Group.centre: "any fault at this centre",
    Group.brand: "any fault, whole brand",
}


@dataclass(frozen=True)
class Estimate:
    """Likely ready date with its 80% range, and how it was made (the stored fields)."""

    likely: date
    low: date
    high: date
    method: Method = Method.sla
    samples: int = 0  # comparable closed repairs that passed through the step
    group: Group = Group.none
    step: str = ""  # the status the estimate started from
    parts_date: date | None = None  # when the parts were expected to arrive
    target_days: int | None = None  # the SLA target, for the sla method

    @property
    def basis(self) -> str:
        """Say in a few English words how the date was made (staff pages, API, events)."""
        if self.method == Method.actual:
            return "actual date"
        parts = f"; parts on {self.parts_date.isoformat()}" if self.parts_date else ""
        if self.method == Method.sla:
            return f"SLA target of {self.target_days} working days{parts}"
        return f"{self.samples} comparable repairs ({GROUP_WORDS.get(self.group, '')}){parts}"


@dataclass(frozen=True)
class Visit:
    """A closed repair's stay at one step: days spent there, days from entering it to ready."""

    step: str
    stay: float
    to_ready: float


@dataclass(frozen=True)
class Band:
    """Days still to go: the 10th, 50th and 90th percentiles."""

    low: float
    mid: float
    high: float
    samples: int = field(default=0, compare=False)


def quantile(values: Sequence[float], q: float) -> float:
    """Return the q-quantile of values by linear interpolation (values need not be sorted)."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def band(
    remaining: Sequence[float], samples: int, levels: tuple[float, float, float] | None = None
) -> Band:
    """Return the percentiles of the remaining days (the 10th, 50th, 90th unless told)."""
    low, mid, high = (quantile(remaining, q) for q in (levels or (LOW_Q, MID_Q, HIGH_Q)))
    return Band(low, mid, high, samples)


def calibrated(same: Sequence[Visit]) -> tuple[float, float, float]:
    """Return the percentiles that held 80% of the newest stays' true days (decision 144).

    `same` is newest first. Each of the newest CALIBRATE_SHARE is placed among the older
    stays' days (its rank, ties halved); the 10th and 90th percentiles of those ranks are the
    levels at which the older days would have held 80% of the newer ones, kept either side of
    the median, which stays the likely value (moving it too made the error larger). With too
    few newest stays the plain 10th and 90th stand.
    """
    n_new = int(len(same) * CALIBRATE_SHARE)
    if n_new < MIN_CALIBRATE:
        return LOW_Q, MID_Q, HIGH_Q
    older = sorted(v.to_ready for v in same[n_new:])
    ranks = [
        (bisect.bisect_left(older, v.to_ready) + bisect.bisect_right(older, v.to_ready))
        / (2 * len(older))
        for v in same[:n_new]
    ]
    return min(quantile(ranks, LOW_Q), MID_Q), MID_Q, max(quantile(ranks, HIGH_Q), MID_Q)


def remaining_after(visits: Sequence[Visit], step: str, in_step: float) -> Band | None:
    """Return the days left, as comparable repairs at `step` took them, `in_step` days into it.

    Those that stayed at least as long say what is left; when the repair has stayed longer
    than nearly all of them, the time they took after leaving the step is what is left.
    `visits` come newest first (repairs.history reads them so): the newest calibrate the range.
    None when fewer than MIN_SAMPLES stays at the step are known.
    """
    same = [v for v in visits if v.step == step]
    if len(same) < MIN_SAMPLES:
        return None
    longer = [v.to_ready - in_step for v in same if v.stay >= in_step]
    if len(longer) < MIN_CONDITIONAL:
        longer = [max(0.0, v.to_ready - v.stay) for v in same]
    return band(longer, len(same), calibrated(same))


def with_parts(own: Band, parts_in: float, rest: Band | None) -> Band:
    """Return the band when the parts arrive in `parts_in` days: the rest starts then."""
    rest = rest or Band(0.0, 0.0, 0.0)
    return Band(
        max(own.low, parts_in + rest.low),
        max(own.mid, parts_in + rest.mid),
        max(own.high, parts_in + rest.high),
        own.samples,
    )


def sla_band(target_days: int, progress: float, elapsed: float) -> Band:
    """Return the days left from the SLA target and how far along the current step is."""
    by_step = math.ceil((1 - progress) * target_days)
    mid = max(target_days - elapsed, by_step, 1)
    low = min(max(1, math.ceil(by_step / 2)), mid)
    return Band(low, mid, mid + max(1, math.ceil(target_days * 0.3)))


def dated(days: Band, today: date, country: str, week: str) -> tuple[date, date, date]:
    """Return the band as dates: whole working days from `today`, never less than one."""
    lo, mid, hi = (max(1, math.ceil(d - 1e-9)) for d in (days.low, days.mid, days.high))
    return (
        add_workdays(today, mid, country, week),
        add_workdays(today, min(lo, mid), country, week),
        add_workdays(today, max(hi, mid), country, week),
    )


def from_sla(
    target_days: int,
    status: Status,
    elapsed: int,
    today: date,
    country: str,
    week: str,
    parts_arrival: date | None = None,
) -> Estimate:
    """Estimate from the SLA target and the step's share of the work (and the parts' date)."""
    days = sla_band(target_days, PROGRESS[status], elapsed)
    if parts_arrival is not None and _before_parts(status):
        rest = sla_band(target_days, PROGRESS[AFTER_PARTS], 0)
        days = with_parts(days, _workdays_until(parts_arrival, today, country, week), rest)
    likely, low, high = dated(days, today, country, week)
    return Estimate(
        likely,
        low,
        high,
        Method.sla,
        step=status.value,
        parts_date=parts_arrival,
        target_days=target_days,
    )


def from_steps(
    visits: Sequence[Visit],
    group: Group,
    status: Status,
    in_step: int,
    today: date,
    country: str,
    week: str,
    parts_arrival: date | None = None,
    timed_as: Status | None = None,
) -> Estimate | None:
    """Estimate from comparable repairs' time from this step until ready; None if too few.

    `timed_as`: the step whose history times this one (a booking is timed as the step its
    phone will enter, from the drop-off day).
    """
    days = remaining_after(visits, (timed_as or status).value, in_step)
    if days is None:
        return None
    if parts_arrival is not None and _before_parts(status):
        rest = remaining_after(visits, AFTER_PARTS.value, 0)
        days = with_parts(days, _workdays_until(parts_arrival, today, country, week), rest)
    likely, low, high = dated(days, today, country, week)
    return Estimate(
        likely,
        low,
        high,
        Method.steps,
        samples=days.samples,
        group=group,
        step=status.value,
        parts_date=parts_arrival,
    )


def _before_parts(status: Status) -> bool:
    """Tell whether the repair has still to reach the step that needs the parts."""
    return PROGRESS[status] < PROGRESS[AFTER_PARTS]


def _workdays_until(day: date, today: date, country: str, week: str) -> float:
    """Return the working days from `today` until `day` (none if it has come)."""
    return float(max(0, workdays_between(today, day, country, week)))


@dataclass(frozen=True)
class ExpectedWhy:
    """What an owner reads of how the expected date was made (tracking and repair pages)."""

    estimate: Estimate
    fault: str
    model: str
    centre: str  # the centre's city

    @property
    def parts_date(self) -> date | None:
        """Return when the parts arrive, if the date counted on it."""
        return self.estimate.parts_date

    def based_on(self) -> Msg | None:
        """Return the "based on …" sentence, or None for a real date."""
        e = self.estimate
        if e.method == Method.steps:
            return Msg(
                "Based on %(n)s earlier repairs like this one (%(like)s), from the step it is at.",
                n=e.samples,
                like=self._like(),
            )
        if e.method == Method.sla:
            return Msg(
                "Based on the service's promised turnaround, from the step it is at: too few"
                " earlier repairs like this one are known yet."
            )
        return None

    def _like(self) -> Msg:
        """Say what the earlier repairs share with this one."""
        fault = Msg(FAULTS.get(self.fault, self.fault))
        kw = {"fault": fault, "model": self.model, "centre": self.centre}
        return {
            Group.model_fault_centre: Msg("%(fault)s, %(model)s, at %(centre)s", **kw),
            Group.model_fault: Msg("%(fault)s, %(model)s", fault=fault, model=self.model),
            Group.fault_centre: Msg("%(fault)s, at %(centre)s", fault=fault, centre=self.centre),
            Group.centre: Msg("any fault, at %(centre)s", centre=self.centre),
            Group.brand: Msg("any fault, this brand"),
        }.get(self.estimate.group, Msg("%(fault)s, this brand", fault=fault))


def why_later(status: Status) -> str:
    """Say in owner-facing words why an expected date moved later."""
    return {
        Status.awaiting_parts: N_("Waiting for parts is taking longer than expected."),
        Status.awaiting_approval: N_("The repair waits for your approval of the quote."),
    }.get(status, N_("This step is taking longer than expected."))
