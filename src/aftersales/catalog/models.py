"""Tables of the catalogue."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, LargeBinary, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from aftersales.db import Base
from aftersales.kernel.clock import utcnow
from aftersales.kernel.text import fold

centre_brand = Table(
    "centre_brand",
    Base.metadata,
    Column("centre_id", ForeignKey("service_centre.id", ondelete="CASCADE"), primary_key=True),
    Column("brand_id", ForeignKey("brand.id", ondelete="CASCADE"), primary_key=True),
)


class Brand(Base):
    """A phone maker whose service network uses the platform."""

    __tablename__ = "brand"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # What owners see on tracking, their pages and mails (decision 126): a name such as
    # "Xiaomi Care" and a colour dark enough for white text; none: the platform's own look.
    display_name: Mapped[str | None] = mapped_column(String(60))
    colour: Mapped[str | None] = mapped_column(String(7))
    # The digest of its logo in brand_logo (decision 134): the logo's address, so a new logo
    # has a new address and caches never show an old one.
    logo: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BrandLogo(Base):
    """A brand's logo as served: a PNG re-encoded from the upload's pixels, kept by its digest."""

    __tablename__ = "brand_logo"
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), index=True)  # SHA-256 of `png`, in hex
    png: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PhoneModel(Base):
    """A phone model of a brand, with its life-cycle dates."""

    __tablename__ = "phone_model"
    __table_args__ = (UniqueConstraint("brand_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    release_date: Mapped[date | None]
    end_of_sale_date: Mapped[date | None]
    # Retired: no longer offered for new phones and bookings; its repairs go on (decision 116).
    retired_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    brand: Mapped[Brand] = relationship(lazy="joined")
    tacs: Mapped[list[ModelTac]] = relationship(
        back_populates="model",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ModelTac.tac",
    )
    # An edit made on an older version is refused (optimistic concurrency, as repairs do).
    __mapper_args__ = {"version_id_col": version}


class TacStatus(StrEnum):
    """Whether a TAC names its model yet: a brand admin's claim waits for a platform admin."""

    pending = "pending"
    confirmed = "confirmed"


class ModelTac(Base):
    """An 8-digit Type Allocation Code: the IMEI prefix that names a model.

    A TAC belongs to one maker. Only confirmed TACs name models (IMEI look-ups, imports):
    a brand admin's claim stays pending until a platform admin confirms it, so a brand
    cannot take another maker's phones, and their repairs, by claiming their TAC.
    """

    __tablename__ = "model_tac"
    tac: Mapped[str] = mapped_column(String(8), primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("phone_model.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(
        String(10), default=TacStatus.confirmed, server_default=TacStatus.confirmed.value
    )
    claimed_at: Mapped[datetime | None]
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    model: Mapped[PhoneModel] = relationship(back_populates="tacs")


def place_key(country: str | None, city: str | None, name: str | None) -> str:
    """Return what makes two places the same by mistake: country, city and name, folded."""
    return f"{(country or '').upper()}|{fold(city)}|{fold(name)}"


class Place:
    """What shops and centres share: a duplicate key kept from the name and the city."""

    @validates("name", "city", "country")
    def _keep_key(self, field: str, value: str) -> str:
        parts = {k: getattr(self, k, None) for k in ("name", "city", "country")} | {field: value}
        self.dedupe_key = place_key(parts["country"], parts["city"], parts["name"])
        return value


class ServiceCentre(Place, Base):
    """A service centre: where phones are diagnosed and repaired."""

    __tablename__ = "service_centre"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    city: Mapped[str] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(60))
    working_week: Mapped[str] = mapped_column(String(7), default="1111100")
    address: Mapped[str] = mapped_column(String(200), default="")
    # Where it is (WGS84 degrees), to send a shop's repairs to the nearest centre; optional.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    brands: Mapped[list[Brand]] = relationship(secondary=centre_brand, lazy="selectin")
    # Opening hours by weekday ("0" Monday … "6" Sunday): ["09:00", "18:00"]; missing: closed.
    opening_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    dedupe_key: Mapped[str] = mapped_column(String(220), index=True, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class Shop(Place, Base):
    """A shop that sells phones and hands them in for repair."""

    __tablename__ = "shop"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    city: Mapped[str] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(60))
    address: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    # Where the shop hears of its repairs by e-mail (none: webhooks or the portal only).
    email: Mapped[str | None] = mapped_column(String(254))
    # Opening hours by weekday ("0" Monday … "6" Sunday): ["09:00", "18:00"]; missing: closed.
    opening_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    dedupe_key: Mapped[str] = mapped_column(String(220), index=True, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
