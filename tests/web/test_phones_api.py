"""Registering phones over HTTP: owners by their details, and no answer that tells which
accounts or phones exist to someone who may not see them.

Tests commit what they arrange: an error answer rolls the request's transaction back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.devices.models import Phone
from aftersales.devices.service import CANNOT_ADD
from tests.factories import World, make_account, make_phone, make_shop
from tests.web.helpers import assert_problem, bearer, new_imei

PHONES = "/api/v1/phones"


class Desk:
    """A world whose shop staff, owner and admin hold API tokens."""

    def __init__(self, session: Session, client: Any, now: datetime) -> None:
        self.w = World(session)
        self.session, self.client = session, client
        self.victims = {
            "owner abroad": make_account(session, "owner", password=None, country="VN"),
            "platform admin": self.w.admin,
        }
        self.auth = {
            who: bearer(session, a, now)
            for who, a in (
                ("shop", self.w.shop_staff),
                ("owner", self.w.owner),
                ("admin", self.w.admin),
            )
        }
        session.commit()

    def register(self, who: str, **body: Any) -> Any:
        """POST /phones as `who`, a new IMEI of the world's model unless one is given."""
        payload = {"imei": new_imei(self.w), "country": "IT", **body}
        return self.client.post(PHONES, json=payload, headers=self.auth[who])

    def owner_of(self, imei: str) -> Account | None:
        """Return the account the phone with this IMEI is registered to."""
        self.session.expire_all()
        owner_id = self.session.scalar(select(Phone.owner_id).where(Phone.imei == imei))
        return self.session.get(Account, owner_id) if owner_id else None


@pytest.fixture()
def desk(session, client, now) -> Desk:  # type: ignore[no-untyped-def]
    return Desk(session, client, now)


@pytest.mark.parametrize("victim", ["owner abroad", "platform admin"])
def test_shop_staff_cannot_attach_an_account_to_a_phone_by_its_number(desk, victim):  # type: ignore[no-untyped-def]
    account = desk.victims[victim]
    r = desk.register("shop", owner_id=account.id)
    assert_problem(r, 422, "owner_id")
    assert not desk.session.scalar(select(Phone.id).where(Phone.owner_id == account.id))


def test_owners_register_only_their_own_phones(desk):  # type: ignore[no-untyped-def]
    r = desk.register("owner", owner_id=desk.victims["owner abroad"].id)
    assert_problem(r, 422, "owner")
    r = desk.register("owner")
    assert r.status_code == 201, r.text
    assert r.json()["owner_id"] == desk.w.owner.id  # their own number, to them


def test_an_owner_cannot_put_a_phone_in_a_shop_s_list(desk):  # type: ignore[no-untyped-def]
    other_shop = make_shop(desk.session)
    desk.session.commit()
    r = desk.register("owner", shop_id=other_shop.id)
    assert_problem(r, 422, "shop_id")  # shops see the phones they sold: only a shop says so
    assert not desk.session.scalar(select(Phone.id).where(Phone.shop_id == other_shop.id))
    r = desk.register("owner", shop_id=10**9)  # and no answer tells which shops exist
    assert_problem(r, 422, "shop_id")


def test_a_shop_names_the_owner_by_details_and_learns_nothing_about_accounts(desk):  # type: ignore[no-untyped-def]
    w = desk.w
    w.owner.name, w.owner.language = "Maria Bianchi", "en"
    desk.session.commit()
    answers = {}
    for case, email in (
        ("existing owner", w.owner.email),
        ("staff member", w.technician.email),
        ("nobody", "nobody.yet@example.test"),
    ):
        owner = {"name": "Mario Rossi", "email": email, "language": "it"}
        r = desk.register("shop", owner=owner)
        assert r.status_code == 201, (case, r.text)
        answers[case] = r.json()
    shapes = {
        case: {k: v for k, v in a.items() if k not in ("id", "imei")} for case, a in answers.items()
    }
    assert shapes["existing owner"] == shapes["staff member"] == shapes["nobody"]
    assert all(a["owner_id"] is None for a in answers.values())  # no account numbers to staff

    matched = desk.owner_of(answers["existing owner"]["imei"])
    assert matched is not None and matched.id == w.owner.id  # found by the e-mail
    desk.session.refresh(w.owner)
    assert (w.owner.name, w.owner.language) == ("Maria Bianchi", "en")  # not overwritten
    staff = desk.owner_of(answers["staff member"]["imei"])
    assert staff is not None and staff.id != w.technician.id and staff.email is None
    invited = desk.owner_of(answers["nobody"]["imei"])
    assert invited is not None and invited.email == "nobody.yet@example.test"
    assert (invited.name, invited.language, invited.role) == ("Mario Rossi", "it", "owner")


