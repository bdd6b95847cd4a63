"""The nightly forecast: compute every model and part, and replace the stored results whole.

Readers see the last run's results until the new ones commit, in one transaction (the
worker's): never a mix.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from aftersales.care import counting
from aftersales.care.compute import Forecast, compute
from aftersales.care.models import CareInUse, CareInUsePoint, CarePartOutlook

CHUNK = 5000  # rows per INSERT: thousands of curve points go in a few statements


@dataclass(frozen=True)
class NightlySummary:
    """What a run stored, and how long it took."""

    models: int
    points: int
    outlooks: int
    seconds: float

    def __str__(self) -> str:
        return (f"{self.models} models, {self.points} curve points, {self.outlooks} part "
                f"outlooks in {self.seconds:.1f} s")  # fmt: skip


def store(session: Session, fcst: Forecast, now: datetime) -> None:
    """Replace the stored results with the forecast's."""
    for table in (CarePartOutlook, CareInUsePoint, CareInUse):
        session.execute(delete(table))
    day = fcst.as_of
    rows: dict[type[CareInUse | CareInUsePoint | CarePartOutlook], list[dict[str, object]]] = {
        CareInUse: [
            {**vars(u), "computed_on": day, "computed_at": now} for u in fcst.in_use.values()
        ],
        CareInUsePoint: [
            {"model_id": mid, "day": d, "expected": e, "low": lo, "high": hi}
            for mid, points in fcst.curves.items()
            for d, e, lo, hi in points
        ],
        CarePartOutlook: [{**vars(o), "computed_on": day} for o in fcst.outlooks],
    }
    for table, values in rows.items():
        for i in range(0, len(values), CHUNK):
            session.execute(insert(table), values[i : i + CHUNK])
    session.flush()


def nightly_forecast(session: Session, now: datetime) -> NightlySummary:
    """Compute the forecast for today and store it; the caller commits (the worker's scope)."""
    started = time.perf_counter()
    fcst = compute(session, now.date())
    store(session, fcst, now)
    counting.store(session, now)  # the dashboard's slow counts, beside (decision 201)
    points = sum(len(p) for p in fcst.curves.values())
    return NightlySummary(len(fcst.in_use), points, len(fcst.outlooks),
                          time.perf_counter() - started)  # fmt: skip
