"""Tables of repair orders, their events, quotes, contacts and the parts they need."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from aftersales.accounts.models import Account
from aftersales.catalog.models import PhoneModel, ServiceCentre, Shop
from aftersales.db import Base, postgresql_only
from aftersales.devices.models import Phone
from aftersales.inventory.models import Part
from aftersales.kernel.clock import utcnow

FAULT_CATEGORIES = (
    "display",
    "battery",
    "charging",
    "camera",
    "audio",
    "connectivity",
    "software",
    "liquid_damage",
    "physical_damage",
    "other",
)
CHANNELS = ("shop", "walk_in", "online")
# A repair in one of these statuses is over; any other status is open. The database keeps
# one open repair per phone with a partial unique index over the other statuses.
FINAL_STATUSES = ("closed", "cancelled")
OPEN_REPAIR_PER_PHONE = "uq_repair_order_open_phone"
_OPEN_ONLY = text("status NOT IN ('closed', 'cancelled')")
# Partial indexes over open repairs. A repair has closed_at exactly when it is closed or
# cancelled (service.stamp_status; nothing leaves those), so `closed_at IS NULL` is "open", and
# the queries that want these indexes say `RepairOrder.closed_at.is_(None)`, word for word.
OPEN_ONLY: dict[str, Any] = {
    "postgresql_where": text("closed_at IS NULL"),
    "sqlite_where": text("closed_at IS NULL"),
}
_CLOSED = text("status = 'closed'")
CLOSED_ONLY: dict[str, Any] = {"postgresql_where": _CLOSED, "sqlite_where": _CLOSED}
# Bookings whose phone is not handed in yet: the expected drop-offs of a centre or a shop
# (repairs.dropoffs), by day. The queries say `RepairOrder.status == "registered"`; a centre
# expects only those handed in at the centre itself, `RepairOrder.shop_id.is_(None)` too.
_BOOKED = text("status = 'registered'")
BOOKED_ONLY: dict[str, Any] = {"postgresql_where": _BOOKED, "sqlite_where": _BOOKED}
_BOOKED_AT_CENTRE = text("status = 'registered' AND shop_id IS NULL")
BOOKED_AT_CENTRE: dict[str, Any] = {
    "postgresql_where": _BOOKED_AT_CENTRE,
    "sqlite_where": _BOOKED_AT_CENTRE,
}


class RepairOrder(Base):
    """One phone's trip through the service, from intake to hand-back."""

    __tablename__ = "repair_order"
    __table_args__ = (
        # Each list's scope, filter and sort order (newest first), so a page reads only its
        # rows: see repairs.queries.list_repairs and docs/benchmarks.md.
        Index("ix_repair_order_created", "created_at", "id"),
        Index("ix_repair_order_centre_created", "centre_id", "created_at", "id"),
        Index("ix_repair_order_shop_created", "shop_id", "created_at", "id"),
        Index("ix_repair_order_brand_created", "brand_id", "created_at", "id"),
        Index("ix_repair_order_centre_status", "centre_id", "status", "created_at", "id"),
        Index("ix_repair_order_shop_status", "shop_id", "status", "created_at", "id"),
        Index("ix_repair_order_brand_status", "brand_id", "status", "created_at", "id"),
        Index("ix_repair_order_comparable", "brand_id", "fault_category", "closed_at"),
        Index(
            OPEN_REPAIR_PER_PHONE,
            "phone_id",
            unique=True,
            postgresql_where=_OPEN_ONLY,
            sqlite_where=_OPEN_ONLY,
        ),
        # Search by the owner's details as given at intake (never the account's): a part of
        # the name (ILIKE '%part%', pg_trgm on PostgreSQL), the e-mail, the phone number.
        postgresql_only(
            Index(
                "ix_repair_order_contact_name_trgm",
                "contact_name",
                postgresql_using="gin",
                postgresql_ops={"contact_name": "gin_trgm_ops"},
            )
        ),
        Index("ix_repair_order_contact_email", "contact_email"),
        Index("ix_repair_order_contact_phone", "contact_phone"),
        # search by a code's beginning (LIKE 'ABCD%') on PostgreSQL
        postgresql_only(
            Index(
                "ix_repair_order_code_pattern", "code", postgresql_ops={"code": "text_pattern_ops"}
            )
        ),
        # The SLA read model of open repairs, by state then due date: the queue, the board
        # and the SLA lists read a page of it per state (repairs.queue, queries.sla_board).
        Index("ix_repair_order_open_sla", "sla_state", "sla_due_date", "id", **OPEN_ONLY),
        Index(
            "ix_repair_order_open_centre_sla",
            "centre_id",
            "sla_state",
            "sla_due_date",
            "id",
            **OPEN_ONLY,
        ),
        # The board's backlog by status and age, read from the index alone.
        Index(
            "ix_repair_order_open_centre_backlog",
            "centre_id",
            "status",
            "received_at",
            "created_at",
            **OPEN_ONLY,
        ),
        # A technician's own open repairs ("my repairs"), by SLA state then due date.
        Index(
            "ix_repair_order_open_assignee",
            "assigned_to_id",
            "sla_state",
            "sla_due_date",
            "id",
            **OPEN_ONLY,
        ),
        Index(
            "ix_repair_order_open_brand_sla",
            "brand_id",
            "sla_state",
            "sla_due_date",
            "id",
            **OPEN_ONLY,
        ),
        Index(
            "ix_repair_order_centre_dropoff", "centre_id", "dropoff_date", "id", **BOOKED_AT_CENTRE
        ),
        Index("ix_repair_order_shop_dropoff", "shop_id", "dropoff_date", "id", **BOOKED_ONLY),
        # Repairs served (closed) of a model by closing day: the commitment dashboard (care).
        Index("ix_repair_order_model_closed", "model_id", "closed_at", **CLOSED_ONLY),
        # Repairs closed lately, oldest first: the survey invitations' job (surveys.invites).
        Index("ix_repair_order_closed", "closed_at", **CLOSED_ONLY),
        # A repair imported from another system (aftersales.history) once per source and id:
        # a re-run, or two imports at once, cannot write it twice. NULLs (live repairs) differ.
        UniqueConstraint("import_source", "external_id", name="uq_repair_order_import"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(14), unique=True)
    phone_id: Mapped[int] = mapped_column(ForeignKey("phone.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    # The owner's details as given when the repair was opened: what the shop typed (the
    # account found by e-mail keeps its own name), or the owner's own when booking online.
    # Staff see and search these, never the account's.
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    model_id: Mapped[int] = mapped_column(ForeignKey("phone_model.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shop.id"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("service_centre.id"))
    country: Mapped[str] = mapped_column(String(2))
    fault_category: Mapped[str] = mapped_column(String(20))
    problem: Mapped[str] = mapped_column(Text)
    # The day the owner plans to hand the phone in (online bookings): the expected ready
    # date of a booking counts from it, and the shop or centre expects the phone that day.
    dropoff_date: Mapped[date | None]
    condition_notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24))
    outcome: Mapped[str | None] = mapped_column(String(24))
    warranty_decision: Mapped[str | None] = mapped_column(String(12))
    warranty_reason: Mapped[str | None] = mapped_column(Text)
    # True once a loaner phone was given for this repair (repairs.loaners): it answers the
    # sweep's "loaner owed" for good, whether the loaner is still out or back.
    loaner_given: Mapped[bool] = mapped_column(default=False)
    # The centre's technician who works on the repair (repairs.assignment); None: nobody yet.
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    received_at: Mapped[datetime | None]
    ready_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    paused_since: Mapped[datetime | None]
    paused_workdays: Mapped[int] = mapped_column(default=0)
    tat_workdays: Mapped[int | None]
    # The SLA read model: state and due date from the pure clock (sla.clock), written by
    # every move (repairs.service.transition) and by the sweep (repairs.jobs.sla_sweep), so
    # lists, boards and reports sort and filter on them in SQL. See repairs/sla_state.py.
    sla_state: Mapped[str] = mapped_column(
        String(12), default="not_started", server_default="not_started"
    )
    sla_due_date: Mapped[date | None]
    sla_checked_at: Mapped[datetime | None]
    loaner_owed_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    expected_date: Mapped[date]
    expected_low_date: Mapped[date]
    expected_high_date: Mapped[date]
    # A few English words for staff and the API; the fields below say the same for owners
    # (in their language) and for measuring the estimates later (repairs.eta, decision 141).
    expected_basis: Mapped[str] = mapped_column(String(80))
    expected_method: Mapped[str] = mapped_column(String(10), default="sla", server_default="sla")
    expected_samples: Mapped[int] = mapped_column(default=0, server_default="0")
    expected_group: Mapped[str] = mapped_column(String(20), default="", server_default="")
    expected_step: Mapped[str] = mapped_column(String(24), default="", server_default="")
    expected_parts_date: Mapped[date | None]
    expected_target_days: Mapped[int | None]
    last_public_event_at: Mapped[datetime]
    # Where an imported repair came from (aftersales.history): the source's name and its id
    # there. None on repairs made here; survey invitations skip imported ones.
    import_source: Mapped[str | None] = mapped_column(String(40))
    external_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    # Loaded on access unless the query asks for them (`repairs.loads`): each query says
    # what its pages need, so a list never pays for a join it does not show.
    phone: Mapped[Phone] = relationship(innerjoin=True)
    model: Mapped[PhoneModel] = relationship(innerjoin=True)
    centre: Mapped[ServiceCentre] = relationship(innerjoin=True)
    shop: Mapped[Shop | None] = relationship()
    assigned_to: Mapped[Account | None] = relationship(foreign_keys=[assigned_to_id])

    # A concurrent writer who read an older version gets StaleDataError on flush.
    __mapper_args__ = {"version_id_col": version}


class RepairEvent(Base):
    """An append-only record of something that happened to a repair order."""

    __tablename__ = "repair_event"
    # Work per technician counts one actor's moves in a window (queries.work_per_technician).
    __table_args__ = (Index("ix_repair_event_actor_type_at", "actor_id", "type", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_order.id"), index=True)
    type: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    actor_role: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    public: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    internal_note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Loaner(Base):
    """A loaner phone given to the owner while their phone is in the service."""

    __tablename__ = "loaner"
    __table_args__ = (
        # At most one loaner out per repair, also against two staff giving one at once.
        Index(
            "uq_loaner_out",
            "repair_id",
            unique=True,
            postgresql_where=text("returned_at IS NULL"),
            sqlite_where=text("returned_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_order.id"), index=True)
    label: Mapped[str] = mapped_column(String(60))  # the loaner's label or IMEI, as typed
    given_at: Mapped[datetime]
    given_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    returned_at: Mapped[datetime | None]
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))


class Quote(Base):
    """A price for out-of-warranty work that the owner approves or declines."""

    __tablename__ = "quote"
    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_order.id"), index=True)
    amount_minor: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(Text)
    next_status: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))


class Contact(Base):
    """One time the owner or the shop had to ask where a repair stands."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_order.id"), index=True)
    channel: Mapped[str] = mapped_column(String(12))
    who: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CentreBacklog(Base):
    """A centre's open repairs counted by status and by age, as the worker last counted them.

    The board reads this instead of counting a large centre's open repairs on every view
    (`repairs.backlog`); `by_age` follows `repairs.backlog.AGE_BUCKETS`.
    """

    __tablename__ = "centre_backlog"
    centre_id: Mapped[int] = mapped_column(
        ForeignKey("service_centre.id", ondelete="CASCADE"), primary_key=True
    )
    counted_at: Mapped[datetime]
    by_status: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    by_age: Mapped[list[int]] = mapped_column(JSON, default=list)


@event.listens_for(Session, "before_flush")
def _events_are_append_only(session: Session, _ctx: Any, _instances: Any) -> None:
    """Refuse any update or delete of a repair event: history is never rewritten."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, RepairEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise RuntimeError("repair events are append-only")


class RepairPart(Base):
    """A part a repair needs: reserved on the centre's shelf, back-ordered, used or given back.

    A back-order waits for a supply line; when parts arrive they go to the back-orders of
    the most urgent repairs first (repairs.parts.fill). Stock itself moves only through
    the ledger (inventory.ledger), in the same transaction as the state here.
    """

    __tablename__ = "repair_part"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        # Back-orders of one part at one place, as the receipt fills them.
        Index("ix_repair_part_waiting", "location_id", "part_id", "state", "id"),
        Index("ix_repair_part_supply", "supply_line_id"),
        # Waits for parts that were back-ordered, by the day asked, and those still waiting:
        # the commitment dashboard measures them against the delivery time (care.waits).
        Index(
            "ix_repair_part_back_ordered",
            "requested_at",
            "repair_id",
            "filled_at",
            "done_at",
            postgresql_where=text("supply_line_id IS NOT NULL"),
            sqlite_where=text("supply_line_id IS NOT NULL"),
        ),
        Index(
            "ix_repair_part_still_waiting",
            "requested_at",
            postgresql_where=text("state = 'back_ordered'"),
            sqlite_where=text("state = 'back_ordered'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    repair_id: Mapped[int] = mapped_column(ForeignKey("repair_order.id"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("part.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("stock_location.id"))
    quantity: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(String(14))  # repairs.parts.PartState
    supply_line_id: Mapped[int | None] = mapped_column(ForeignKey("supply_line.id"))
    requested_at: Mapped[datetime]
    filled_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]  # used, or given back
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    part: Mapped[Part] = relationship(lazy="joined")
