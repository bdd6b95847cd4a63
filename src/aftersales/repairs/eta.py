"""The expected ready date: a likely date and an 80% range, never blank for an open repair.

While fewer than MIN_SAMPLES comparable closed repairs exist, the date comes from the SLA
target and the current step. After that it comes from the observed turnaround of
comparable repairs, conditioned on the working days already elapsed: a repair that has
already taken 12 days is compared with the ones that took longer than 12.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.kernel.i18n import N_
from aftersales.kernel.workdays import add_workdays
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.states import PROGRESS, Status
from aftersales.sla.clock import SlaTerms

MIN_SAMPLES = 30
MIN_CONDITIONAL = 10
RECENT = 2000


@dataclass(frozen=True)
class Estimate:
    """Likely ready date with its 80% range and how it was made."""

    likely: date
    low: date
    high: date
    basis: str


def quantile(values: list[int], q: float) -> float:
    """Return the q-quantile of values by linear interpolation (values need not be sorted)."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def from_sla(
    terms: SlaTerms, status: Status, elapsed: int, today: date, country: str, week: str
) -> Estimate:
    """Estimate from the SLA target and how far along the current step is."""
    progress = PROGRESS[status]
    by_step = math.ceil((1 - progress) * terms.target_days)
    likely_days = max(terms.target_days - elapsed, by_step, 1)
    low_days = max(1, math.ceil(by_step / 2))
    high_days = likely_days + max(1, math.ceil(terms.target_days * 0.3))
    return Estimate(
        add_workdays(today, likely_days, country, week),
        add_workdays(today, min(low_days, likely_days), country, week),
        add_workdays(today, high_days, country, week),
        f"SLA target of {terms.target_days} working days",
    )


def from_history(
    samples: list[int],
    status: Status,
    elapsed: int,
    today: date,
    country: str,
    week: str,
    group: str,
) -> Estimate:
    """Estimate from observed turnarounds, conditioned on the days already elapsed."""
    longer = [s for s in samples if s > elapsed]
    if len(longer) >= MIN_CONDITIONAL:
        rem = [s - elapsed for s in longer]
    else:
        # Already slower than almost every comparable repair: scale the typical total
        # by the share of work left at this step, never less than a day.
        typical = quantile(samples, 0.5)
        left = max(1.0, (1 - PROGRESS[status]) * typical)
        rem = [max(1, round(left * f)) for f in (0.5, 1.0, 1.6)]
    lo, mid, hi = (max(1, math.ceil(quantile(rem, q))) for q in (0.1, 0.5, 0.9))
    return Estimate(
        add_workdays(today, mid, country, week),
        add_workdays(today, min(lo, mid), country, week),
        add_workdays(today, max(hi, mid), country, week),
        f"{len(samples)} comparable repairs ({group})",
    )


def comparable_samples(
    session: Session, repair: RepairOrder, now: datetime
) -> tuple[list[int], str]:
    """Return turnarounds of repairs closed before `now`, narrowest group with enough of them."""
    closed = (RepairOrder.closed_at <= now) & RepairOrder.tat_workdays.is_not(None)
    rows = (
        session.execute(
            select(RepairOrder.model_id, RepairOrder.centre_id, RepairOrder.tat_workdays)
            .where(
                closed,
                RepairOrder.brand_id == repair.brand_id,
                RepairOrder.fault_category == repair.fault_category,
            )
            .order_by(RepairOrder.closed_at.desc())
            .limit(RECENT)
        )
        .tuples()
        .all()
    )
    m, c = repair.model_id, repair.centre_id
    groups = (
        ("same model, fault and centre", [t for mo, ce, t in rows if mo == m and ce == c]),
        ("same model and fault", [t for mo, _, t in rows if mo == m]),
        ("same fault at this centre", [t for _, ce, t in rows if ce == c]),
        ("same fault, whole brand", [t for _, _, t in rows]),
    )
    for name, values in groups:
        if len(values) >= MIN_SAMPLES:
            return [v for v in values if v is not None], name
    brand_rows = (
        session.execute(
            select(RepairOrder.centre_id, RepairOrder.tat_workdays)
            .where(closed, RepairOrder.brand_id == repair.brand_id)
            .order_by(RepairOrder.closed_at.desc())
            .limit(RECENT)
        )
        .tuples()
        .all()
    )
    for name, values in (
        ("any fault at this centre", [t for ce, t in brand_rows if ce == c]),
        ("any fault, whole brand", [t for _, t in brand_rows]),
    ):
        if len(values) >= MIN_SAMPLES:
            return [v for v in values if v is not None], name
    return [], ""


def why_later(status: Status) -> str:
    """Say in owner-facing words why an expected date moved later."""
    return {
        Status.awaiting_parts: N_("Waiting for parts is taking longer than expected."),
        Status.awaiting_approval: N_("The repair waits for your approval of the quote."),
    }.get(status, N_("This step is taking longer than expected."))
