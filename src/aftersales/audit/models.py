"""The audit table: one append-only row per change outside a repair's history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from aftersales.db import Base
from aftersales.kernel.clock import utcnow


class AuditEntry(Base):
    """One change: who, when, which record, and each field's old and new value."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_record", "entity", "entity_id", "id"),
        Index("ix_audit_entry_brand_at", "brand_id", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # None: the system (a job, a migration) or a command run by an operator.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    # The brand whose admins may read this row (None: platform records only).
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brand.id"))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session: Session, _ctx: Any, _instances: Any) -> None:
    """Refuse any update or delete of an audit row: the log is never rewritten."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise RuntimeError("audit entries are append-only")
