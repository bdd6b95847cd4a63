"""The counter's section of the repair page: prints, checklist, photos and hand-back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.counter.checklist import checklist_of
from aftersales.counter.handback import hand_back_of, payment_due
from aftersales.counter.photos import MAX_PHOTOS, photos_of
from aftersales.counter.receipt import SIZES
from aftersales.repairs.access import acts_as_centre, acts_as_staff, sides_of
from aftersales.repairs.loaners import loaners_of
from aftersales.repairs.models import FINAL_STATUSES, RepairOrder
from aftersales.repairs.sections import Section, register_section
from aftersales.repairs.states import MOVES, Outcome, Status


def _may_close(actor: Account, repair: RepairOrder) -> bool:
    """Say whether the actor's side may close the repair from where it stands now."""
    sides = sides_of(actor, repair)
    move = (Status(repair.status), Status.closed)
    return move in MOVES and (sides is None or bool(MOVES[move] & sides))


@register_section
def counter_section(
    session: Session, viewer: Account, repair: RepairOrder, now: datetime
) -> Section | None:
    """Show the repair's staff what the counter recorded and what they can print or do."""
    if not acts_as_staff(viewer, repair):
        return None
    checklist = checklist_of(session, repair)
    photos = photos_of(session, viewer, repair)
    return Section(
        "counter/section.html",
        {
            "sizes": SIZES,
            "checklist": checklist,
            "reads_code": acts_as_centre(viewer, repair)
            and checklist is not None
            and checklist.passcode_secret is not None,
            "photos": [p for p in photos if p.kind == "condition"],
            "signatures": [p for p in photos if p.kind != "condition"],
            "photos_left": MAX_PHOTOS - sum(p.kind == "condition" for p in photos),
            "open": repair.status not in FINAL_STATUSES,
            "hand_over": _may_close(viewer, repair),
            "due": payment_due(session, repair),
            "outcomes": list(Outcome),
            "hand_back": hand_back_of(session, repair),
            # a loaner still out must come back with the phone (repairs.loaners)
            "loan_out": next(
                (x for x in loaners_of(session, repair) if x.returned_at is None), None
            ),
        },
    )
