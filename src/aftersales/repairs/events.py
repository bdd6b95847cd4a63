"""The one way to write a repair's history: `record_event()` with a typed kind of event."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from aftersales.repairs.models import RepairEvent, RepairOrder


class EventType(StrEnum):
    """What happened to a repair order."""

    created = "created"
    status_changed = "status_changed"
    note = "note"
    warranty_decision = "warranty_decision"
    contact = "contact"
    expected_date_changed = "expected_date_changed"
    owner_changed = "owner_changed"
    # the counter (aftersales.counter)
    photos_added = "photos_added"
    handed_back = "handed_back"
    assigned = "assigned"  # taken, assigned, reassigned or unassigned (repairs.assignment)
    loaner_given = "loaner_given"
    loaner_returned = "loaner_returned"
    part = "part"  # a part reserved, back-ordered, filled, used or given back (repairs.parts)


def record_event(
    session: Session,
    repair: RepairOrder,
    type: EventType,
    at: datetime,
    *,
    actor_id: int | None,
    actor_role: str,
    public: bool,
    note: str | None = None,
    internal_note: str | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    data: dict[str, Any] | None = None,
) -> RepairEvent:
    """Append an event to a repair's history; a public one is news the owner can see."""
    event = RepairEvent(
        repair_id=repair.id,
        type=type,
        from_status=from_status,
        to_status=to_status,
        actor_id=actor_id,
        actor_role=actor_role,
        at=at,
        public=public,
        note=note,
        internal_note=internal_note,
        data=data or {},
    )
    session.add(event)
    if public:
        repair.last_public_event_at = at
    return event
