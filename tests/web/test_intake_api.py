"""Counter intake over HTTP: no answer tells a shop which accounts exist, a change of owner is
confirmed and recorded, and the centre is one that may take the repair."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from aftersales.accounts.models import Account
from aftersales.repairs.models import RepairOrder
from tests.factories import make_centre, make_phone
from tests.web.helpers import assert_problem, intake_body, new_imei
from tests.web.test_repairs_api import REPAIRS, Story


@pytest.fixture()
def story(session, client, now) -> Story:  # type: ignore[no-untyped-def]
    return Story(session, client, now)


def test_intake_with_a_staff_e_mail_answers_as_for_an_unknown_one(story: Story) -> None:
    w = story.w
    answers = {}
    for case, email in (("staff", w.brand_admin.email), ("unknown", "nuovo.cliente@example.test")):
        owner = {"name": "Anna Neri", "email": email, "language": "it"}
        r = story.client.post(REPAIRS, json=intake_body(w, owner=owner), headers=story.auth["shop"])
        assert r.status_code == 201, (case, r.text)
        answers[case] = r.json()
    assert "Invalid owner" not in str(answers)
    assert answers["staff"]["owner_id"] is None and answers["unknown"]["owner_id"] is None
    assert answers["staff"]["contact"]["name"] == answers["unknown"]["contact"]["name"]
    story.session.expire_all()
    repair = story.session.scalar(
        select(RepairOrder).where(RepairOrder.code == answers["staff"]["code"])
    )
    assert repair is not None and repair.owner_id != w.brand_admin.id
    assert story.session.get(Account, repair.owner_id).email is None  # type: ignore[union-attr]


def test_the_shop_finds_what_it_typed_never_the_account_holders_name(story: Story) -> None:
    w = story.w
    w.owner.name = "Maria Bianchi"  # the account holder's own name
    story.session.commit()
    code = story.open()["code"]  # typed "Mario Rossi" with the owner's e-mail

    def found(q: str) -> list[str]:
        return [i["code"] for i in story.get("shop", REPAIRS, q=q).json()["items"]]

    assert found("Mario Rossi") == [code]
    assert found("Bianchi") == []  # the search does not read the account's name


def test_a_change_of_owner_over_the_api_is_confirmed_then_recorded(story: Story) -> None:
    w = story.w
    phone = make_phone(story.session, w.model, owner_id=w.owner.id, shop_id=w.shop.id)
    story.session.commit()
    buyer = {"name": "Luca Verdi", "email": "luca.verdi@example.test", "language": "it"}
    body = intake_body(w, imei=phone.imei, owner=buyer)
    r = story.client.post(REPAIRS, json=body, headers=story.auth["shop"])
    problem = assert_problem(r, 422, "confirm_new_owner")
    assert "new owner" in problem["errors"][0]["message"]
    assert w.owner.email not in r.text and w.owner.name not in r.text  # nothing about them

    body["confirm_new_owner"] = True
    r = story.client.post(REPAIRS, json=body, headers=story.auth["shop"])
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    shop_view = story.get("shop", f"{REPAIRS}/{code}/events").json()
    [change] = [e for e in shop_view if e["type"] == "owner_changed"]
    assert change["public"] is False and change["data"] == {}  # no account numbers to a shop
    admin_view = story.get("admin", f"{REPAIRS}/{code}/events").json()
    [change] = [e for e in admin_view if e["type"] == "owner_changed"]
    assert change["data"]["from_owner_id"] == w.owner.id
    assert change["data"]["to_owner_id"] != w.owner.id
    assert story.get("owner", f"{REPAIRS}/{code}").status_code == 404  # no longer theirs


def test_intake_takes_a_valid_centre_and_names_the_field_of_a_wrong_one(story: Story) -> None:
    w = story.w
    second = make_centre(story.session, [w.brand], city="Salerno")
    abroad = make_centre(story.session, [w.brand], country="VN", city="Hà Nội")
    story.session.commit()
    repair = story.open(centre_id=second.id)
    assert repair["centre_id"] == second.id
    r = story.client.post(
        REPAIRS, json=intake_body(w, centre_id=abroad.id), headers=story.auth["shop"]
    )
    assert_problem(r, 422, "centre_id")


def test_every_wrong_field_of_an_intake_comes_in_one_answer_in_the_callers_language(
    story: Story, now: datetime
) -> None:
    w = story.w
    good = new_imei(w)
    body = intake_body(
        w,
        imei=good[:-1] + str((int(good[-1]) + 1) % 10),
        purchase_date=str(now.date().replace(year=now.year + 1)),
        owner={"name": "Anna Neri", "email": "not-an-address", "language": "it"},
        problem="ok",
    )
    story.w.shop_staff.language = "it"  # the account's language beats the browser's
    story.session.commit()
    headers = {**story.auth["shop"], "Accept-Language": "vi"}
    r = story.client.post(REPAIRS, json=body, headers=headers)
    problem = assert_problem(r, 422, "imei", "purchase_date", "owner.email", "problem")
    said = {e["field"]: e["message"] for e in problem["errors"]}
    assert said["purchase_date"] == "La data di acquisto è nel futuro."
    assert said["owner.email"] == "Questo non è un indirizzo e-mail."
    assert said["imei"].startswith("L'ultima cifra di questo IMEI")
    assert said["problem"] == "Descrivi il problema in poche parole."
    assert problem["detail"] == "Non è possibile aprire la riparazione."

    r = story.client.post(REPAIRS, params={"lang": "vi"}, json=body, headers=headers)
    said = {e["field"]: e["message"] for e in assert_problem(r, 422)["errors"]}
    assert said["purchase_date"] == "Ngày mua nằm ở tương lai."
    assert said["owner.email"] == "Đây không phải là địa chỉ e-mail."
