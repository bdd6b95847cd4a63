"""The stages an owner follows on the tracking stepper, and which statuses belong to each.

Pure, like states.py: the one place that maps the fourteen statuses to six stages an owner
can picture. A cancelled repair has no stage: the page shows its status alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from aftersales.kernel.i18n import N_
from aftersales.repairs.states import Status

S = Status
# (the stage's words, the statuses in it), in order.
STAGES: tuple[tuple[str, frozenset[Status]], ...] = (
    (N_("Handed in"), frozenset({S.registered, S.received})),
    (N_("At the centre"), frozenset({S.in_transit_to_centre, S.at_centre})),
    (N_("Diagnosis"), frozenset({S.diagnosing, S.awaiting_approval})),
    (N_("Repair"), frozenset({S.awaiting_parts, S.repairing, S.testing})),
    (N_("Ready"), frozenset({S.ready, S.in_transit_to_shop, S.ready_for_pickup})),
    (N_("Returned"), frozenset({S.closed})),
)


@dataclass(frozen=True)
class Stage:
    """One step of the stepper: its words and where the repair stands against it."""

    label: str
    state: str  # "done", "current" or "todo"


def stage_of(status: Status) -> int | None:
    """Return the index of the stage a status belongs to; None for a cancelled repair."""
    return next((i for i, (_, members) in enumerate(STAGES) if status in members), None)


def progress(status: Status) -> list[Stage]:
    """Return every stage, marked done, current or to come; empty for a cancelled repair."""
    current = stage_of(status)
    if current is None:
        return []
    return [
        Stage(label, "done" if i < current else "current" if i == current else "todo")
        for i, (label, _) in enumerate(STAGES)
    ]
