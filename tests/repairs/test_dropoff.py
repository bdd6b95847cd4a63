"""The drop-off day of an online booking: chosen, checked, stored, counted from, expected."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.language import translate
from aftersales.kernel.workdays import workdays_between
from aftersales.notifications.links import Links
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render
from aftersales.repairs.dropoff import expected_dropoffs
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.service import transition
from tests.factories import make_phone, make_shop
from tests.repairs import QuickWorld

T0 = datetime(2026, 3, 10, 9, tzinfo=UTC)  # Tuesday 10 March 2026, 10:00 in Naples


def book(
    session: Session, w: QuickWorld, day: date | None, *, shop: bool = False, now: datetime = T0
) -> RepairOrder:
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    place = {"shop_id": w.shop.id} if shop else {"centre_id": w.centre.id}
    intake = Intake(phone.imei, "battery", "Si scarica subito", dropoff_date=day, **place)
    return open_repair(session, w.owner, intake, now)


def test_without_a_day_the_phone_is_expected_the_next_working_day(session: Session):
    w = QuickWorld(session)
    assert book(session, w, None).dropoff_date == date(2026, 3, 11)  # Wednesday
    friday = datetime(2026, 3, 13, 9, tzinfo=UTC)
    assert book(session, w, None, now=friday).dropoff_date == date(2026, 3, 16)  # Monday


def test_the_expected_ready_date_counts_from_the_drop_off_day(session: Session):
    w = QuickWorld(session)
    soon = book(session, w, date(2026, 3, 11))
    late = book(session, w, date(2026, 3, 30))  # three weeks later
    shift = workdays_between(soon.expected_date, late.expected_date, "IT")
    assert shift == workdays_between(date(2026, 3, 11), date(2026, 3, 30), "IT") == 13
    assert late.expected_low_date > date(2026, 3, 30)


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (date(2026, 3, 9), "has passed"),
        (date(2026, 4, 10), "within the next 30 days"),
        (date(2026, 3, 14), "weekend day or a public holiday"),  # a Saturday
        (date(2026, 4, 6), "weekend day or a public holiday"),  # Easter Monday in Italy
    ],
)
def test_a_day_that_cannot_be_kept_is_refused_on_its_field(session: Session, day: date, says: str):
    w = QuickWorld(session)
    with pytest.raises(ValidationFailed) as info:
        book(session, w, day)
    assert set(info.value.errors) == {"dropoff_date"}
    assert says in translate("en", info.value.errors["dropoff_date"])
    assert "scegli" in translate("it", info.value.errors["dropoff_date"]).lower()


def test_today_and_the_thirtieth_day_are_fine(session: Session):
    w = QuickWorld(session)
    assert book(session, w, date(2026, 3, 10)).dropoff_date == date(2026, 3, 10)
    assert book(session, w, date(2026, 4, 9)).dropoff_date == date(2026, 4, 9)  # a Thursday


def test_a_counter_intake_has_the_phone_and_no_drop_off_day(session: Session):
    w = QuickWorld(session)
    assert w.repair(T0).dropoff_date is None
    phone = make_phone(session, w.model)
    intake = Intake(phone.imei, "battery", "Si scarica", dropoff_date=date(2026, 3, 11))
    with pytest.raises(ValidationFailed) as info:
        open_repair(session, w.shop_staff, intake, T0)
    assert set(info.value.errors) == {"dropoff_date"}


def test_the_shop_and_the_centre_expect_their_own_drop_offs_by_day(session: Session):
    w = QuickWorld(session)
    at_centre_late = book(session, w, date(2026, 3, 20))
    at_shop = book(session, w, date(2026, 3, 12), shop=True)
    at_centre_soon = book(session, w, date(2026, 3, 11))
    handed_in = book(session, w, date(2026, 3, 11))
    transition(session, w.technician, handed_in, "at_centre", T0)  # no longer expected
    assert expected_dropoffs(session, w.technician) == [at_centre_soon, at_centre_late]
    assert expected_dropoffs(session, w.shop_staff) == [at_shop]
    other = make_shop(session, country="IT")
    w.shop_staff.shop_id = other.id
    assert expected_dropoffs(session, w.shop_staff) == []
    assert expected_dropoffs(session, w.owner) == []


def test_the_booking_message_says_when_and_where_to_bring_the_phone(session: Session):
    w = QuickWorld(session)
    w.owner.language = "it"
    repair = book(session, w, date(2026, 3, 12), shop=True)
    mail = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.about_id == repair.id, OutboxMessage.account_id == w.owner.id
        )
    ).one()
    assert mail.context["dropoff"] == "2026-03-12"
    words = render(mail.kind, mail.language, mail.context, Links("https://as.example", "k"))
    assert f"Porta il telefono a {w.shop.name}" in words.text and "12 mar 2026" in words.text
