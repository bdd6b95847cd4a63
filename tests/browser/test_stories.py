"""The stories of the brief, all by clicks in a real browser, on the demo data."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre
from aftersales.db import make_engine
from aftersales.devices.models import Phone
from aftersales.http.i18n import translations
from aftersales.kernel.imei import make_imei
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.states import LABELS, OPEN, Status
from tests.browser.conftest import shot, sign_in, sign_out

# One xdist worker runs them all: they share one demo server per worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
IT = translations("it").gettext


def _move(page, status: str, *, note: str = "", outcome: str = "") -> None:  # type: ignore[no-untyped-def]
    """Press the next status's button on the work page (a note and an outcome first)."""
    form = page.locator("form[action$='/move']")
    if note:
        form.locator("details.move-notes summary").click()
        form.locator("textarea[name=note]").fill(note)
    if outcome:
        form.locator("select[name=outcome]").select_option(outcome)
    form.locator(f"button[name=to_status][value={status}]").click()
    page.wait_for_url(re.compile(r".*done=move"))


def _track(page, code: str, imei: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/track")
    page.locator("#code").fill(code)
    page.locator("#imei_last4").fill(imei[-4:])
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#status")


def test_the_italian_story_from_the_portici_counter_to_hand_back(open_page):  # type: ignore[no-untyped-def]
    imei = make_imei("86446403", 900_000 + secrets.randbelow(99_999))  # a new Mi 8
    shop = open_page("it-IT")
    sign_in(shop, "shop.portici@demo.aftersales")
    shop.locator("a[href='/shop/intake']").click()
    shop.locator("#imei").press_sequentially(imei, delay=20)
    shop.wait_for_selector("#imei-check:has-text('Mi 8')")  # the model comes from the TAC
    shop.locator("#purchase_date").fill((date.today() - timedelta(days=40)).isoformat())
    shop.locator("#owner_name").fill("Gennaro Esposito")
    shop.locator("#owner_email").fill(f"gennaro.{secrets.token_hex(3)}@example.test")
    shop.locator("#owner_language").select_option("it")
    shop.locator("#fault_category").select_option("display")
    shop.locator("input[name=screen_lock][value=none]").check()
    shop.locator("#problem").fill("Il display mostra delle macchie")
    shop.locator("#condition_notes").fill("Nessun graffio, senza cover")
    shot(shop, "it-story-1-intake")
    shop.locator("main form button[type=submit]:not([form])").click()
    shop.wait_for_url(re.compile(r".*/repairs/[0-9A-Z-]{14}\?done=intake"))
    code = re.search(r"/repairs/([0-9A-Z-]{14})", shop.url).group(1)  # type: ignore[union-attr]
    _move(shop, "in_transit_to_centre")
    sign_out(shop)

    tech = open_page("it-IT")
    sign_in(tech, "tech1.naples@demo.aftersales")
    tech.locator(f"a[href='/repairs/{code}']").click()  # from the queue
    _move(tech, "at_centre")
    _move(tech, "diagnosing")
    warranty = tech.locator("form[action$='/warranty']")
    warranty.locator("input[value=covered]").check()
    warranty.locator("textarea[name=reason]").fill("Difetto del display, coperto dalla garanzia.")
    warranty.locator("button[type=submit]").click()
    tech.wait_for_url(re.compile(r".*done=warranty"))
    _move(tech, "awaiting_parts", note="Il display di ricambio è ordinato.")
    shot(tech, "it-story-2-technician")

    owner = open_page("it-IT", width=360)
    _track(owner, code, imei)
    status = owner.locator("#status")
    assert status.inner_text() == IT(LABELS[Status.awaiting_parts])
    body = owner.locator("main").inner_text()
    assert "Difetto del display, coperto dalla garanzia." in body
    assert "Il display di ricambio è ordinato." in body
    assert IT("Expected ready") in body
    assert owner.locator("html").get_attribute("lang") == "it"
    shot(owner, "it-story-3-tracking-phone")

    for step in ("repairing", "testing", "in_transit_to_shop"):
        _move(tech, step)
    sign_out(tech)
    sign_in(shop, "shop.portici@demo.aftersales")
    shop.goto(f"/repairs/{code}")
    _move(shop, "ready_for_pickup")
    hand_back = shop.locator("form[data-handback-form]")
    hand_back.locator("select[name=outcome]").select_option("repaired")
    hand_back.locator("button[type=submit]").click()
    shop.wait_for_url(re.compile(r".*done=handback"))

    _track(owner, code, imei)
    steps = owner.locator("ol.timeline .step").all_inner_texts()
    expected = [
        Status.registered, Status.received, Status.in_transit_to_centre, Status.at_centre,
        Status.diagnosing, Status.awaiting_parts, Status.repairing, Status.testing,
        Status.in_transit_to_shop, Status.ready_for_pickup, Status.closed,
    ]  # fmt: skip
    assert [s for s in steps if s in {IT(LABELS[x]) for x in Status}] == [
        IT(LABELS[x]) for x in expected
    ]
    assert IT("Warranty decision") in steps
    assert owner.locator("#status").inner_text() == IT(LABELS[Status.closed])
    shot(owner, "it-story-4-returned")


def _open_in_hanoi(database_url: str) -> tuple[str, str, str, str]:
    """Return an open repair at the Hanoi centre, a Vsmart when the demo's date gives one.

    The demo's generic repairs depend on the day it is loaded; the owner stories do not,
    and one of them is always open in Hanoi, so a repair is always found.
    """
    engine = make_engine(database_url)
    with Session(engine) as s:
        row = s.execute(
            select(RepairOrder.code, Phone.imei, RepairOrder.status, Brand.name)
            .join(Phone, Phone.id == RepairOrder.phone_id)
            .join(PhoneModel, PhoneModel.id == RepairOrder.model_id)
            .join(Brand, Brand.id == PhoneModel.brand_id)
            .join(ServiceCentre, ServiceCentre.id == RepairOrder.centre_id)
            .where(ServiceCentre.city == "Hà Nội")
            .where(RepairOrder.status.in_([s.value for s in OPEN]))
            .order_by(Brand.name != "Vsmart", RepairOrder.code)
            .limit(1)
        ).one()
    engine.dispose()
    return row.code, row.imei, row.status, row.name


def test_the_tracking_page_in_vietnamese_for_a_phone_in_hanoi(open_page, demo_server):  # type: ignore[no-untyped-def]
    code, imei, status, brand = _open_in_hanoi(demo_server["database_url"])
    page = open_page("vi-VN", width=360)
    _track(page, code, imei)
    assert page.locator("html").get_attribute("lang") == "vi"
    vi = translations("vi").gettext
    assert page.locator("#status").inner_text() == vi(LABELS[Status(status)])
    text = page.locator("main").inner_text()
    assert vi("What happens next") in text and vi("Timeline") in text
    assert brand in text
    # nothing on the page overflows a 360 px screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "vi-tracking-phone")


@pytest.mark.parametrize("locale", ["it-IT", "en-GB"])
def test_the_link_from_a_message_asks_only_for_the_digits(open_page, demo_server, locale):  # type: ignore[no-untyped-def]
    code, imei, _status, _brand = _open_in_hanoi(demo_server["database_url"])
    page = open_page(locale, width=360)
    page.goto(f"/track?code={code.replace('-', '').lower()}")  # as a mail client may open it
    assert page.locator("[role=alert]").count() == 0  # nothing typed, nothing wrong
    assert page.locator("#code").count() == 0 and code in page.locator("main form").inner_text()
    assert page.evaluate("document.activeElement.id") == "imei_last4"
    shot(page, f"{locale[:2]}-tracking-link-phone")
    page.locator("#imei_last4").fill(imei[-4:])
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#status")
    assert page.url.endswith("/track")  # neither the code nor the digits in the address
    if locale == "en-GB":  # British English writes dates day first
        expected = page.locator(".expected-big .date").inner_text()
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", expected), expected
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, f"{locale[:2]}-tracking-answer-phone")


