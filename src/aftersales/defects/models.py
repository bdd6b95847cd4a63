"""The alerts table: one row per emerging defect a detector found, kept by the alerts job.

A finding's `key` names its episode; the job updates the alert of a key it already has and
tells the brand's admins only when an alert is new, or reopened because a dismissed rise grew
past what was dismissed (decision 273). The numbers are the latest run's.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base

KINDS = ("rate", "release", "cluster")
STATUSES = ("open", "acknowledged", "dismissed")


class DefectAlert(Base):
    """An emerging defect of a brand: what rose, by how much, since when, and what staff said."""

    __tablename__ = "defect_alert"
    __table_args__ = (
        UniqueConstraint("brand_id", "key", name="uq_defect_alert_brand_key"),
        CheckConstraint("kind IN ('rate', 'release', 'cluster')", name="kind_known"),
        CheckConstraint("status IN ('open', 'acknowledged', 'dismissed')", name="status_known"),
        # The brand's alerts page: by status or all, newest first.
        Index("ix_defect_alert_brand_status", "brand_id", "status", "first_seen", "id"),
        Index("ix_defect_alert_brand_seen", "brand_id", "first_seen", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(200))
    model_id: Mapped[int | None] = mapped_column(
        ForeignKey("phone_model.id", ondelete="CASCADE"), index=True
    )
    fault_category: Mapped[str | None] = mapped_column(String(20))
    software_version: Mapped[str | None] = mapped_column(String(40))
    started_on: Mapped[date]
    observed: Mapped[int]
    expected: Mapped[float] = mapped_column(Float)
    ratio: Mapped[float] = mapped_column(Float)
    low: Mapped[float] = mapped_column(Float)
    high: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(40))
    p_value: Mapped[float | None] = mapped_column(Float)
    repair_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    question_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    words: Mapped[list[str]] = mapped_column(JSON, default=list)
    weeks: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default="open")
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    dismissed_ratio: Mapped[float | None] = mapped_column(Float)  # the size when dismissed
    first_seen: Mapped[date]
    last_seen: Mapped[date]
    told_at: Mapped[datetime | None]  # when the admins were last told
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
