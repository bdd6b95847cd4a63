"""The dashboard's slow counts as the nightly job stored them (care.counting), read back.

At a million phones and repairs, counting phones per version and per purchase day, repairs
per closing day and a year of parts waits took most of a page's time (decision 201); the
dashboard reads them with the day they were counted. A model the job has not counted yet
(added since) is counted live.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.care.models import CareCount, CareCountRow, CareLateWait
from aftersales.care.queries import PartWait
from aftersales.care.waits import LateWait, longest_first


@dataclass
class Counted:
    """A model's stored counts, and the day they were counted."""

    counted_on: date
    repairs_served: int
    phones: list[tuple[date, int]] = field(default_factory=list)  # per quarter
    undated: int = 0  # phones with no purchase day
    repairs: list[tuple[date, int]] = field(default_factory=list)  # served per quarter
    versions: list[tuple[str | None, int]] = field(default_factory=list)  # most first

    @property
    def phones_sold(self) -> int:
        """Return the model's registered phones."""
        return sum(n for _, n in self.versions)


def stored(session: Session, model_ids: Sequence[int]) -> dict[int, Counted]:
    """Return the stored counts of these models (a model not counted yet is missing)."""
    if not model_ids:
        return {}
    ids = sorted(set(model_ids))
    found = {c.model_id: Counted(c.counted_on, c.repairs_served) for c in
             session.scalars(select(CareCount).where(CareCount.model_id.in_(ids)))}  # fmt: skip
    if not found:
        return found
    stmt = select(CareCountRow).where(CareCountRow.model_id.in_(list(found)))
    for r in session.scalars(stmt.order_by(CareCountRow.model_id, CareCountRow.day)):
        c = found[r.model_id]
        if r.kind == "version":
            c.versions.append((r.version, r.count))
        elif r.kind == "repairs":
            c.repairs.append((r.day, r.count))  # type: ignore[arg-type]
        elif r.day is None:
            c.undated += r.count
        else:
            c.phones.append((r.day, r.count))
    for c in found.values():
        c.versions.sort(key=lambda r: (-r[1], r[0] or ""))
    return found


def late_waits(session: Session, model_ids: Iterable[int]) -> list[LateWait]:
    """Return the stored waits over the delivery time of these models, the longest first."""
    ids = sorted(set(model_ids))
    if not ids:
        return []
    stmt = select(CareLateWait).where(CareLateWait.model_id.in_(ids))
    late = [LateWait(PartWait(r.repair_part_id, r.repair_id, r.model_id, r.country, r.week,
                              r.timezone, r.asked, r.ended), r.workdays, r.limit_days)
            for r in session.scalars(stmt)]  # fmt: skip
    late.sort(key=longest_first)
    return late
