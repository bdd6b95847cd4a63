"""The counter's checklist in the demo: what each phone handed in at a counter came with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.counter.checklist import Checklist, record_checklist
from aftersales.repairs.models import RepairOrder

# Cycled by repair number, so the demo is the same every time it is loaded.
ACCESSORY_SETS: tuple[list[str], ...] = (
    [],
    ["charger"],
    ["case"],
    ["charger", "cable"],
    ["box", "charger", "cable"],
)
LOCKS = ("code_withheld", "none", "code_withheld")


def note_checklist(session: Session, actor: Account, repair: RepairOrder, now: datetime) -> None:
    """Record a checklist for a phone a counter took in (no unlock code: the demo has none)."""
    if actor.role not in (Role.shop_staff, Role.technician, Role.centre_manager):
        return
    checklist = Checklist(
        screen_lock=LOCKS[repair.id % len(LOCKS)],
        accessories=list(ACCESSORY_SETS[repair.id % len(ACCESSORY_SETS)]),
        sim_removed=repair.id % 2 == 0,
    )
    record_checklist(session, actor, repair, checklist, secret="", now=now)
