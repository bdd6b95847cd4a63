"""The stock pages in a browser: the centre's shelf with its low parts and the brand's stock
across the network, in Italian and Vietnamese at a phone's and a desktop's width; a transfer
made by clicks, refused with the reason under its field and then done.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import shot, sign_in
from tests.browser.test_pages_fit import DESKTOP, PHONE, TOP, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture()
def signed_in(browser, demo_server) -> Any:  # type: ignore[no-untyped-def]
    """Return a page signed in as the given demo account, with axe-core; closed afterwards."""
    contexts = []

    def _as(email: str) -> Any:
        ctx = browser.new_context(base_url=demo_server["base"], locale="en-GB")
        ctx.set_default_timeout(15_000)
        ctx.add_init_script(path="tests/browser/vendor/axe-core/axe.min.js")
        contexts.append(ctx)
        page = ctx.new_page()
        sign_in(page, email)
        return page

    yield _as
    for ctx in contexts:
        ctx.close()


def _look(page: Any, path: str, name: str, docs: bool = True) -> list[str]:
    """Open a page in it and vi at both widths, shoot it; return what is wrong with it."""
    wrong = []
    for lang in ("it", "vi"):
        for size, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            joined = "&" if "?" in path else "?"
            response = page.goto(f"{path}{joined}lang={lang}")
            assert response is not None and response.status == 200, path
            if page.evaluate("document.documentElement.scrollWidth") > width:
                wrong.append(f"{path} ({lang}, {size}): wider than the screen")
            wrong += [f"{path} ({lang}, {size}): {v}" for v in serious_violations(page)]
            shot(page, f"{name}-{lang}-{size}", docs=docs, height=TOP)
    return wrong


def test_the_centre_manager_sees_the_low_parts_first(signed_in) -> None:  # type: ignore[no-untyped-def]
    page = signed_in("manager.naples@demo.aftersales")
    page.goto("/centre/stock")
    page.locator("p.flag a").click()  # "N parts are at or under …": "Show only those"
    page.wait_for_url("**/centre/stock?low=1*")
    rows = page.locator("#levels-h ~ div table tbody tr")
    assert rows.count() > 0 and rows.count() == page.locator("tr.low").count()
    wrong = _look(page, "/centre/stock", "centre-stock-all", docs=False)  # docs: pages_fit
    wrong += _look(page, "/centre/stock?low=1", "centre-stock-low")
    assert not wrong, "\n".join(wrong)


def test_the_brand_sends_parts_to_a_low_centre_by_clicks(signed_in) -> None:  # type: ignore[no-untyped-def]
    # In the admin's own language (the demo's is Italian): found by what the page is, not says.
    page = signed_in("brand.xiaomi@demo.aftersales")
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.goto("/brand")
    page.locator("section[aria-labelledby=stock-h] a[href^='/brand/stock']").first.click()
    page.wait_for_url("**/brand/stock?*")
    page.locator("input[name=low]").check()
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url("**low=1*")
    low = page.locator("table tbody tr.low").first
    number = low.locator(".code").inner_text()
    low.locator("a[href*='to_place=centre']").click()  # "Send here": part and place chosen
    page.wait_for_url("**to_place=centre*")
    assert page.locator("#t-part_id option:checked").inner_text().startswith(number)
    depot = page.locator("#t-from_place option[value^='warehouse:']").first
    page.locator("#t-from_place").select_option(depot.get_attribute("value"))
    page.locator("#t-quantity").fill("100000")
    page.locator("#transfer ~ form button[type=submit]").click()
    error = page.locator("#t-quantity-error")
    assert any(c.isdigit() for c in error.inner_text())  # how many there are
    assert page.locator("#t-quantity").input_value() == "100000"  # kept as typed
    assert page.locator("#t-quantity").get_attribute("aria-invalid") == "true"
    assert page.locator("#t-from_place").input_value() == depot.get_attribute("value")
    assert page.locator("#t-part_id option:checked").inner_text().startswith(number)
    assert serious_violations(page) == []
    shot(page, "network-stock-refused-desktop", docs=True)
    page.locator("#t-quantity").fill("1")
    page.locator("#transfer ~ form button[type=submit]").click()
    assert page.locator("p.ok").is_visible()
    wrong = _look(page, "/brand/stock", "network-stock")
    wrong += _look(page, "/brand/stock?low=1", "network-stock-low")
    assert not wrong, "\n".join(wrong)
