"""Administration: places edited and not duplicated by mistake, accounts managed, models retired."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aftersales.accounts import admin
from aftersales.accounts.models import LoginSession
from aftersales.accounts.service import account_for_session, start_session
from aftersales.catalog.lifecycle import retire_model
from aftersales.devices.service import register_phone
from aftersales.kernel.errors import Conflict, ValidationFailed
from tests.factories import (
    login,
    make_account,
    make_brand,
    make_centre,
    make_imei,
    make_model,
    make_shop,
    n,
)
from tests.web.helpers import assert_problem, bearer
from tests.web.pages.helpers import csrf


def test_a_shop_of_the_same_name_in_the_same_city_asks_for_confirmation(client, session, now):  # type: ignore[no-untyped-def]
    headers = bearer(session, make_account(session, "platform_admin", password=None), now)
    body = {"name": f"Tech  Store {n()}", "city": "Portici", "country": "IT"}
    assert client.post("/api/v1/shops", json=body, headers=headers).status_code == 201
    again = {**body, "name": body["name"].upper().replace("  ", " "), "city": " portici "}
    problem = assert_problem(client.post("/api/v1/shops", json=again, headers=headers), 409)
    assert "already" in problem["detail"]
    confirmed = {**again, "confirm_duplicate": True}
    assert client.post("/api/v1/shops", json=confirmed, headers=headers).status_code == 201


def test_a_centre_is_edited_with_its_version_and_checked_hours(client, session, now):  # type: ignore[no-untyped-def]
    headers = bearer(session, make_account(session, "platform_admin", password=None), now)
    centre = make_centre(session, [make_brand(session)])
    session.commit()
    url = f"/api/v1/centres/{centre.id}"
    wrong = {"version": centre.version, "opening_hours": {"0": ["18:00", "09:00"]}}
    assert_problem(client.patch(url, json=wrong, headers=headers), 422, "hours_0")
    hours = {"0": ["09:00", "18:30"], "5": ["09:00", "13:00"]}
    r = client.patch(url, json={"version": centre.version, "opening_hours": hours}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["opening_hours"] == hours
    stale = {"version": r.json()["version"] - 1, "address": "Via Roma 1"}
    assert_problem(client.patch(url, json=stale, headers=headers), 409)


def test_the_centre_page_keeps_the_input_and_says_what_is_wrong(client, session, now):  # type: ignore[no-untyped-def]
    centre = make_centre(session, [make_brand(session)])
    admin_account = make_account(session, "platform_admin")
    session.commit()
    login(client, admin_account)
    form = {"name": "Centro Nord", "open_2": "10:00", "close_2": "", "csrf": csrf(client)}
    r = client.post(f"/network/centres/{centre.id}?lang=it", data=form)
    assert r.status_code == 422
    assert "Centro Nord" in r.text and "10:00" in r.text
    assert "Indica entrambi gli orari" in r.text


def test_an_admin_neither_switches_off_themselves_nor_the_last_platform_admin(session, now):  # type: ignore[no-untyped-def]
    me = make_account(session, "platform_admin", password=None)
    for other in session.scalars(select(admin.Account).where(admin.Account.id != me.id)):
        other.is_active = other.role != "platform_admin"  # me is the only one left
    with pytest.raises(Conflict):
        admin.set_active(session, me, me, False, now)
    second = make_account(session, "platform_admin", password=None)
    admin.set_active(session, me, second, False, now)
    with pytest.raises(Conflict):  # demoting the last active one would leave none
        admin.set_active(session, second, me, False, now)


def test_a_switched_off_account_is_signed_out_everywhere(session, now):  # type: ignore[no-untyped-def]
    me = make_account(session, "platform_admin", password=None)
    staff = make_account(
        session, "technician", password=None, centre_id=make_centre(session, []).id
    )
    token = start_session(session, staff, now, 1)
    admin.set_active(session, me, staff, False, now)
    assert account_for_session(session, token, now) is None
    rows = session.scalars(select(LoginSession).where(LoginSession.account_id == staff.id))
    assert rows.all() == []


def test_accounts_are_found_by_the_beginning_of_name_or_e_mail(session, now):  # type: ignore[no-untyped-def]
    me = make_account(session, "platform_admin", password=None)
    tag = f"zq{n()}"
    shop = make_shop(session)
    person = make_account(session, "shop_staff", password=None, name=f"{tag.upper()}  Rossi",
                          email=f"{tag}.desk@example.test", shop_id=shop.id)  # fmt: skip
    by_name, total = admin.find_accounts(session, me, q=f"{tag} ro")
    assert [a.id for a in by_name] == [person.id] and total == 1
    by_mail, _ = admin.find_accounts(session, me, q=f"{tag}.desk@")
    assert [a.id for a in by_mail] == [person.id]


def test_a_retired_model_takes_no_new_phones_until_it_comes_back(session, now):  # type: ignore[no-untyped-def]
    brand = make_brand(session)
    model = make_model(session, brand)
    brand_admin = make_account(session, "brand_admin", password=None, brand_id=brand.id)
    tac = model.tacs[0].tac
    retire_model(session, brand_admin, model, now)
    with pytest.raises(ValidationFailed):
        register_phone(session, imei=make_imei(tac, n()), country="IT")
    retire_model(session, brand_admin, model, now, retired=False)
    assert register_phone(session, imei=make_imei(tac, n()), country="IT").model_id == model.id


def test_the_place_field_offers_what_the_admin_searches_and_keeps_the_chosen_one(client, session):  # type: ignore[no-untyped-def]
    admin_ = make_account(session, "platform_admin")
    city = f"Caserta{n()}"
    far = make_shop(session, name="Zeta Telefonia", city=city)
    for i in range(40):
        make_shop(session, name=f"Alfa Mobile {i:02d}", city="Portici")
    staff = make_account(session, "shop_staff", shop_id=far.id)
    session.commit()
    login(client, admin_)
    page = client.get(f"/admin/accounts/{staff.id}").text
    # 30 shops at most, and the staff's own shop (not among the first 30) is offered, chosen.
    assert page.count('value="shop:') <= 31
    assert f'<option value="shop:{far.id}" selected>' in page
    # The live search (htmx) and the search without scripts find by city.
    options = client.get("/admin/places", params={"place_q": city.upper(), "place": ""}).text
    assert f'value="shop:{far.id}"' in options and "Alfa Mobile" not in options
    page = client.get("/admin/accounts/new", params={"place_q": "alfa mobile 39"}).text
    assert page.count('value="shop:') == 1 and "Alfa Mobile 39, Portici" in page
    assert 'value="alfa mobile 39"' in page  # the search stays in its box


def test_the_api_pages_centres_and_shops_by_id_with_a_link_to_the_next(client, session, now):  # type: ignore[no-untyped-def]
    headers = bearer(session, make_account(session, "owner", password=None), now)
    made = [make_shop(session).id for _ in range(5)]
    session.commit()
    seen: list[int] = []
    url: str | None = "/api/v1/shops?limit=2"
    while url:
        r = client.get(url, headers=headers)
        assert r.status_code == 200 and len(r.json()) <= 2
        seen += [s["id"] for s in r.json()]
        link = r.headers.get("link")
        url = link[1 : link.index(">")] if link else None
    assert seen == sorted(seen) and set(made) <= set(seen)
    assert client.get("/api/v1/centres?limit=501", headers=headers).status_code == 422
