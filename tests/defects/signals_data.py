"""Phones, sightings, repairs and questions made in bulk for the release and cluster tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel, ServiceCentre
from aftersales.community.models import CommunityQuestion
from aftersales.devices.models import Phone
from aftersales.kernel.codes import new_tracking_code
from aftersales.kernel.imei import make_imei
from aftersales.repairs.models import RepairOrder
from aftersales.software.models import SoftwareSighting
from tests.factories import n


def phones(session: Session, model: PhoneModel, count: int) -> list[Phone]:
    """Add this many phones of the model."""
    rows = [
        Phone(imei=make_imei(model.tacs[0].tac, n()), model_id=model.id, country="IT")
        for _ in range(count)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def sighting(session: Session, phone: Phone, version: str, day: date) -> None:
    """Record that the phone ran this version on this day."""
    session.add(
        SoftwareSighting(phone_id=phone.id, version=version, seen_date=day, source="import")
    )


def repair(
    session: Session,
    centre: ServiceCentre,
    phone: Phone,
    day: date,
    fault: str,
    problem: str = "A problem",
) -> RepairOrder:
    """Add a repair of the phone opened on this day (10:00 UTC), as a row."""
    at = datetime.combine(day, time(10), tzinfo=UTC)
    model = session.get(PhoneModel, phone.model_id)
    assert model is not None
    row = RepairOrder(
        code=new_tracking_code(),
        phone_id=phone.id,
        brand_id=model.brand_id,
        model_id=model.id,
        channel="shop",
        centre_id=centre.id,
        country=centre.country,
        fault_category=fault,
        problem=problem,
        status="closed",  # one open repair per phone: these are done with
        outcome="repaired",
        closed_at=at,
        expected_date=day,
        expected_low_date=day,
        expected_high_date=day,
        expected_basis="test",
        last_public_event_at=at,
        created_at=at,
        updated_at=at,
    )
    session.add(row)
    return row


def question(
    session: Session, model: PhoneModel, day: date, fault: str, title: str, body: str, language: str
) -> CommunityQuestion:
    """Add a community question about the model asked on this day."""
    at = datetime.combine(day, time(12), tzinfo=UTC)
    row = CommunityQuestion(
        brand_id=model.brand_id,
        model_id=model.id,
        fault_category=fault,
        title=title,
        body=body,
        language=language,
        country="IT",
        created_at=at,
        last_activity_at=at,
    )
    session.add(row)
    return row