def test_platform_admins_still_name_an_owner_account(desk):  # type: ignore[no-untyped-def]
    r = desk.register("admin", owner_id=desk.w.owner.id)
    assert r.status_code == 201, r.text
    assert r.json()["owner_id"] == desk.w.owner.id
    r = desk.register("admin", owner_id=desk.w.technician.id)
    assert_problem(r, 422, "owner_id")  # a staff account owns no phones


def test_a_registered_phone_the_caller_may_not_see_gets_the_same_neutral_answer(desk, session):  # type: ignore[no-untyped-def]
    w = desk.w
    someone_elses = make_phone(session, w.model, owner_id=make_account(session, "owner").id)
    unowned_elsewhere = make_phone(session, w.model, shop_id=make_shop(session).id)
    sold_here = make_phone(session, w.model, shop_id=w.shop.id)
    mine = make_phone(session, w.model, owner_id=w.owner.id)
    session.commit()
    said = set()
    for who, phone in (
        ("owner", someone_elses),
        ("owner", unowned_elsewhere),
        ("owner", sold_here),
        ("shop", someone_elses),
        ("shop", unowned_elsewhere),
    ):
        body = assert_problem(desk.register(who, imei=phone.imei), 422, "imei")
        said.add((body["detail"], body["errors"][0]["message"]))
        assert "registered" not in body["detail"] + body["errors"][0]["message"]
    assert said == {("This phone cannot be added here.", CANNOT_ADD)}
    # Who may see the phone is told plainly that it is there already.
    assert (
        "already registered"
        in assert_problem(desk.register("owner", imei=mine.imei), 409)["detail"]
    )
    assert (
        "already registered"
        in assert_problem(desk.register("shop", imei=sold_here.imei), 409)["detail"]
    )


def test_staff_never_read_owners_account_numbers(desk, session):  # type: ignore[no-untyped-def]
    w = desk.w
    make_phone(session, w.model, owner_id=w.owner.id, shop_id=w.shop.id)
    session.commit()
    listed = desk.client.get(PHONES, headers=desk.auth["shop"]).json()
    assert listed and all(p["owner_id"] is None for p in listed)
    theirs = desk.client.get(PHONES, headers=desk.auth["owner"]).json()
    assert {p["owner_id"] for p in theirs} == {w.owner.id}


def test_a_phone_is_found_by_its_imei_among_those_one_may_see(desk, session):  # type: ignore[no-untyped-def]
    mine = make_phone(session, desk.w.model, shop_id=desk.w.shop.id)
    elsewhere = make_phone(session, desk.w.model, shop_id=make_shop(session).id)
    session.commit()
    found = desk.client.get(PHONES, params={"imei": mine.imei}, headers=desk.auth["shop"])
    assert [p["imei"] for p in found.json()] == [mine.imei]
    other = desk.client.get(PHONES, params={"imei": elsewhere.imei}, headers=desk.auth["shop"])
    assert other.status_code == 200 and other.json() == []  # as if it were not registered
    wrong = desk.client.get(PHONES, params={"imei": mine.imei[:-1]}, headers=desk.auth["shop"])
    assert_problem(wrong, 422, "imei")