def test_an_owner_approves_a_quote_and_a_technician_cannot_make_a_forbidden_move(open_page):  # type: ignore[no-untyped-def]
    owner = open_page("it-IT")
    sign_in(owner, "owner@demo.aftersales")
    owner.locator("a[href='/book']").first.click()
    # Booking starts with self-help (tests/browser/test_selfhelp.py); this owner skips it.
    owner.locator("a[href^='/book?step=details']").click()
    owner.locator("#phone").select_option(index=1)
    owner.locator("#fault_category").select_option("battery")
    owner.locator("#problem").fill("La batteria dura poche ore")
    naples = owner.locator("#place option[value^='centre:']", has_text="Napoli").first
    owner.locator("#place").select_option(naples.get_attribute("value"))
    owner.locator("main form[method=post] button[type=submit]:not([form])").click()
    owner.wait_for_url(re.compile(r".*/repairs/[0-9A-Z-]{14}\?booked=1"))
    code = re.search(r"/repairs/([0-9A-Z-]{14})", owner.url).group(1)  # type: ignore[union-attr]

    tech = open_page("it-IT")
    sign_in(tech, "tech1.naples@demo.aftersales")
    tech.goto(f"/repairs/{code}")
    _move(tech, "at_centre")
    _move(tech, "diagnosing")
    offered = tech.locator("button[name=to_status]").evaluate_all("els => els.map(e => e.value)")
    assert "closed" not in offered and "ready_for_pickup" not in offered
    # Forge a move the table forbids: the server refuses it and nothing changes.
    tech.locator("button[name=to_status]").first.evaluate("e => { e.value = 'closed'; }")
    tech.locator("button[name=to_status]").first.click()
    assert tech.locator("[role=alert]").first.inner_text() == IT("This move is not allowed now.")
    assert tech.locator("h1").inner_text() == IT(LABELS[Status.diagnosing])
    shot(tech, "forbidden-move")
    tech.locator("#quote-form summary").click()  # folded away until needed
    quote = tech.locator("form[action$='/quote']")
    quote.locator("#amount").fill("49,90")
    quote.locator("#description").fill("La batteria è gonfia: va sostituita (fuori garanzia).")
    quote.locator("button[type=submit]").click()
    tech.wait_for_url(re.compile(r".*done=quote"))

    owner.goto("/my/repairs")
    owner.locator(f"a[href='/repairs/{code}#quote']").click()
    assert "49,90" in owner.locator("#quote").inner_text()
    assert "batteria è gonfia" in owner.locator("#quote").inner_text()
    shot(owner, "quote-to-approve")
    owner.locator("form[action$='/quote/decision'] input[value=approve] + button").click()
    owner.wait_for_url(re.compile(r".*done=decision"))
    assert owner.locator("h1").inner_text() == IT(LABELS[Status.repairing])
