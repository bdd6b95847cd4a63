"""The intake checklist: accessories, SIM and memory card, screen lock and its sealed code."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.audit.service import Action, record
from aftersales.counter.models import IntakeChecklist
from aftersales.counter.passcodes import MAX_PASSCODE, seal, unseal
from aftersales.kernel.errors import Forbidden, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.repairs.access import acts_as_centre, require_staff_side
from aftersales.repairs.models import FINAL_STATUSES, RepairOrder

ACCESSORIES = ("charger", "cable", "case", "box", "stylus", "earphones", "sim_tray_pin")
# Whether the owner gave the code that unlocks the screen (the code itself is sealed).
SCREEN_LOCKS = ("none", "code_given", "code_withheld")


@dataclass
class Checklist:
    """What the counter notes when a phone is handed in."""

    screen_lock: str = "none"
    passcode: str = ""
    accessories: list[str] = field(default_factory=list)
    accessories_note: str = ""
    sim_removed: bool = False
    memory_card_removed: bool = False


def check(c: Checklist) -> dict[str, str]:
    """Return what is wrong with a checklist, field by field (nothing when it is right)."""
    errors: dict[str, str] = {}
    if c.screen_lock not in SCREEN_LOCKS:
        errors["screen_lock"] = N_("Say whether the screen is locked and the code was given.")
    elif c.screen_lock == "code_given" and not c.passcode.strip():
        errors["passcode"] = N_("Type the unlock code the owner gave, or choose another answer.")
    elif c.screen_lock != "code_given" and c.passcode.strip():
        errors["passcode"] = N_("Leave the code empty unless the owner gave it.")
    if len(c.passcode) > MAX_PASSCODE:
        errors["passcode"] = N_("The code is too long.")
    if any(a not in ACCESSORIES for a in c.accessories):
        errors["accessories"] = N_("Choose accessories from the list.")
    if len(c.accessories_note) > 200:
        errors["accessories_note"] = N_("Keep the note under 200 characters.")
    return errors


def record_checklist(
    session: Session, actor: Account, repair: RepairOrder, c: Checklist, secret: str, now: datetime
) -> IntakeChecklist:
    """Keep the checklist of an open repair (a later one replaces it), the code sealed."""
    require_staff_side(actor, repair)
    if repair.status in FINAL_STATUSES:
        raise Forbidden(N_("This repair is over; its checklist can no longer change."))
    if errors := check(c):
        raise ValidationFailed(N_("Some answers need a look."), errors)
    row = session.get(IntakeChecklist, repair.id) or IntakeChecklist(repair_id=repair.id)
    old = _facts(row) if row.screen_lock else None
    row.screen_lock = c.screen_lock
    row.passcode_secret = (
        seal(secret, c.passcode.strip()) if c.screen_lock == "code_given" else None
    )
    row.accessories = sorted(set(c.accessories))
    row.accessories_note = c.accessories_note.strip()
    row.sim_removed, row.memory_card_removed = c.sim_removed, c.memory_card_removed
    row.recorded_by_id, row.recorded_at = actor.id, now
    session.add(row)
    action = Action.updated if old else Action.created
    record(session, actor, action, "intake_checklist", repair.id, now, old=old, new=_facts(row),
           brand_id=repair.brand_id)  # fmt: skip
    return row


def _facts(row: IntakeChecklist) -> dict[str, Any]:
    """The checklist as the audit log keeps it: never the code, only whether there is one."""
    return {
        "screen_lock": row.screen_lock,
        "accessories": list(row.accessories or []),
        "sim_removed": row.sim_removed,
        "memory_card_removed": row.memory_card_removed,
        "code_kept": row.passcode_secret is not None,
    }


def checklist_of(session: Session, repair: RepairOrder) -> IntakeChecklist | None:
    """Return the repair's checklist, if the counter recorded one."""
    return session.get(IntakeChecklist, repair.id)


def reveal_passcode(
    session: Session, actor: Account, repair: RepairOrder, secret: str, now: datetime
) -> str:
    """Return the unlock code to the centre that tests the phone; each reading is audited."""
    if not acts_as_centre(actor, repair):
        raise Forbidden(N_("Only the service centre handling this repair may read the code."))
    row = session.get(IntakeChecklist, repair.id)
    code = unseal(secret, row.passcode_secret) if row and row.passcode_secret else None
    if code is None:
        raise Forbidden(N_("No unlock code is kept for this repair."))
    record(session, actor, Action.revealed, "unlock_code", repair.id, now, brand_id=repair.brand_id)
    return code


@event.listens_for(Session, "before_flush")
def _erase_codes_of_closed_repairs(session: Session, _ctx: object, _objs: object) -> None:
    """Erase the unlock code in the same flush that closes or cancels its repair."""
    for obj in list(session.dirty):
        if isinstance(obj, RepairOrder) and obj.status in FINAL_STATUSES:
            with session.no_autoflush:
                row = session.get(IntakeChecklist, obj.id)
            if row is not None and row.passcode_secret is not None:
                row.passcode_secret = None
                row.passcode_erased_at = obj.closed_at or obj.updated_at
