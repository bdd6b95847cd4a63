"""Tables of the counter: what was handed in with a phone, its photos, and who collected it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base
from aftersales.kernel.clock import utcnow


class IntakeChecklist(Base):
    """What the counter noted when the phone was handed in: accessories, SIM, screen lock."""

    __tablename__ = "intake_checklist"
    repair_id: Mapped[int] = mapped_column(
        ForeignKey("repair_order.id", ondelete="CASCADE"), primary_key=True
    )
    accessories: Mapped[list[str]] = mapped_column(JSON, default=list)
    accessories_note: Mapped[str] = mapped_column(String(200), default="")
    sim_removed: Mapped[bool] = mapped_column(default=False)
    memory_card_removed: Mapped[bool] = mapped_column(default=False)
    screen_lock: Mapped[str] = mapped_column(String(16))
    # The unlock code, encrypted (counter.passcodes); erased when the repair closes.
    passcode_secret: Mapped[str | None] = mapped_column(Text)
    passcode_erased_at: Mapped[datetime | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class RepairPhoto(Base):
    """A picture kept for a repair: the phone's condition, or a signature."""

    __tablename__ = "repair_photo"
    __table_args__ = (Index("ix_repair_photo_repair", "repair_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_order.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(20))
    size_bytes: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class HandBack(Base):
    """The phone's collection: who took it, how they were identified, what they paid."""

    __tablename__ = "hand_back"
    repair_id: Mapped[int] = mapped_column(
        ForeignKey("repair_order.id", ondelete="CASCADE"), primary_key=True
    )
    collected_by: Mapped[str] = mapped_column(String(12))
    collector_name: Mapped[str] = mapped_column(String(120), default="")
    id_checked: Mapped[bool] = mapped_column(default=False)
    id_kind: Mapped[str | None] = mapped_column(String(20))
    payment_due_minor: Mapped[int] = mapped_column(default=0)
    currency: Mapped[str | None] = mapped_column(String(3))
    payment_received: Mapped[bool] = mapped_column(default=False)
    signature_photo_id: Mapped[int | None] = mapped_column(ForeignKey("repair_photo.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
