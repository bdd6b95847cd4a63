"""Support on the pages: the brand page's commitments and exit statement, with every wrong
field said and nothing lost, and the owner's phones saying until when they are supported."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest

from aftersales.http import i18n
from aftersales.kernel.actors import SYSTEM
from aftersales.support.commitments import CommitmentFields, TermInput, set_commitment
from aftersales.support.exits import ExitFields, set_exit
from tests.factories import World, make_model, make_phone
from tests.web.pages.helpers import post, sign_in, texts

EN = {"Accept-Language": "en"}
FORM = {
    "country": "IT",
    "warranty": "default",
    "repair": "in_use",
    "parts": "date",
    "parts_until": "2035-06-30",
    "updates": "default",
}
VSMART_VI = "Bảo hành, sửa chữa, linh kiện và cập nhật phần mềm cho đến khi khách hàng không còn sử dụng sản phẩm."  # noqa: E501
VSMART_EN = "Warranty, repair, parts and software updates until the day customers no longer use the product."  # noqa: E501


def speak(session, account, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Make the account's language this one: it beats the browser's."""
    account.language = lang
    session.commit()


def test_a_brand_admin_sets_a_commitment_on_the_brand_page(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    w.model.end_of_sale_date = date(2026, 1, 31)
    session.commit()
    sign_in(client, w.brand_admin)
    page = unescape(texts(client.get("/brand", headers=EN).text))
    assert "Support commitments" in page and "Regulation (EU) 2023/1670" in page
    assert "Jan 31, 2033" in page and "EU minimum" in page  # parts, by default
    r = post(client, "/brand/commitments", {**FORM, "model_id": str(w.model.id)})
    assert r.status_code == 303 and r.headers["location"].endswith("done=commitment")
    page = unescape(texts(client.get("/brand", headers=EN).text))
    assert "until no longer in use" in page and "Jun 30, 2035" in page
    assert "in force from Mar 10, 2026" in page
    speak(session, w.brand_admin, "it")
    page = unescape(texts(client.get("/brand").text))
    assert "Impegni di assistenza" in page and "finché il prodotto è in uso" in page


def test_a_short_promise_comes_back_with_the_input_and_what_to_fix(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    w.model.end_of_sale_date = date(2026, 1, 31)
    session.commit()
    sign_in(client, w.brand_admin)
    short = {**FORM, "model_id": str(w.model.id), "parts_until": "2030-01-01", "updates": "date",
             "updates_until": "2030-13-01", "parts_delivery_days": "x"}  # fmt: skip
    r = post(client, "/brand/commitments", short)
    assert r.status_code == 422
    page = unescape(texts(r.text))
    assert "Enter a date, e.g. 2026-03-01." in page and "Enter a whole number." in page
    assert 'value="2030-01-01"' in r.text and 'value="2030-13-01"' in r.text
    r = post(
        client, "/brand/commitments", {**short, "updates": "in_use", "parts_delivery_days": ""}
    )
    assert r.status_code == 422
    page = unescape(texts(r.text))
    assert "The EU minimum is until 2033-01-31" in page and "Annex II, Part B, point 1.1(1)" in page
    assert "never less" in page and 'value="2030-01-01"' in r.text
    r = post(client, "/brand/commitments", {**FORM, "model_id": str(w.model.id), "parts_until": ""})
    assert r.status_code == 422 and "Enter the last day" in texts(r.text)


def test_a_brand_states_and_withdraws_its_exit_on_the_brand_page(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session, country="VN")
    session.commit()
    sign_in(client, w.brand_admin)
    r = post(client, "/brand/exit", {"exit_date": "", "statement_vi": "x" * 2001})
    assert r.status_code == 422
    page = texts(r.text)
    assert "Enter the day the brand leaves or left the market" in page
    assert "Use at most 2,000 characters." in page
    r = post(client, "/brand/exit", {"exit_date": "2021-05-09", "statement_vi": VSMART_VI})
    assert r.status_code == 303
    page = unescape(texts(client.get("/brand", headers=EN).text))
    assert "left the phone market on May 9, 2021." in page and VSMART_VI in page
    assert post(client, "/brand/exit/remove").status_code == 303
    assert VSMART_VI not in unescape(client.get("/brand", headers=EN).text)
    # An exit announced for a day to come is said in the future tense.
    r = post(client, "/brand/exit", {"exit_date": "2030-06-30", "statement_vi": VSMART_VI})
    assert r.status_code == 303
    page = unescape(texts(client.get("/brand", headers=EN).text))
    assert "leaves the phone market on Jun 30, 2030." in page
    assert "left the phone market on Jun 30" not in page


@pytest.mark.parametrize("lang", ["it", "vi"])
def test_the_owners_phones_say_until_when_they_are_supported(client, session, now, lang):  # type: ignore[no-untyped-def]
    w = World(session)
    w.model.end_of_sale_date = date(2026, 1, 31)
    vsmart = make_model(session, w.brand)
    vsmart.end_of_sale_date = date(2021, 5, 9)
    forever = TermInput(in_use=True)
    promise = CommitmentFields(
        terms={k: forever for k in ("warranty", "repair", "parts", "updates")}
    )
    set_commitment(session, SYSTEM, vsmart.id, "VN", promise, now=now)
    set_exit(session, SYSTEM, w.brand.id, ExitFields(date(2021, 5, 9), VSMART_EN, None, VSMART_VI),
             now=now)  # fmt: skip
    make_phone(session, w.model, owner_id=w.owner.id, country="IT")
    make_phone(session, vsmart, owner_id=w.owner.id, country="VN")
    session.commit()
    sign_in(client, w.owner)
    page = unescape(texts(client.get("/my/phones", headers=EN).text))
    assert "Support in Italy" in page and "Spare parts: until Jan 31, 2033" in page
    assert "Software updates: until Jan 31, 2031" in page
    assert "Support in Vietnam" in page and "Repairs: for as long as you use your phone" in page
    assert "left the phone market on May 9, 2021 and says:" in page and VSMART_EN in page
    i18n.MISSING[lang].clear()
    speak(session, w.owner, lang)
    page = unescape(texts(client.get("/my/phones").text))
    assert not i18n.MISSING[lang], sorted(i18n.MISSING[lang])
    if lang == "it":
        assert "Assistenza in Italia" in page and "Ricambi: fino al 31 gen 2033" in page
        assert "Riparazioni: finché usi il tuo telefono" in page and VSMART_EN in page
    else:
        assert "Hỗ trợ tại Việt Nam" in page and VSMART_VI in page
        assert "Sửa chữa: cho đến khi bạn không còn sử dụng điện thoại" in page


def test_a_promise_of_warranty_service_does_not_lengthen_the_warranty(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    vsmart = make_model(session, w.brand)
    forever = CommitmentFields(terms={k: TermInput(in_use=True) for k in ("warranty", "repair")})
    set_commitment(session, SYSTEM, vsmart.id, "VN", forever, now=now)
    make_phone(session, vsmart, owner_id=w.owner.id, country="VN", purchase_date=date(2020, 3, 1))
    session.commit()
    sign_in(client, w.owner)
    page = unescape(texts(client.get("/my/phones", headers=EN).text))
    assert "Not covered · ended on" in page  # the phone's own warranty ended long ago
    assert "Repairs: for as long as you use your phone" in page
    assert "Warranty service:" not in page  # owners read the promises that reach them
