"""Self-help attempts: what an owner (online) or a clerk (at the counter) tried, how it ended.

The owner's words are kept to improve the articles; they are shown to the brand's staff in no
list and never to other owners (decision 224).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base
from aftersales.kernel.clock import utcnow

OUTCOMES = ("solved", "repair")  # solved without a repair; still needed a repair
CHANNELS = ("online", "counter")
DOC_KINDS = ("article", "known_issue", "answer")


class Attempt(Base):
    """One ended self-help step: the problem, the phone's model and fault, and the outcome."""

    __tablename__ = "selfhelp_attempt"
    __table_args__ = (
        # The deflection figures: a brand's attempts over a period, by model and by fault.
        Index("ix_selfhelp_attempt_brand_at", "brand_id", "created_at"),
        Index("ix_selfhelp_attempt_model_at", "model_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    model_id: Mapped[int | None] = mapped_column(ForeignKey("phone_model.id"))
    fault_category: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(8))
    doc_kind: Mapped[str | None] = mapped_column(String(12))  # what solved it
    doc_id: Mapped[int | None]
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
