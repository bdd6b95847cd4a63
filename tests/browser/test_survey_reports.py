"""The satisfaction report in a real browser: its four charts drawn under the site's
Content-Security-Policy with no error, the page fitting a phone and passing axe-core, shot in
Italian and Vietnamese, phone and desktop.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre, Shop
from aftersales.db import make_engine
from aftersales.kernel.clock import utcnow
from aftersales.surveys.models import ATTRIBUTES
from aftersales.surveys.rollup import refresh
from tests.browser.conftest import shot, sign_in
from tests.browser.test_care_dashboard import WATCH_CSP
from tests.browser.test_pages_fit import AXE, SERIOUS
from tests.factories.survey_answers import make_answers

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE, DESKTOP = 360, 1280
LOCALES = {"it": "it-IT", "vi": "vi-VN"}
WORDS = [
    "Tecnico molto gentile, telefono pronto in due giorni.",
    "Troppa attesa per il ricambio, nessuno mi ha avvisato.",
    "Spiegazione chiara del guasto e prezzo onesto.",
    "<script>alert(1)</script>",
]


@pytest.fixture(scope="module")
def answers(demo_server: dict[str, str]) -> None:
    """Add 900 answers about Xiaomi's centres, shops and models over a year, counted."""
    engine = make_engine(demo_server["database_url"])
    rng = random.Random(12)
    with Session(engine) as s:
        brand = s.scalars(select(Brand).where(Brand.slug == "xiaomi")).one()
        models = s.scalars(select(PhoneModel.id).where(PhoneModel.brand_id == brand.id)).all()
        centres = s.scalars(select(ServiceCentre.id).limit(3)).all()
        shops = s.scalars(select(Shop.id).limit(4)).all()
        today, rows = date.today(), []
        for i in range(900):
            days = rng.choice([1, 2, 3, 4, 6, 8, 12, 15])
            good = rng.random() < (0.9 if days <= 5 else 0.55)
            rows.append({
                "brand_id": brand.id, "centre_id": rng.choice(centres),
                "shop_id": rng.choice(shops), "model_id": rng.choice(models),
                "answered_on": today - timedelta(days=rng.randrange(330)),
                "overall": rng.choice([4, 5]) if good else rng.choice([1, 2, 3]),
                **{a: (rng.choice([3, 4, 5, 5]) if good else rng.choice([1, 2, 3, 4, 5]))
                   if rng.random() > 0.05 else None for a in ATTRIBUTES},
                "turnaround_days": days, "contacts": rng.choice([0, 0, 1, 2, 3]),
                "comment": WORDS[i % 4] if i % 9 == 0 else None, "language": "it",
            })  # fmt: skip
        make_answers(s, rows)
        refresh(s, utcnow())
        s.commit()
    engine.dispose()


@pytest.mark.parametrize(
    ("lang", "width"), [("it", PHONE), ("it", DESKTOP), ("vi", PHONE), ("vi", DESKTOP)]
)
def test_the_brand_report_draws_its_charts_and_fits(open_page, answers, lang, width):  # type: ignore[no-untyped-def]
    page = open_page(LOCALES[lang], width=width)
    page.context.add_init_script(script=WATCH_CSP)
    page.context.add_init_script(path=str(AXE))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, "brand.xiaomi@demo.aftersales")
    page.goto(f"/brand/satisfaction?lang={lang}")
    charts = page.locator("figure.chart")
    assert charts.count() == 4
    for i in range(4):
        charts.nth(i).locator(".chart-area svg.marks").wait_for()
    assert page.locator("figure.chart.failed").count() == 0
    assert page.evaluate("window.cspViolations || []") == []
    assert [e for e in errors if "WARN" not in e] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    title = {"it": "Soddisfazione", "vi": "Mức độ hài lòng"}[lang]
    assert title in page.locator("h1").inner_text()
    assert "<script>alert(1)</script>" in page.locator("#comments-h + form ~ ul").inner_text()
    assert page.evaluate(SERIOUS) == []
    device = "phone" if width == PHONE else "desktop"
    shown = (lang, device) in (("it", "desktop"), ("vi", "phone"))
    shot(page, f"satisfaction-brand-{lang}-{device}", docs=shown)


def test_wrong_choices_are_shown_again_with_their_message(open_page, answers) -> None:  # type: ignore[no-untyped-def]
    page: Any = open_page("it-IT", width=PHONE)
    sign_in(page, "brand.xiaomi@demo.aftersales")
    page.goto("/brand/satisfaction?lang=it&months=500")
    assert "Indica da 1 a 120 mesi." in page.locator("#months-error").inner_text()
    assert page.locator("#months").input_value() == "500"
