"""Tables of warranty policies."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base


class WarrantyPolicy(Base):
    """A brand's warranty terms in one country, from a day on (a change adds a version)."""

    __tablename__ = "warranty_policy"
    __table_args__ = (UniqueConstraint("brand_id", "country", "effective_from_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    maker_months: Mapped[int]
    legal_months: Mapped[int]
    # The first day these terms apply; phones sold earlier keep the terms of their day.
    effective_from_date: Mapped[date] = mapped_column(default=date(2000, 1, 1))
