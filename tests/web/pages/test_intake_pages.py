"""The counter intake and booking forms: one thing per form however often it is sent, the
centre shown and chosen at intake, a change of owner confirmed on the form."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from aftersales.repairs.models import RepairOrder
from tests.factories import World, make_centre, make_imei, make_phone, n
from tests.web.pages.helpers import post, sign_in, texts

MILAN = (45.4642, 9.1900)


def _token(html: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', html)
    assert found, "the form carries a one-time token"
    return found.group(1)


def _intake(w: World, imei: str, **kw: str) -> dict[str, str]:
    return {
        "imei": imei,
        "owner_name": "Gennaro Esposito",
        "owner_email": f"gennaro{n()}@example.test",
        "owner_language": "it",
        "fault_category": "display",
        "screen_lock": "none",
        "problem": "Macchie sul display",
        **kw,
    }


def _repairs_of(session, imei: str) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return int(
        session.scalar(
            select(func.count()).select_from(RepairOrder).where(RepairOrder.phone.has(imei=imei))
        )
        or 0
    )


def test_a_double_submitted_intake_opens_one_repair(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    token = _token(client.get("/shop/intake").text)
    form = _intake(w, make_imei(w.model.tacs[0].tac, n()), form_token=token)
    first = post(client, "/shop/intake", form)
    again = post(client, "/shop/intake", form)
    assert first.status_code == again.status_code == 303, again.text
    assert again.headers["location"] == first.headers["location"]  # where the first one went
    assert _repairs_of(session, form["imei"]) == 1
    fresh = _token(client.get("/shop/intake").text)
    assert fresh != token  # each showing of the form has its own


def test_a_double_submitted_booking_books_once(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    session.commit()
    sign_in(client, w.owner)
    token = _token(client.get("/book?step=details").text)
    form = {
        "phone": str(phone.id),
        "fault_category": "battery",
        "problem": "Si scarica in due ore",
        "place": f"shop:{w.shop.id}",
        "form_token": token,
    }
    first = post(client, "/book", form)
    again = post(client, "/book", form)
    assert first.status_code == again.status_code == 303, again.text
    assert again.headers["location"] == first.headers["location"]
    assert _repairs_of(session, phone.imei) == 1


def test_a_refused_form_may_be_sent_again_once_corrected(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    token = _token(client.get("/shop/intake").text)
    imei = make_imei(w.model.tacs[0].tac, n())
    wrong = post(client, "/shop/intake", _intake(w, imei, form_token=token, centre_id="999999"))
    assert wrong.status_code == 422 and 'id="centre_id-error"' in wrong.text
    right = post(client, "/shop/intake", _intake(w, imei, form_token=token))
    assert right.status_code == 303, right.text
    assert _repairs_of(session, imei) == 1


def test_the_intake_shows_the_nearest_centre_and_offers_only_valid_ones(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    milan = make_centre(session, [w.brand], city="Milano", latitude=MILAN[0], longitude=MILAN[1])
    w.centre.latitude, w.centre.longitude = 40.8518, 14.2681  # Naples
    w.shop.city, (w.shop.latitude, w.shop.longitude) = "Milano", MILAN
    other_brand = make_centre(session, [World(session).brand], city="Torino")
    abroad = make_centre(session, [w.brand], country="VN", city="Hà Nội")
    session.commit()
    sign_in(client, w.shop_staff)
    imei = make_imei(w.model.tacs[0].tac, n())
    english = {"Accept-Language": "en"}
    check = client.get("/shop/intake/imei", params={"imei": imei}, headers=english)
    said = texts(check.text)
    assert f"Goes to {milan.name}, Milano, the nearest centre" in said
    select_html = check.text[check.text.index('<select id="centre_id"') :]
    assert 'hx-swap-oob="true"' in select_html  # the choice follows the phone's brand
    offered = set(re.findall(r'<option value="(\d+)"', select_html))
    assert offered == {str(milan.id), str(w.centre.id)}
    assert str(other_brand.id) not in offered and str(abroad.id) not in offered
    chosen = post(client, "/shop/intake", _intake(w, imei, centre_id=str(w.centre.id)))
    assert chosen.status_code == 303, chosen.text
    code = chosen.headers["location"].split("/")[2].split("?")[0]
    repair = session.scalar(select(RepairOrder).where(RepairOrder.code == code))
    assert repair is not None and repair.centre_id == w.centre.id  # the shop's pick
    refused = post(client, "/shop/intake", _intake(w, make_imei(w.model.tacs[0].tac, n()),
                                                   centre_id=str(abroad.id)))  # fmt: skip
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.text and 'id="centre_id-error"' in refused.text


def test_a_new_owner_is_confirmed_on_the_form(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id, shop_id=w.shop.id)
    session.commit()
    sign_in(client, w.shop_staff)
    form = _intake(w, phone.imei)
    asked = post(client, "/shop/intake", form)
    assert asked.status_code == 422 and 'id="confirm_new_owner-error"' in asked.text
    assert w.owner.email not in asked.text and w.owner.name not in asked.text
    assert 'value="Gennaro Esposito"' in asked.text  # the input is kept
    done = post(client, "/shop/intake", {**form, "confirm_new_owner": "1"})
    assert done.status_code == 303, done.text
    session.refresh(phone)
    assert phone.owner_id != w.owner.id
    listed = client.get("/shop/repairs").text
    assert "Gennaro Esposito" in listed  # the name typed at the counter


def _bad_imei(w: World) -> str:
    good = make_imei(w.model.tacs[0].tac, n())
    return good[:-1] + str((int(good[-1]) + 1) % 10)  # a typing slip in the last digit


def test_every_wrong_field_of_the_intake_is_named_at_once_in_the_pages_language(  # type: ignore[no-untyped-def]
    client, session, now
):
    w = World(session)
    w.shop_staff.language = "it"
    session.commit()
    sign_in(client, w.shop_staff)
    token = _token(client.get("/shop/intake").text)
    form = _intake(
        w,
        _bad_imei(w),
        form_token=token,
        purchase_date=str(now.date().replace(year=now.year + 1)),
        owner_email="not-an-address",
    )
    r = post(client, "/shop/intake", form)
    assert r.status_code == 422, r.text
    page = html.unescape(texts(r.text))
    assert "La data di acquisto è nel futuro." in page
    assert 'id="purchase_date-error"' in r.text and 'id="owner_email-error"' in r.text
    assert "Questo non è un indirizzo e-mail." in page
    assert "L'ultima cifra di questo IMEI non corrisponde" in page
    assert "The purchase date" not in page and "not an e-mail" not in page
    assert "Non è possibile aprire la riparazione." in page


def test_a_short_problem_is_refused_by_the_service_alike_for_the_api_and_the_page(  # type: ignore[no-untyped-def]
    client, session, now
):
    from aftersales.repairs.intake import PROBLEM_MIN_LENGTH

    w = World(session)
    w.shop_staff.language = "vi"
    session.commit()
    sign_in(client, w.shop_staff)
    token = _token(client.get("/shop/intake").text)
    short = "x" * (PROBLEM_MIN_LENGTH - 1)
    imei = make_imei(w.model.tacs[0].tac, n())
    r = post(client, "/shop/intake", _intake(w, imei, form_token=token, problem=short))
    assert r.status_code == 422 and 'id="problem-error"' in r.text
    assert "Mô tả ngắn gọn vấn đề bạn gặp phải." in texts(r.text)
