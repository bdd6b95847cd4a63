"""The commitment dashboard in a real browser: a model's charts are drawn (an SVG in each chart's
box) under the site's Content-Security-Policy, with no violation and no error in the console;
the pages fit a phone, pass axe-core, and are shot in Italian and Vietnamese, phone and desktop.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel
from aftersales.db import make_engine
from tests.browser.conftest import shot, sign_in
from tests.browser.test_pages_fit import AXE, SERIOUS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE, DESKTOP = 360, 1280
LOCALES = {"it": "it-IT", "vi": "vi-VN", "en": "en-GB"}
# Kept by the page from its first script on: the policy's refusals, which the console may not say.
WATCH_CSP = """document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations = window.cspViolations || [];
  window.cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});"""


def _mi_8(database_url: str) -> int:
    engine = make_engine(database_url)
    with Session(engine) as s:
        found = s.scalar(
            select(PhoneModel.id)
            .join(Brand)
            .where(Brand.slug == "xiaomi", PhoneModel.name == "Mi 8")
        )
    engine.dispose()
    assert found is not None
    return found


def _open(open_page: Any, lang: str, width: int) -> tuple[Any, list[str]]:
    """Open a signed-in brand admin's page at a width; return it and its console's errors."""
    page = open_page(LOCALES[lang], width=width)
    page.context.add_init_script(script=WATCH_CSP)
    page.context.add_init_script(path=str(AXE))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, "brand.xiaomi@demo.aftersales")
    return page, errors


@pytest.mark.parametrize(("lang", "width"), [("it", PHONE), ("it", DESKTOP), ("vi", PHONE),
                                             ("vi", DESKTOP)])  # fmt: skip
def test_a_models_charts_are_drawn_under_the_csp(open_page, demo_server, lang, width):  # type: ignore[no-untyped-def]
    model_id = _mi_8(demo_server["database_url"])
    page, errors = _open(open_page, lang, width)
    page.goto(f"/brand/care/models/{model_id}?lang={lang}")
    charts = page.locator("figure.chart")
    assert charts.count() == 5  # phones, repairs, versions, still in use, parts runway
    for i in range(5):  # drawn: vega-embed's SVG inside each chart's box
        charts.nth(i).locator(".chart-area svg.marks").wait_for()
    assert page.locator("figure.chart.drawn").count() == 5
    assert page.locator("figure.chart.failed").count() == 0
    assert page.locator("figure.chart .chart-area svg .mark-rect path").count() > 3  # the bars
    assert page.evaluate("window.cspViolations || []") == []
    assert [e for e in errors if "WARN" not in e] == []  # vega's own notes are warnings
    # The chart fits its card: the page never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    title = {"it": "Telefoni venduti per trimestre", "vi": "Điện thoại đã bán theo quý"}[lang]
    assert title in page.locator("figure.chart").first.inner_text()
    assert page.evaluate(SERIOUS) == []
    device = "phone" if width == PHONE else "desktop"
    shown = (lang, device) in (("it", "desktop"), ("vi", "phone"))  # those docs/pages.md shows
    shot(page, f"care-model-{lang}-{device}", docs=shown)


@pytest.mark.parametrize(("lang", "width"), [("it", DESKTOP), ("vi", PHONE)])
def test_the_brands_dashboard_lists_its_models_with_their_flags(open_page, lang, width):  # type: ignore[no-untyped-def]
    page, errors = _open(open_page, lang, width)
    page.goto(f"/brand?lang={lang}")
    page.locator("#care-h ~ p a.button").click()
    page.wait_for_url("**/brand/care?**")
    page.goto(f"{page.url}&lang={lang}")  # the link keeps the account's language: ask for ours
    rows = page.locator("table.stack tbody tr")
    assert rows.count() == 3  # Mi 8, Mi 9, Redmi Note 8
    assert page.locator("p.flag").count() >= 2  # the Mi 8: an overdue update and a late part
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SERIOUS) == [] and page.evaluate("window.cspViolations || []") == []
    assert errors == []
    device = "phone" if width == PHONE else "desktop"
    shot(page, f"care-brand-{lang}-{device}", docs=True)
