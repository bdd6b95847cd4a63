"""A repair's public explanation offered as an article draft, with nothing of its owner.

The draft takes the note's words, the repair's model and fault category and the page's
language; never the owner's details, the phone's IMEI or the repair's code (decision 228).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.kernel.errors import NotFound
from aftersales.knowledge.access import may_edit
from aftersales.knowledge.models import LANGUAGES, Article
from aftersales.knowledge.service import ArticleFields, create_article
from aftersales.repairs.access import get_repair_for
from aftersales.repairs.models import RepairEvent, RepairOrder

TITLE_LENGTH = 80


def public_notes(session: Session, repair: RepairOrder) -> list[RepairEvent]:
    """Return the repair's notes its owner reads, oldest first."""
    return list(session.scalars(
        select(RepairEvent).where(RepairEvent.repair_id == repair.id, RepairEvent.public.is_(True),
                                  RepairEvent.note.is_not(None)).order_by(RepairEvent.id)
    ))  # fmt: skip


def title_of(note: str) -> str:
    """Return a draft's first title: the note's first line, cut at a word."""
    line = note.strip().splitlines()[0] if note.strip() else ""
    if len(line) <= TITLE_LENGTH:
        return line
    return line[:TITLE_LENGTH].rsplit(" ", 1)[0] + "…"


def draft_from_note(
    session: Session, actor: Account, code: str, event_id: int, language: str, now: datetime
) -> Article:
    """Write a draft of the repair's brand from one of its public notes; the same 404 otherwise."""
    repair = get_repair_for(session, actor, code)
    if not may_edit(actor, repair.brand_id):
        raise NotFound("No such note.")
    event = session.get(RepairEvent, event_id)
    if event is None or event.repair_id != repair.id or not event.public or not event.note:
        raise NotFound("No such note.")
    fields = ArticleFields(
        title=title_of(event.note), body=event.note,
        language=language if language in LANGUAGES else "en",
        model_id=repair.model_id, fault_category=repair.fault_category,
    )  # fmt: skip
    return create_article(session, actor, repair.brand_id, fields, now,
                          origin=f"repair event {event.id}")  # fmt: skip
