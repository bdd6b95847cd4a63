"""Tables of parts, stock locations, the stock ledger and its balances, and supply orders.

The ledger (`stock_movement`) is append-only and the truth; `stock_level` is its running
balance per location and part, changed in the same transaction as each movement by one
conditional UPDATE (inventory.ledger), with CHECK constraints so that on hand and reserved
never go negative and nothing is reserved that is not on hand (decision 136).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aftersales.catalog.models import Brand, PhoneModel
from aftersales.db import Base
from aftersales.kernel.clock import utcnow


class PartKind(StrEnum):
    """What a part is, for grouping and the forecast."""

    display = "display"
    battery = "battery"
    charging_port = "charging_port"
    camera = "camera"
    back_cover = "back_cover"
    speaker = "speaker"
    microphone = "microphone"
    buttons = "buttons"
    sim_tray = "sim_tray"
    board = "board"
    other = "other"


class Movement(StrEnum):
    """What happened to stock: each kind moves on hand and reserved its own way (ledger.py)."""

    received = "received"  # a supply order's parts arrived
    reserved = "reserved"  # set aside for a repair
    released = "released"  # a reservation given back (repair cancelled, part not needed)
    used = "used"  # fitted in a phone: leaves on hand and reserved
    transferred_out = "transferred_out"
    transferred_in = "transferred_in"
    adjusted = "adjusted"  # a count corrected, with a reason
    defective_returned = "defective_returned"  # a part taken out of a phone, sent to the maker


part_fit = Table(
    "part_fit",
    Base.metadata,
    Column("part_id", ForeignKey("part.id", ondelete="CASCADE"), primary_key=True),
    Column("model_id", ForeignKey("phone_model.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_part_fit_model", "model_id", "part_id"),
)


class Part(Base):
    """A spare part of a brand: its number, names, the models it fits, cost, price, lead time."""

    __tablename__ = "part"
    __table_args__ = (
        UniqueConstraint("brand_id", "number"),
        CheckConstraint("cost_minor >= 0 AND price_minor >= 0", name="money_not_negative"),
        CheckConstraint("lead_days >= 0", name="lead_days_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    # {"en": …, "it": …, "vi": …}: English always, the others when given (else English).
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    cost_minor: Mapped[int]
    price_minor: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    lead_days: Mapped[int]  # the supplier's lead time, in working days
    # The day the maker stops producing it (none: not announced): the forecast then plans a
    # last production batch (care.demand).
    production_ends_on: Mapped[date | None]
    retired_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    brand: Mapped[Brand] = relationship(lazy="joined")
    models: Mapped[list[PhoneModel]] = relationship(
        secondary=part_fit, lazy="selectin", order_by="PhoneModel.name"
    )
    __mapper_args__ = {"version_id_col": version}

    def name_in(self, lang: str) -> str:
        """Return the part's name in a language, English when that one is not given."""
        return self.names.get(lang) or self.names["en"]


class StockLocation(Base):
    """Where parts are kept: a service centre, or a brand's warehouse in one country."""

    __tablename__ = "stock_location"
    __table_args__ = (
        UniqueConstraint("centre_id", name="uq_stock_location_centre"),
        UniqueConstraint("brand_id", "country", name="uq_stock_location_warehouse"),
        CheckConstraint("(centre_id IS NULL) <> (brand_id IS NULL)", name="centre_or_warehouse"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("service_centre.id"))
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brand.id"))  # a warehouse's
    country: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_warehouse(self) -> bool:
        """Say whether this is a brand's warehouse (else a centre's shelf)."""
        return self.brand_id is not None


class StockLevel(Base):
    """The running balance of one part at one location, kept with every movement."""

    __tablename__ = "stock_level"
    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="reserved_within_on_hand"),
        CheckConstraint("reorder_point >= 0", name="reorder_point_not_negative"),
        # The low-stock list of a location: available below the reorder point.
        Index("ix_stock_level_part", "part_id", "location_id"),
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("stock_location.id"), primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id"), primary_key=True)
    on_hand: Mapped[int] = mapped_column(default=0, server_default="0")
    reserved: Mapped[int] = mapped_column(default=0, server_default="0")
    reorder_point: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    part: Mapped[Part] = relationship(lazy="joined")

    @property
    def available(self) -> int:
        """Return what can still be reserved: on hand minus reserved."""
        return self.on_hand - self.reserved


class StockMovement(Base):
    """One change of stock, never updated or deleted: the ledger the balances come from."""

    __tablename__ = "stock_movement"
    __table_args__ = (
        Index("ix_stock_movement_location_part", "location_id", "part_id", "id"),
        Index("ix_stock_movement_repair", "repair_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("stock_location.id"))
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id"))
    kind: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int]  # always positive: the kind says which way it goes
    on_hand_change: Mapped[int]
    reserved_change: Mapped[int]
    # What it was for: the repair (a reservation, a part used or returned defective), the
    # supply order (a receipt), the other location (a transfer), and why (an adjustment).
    repair_id: Mapped[int | None] = mapped_column(ForeignKey("repair_order.id"))
    supply_order_id: Mapped[int | None] = mapped_column(ForeignKey("supply_order.id"))
    other_location_id: Mapped[int | None] = mapped_column(ForeignKey("stock_location.id"))
    reason: Mapped[str | None] = mapped_column(String(300))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SupplyStatus(StrEnum):
    """Where a supply order stands."""

    open = "open"
    partly_received = "partly_received"
    received = "received"
    cancelled = "cancelled"


class SupplyOrder(Base):
    """Parts ordered for a location, from a brand's warehouse or a supplier, due on a date."""

    __tablename__ = "supply_order"
    __table_args__ = (Index("ix_supply_order_location_status", "location_id", "status", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("stock_location.id"))
    from_location_id: Mapped[int | None] = mapped_column(ForeignKey("stock_location.id"))
    supplier: Mapped[str] = mapped_column(String(120), default="")  # when not a warehouse
    status: Mapped[str] = mapped_column(String(20), default=SupplyStatus.open)
    expected_date: Mapped[date]
    first_expected_date: Mapped[date]  # as first promised: how far it slipped
    slips: Mapped[int] = mapped_column(default=0, server_default="0")
    slip_reason: Mapped[str | None] = mapped_column(String(300))
    reference: Mapped[str] = mapped_column(String(60), default="")  # the supplier's number
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    lines: Mapped[list[SupplyLine]] = relationship(
        back_populates="order", lazy="selectin", order_by="SupplyLine.id",
        cascade="all, delete-orphan",
    )  # fmt: skip
    location: Mapped[StockLocation] = relationship(foreign_keys=[location_id], lazy="joined")
    __mapper_args__ = {"version_id_col": version}


class SupplyLine(Base):
    """One part of a supply order: how many were ordered and how many have arrived."""

    __tablename__ = "supply_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("received >= 0 AND received <= quantity", name="received_within_quantity"),
        Index("ix_supply_line_part", "part_id", "order_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("supply_order.id", ondelete="CASCADE"))
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id"))
    quantity: Mapped[int]
    received: Mapped[int] = mapped_column(default=0, server_default="0")
    order: Mapped[SupplyOrder] = relationship(back_populates="lines")
    part: Mapped[Part] = relationship(lazy="joined")

    @property
    def outstanding(self) -> int:
        """Return how many are still to arrive."""
        return self.quantity - self.received
