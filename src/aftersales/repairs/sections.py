"""Sections that areas above repairs add to the repair page (the counter's checklist, say)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.repairs.models import RepairOrder


@dataclass(frozen=True)
class Section:
    """A part of the repair page: its template and what the template reads."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


# (session, viewer, repair, now) -> the section, or None when the viewer has nothing there
SectionMaker = Callable[[Session, Account, RepairOrder, datetime], Section | None]
SECTIONS: list[SectionMaker] = []


def register_section(maker: SectionMaker) -> SectionMaker:
    """Add a section to every repair page (called once, when the area's pages are imported)."""
    if maker not in SECTIONS:
        SECTIONS.append(maker)
    return maker


def sections_for(
    session: Session, viewer: Account, repair: RepairOrder, now: datetime
) -> list[Section]:
    """Return the registered sections this viewer sees on this repair, in order."""
    return [s for make in SECTIONS if (s := make(session, viewer, repair, now)) is not None]
