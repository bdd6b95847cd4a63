"""Every main page of every role: it fits a phone and a desktop, axe-core finds no serious or
critical accessibility violation, and its screenshots in en, it and vi are kept for the docs.

One signed-in browser context per role serves all its pages, widths and languages (the
language comes from `?lang=`, which outranks the account's own), so the suite stays quick.
axe-core is vendored under tests/browser/vendor/ (a test tool, never served) and injected as
an init script, which the pages' Content-Security-Policy does not apply to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.catalog.models import Brand, PhoneModel
from aftersales.db import make_engine
from aftersales.devices.models import Phone
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.states import OPEN
from tests.browser.conftest import shot, sign_in

# One xdist worker runs them all: they share one demo server per worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE, DESKTOP = 360, 1280
TOP = 2400  # px of a long page kept in its screenshot: the first screens tell it all
# The violations axe-core reports that a page must not have.
SERIOUS = """async () => {
  const found = await axe.run(document, {resultTypes: ["violations"]});
  return found.violations.filter(v => ["serious", "critical"].includes(v.impact)).map(v =>
    `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""


@dataclass(frozen=True)
class Shown:
    """A page to check: its address (a "{code}" filled in later) and its docs name, if any."""

    path: str
    docs: str = ""  # kept in docs/screenshots/ under this name, in the three languages


# Each role's main pages; the first of each is its main page, shown in docs/pages.md.
ROLES: dict[str, tuple[str | None, list[Shown]]] = {
    "public": (None, [Shown("/track", "tracking-form"), Shown("/login", "login")]),
    "owner": ("owner@demo.aftersales", [
        Shown("/my/repairs", "owner-repairs"), Shown("/repairs/{owner_code}", "owner-repair"),
        Shown("/my/phones"), Shown("/book"), Shown("/profile"),
    ]),
    "shop": ("shop.portici@demo.aftersales", [
        Shown("/shop/repairs", "shop-repairs"), Shown("/shop/intake"),
        Shown("/repairs/{shop_code}", "shop-repair"), Shown("/webhooks"),
    ]),
    "technician": ("tech1.naples@demo.aftersales", [
        Shown("/centre/queue", "technician-queue"),
        Shown("/repairs/{centre_code}", "technician-repair"),
    ]),
    "manager": ("manager.naples@demo.aftersales", [
        Shown("/centre/board", "manager-board"), Shown("/centre/stock", "centre-stock"),
    ]),
    "brand": ("brand.xiaomi@demo.aftersales", [Shown("/brand", "brand-page"), Shown("/webhooks")]),
    "admin": ("admin@demo.aftersales", [
        Shown("/admin/accounts", "admin-accounts"), Shown("/admin/network", "admin-network"),
        Shown("/network/shops/{shop_id}"), Shown("/brand"),
    ]),
}  # fmt: skip


def _demo_records(database_url: str) -> dict[str, Any]:
    """Return the records the pages name: repairs of the demo's people, a shop, a tracking code."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        owner = s.scalars(select(Account).where(Account.email == "owner@demo.aftersales")).one()
        shop = s.scalars(select(Account).where(Account.email == "shop.portici@demo.aftersales"))
        tech = s.scalars(select(Account).where(Account.email == "tech1.naples@demo.aftersales"))
        shop_id, centre_id = shop.one().shop_id, tech.one().centre_id
        xiaomi = select(PhoneModel.id).join(Brand).where(Brand.slug == "xiaomi")
        open_repairs = select(RepairOrder).where(
            RepairOrder.status.in_([str(s) for s in OPEN]), RepairOrder.model_id.in_(xiaomi)
        )
        # The owner's own repair, a Xiaomi one under way if they have one (its look shows).
        mine = s.scalars(open_repairs.where(RepairOrder.owner_id == owner.id).limit(1)).first()
        mine = (
            mine or s.scalars(select(RepairOrder).where(RepairOrder.owner_id == owner.id)).first()
        )
        waiting = RepairOrder.status == "awaiting_parts"
        tracked = s.scalars(open_repairs.order_by(waiting.desc(), RepairOrder.id)).first()
        assert mine is not None and tracked is not None
        at_shop = s.scalars(open_repairs.where(RepairOrder.shop_id == shop_id).limit(1)).first()
        at_centre = s.scalars(
            open_repairs.where(RepairOrder.centre_id == centre_id).limit(1)
        ).first()
        assert at_shop is not None and at_centre is not None
        found = {
            "owner_code": mine.code,
            "shop_code": at_shop.code,
            "centre_code": at_centre.code,
            "shop_id": shop_id,
            "track_code": tracked.code,
            "track_last4": s.get_one(Phone, tracked.phone_id).imei[-4:],
        }
    engine.dispose()
    return found


@pytest.fixture(scope="module")
def records(demo_server: dict[str, str]) -> dict[str, Any]:
    """The demo's records the pages name, read once."""
    return _demo_records(demo_server["database_url"])


@pytest.fixture(scope="module")
def role_page(browser, demo_server) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """Return a signed-in page per role (one context each, opened once), with axe-core."""
    opened: dict[str, Any] = {}

    def _page(role: str) -> Any:
        if role not in opened:
            ctx = browser.new_context(
                base_url=demo_server["base"], locale="en-GB",
                viewport={"width": DESKTOP, "height": 900},
            )  # fmt: skip
            ctx.set_default_timeout(15_000)
            ctx.add_init_script(path=str(AXE))
            page = ctx.new_page()
            email = ROLES[role][0]
            if email:
                sign_in(page, email)
            opened[role] = page
        return opened[role]

    yield _page
    for page in opened.values():
        page.context.close()


def serious_violations(page: Any) -> list[str]:
    """Return axe-core's serious and critical violations on the page as it stands."""
    assert page.evaluate("typeof axe.run") == "function"  # the init script ran
    found: list[str] = page.evaluate(SERIOUS)
    return found


def _with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def _check(page: Any, url: str, width: int, lang: str) -> list[str]:
    """Open a page at a width in a language; return what is wrong with it."""
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(_with_lang(url, lang))
    wrong = []
    if response is None or response.status != 200:
        return [f"{url}: answered {response.status if response else None}"]
    # Wide content scrolls inside its own box; the page itself never scrolls sideways.
    if page.evaluate("document.documentElement.scrollWidth") > width:
        wrong.append(f"{url} ({lang}, {width} px): wider than the screen")
    if page.locator("h1").count() != 1:
        wrong.append(f"{url}: not one h1")
    return wrong


@pytest.mark.parametrize("role", list(ROLES))
def test_main_pages_fit_pass_axe_and_are_shot_in_three_languages(role, role_page, records):  # type: ignore[no-untyped-def]
    page = role_page(role)
    wrong: list[str] = []
    for shown in ROLES[role][1]:
        url = shown.path.format(**records)
        name = shown.docs or f"{role}{shown.path.split('{')[0].replace('/', '-')}".rstrip("-")
        # English on a desktop, then Italian and Vietnamese on a phone; axe in two of them.
        wrong += _check(page, url, DESKTOP, "en")
        wrong += [f"{url} (en, desktop): {v}" for v in serious_violations(page)]
        shot(page, f"{name}-en-desktop", docs=bool(shown.docs), height=TOP)
        # Pages not in the docs are seen on a phone in Vietnamese only (its words run longest).
        for lang in ("it", "vi") if shown.docs else ("vi",):
            wrong += _check(page, url, PHONE, lang)
            if lang == "vi":  # the phone's layout: cards, the folded menu
                wrong += [f"{url} ({lang}, phone): {v}" for v in serious_violations(page)]
            shot(page, f"{name}-{lang}-phone", docs=bool(shown.docs), height=TOP)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", ["en", "it", "vi"])
def test_the_tracking_answer_wears_the_brands_look_and_passes_axe(open_page, records, lang):  # type: ignore[no-untyped-def]
    width = DESKTOP if lang == "en" else PHONE
    page = open_page({"en": "en-GB", "it": "it-IT", "vi": "vi-VN"}[lang], width=width)
    page.context.add_init_script(path=str(AXE))
    page.goto("/track")
    page.locator("#code").fill(records["track_code"])
    page.locator("#imei_last4").fill(records["track_last4"])
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#status")
    assert page.locator(".top .brand").inner_text() == "Xiaomi Care"
    # The brand's own logo, served from this site, stands in for ours.
    logo = page.locator(".top .brand img.logo-tile")
    # decode() waits for the picture to load (it may still be on its way) and fails if it cannot.
    assert logo.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")
    assert logo.get_attribute("src").startswith("/look/logo/")  # type: ignore[union-attr]
    assert page.locator(".stepper li[aria-current=step]").count() == 1
    # The header wears the brand's colour (rgb of #c2410c).
    background = page.evaluate("getComputedStyle(document.querySelector('.top')).backgroundColor")
    assert background == "rgb(194, 65, 12)"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page) == []
    shot(page, f"tracking-{lang}-{'desktop' if lang == 'en' else 'phone'}", docs=True)


def test_on_a_phone_the_menu_folds_and_opens_and_lists_become_cards(role_page, records):  # type: ignore[no-untyped-def]
    page = role_page("shop")
    page.set_viewport_size({"width": PHONE, "height": 900})
    page.goto("/shop/repairs?lang=en")
    menu = page.locator("details.menu")
    assert menu.get_attribute("open") is None  # folded: the list comes first
    assert not page.locator("a[href='/shop/intake']").first.is_visible()
    page.locator("details.menu > summary").click()
    assert page.locator(".top a[href='/shop/intake']").is_visible()
    # Each row is a card: the header row is hidden, each cell says its column's name.
    head = page.locator("table.stack thead").first.bounding_box()
    assert head is not None and head["height"] <= 1  # read by screen readers, not shown
    label = page.evaluate(
        "getComputedStyle(document.querySelector('table.stack td'), '::before').content"
    )
    assert label == '"Code"'
    code = page.locator("table.stack a.code").first
    assert code.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    box = code.bounding_box()
    assert box is not None and box["height"] < 30  # one line: the code never wraps
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.goto("/shop/repairs?lang=en")
    assert not page.locator("details.menu > summary").is_visible()  # the nav is always shown
    assert page.locator(".top a[href='/shop/intake']").is_visible()


def test_the_keyboard_reaches_the_tracking_form_with_a_visible_focus(open_page):  # type: ignore[no-untyped-def]
    page = open_page("en-GB")
    page.goto("/track")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "code":
            break
    assert page.evaluate("document.activeElement.id") == "code"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    for field in ("code", "imei_last4"):  # every field has a label
        assert page.locator(f"label[for={field}]").count() == 1


def test_the_keyboard_opens_the_phone_menu(open_page):  # type: ignore[no-untyped-def]
    page = open_page("en-GB", width=PHONE)
    page.goto("/track")
    page.keyboard.press("Tab")  # the skip link
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.locator("details.menu").get_attribute("open") is not None
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/help"  # the first
