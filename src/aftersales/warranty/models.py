"""Tables of warranty policies."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base


class WarrantyPolicy(Base):
    """A brand's warranty terms in one country."""

    __tablename__ = "warranty_policy"
    __table_args__ = (UniqueConstraint("brand_id", "country"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    maker_months: Mapped[int]
    legal_months: Mapped[int]
