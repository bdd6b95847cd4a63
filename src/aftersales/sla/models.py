"""Tables of SLA policies."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base


class SlaPolicy(Base):
    """A brand's turnaround promise in one country, for one channel or for all ('any')."""

    __tablename__ = "sla_policy"
    __table_args__ = (UniqueConstraint("brand_id", "country", "channel", "effective_from_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(20), default="any")
    target_days: Mapped[int]
    at_risk_days: Mapped[int]
    loaner_days: Mapped[int]
    # The first day this promise applies; a change adds a version, the old stays readable.
    effective_from_date: Mapped[date] = mapped_column(default=date(2000, 1, 1))
