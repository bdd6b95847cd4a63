"""The public tracking view: what anyone with the code and the IMEI's last 4 digits sees.

This is the platform's hottest read, so it selects only the columns it shows (two small
queries, no ORM graph); the ORM is loaded only when a stale expected date must be
recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre, Shop
from aftersales.devices.models import Phone
from aftersales.kernel.clock import local_date, utcnow
from aftersales.kernel.codes import normalize_tracking_code
from aftersales.kernel.errors import NotFound
from aftersales.repairs.eta import Estimate
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.states import LABELS, NEXT_STEP, OPEN, Status
from aftersales.repairs.timing import current_estimate

EVENT_LABELS = {
    "created": "Repair registered",
    "note": "Message from the service",
    "warranty_decision": "Warranty decision",
    "expected_date_changed": "New expected date",
}


@dataclass
class PublicStep:
    """One owner-visible step of the public timeline."""

    at: datetime
    status: str | None
    label: str
    note: str | None
    kind: str


@dataclass
class PublicView:
    """What anyone with the tracking code and the IMEI's last 4 digits may see."""

    code: str
    status: str
    label: str
    next_step: str
    model: str
    brand: str
    expected_date: date | None
    expected_low_date: date | None
    expected_high_date: date | None
    pickup_name: str
    pickup_address: str
    pickup_city: str
    timeline: list[PublicStep]


_HEAD = (
    select(
        RepairOrder.id,
        RepairOrder.code,
        RepairOrder.status,
        RepairOrder.ready_at,
        RepairOrder.expected_date,
        RepairOrder.expected_low_date,
        RepairOrder.expected_high_date,
        RepairOrder.expected_basis,
        Phone.imei,
        PhoneModel.name.label("model"),
        Brand.name.label("brand"),
        ServiceCentre.timezone,
        ServiceCentre.name.label("c_name"),
        ServiceCentre.address.label("c_address"),
        ServiceCentre.city.label("c_city"),
        Shop.name.label("s_name"),
        Shop.address.label("s_address"),
        Shop.city.label("s_city"),
    )
    .join(Phone, Phone.id == RepairOrder.phone_id)
    .join(PhoneModel, PhoneModel.id == RepairOrder.model_id)
    .join(Brand, Brand.id == PhoneModel.brand_id)
    .join(ServiceCentre, ServiceCentre.id == RepairOrder.centre_id)
    .outerjoin(Shop, Shop.id == RepairOrder.shop_id)
)


def public_view(
    session: Session, code: str, imei_last4: str, now: datetime | None = None
) -> PublicView:
    """Return the public view of a repair; the same NotFound for unknown code or wrong IMEI."""
    canonical = normalize_tracking_code(code)
    row = (
        session.execute(_HEAD.where(RepairOrder.code == canonical)).first()
        if canonical and len(imei_last4) == 4
        else None
    )
    if row is None or row.imei[-4:] != imei_last4:
        raise NotFound("No repair matches this code and IMEI.")
    now = now or utcnow()
    status = Status(row.status)
    expected = Estimate(
        row.expected_date, row.expected_low_date, row.expected_high_date, row.expected_basis
    )
    if (
        row.ready_at is None
        and status in OPEN
        and row.expected_date < local_date(now, row.timezone)
    ):
        expected = current_estimate(session, session.get_one(RepairOrder, row.id), now)
    events = session.execute(
        select(RepairEvent.at, RepairEvent.to_status, RepairEvent.note, RepairEvent.type)
        .where(RepairEvent.repair_id == row.id, RepairEvent.public.is_(True))
        .order_by(RepairEvent.at, RepairEvent.id)
    ).all()
    steps = [
        PublicStep(
            at=e.at,
            status=e.to_status,
            note=e.note,
            kind=e.type,
            label=LABELS[Status(e.to_status)] if e.to_status else EVENT_LABELS.get(e.type, e.type),
        )
        for e in events
    ]
    done = status not in OPEN
    on_shop = row.s_name is not None
    return PublicView(
        code=row.code,
        status=status,
        label=LABELS[status],
        next_step=NEXT_STEP[status],
        model=row.model,
        brand=row.brand,
        expected_date=None if status == Status.cancelled else expected.likely,
        expected_low_date=None if done else expected.low,
        expected_high_date=None if done else expected.high,
        pickup_name=row.s_name if on_shop else row.c_name,
        pickup_address=row.s_address if on_shop else row.c_address,
        pickup_city=row.s_city if on_shop else row.c_city,
        timeline=steps,
    )
