"""The nightly count of the dashboard's slow figures, stored per model (decision 201).

The job counts them with the live functions (care.queries, care.waits) and replaces the
stored ones whole in the worker's transaction, beside the forecast; care.counts reads them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from aftersales.care import queries, waits
from aftersales.care.dashboard import countries
from aftersales.care.models import CareCount, CareCountRow, CareLateWait
from aftersales.care.quarters import by_quarter
from aftersales.care.waits import LateWait
from aftersales.catalog.models import PhoneModel
from aftersales.software.queries import version_counts
from aftersales.support.commitments import supports

CHUNK = 5000  # rows per INSERT


def _late_of_brand(
    session: Session, brand_id: int, models: list[PhoneModel], now: datetime
) -> list[LateWait]:
    """Return the brand's parts waits over their country's delivery time (care.waits)."""
    places = countries(session, brand_id, [m.id for m in models])
    found = supports(session, [(m, c) for m in models for c in places], now.date())
    return waits.late_waits(session, {k: s.delivery_days for k, s in found.items()}, now)


def store(session: Session, now: datetime) -> int:
    """Count every model's figures and replace the stored ones; return the models counted."""
    for table in (CareLateWait, CareCountRow, CareCount):
        session.execute(delete(table))
    day = now.date()
    models = list(session.scalars(select(PhoneModel).order_by(PhoneModel.id)))
    served = queries.repairs_served(session, [m.id for m in models])
    counts, rows, late = [], [], []
    for m in models:
        counts.append({"model_id": m.id, "counted_on": day, "counted_at": now,
                       "repairs_served": served[m.id]})  # fmt: skip
        for d, n in queries.phones_by_day(session, m.id):
            rows.append({"model_id": m.id, "kind": "phones", "day": d, "version": None, "count": n})
        for d, n in queries.repairs_by_day(session, m.id):
            rows.append(
                {"model_id": m.id, "kind": "repairs", "day": d, "version": None, "count": n}
            )
        for v, n in version_counts(session, m.id):
            rows.append(
                {"model_id": m.id, "kind": "version", "day": None, "version": v, "count": n}
            )
    for brand_id in sorted({m.brand_id for m in models}):
        mine = [m for m in models if m.brand_id == brand_id]
        for w in _late_of_brand(session, brand_id, mine, now):
            p = w.wait
            late.append({"repair_part_id": p.id, "model_id": p.model_id, "repair_id": p.repair_id,
                         "country": p.country, "week": p.week, "timezone": p.timezone,
                         "asked": p.asked, "ended": p.ended, "workdays": w.workdays,
                         "limit_days": w.limit})  # fmt: skip
    for table, values in ((CareCount, counts), (CareCountRow, _folded(rows)), (CareLateWait, late)):
        for i in range(0, len(values), CHUNK):
            session.execute(insert(table), values[i : i + CHUNK])
    session.flush()
    return len(models)


def _folded(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Fold phones and repairs per day into quarters (phones of no day stay apart)."""
    out: list[dict[str, object]] = []
    days: dict[tuple[int, str], list[tuple[date, int]]] = {}
    for r in rows:
        if r["kind"] == "version" or r["day"] is None:
            out.append(r)
        else:
            days.setdefault((r["model_id"], r["kind"]), []).append((r["day"], r["count"]))  # type: ignore[arg-type]
    for (model_id, kind), per_day in days.items():
        for q, n in by_quarter(per_day):
            if n:
                out.append({"model_id": model_id, "kind": kind, "day": q, "version": None,
                            "count": n})  # fmt: skip
    return out
