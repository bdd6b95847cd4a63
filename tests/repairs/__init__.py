"""Tests of repair orders; QuickWorld is World with password-less accounts (no argon2)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.queries import events_of
from tests.factories import World, make_account, make_brand, make_centre, make_model, make_shop


class QuickWorld(World):
    """World's brand, model, centre, shop and one account of every role, minus passwords."""

    def __init__(self, session: Session, country: str = "IT", week: str = "1111100") -> None:
        self.brand = make_brand(session)
        self.model = make_model(session, self.brand)
        self.centre = make_centre(
            session,
            [self.brand],
            country=country,
            city="Napoli" if country == "IT" else "Hà Nội",
            working_week=week,
        )
        self.shop = make_shop(session, country=country)
        self.owner = make_account(session, "owner", password=None)
        self.shop_staff = make_account(session, "shop_staff", password=None, shop_id=self.shop.id)
        self.technician = make_account(
            session, "technician", password=None, centre_id=self.centre.id
        )
        self.manager = make_account(
            session, "centre_manager", password=None, centre_id=self.centre.id
        )
        self.brand_admin = make_account(
            session, "brand_admin", password=None, brand_id=self.brand.id
        )
        self.admin = make_account(session, "platform_admin", password=None)
        self.session = session


def on(day: int, month: int = 3, hour: int = 9) -> datetime:
    """Return a moment in 2026 (UTC); 10 March 2026 is a Tuesday."""
    return datetime(2026, month, day, hour, tzinfo=UTC)


def events(session: Session, repair: RepairOrder) -> list[RepairEvent]:
    """Return every event of a repair, staff-only ones included, oldest first."""
    return events_of(session, repair, public_only=False)


def assert_expected_date_set(repair: RepairOrder) -> None:
    """Check that the repair has an expected date inside its range, and says on what basis."""
    assert repair.expected_basis
    assert repair.expected_date is not None
    assert repair.expected_low_date <= repair.expected_date <= repair.expected_high_date
