"""Tables of phones."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aftersales.catalog.models import PhoneModel, Shop
from aftersales.db import Base, postgresql_only
from aftersales.kernel.clock import utcnow


class Phone(Base):
    """One physical phone, known by its IMEI."""

    __tablename__ = "phone"
    # Search by IMEI prefix (LIKE 'digits%') on PostgreSQL, whatever the collation.
    __table_args__ = (
        postgresql_only(
            Index("ix_phone_imei_pattern", "imei", postgresql_ops={"imei": "text_pattern_ops"})
        ),
        # Search by the IMEI's last digits, read as a prefix of the reversed IMEI.
        Index(
            "ix_phone_imei_reversed",
            "imei_reversed",
            postgresql_ops={"imei_reversed": "text_pattern_ops"},
        ),
        # How many phones of a model run each version: read from this index alone.
        Index("ix_phone_model_software", "model_id", "software_version"),
        # Phones sold of a model by purchase day: the commitment dashboard's count (care).
        Index("ix_phone_model_purchase", "model_id", "purchase_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    imei: Mapped[str] = mapped_column(String(15), unique=True)
    imei_reversed: Mapped[str] = mapped_column(String(15))  # kept by _reverse_imei below
    serial: Mapped[str | None] = mapped_column(String(40))
    model_id: Mapped[int] = mapped_column(ForeignKey("phone_model.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    purchase_date: Mapped[date | None]
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shop.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    # The version it runs and the day it was seen: kept by software.versions (decision 152).
    software_version: Mapped[str | None] = mapped_column(String(40))
    software_seen_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    model: Mapped[PhoneModel] = relationship(lazy="joined")
    shop: Mapped[Shop | None] = relationship(lazy="joined")


@event.listens_for(Phone, "before_insert")
@event.listens_for(Phone, "before_update")
def _reverse_imei(_mapper: Any, _conn: Any, phone: Phone) -> None:
    """Keep the reversed IMEI beside the IMEI, whoever writes the phone."""
    phone.imei_reversed = phone.imei[::-1]
