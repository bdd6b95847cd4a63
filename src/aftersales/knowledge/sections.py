"""The knowledge area's section of the repair page: its public notes, offered as article drafts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.knowledge.access import may_edit
from aftersales.knowledge.drafts import public_notes
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.sections import Section, register_section


@register_section
def draft_section(
    session: Session, viewer: Account, repair: RepairOrder, now: datetime
) -> Section | None:
    """Show the repair's brand admins its public notes with "Offer as article draft"."""
    if not may_edit(viewer, repair.brand_id):
        return None
    notes = public_notes(session, repair)
    return Section("knowledge/repair_section.html", {"notes": notes}) if notes else None
