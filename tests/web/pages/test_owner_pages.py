"""The owner's pages: phones, repairs, booking, the repair page and answering a quote."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.quotes import make_quote
from aftersales.repairs.service import transition
from tests.factories import World, make_account, make_brand, make_centre, make_phone, make_shop
from tests.web.pages.helpers import post, sign_in, texts


def test_my_phones_show_warranty_and_software(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id, purchase_date=date(2025, 6, 1))
    phone.software_version = "HyperOS 1.0.5"
    session.commit()
    sign_in(client, w.owner)
    page = texts(client.get("/my/phones", headers={"Accept-Language": "en"}).text)
    assert w.model.name in page and "HyperOS 1.0.5" in page and phone.imei in page
    assert "until" in page  # covered, with its end date


def test_booking_keeps_the_input_and_opens_an_online_repair(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id, shop_id=w.shop.id)
    session.commit()
    sign_in(client, w.owner)
    r = post(
        client,
        "/book",
        {"phone": str(phone.id), "fault_category": "", "problem": "ok", "place": ""},
    )
    assert r.status_code == 422
    for field in ("fault_category", "problem", "place"):
        assert f'id="{field}-error"' in r.text
    assert f'<option value="{phone.id}" selected>' in r.text
    r = post(
        client,
        "/book",
        {
            "phone": str(phone.id),
            "fault_category": "battery",
            "problem": "The battery lasts two hours",
            "place": f"centre:{w.centre.id}",
        },
    )
    assert r.status_code == 303, r.text
    code = r.headers["location"].split("/")[2].split("?")[0]
    repair = session.scalar(select(RepairOrder).where(RepairOrder.code == code))
    assert repair is not None and repair.channel == "online" and repair.status == "registered"
    assert "The battery lasts two hours" in client.get(r.headers["location"]).text


def test_an_owner_cannot_book_for_a_phone_that_is_not_theirs(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    make_phone(session, w.model, owner_id=w.owner.id)
    other = make_phone(session, w.model, owner_id=make_account(session, "owner").id)
    session.commit()
    sign_in(client, w.owner)
    r = post(
        client,
        "/book",
        {
            "phone": str(other.id),
            "fault_category": "battery",
            "problem": "Not mine at all",
            "place": f"centre:{w.centre.id}",
        },
    )
    assert r.status_code == 422 and 'id="phone-error"' in r.text


def test_someone_elses_repair_is_not_found(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    stranger = make_account(session, "owner")
    session.commit()
    sign_in(client, stranger)
    r = client.get(f"/repairs/{repair.code}")
    assert r.status_code == 404 and repair.problem not in r.text
    r = post(client, f"/repairs/{repair.code}/quote/decision", {"answer": "approve"})
    assert r.status_code == 404


def test_the_owner_approves_a_quote_with_its_price_and_explanation(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now - timedelta(days=2))
    for status in ("in_transit_to_centre", "at_centre", "diagnosing"):
        transition(
            session,
            w.technician if status != "in_transit_to_centre" else w.shop_staff,
            repair,
            status,
            now - timedelta(days=1),
        )
    make_quote(
        session,
        w.technician,
        repair,
        now - timedelta(hours=2),
        amount_minor=8990,
        currency="EUR",
        description="Il vetro è rotto: serve un display nuovo.",
    )
    w.owner.language = "it"  # the account's language wins over the browser's
    session.commit()
    sign_in(client, w.owner)
    page = client.get(f"/repairs/{repair.code}", headers={"Accept-Language": "it"}).text
    assert "89,90" in page and "serve un display nuovo" in page
    assert "Internal" not in page and 'name="to_status"' not in page  # no staff controls
    r = post(client, f"/repairs/{repair.code}/quote/decision", {"answer": "approve"})
    assert r.status_code == 303
    session.refresh(repair)
    assert repair.status == "repairing"


def test_the_owners_repair_list_marks_a_waiting_quote(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now - timedelta(days=2))
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now - timedelta(days=1))
    for status in ("at_centre", "diagnosing"):
        transition(session, w.technician, repair, status, now - timedelta(days=1))
    make_quote(
        session,
        w.technician,
        repair,
        now,
        amount_minor=5000,
        currency="EUR",
        description="Battery swap",
    )
    session.commit()
    sign_in(client, w.owner)
    page = client.get("/my/repairs", headers={"Accept-Language": "en"}).text
    assert repair.code in page and f"/repairs/{repair.code}#quote" in page


def test_a_service_refusal_reaches_the_owner_in_their_language(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)  # the phone already has an open repair
    w.owner.language = "it"
    session.commit()
    sign_in(client, w.owner)
    r = post(
        client,
        "/book",
        {
            "phone": str(repair.phone_id),
            "fault_category": "battery",
            "problem": "Di nuovo la batteria",
            "place": f"centre:{w.centre.id}",
        },
    )
    assert r.status_code == 422
    assert "Questo telefono ha già una riparazione aperta" in r.text
    assert 'value="Di nuovo la batteria"' in r.text or "Di nuovo la batteria" in r.text


def test_an_owner_with_many_repairs_gets_them_by_pages(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repairs = [w.repair(now - timedelta(days=40 - i)) for i in range(27)]
    session.commit()
    sign_in(client, w.owner)
    first = texts(client.get("/my/repairs", headers={"Accept-Language": "en"}).text)
    assert "Page 1 of 2" in first
    assert repairs[-1].code in first and repairs[0].code not in first  # newest first
    second = texts(client.get("/my/repairs?page_no=2", headers={"Accept-Language": "en"}).text)
    assert "Page 2 of 2" in second
    assert {r.code for r in repairs[:2]} <= set(second.split())


def test_an_owner_with_many_phones_gets_them_by_pages(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    phones = [make_phone(session, w.model, owner_id=w.owner.id) for _ in range(27)]
    session.commit()
    sign_in(client, w.owner)
    first = texts(client.get("/my/phones", headers={"Accept-Language": "en"}).text)
    assert "Page 1 of 2" in first and phones[0].imei in first and phones[-1].imei not in first
    second = texts(client.get("/my/phones?page_no=2", headers={"Accept-Language": "en"}).text)
    assert "Page 2 of 2" in second and phones[-1].imei in second  # oldest first


def test_an_owner_cancels_a_booking_not_handed_in_after_confirming(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    booking = open_repair(session, w.owner, Intake(phone.imei, "battery", "Dura due ore",
                                                   centre_id=w.centre.id), now)  # fmt: skip
    handed_in = w.repair(now)
    session.commit()
    sign_in(client, w.owner)
    page = client.get(f"/repairs/{booking.code}", headers={"Accept-Language": "en"}).text
    assert f'action="/repairs/{booking.code}/cancel"' in page
    assert "/cancel" not in client.get(f"/repairs/{handed_in.code}").text  # in service now
    r = post(client, f"/repairs/{booking.code}/cancel")
    assert r.status_code == 422 and "Tick the box" in texts(r.text)
    r = post(client, f"/repairs/{booking.code}/cancel", {"confirm": "true"})
    assert r.status_code == 303
    session.refresh(booking)
    assert booking.status == "cancelled"
    r = post(client, f"/repairs/{handed_in.code}/cancel", {"confirm": "true"})
    assert r.status_code == 403  # the phone is in service: not the owner's move any more


def test_booking_offers_and_takes_only_centres_of_the_phone_s_country_and_brand(
    client, session, now
):  # type: ignore[no-untyped-def]
    w = World(session)
    hanoi = make_centre(session, [w.brand], name="Trung tâm Hà Nội", city="Hà Nội", country="VN")
    other_brand = make_centre(session, [make_brand(session)], name="Altro marchio")
    phone = make_phone(session, w.model, owner_id=w.owner.id)  # sold in Italy
    session.commit()
    sign_in(client, w.owner)
    form = client.get("/book?step=details", headers={"Accept-Language": "en"}).text
    assert f'value="centre:{w.centre.id}"' in form
    assert (
        f'value="centre:{hanoi.id}"' not in form and f'value="centre:{other_brand.id}"' not in form
    )
    r = post(client, "/book", {"phone": str(phone.id), "fault_category": "battery",
                               "problem": "The battery lasts two hours",
                               "place": f"centre:{hanoi.id}"})  # fmt: skip
    assert r.status_code == 422 and 'id="place-error"' in r.text  # abroad: not this phone's


def test_booking_takes_a_drop_off_day_that_shop_and_centre_then_expect(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    w.owner.language = "it"
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    session.commit()
    sign_in(client, w.owner)
    # Tuesday 10 March: the next working day is offered
    form = client.get("/book?step=details").text
    assert 'name="dropoff_date" value="2026-03-11" min="2026-03-10" max="2026-04-09"' in form
    base = {"phone": str(phone.id), "fault_category": "battery",
            "problem": "La batteria dura due ore", "place": f"centre:{w.centre.id}"}  # fmt: skip
    r = post(client, "/book", base | {"dropoff_date": "2026-03-14"})  # a Saturday
    assert r.status_code == 422
    assert 'id="dropoff_date-error"' in r.text and "scegli un giorno lavorativo" in r.text
    assert 'value="2026-03-14"' in r.text  # the input is kept
    r = post(client, "/book", base | {"dropoff_date": "2026-03-12"})
    assert r.status_code == 303, r.text
    code = r.headers["location"].split("/")[2].split("?")[0]
    repair = session.scalar(select(RepairOrder).where(RepairOrder.code == code))
    assert repair is not None and repair.dropoff_date == date(2026, 3, 12)
    page = texts(client.get(r.headers["location"]).text)
    assert "Giorno di consegna: 12 mar 2026" in page
    assert "Giorno di consegna: 12 mar 2026" in texts(client.get("/my/repairs").text)
    sign_in(client, w.technician)
    queue = texts(client.get("/centre/queue", headers={"Accept-Language": "en"}).text)
    assert "Expected drop-offs" in queue and code in queue and "Mar 12, 2026" in queue


def test_the_booking_form_offers_nearby_shops_first_and_finds_others(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id, shop_id=w.shop.id)
    city = f"Caserta{phone.id}"
    far = make_shop(session, name="Zeta Telefonia", city=city)
    for i in range(35):
        make_shop(session, name=f"Alfa {i:02d}", city=f"Altrove{i}")
    session.commit()
    sign_in(client, w.owner)
    page = client.get("/book?step=details").text
    # Where the phone was sold comes first; far shops are found by a search, not listed.
    assert f'value="shop:{w.shop.id}"' in page and f'value="shop:{far.id}"' not in page
    assert f'value="centre:{w.centre.id}"' in page
    found = client.get("/book/places", params={"place_q": city.lower()}).text
    assert f'value="shop:{far.id}"' in found and "Alfa" not in found
    assert f'value="centre:{w.centre.id}"' in found  # centres are always offered
    kept = client.get("/book/places", params={"place_q": "alfa", "place": f"shop:{far.id}"})
    assert f'<option value="shop:{far.id}" selected>' in kept.text
    assert kept.text.count('value="shop:') <= 31  # 30 found and the one chosen
    page = client.get("/book", params={"place_q": city, "phone": str(phone.id)}).text
    assert f'value="shop:{far.id}"' in page and f'<option value="{phone.id}" selected>' in page
