"""Every main page, at desktop and phone width: it renders, fits the screen, is screenshotted."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot, sign_in

# One xdist worker runs them all: they share one demo server per worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PAGES = {
    None: ["/track", "/login"],
    "owner@demo.aftersales": ["/my/repairs", "/my/phones", "/book", "/profile"],
    "shop.portici@demo.aftersales": ["/shop/repairs", "/shop/intake", "/webhooks"],
    "tech1.naples@demo.aftersales": ["/centre/queue"],
    "manager.naples@demo.aftersales": ["/centre/board"],
    "brand.xiaomi@demo.aftersales": ["/brand", "/webhooks"],
}


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("who", list(PAGES))
def test_main_pages_fit_the_screen(open_page, who, width):  # type: ignore[no-untyped-def]
    page = open_page("it-IT", width=width)
    if who:
        sign_in(page, who)
    for path in PAGES[who]:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        # Wide tables scroll inside their own box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        assert page.locator("h1").count() == 1, path
        name = f"{'desktop' if width > 400 else 'phone'}{path.replace('/', '-')}"
        shot(page, f"{(who or 'public').split('@')[0]}-{name}")


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
