"""The dashboards in a real browser: the charts are drawn under the site's Content-Security-Policy
with no error, the page fits a phone and passes axe-core, the filters form narrows the figures
and is kept in the address; shot in Italian and Vietnamese, phone and desktop."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from aftersales.db import make_engine
from aftersales.insights.rollup import refresh
from aftersales.kernel.clock import utcnow
from tests.browser.conftest import shot, sign_in
from tests.browser.test_care_dashboard import WATCH_CSP
from tests.browser.test_pages_fit import AXE, SERIOUS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE, DESKTOP = 360, 1280
LOCALES = {"it": "it-IT", "vi": "vi-VN"}
TITLES = {"it": "Analisi", "vi": "Phân tích"}


@pytest.fixture(scope="module")
def counted(demo_server: dict[str, str]) -> None:
    """Count the demo's repairs into the dashboards' rollups, as the worker would."""
    engine = make_engine(demo_server["database_url"])
    with Session(engine) as s:
        refresh(s, utcnow(), whole=True)
        s.commit()
    engine.dispose()


def _open(open_page: Any, lang: str, width: int, email: str) -> tuple[Any, list[str]]:
    """Open a signed-in page at a width; return it and its console's errors."""
    page = open_page(LOCALES[lang], width=width)
    page.context.add_init_script(script=WATCH_CSP)
    page.context.add_init_script(path=str(AXE))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, email)
    return page, errors


def _drawn(page: Any, errors: list[str], width: int) -> int:
    """Wait for every chart to be drawn; check the policy, the console, the width, axe."""
    charts = page.locator("figure.chart")
    count = charts.count()
    assert count >= 5
    for i in range(count):
        charts.nth(i).locator(".chart-area svg.marks").wait_for()
    assert page.locator("figure.chart.failed").count() == 0
    assert page.evaluate("window.cspViolations || []") == []
    assert [e for e in errors if "WARN" not in e] == []  # vega's own notes are warnings
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SERIOUS) == []
    return count


@pytest.mark.parametrize(("lang", "width"), [("it", PHONE), ("it", DESKTOP), ("vi", PHONE),
                                             ("vi", DESKTOP)])  # fmt: skip
def test_the_brands_dashboard_is_drawn_and_fits(open_page, counted, lang, width):  # type: ignore[no-untyped-def]
    page, errors = _open(open_page, lang, width, "brand.xiaomi@demo.aftersales")
    page.goto(f"/brand/insights?lang={lang}")
    assert page.locator("h1").inner_text().startswith(TITLES[lang])
    _drawn(page, errors, width)
    device = "phone" if width == PHONE else "desktop"
    shown = (lang, device) in (("it", "desktop"), ("vi", "phone"))  # those docs/pages.md shows
    shot(page, f"insights-brand-{lang}-{device}", docs=shown)


def test_the_filters_narrow_the_figures_and_stay_in_the_address(open_page, counted):  # type: ignore[no-untyped-def]
    page, errors = _open(open_page, "it", DESKTOP, "brand.xiaomi@demo.aftersales")
    page.goto("/brand/insights?lang=it")
    page.locator("details.choices > summary").click()
    page.locator("#fault_category").select_option("display")
    page.locator("details.choices button[type=submit]").click()
    page.wait_for_url("**fault_category=display**")
    assert page.locator("#fault_category").input_value() == "display"
    _drawn(page, errors, DESKTOP)
    if not page.locator("details.choices[open]").count():
        page.locator("details.choices > summary").click()
    # A browser's month field refuses a wrong month; typed as text, the server must say it.
    page.locator("#from").evaluate("e => { e.type = 'text'; }")
    page.locator("#from").fill("2026-13")
    page.locator("details.choices button[type=submit]").click()
    assert (
        page.locator("#from-error").inner_text()
        == "Scrivi il mese come anno-mese, per esempio 2026-03."
    )


@pytest.mark.parametrize(("lang", "width"), [("it", PHONE), ("vi", DESKTOP)])
def test_the_centres_figures_are_drawn_and_fit(open_page, counted, lang, width):  # type: ignore[no-untyped-def]
    page, errors = _open(open_page, lang, width, "manager.naples@demo.aftersales")
    page.goto(f"/centre/insights?lang={lang}")
    _drawn(page, errors, width)
    assert page.locator("#centre_id").count() == 0
    device = "phone" if width == PHONE else "desktop"
    shot(page, f"insights-centre-{lang}-{device}")
