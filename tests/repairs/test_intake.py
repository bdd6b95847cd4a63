"""Intake rules: owners named by their details, confirmed changes of owner, one open repair
per phone in the database, and the nearest centre that repairs the brand."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.kernel.errors import ValidationFailed
from aftersales.repairs.intake import Intake, OwnerDetails, open_repair
from aftersales.repairs.models import FINAL_STATUSES, RepairEvent, RepairOrder
from aftersales.repairs.queries import RepairFilter, list_repairs
from aftersales.repairs.states import OPEN, Status
from tests.factories import make_account, make_centre, make_imei, make_phone, make_shop, n
from tests.repairs import QuickWorld

MILAN = (45.4642, 9.1900)
NAPLES = (40.8518, 14.2681)


def counter(w: QuickWorld, imei: str | None = None, **kw: object) -> Intake:
    """Return a counter intake at the world's shop, for a new phone unless an IMEI is given."""
    owner = kw.pop("owner", OwnerDetails("Mario Rossi", f"mario{n()}@example.test", None, "it"))
    return Intake(
        imei=imei or make_imei(w.model.tacs[0].tac, n()),
        fault_category="display",
        problem="Spots on the display",
        owner=owner,  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


# --- owners by their details --------------------------------------------------------------


def test_an_existing_owners_e_mail_keeps_their_account_and_records_the_typed_name(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    w.owner.name, w.owner.language = "Maria Bianchi", "en"
    typed = OwnerDetails("Mario Rossi", w.owner.email.upper(), "+39 333 1", "it")  # type: ignore[union-attr]
    repair = open_repair(session, w.shop_staff, counter(w, owner=typed), now)
    assert repair.owner_id == w.owner.id  # the address is theirs: they hear of the repair
    assert (w.owner.name, w.owner.language, w.owner.phone_number) == ("Maria Bianchi", "en", None)
    assert (repair.contact_name, repair.contact_email, repair.contact_phone) == (
        "Mario Rossi",
        w.owner.email,
        "+39 333 1",
    )


def test_a_staff_e_mail_at_intake_is_taken_like_an_unknown_one_and_never_attached(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    staff_mail = OwnerDetails("Mario Rossi", w.technician.email, None, "it")
    repair = open_repair(session, w.shop_staff, counter(w, owner=staff_mail), now)
    owner = session.get(Account, repair.owner_id)
    assert owner is not None and owner.id != w.technician.id
    assert (owner.role, owner.email, owner.name) == ("owner", None, "Mario Rossi")
    assert repair.contact_email == w.technician.email  # kept on the repair, as typed
    unknown = OwnerDetails("Mario Rossi", f"nobody{n()}@example.test", None, "it")
    other = open_repair(session, w.shop_staff, counter(w, owner=unknown), now)
    assert other.status == repair.status == Status.received  # the same outcome


def test_details_without_a_way_to_reach_the_owner_are_refused(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    with pytest.raises(ValidationFailed) as info:
        open_repair(session, w.shop_staff, counter(w, owner=OwnerDetails("Mario")), now)
    assert "owner.email" in info.value.errors


# --- a known phone brought by someone else ------------------------------------------------


def test_a_known_phone_brought_by_someone_else_needs_a_confirmed_change_of_owner(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id, shop_id=w.shop.id)
    buyer = OwnerDetails("Luca Verdi", f"luca{n()}@example.test", None, "it")
    with pytest.raises(ValidationFailed) as info:
        open_repair(session, w.shop_staff, counter(w, phone.imei, owner=buyer), now)
    assert "confirm_new_owner" in info.value.errors
    assert phone.owner_id == w.owner.id
    assert not session.scalars(select(RepairOrder).where(RepairOrder.phone_id == phone.id)).all()

    repair = open_repair(
        session, w.shop_staff, counter(w, phone.imei, owner=buyer, confirm_new_owner=True), now
    )
    new_owner = session.get(Account, repair.owner_id)
    assert new_owner is not None and new_owner.email == buyer.email and new_owner.id != w.owner.id
    assert phone.owner_id == new_owner.id
    [change] = session.scalars(
        select(RepairEvent).where(
            RepairEvent.repair_id == repair.id, RepairEvent.type == "owner_changed"
        )
    ).all()
    assert change.public is False and change.actor_id == w.shop_staff.id
    assert change.data == {
        "phone_id": phone.id,
        "from_owner_id": w.owner.id,
        "to_owner_id": new_owner.id,
    }
    seen = list_repairs(session, w.owner, RepairFilter(), 50, 0).rows
    assert repair not in seen  # the previous owner does not follow the new owner's repair


@pytest.mark.parametrize("same", ["email", "mobile"])
def test_the_registered_owner_named_by_e_mail_or_mobile_needs_no_confirmation(
    session: Session, now: datetime, same: str
) -> None:
    w = QuickWorld(session)
    owner = make_account(session, "owner", password=None, phone_number="+39 081 555 0101")
    phone = make_phone(session, w.model, owner_id=owner.id)
    details = (
        OwnerDetails("M. Rossi", f" {owner.email.upper()} ")  # type: ignore[union-attr]
        if same == "email"
        else OwnerDetails("M. Rossi", None, "+390815550101")
    )
    repair = open_repair(session, w.shop_staff, counter(w, phone.imei, owner=details), now)
    assert repair.owner_id == owner.id
    assert not session.scalar(select(RepairEvent.id).where(RepairEvent.type == "owner_changed"))


# --- one open repair per phone, kept by the database ---------------------------------------


def test_final_statuses_are_the_ones_outside_open() -> None:
    assert set(FINAL_STATUSES) == {s.value for s in set(Status) - OPEN}


def test_the_database_refuses_a_second_open_repair_of_a_phone(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    first = w.repair(now)
    second = RepairOrder(
        **{
            c: getattr(first, c)
            for c in RepairOrder.__table__.columns.keys()  # noqa: SIM118
            if c not in ("id", "code")
        }
    )
    second.code = "TEST-DUPL-0001"
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(second)
        session.flush()
    session.rollback()


def test_a_closed_repair_does_not_block_a_new_one(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    first = w.repair(now)
    first.status = Status.cancelled
    session.flush()
    again = open_repair(session, w.shop_staff, counter(w, first.phone.imei, owner=None), now)
    assert again.phone_id == first.phone_id and again.id != first.id


# --- the nearest centre that repairs the brand --------------------------------------------


def _milan_and_naples(session: Session, w: QuickWorld, coordinates: bool) -> tuple[int, int]:
    """Move the world's shop staff to a Milan shop; add a Milan centre after Naples's."""
    naples = w.centre  # made first: the lowest id
    milan = make_centre(session, [w.brand], city="Milano")
    shop = make_shop(session, city="Milano")
    if coordinates:
        naples.latitude, naples.longitude = NAPLES
        milan.latitude, milan.longitude = shop.latitude, shop.longitude = MILAN
    w.shop_staff.shop_id = shop.id
    session.flush()
    return naples.id, milan.id


@pytest.mark.parametrize("coordinates", [True, False], ids=["by-distance", "same-city"])
def test_a_milan_shops_repair_goes_to_the_milan_centre(
    session: Session, now: datetime, coordinates: bool
) -> None:
    w = QuickWorld(session)
    naples, milan = _milan_and_naples(session, w, coordinates)
    repair = open_repair(session, w.shop_staff, counter(w), now)
    assert repair.centre_id == milan
    technician = make_account(session, "technician", password=None, centre_id=milan)
    seen = list_repairs(session, technician, RepairFilter(), 50, 0).rows
    assert repair in seen  # Milan's technician finds it
    chosen = open_repair(session, w.shop_staff, counter(w, centre_id=naples), now)
    assert chosen.centre_id == naples  # the shop may pick another valid centre


def test_a_centre_that_cannot_take_the_repair_is_a_field_error(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    abroad = make_centre(session, [w.brand], country="VN", city="Hà Nội")
    other_brand = make_centre(session, [QuickWorld(session).brand])
    for centre_id in (abroad.id, other_brand.id, 2_000_000_000):
        with pytest.raises(ValidationFailed) as info:
            open_repair(session, w.shop_staff, counter(w, centre_id=centre_id), now)
        assert set(info.value.errors) == {"centre_id"}, centre_id
