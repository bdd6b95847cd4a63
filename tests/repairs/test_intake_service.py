"""Opening repairs on a real database: at the counter, as a walk-in, online; refusals."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.devices.models import Phone
from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.kernel.imei import make_imei
from aftersales.repairs.intake import Intake, OwnerDetails, open_repair
from aftersales.repairs.service import transition
from aftersales.repairs.states import Status
from aftersales.repairs.timing import clock_for
from aftersales.sla.clock import DEFAULT_TERMS
from tests.factories import make_brand, make_centre, make_model, make_phone, n, owner_details
from tests.repairs import QuickWorld, assert_expected_date_set, events


def test_intake_at_a_shop(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    imei = make_imei(w.model.tacs[0].tac, n())
    details = owner_details(name="Mario Rossi", language="it")
    repair = open_repair(
        session,
        w.shop_staff,
        Intake(
            imei=imei,
            fault_category="display",
            problem="  Macchie sul display  ",
            owner=details,
            purchase_date=date(2025, 12, 1),
        ),
        now,
    )
    assert repair.status == Status.received
    assert repair.channel == "shop"
    assert repair.shop_id == w.shop.id
    assert repair.centre_id == w.centre.id  # the centre serving the brand in the country
    assert repair.problem == "Macchie sul display"
    assert repair.received_at == now
    assert repair.phone.imei == imei
    assert repair.phone.model_id == w.model.id
    assert repair.phone.shop_id == w.shop.id
    owner = session.get(Account, repair.owner_id)
    assert owner is not None
    assert (owner.name, owner.email, owner.language) == ("Mario Rossi", details.email, "it")
    assert [(e.type, e.from_status, e.to_status) for e in events(session, repair)] == [
        ("created", None, Status.registered),
        ("status_changed", Status.registered, Status.received),
    ]
    assert all(e.actor_id == w.shop_staff.id and e.public for e in events(session, repair))
    assert_expected_date_set(repair)
    assert repair.expected_date > now.date()
    assert repair.expected_basis.startswith("SLA target")


def test_tracking_codes_are_distinct_and_canonical(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    codes = {w.repair(now).code for _ in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert len(code) == 14 and code[4] == code[9] == "-"


def test_walk_in_at_a_centre(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    imei = make_imei(w.model.tacs[0].tac, n())
    repair = open_repair(
        session,
        w.technician,
        Intake(
            imei=imei,
            fault_category="battery",
            problem="Drains in two hours",
            owner=OwnerDetails(name="Nguyen Van An", phone_number="+39 333 1234567"),
        ),
        now,
    )
    assert repair.channel == "walk_in"
    assert repair.shop_id is None
    assert repair.centre_id == w.centre.id
    assert repair.status == Status.received
    assert repair.received_at == now
    assert repair.phone.country == "IT"
    assert_expected_date_set(repair)


def test_walk_in_without_a_way_to_reach_the_owner_is_refused(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.technician,
            Intake(
                imei=make_imei(w.model.tacs[0].tac, n()),
                fault_category="battery",
                problem="Drains fast",
                owner=owner_details(email=None),
            ),
            now,
        )
    assert "owner.email" in info.value.errors


def test_owner_books_online(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    repair = open_repair(
        session,
        w.owner,
        Intake(
            imei=phone.imei, fault_category="charging", problem="Does not charge", shop_id=w.shop.id
        ),
        now,
    )
    assert repair.status == Status.registered
    assert repair.channel == "online"
    assert repair.owner_id == w.owner.id
    assert repair.centre_id == w.centre.id
    assert repair.received_at is None
    assert [e.type for e in events(session, repair)] == ["created"]
    assert_expected_date_set(repair)
    assert clock_for(repair, DEFAULT_TERMS, now).state == "not_started"
    # The shop receives it later: the clock starts then.
    later = now + timedelta(days=1)
    transition(session, w.shop_staff, repair, Status.received, later)
    assert repair.received_at == later


def test_owner_cannot_book_a_phone_that_is_not_theirs(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    phone = make_phone(session, w.model, owner_id=QuickWorld(session).owner.id)
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.owner,
            Intake(imei=phone.imei, fault_category="display", problem="Broken"),
            now,
        )
    assert "imei" in info.value.errors


def test_duplicate_open_repair_is_refused(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    intake = Intake(imei=repair.phone.imei, fault_category="audio", problem="No sound")
    with pytest.raises(Conflict) as info:
        open_repair(session, w.shop_staff, intake, now)
    assert "already has an open repair" in info.value.detail
    # Once the first is finished, a new one may be opened.
    transition(session, w.shop_staff, repair, Status.cancelled, now)
    again = open_repair(session, w.shop_staff, intake, now)
    assert again.id != repair.id
    assert again.phone_id == repair.phone_id


def test_imei_of_another_model_is_refused(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    other = make_model(session, w.brand)
    imei = make_imei(w.model.tacs[0].tac, n())
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.shop_staff,
            Intake(
                imei=imei,
                fault_category="display",
                problem="Cracked",
                model_id=other.id,
                owner=owner_details(),
            ),
            now,
        )
    assert "model_id" in info.value.errors
    assert w.model.name in info.value.errors["model_id"]
    assert session.scalar(select(Phone.id).where(Phone.imei == imei)) is None


def test_invalid_imei_at_intake_says_what_is_wrong(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    good = make_imei(w.model.tacs[0].tac, n())
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.shop_staff,
            Intake(imei=bad, fault_category="display", problem="Cracked", owner=owner_details()),
            now,
        )
    assert "check digit" in info.value.errors["imei"]


def test_centre_must_serve_the_brand(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    elsewhere = make_centre(session, [make_brand(session)])
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.shop_staff,
            Intake(
                imei=make_imei(w.model.tacs[0].tac, n()),
                fault_category="display",
                problem="Cracked",
                owner=owner_details(),
                centre_id=elsewhere.id,
            ),
            now,
        )
    assert "centre_id" in info.value.errors


def test_intake_field_errors(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    with pytest.raises(ValidationFailed) as info:
        open_repair(
            session,
            w.shop_staff,
            Intake(imei="490154203237518", fault_category="melted", problem=" x "),
            now,
        )
    assert set(info.value.errors) == {"fault_category", "problem"}


def test_a_brand_admin_cannot_open_repairs(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    with pytest.raises(Forbidden):
        open_repair(
            session,
            w.brand_admin,
            Intake(imei=make_imei(w.model.tacs[0].tac, n()), fault_category="other", problem="?!?"),
            now,
        )
