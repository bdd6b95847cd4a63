"""Defect alerts in a real browser, on the demo: the Mi 8's display alert is open, dated before
the owners' complaints peaked; its chart is drawn under the CSP; the pages fit a phone, pass
axe-core and are shot in Italian and Vietnamese, phone and desktop; an admin acknowledges it.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel
from aftersales.community.models import CommunityQuestion
from aftersales.db import make_engine
from aftersales.defects.models import DefectAlert
from tests.browser.conftest import shot, sign_in
from tests.browser.test_care_dashboard import WATCH_CSP
from tests.browser.test_pages_fit import AXE, SERIOUS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE, DESKTOP = 360, 1280
LOCALES = {"it": "it-IT", "vi": "vi-VN"}


def _mi_8_alert(database_url: str) -> tuple[int, str, Any, Any]:
    """Return the Mi 8's display alert: id, status, start, and the week complaints peaked."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        model = s.scalars(select(PhoneModel).where(PhoneModel.name == "Mi 8")).one()
        mine = (DefectAlert.model_id == model.id, DefectAlert.fault_category == "display")
        alert = s.scalars(select(DefectAlert).where(*mine)).one()
        q = CommunityQuestion
        about = (q.model_id == model.id, q.fault_category == "display")
        asked = s.scalars(select(q.created_at).where(*about)).all()
        weeks = Counter(a.date() - timedelta(days=a.weekday()) for a in asked)
        peak = max(weeks, key=lambda w: (weeks[w], w))
        found = (alert.id, alert.status, alert.started_on, peak)
    engine.dispose()
    return found


def test_the_demos_mi_8_alert_starts_before_the_complaints_peak(demo_server):  # type: ignore[no-untyped-def]
    _, status, started, peak = _mi_8_alert(demo_server["database_url"])
    assert status == "open"
    assert started < peak - timedelta(weeks=4), (started, peak)


@pytest.mark.parametrize(("lang", "width"), [("it", PHONE), ("it", DESKTOP), ("vi", PHONE),
                                             ("vi", DESKTOP)])  # fmt: skip
def test_the_alert_pages_in_a_browser(open_page, demo_server, lang, width):  # type: ignore[no-untyped-def]
    alert_id, *_ = _mi_8_alert(demo_server["database_url"])
    page = open_page(LOCALES[lang], width=width)
    page.context.add_init_script(script=WATCH_CSP)
    page.context.add_init_script(path=str(AXE))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, "brand.xiaomi@demo.aftersales")
    device = "phone" if width == PHONE else "desktop"
    page.goto(f"/brand/alerts?lang={lang}")
    assert page.locator(f'a[href="/brand/alerts/{alert_id}"]').count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SERIOUS) == []
    shot(page, f"alerts-{lang}-{device}", docs=(lang, device) in (("it", "desktop"),))
    page.goto(f"/brand/alerts/{alert_id}?lang={lang}")
    page.locator("figure.chart .chart-area svg.marks").wait_for()
    assert page.locator("figure.chart.failed").count() == 0
    assert page.evaluate("window.cspViolations || []") == []
    assert [e for e in errors if "WARN" not in e] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SERIOUS) == []
    shot(
        page, f"alert-{lang}-{device}", docs=(lang, device) in (("it", "desktop"), ("vi", "phone"))
    )


def test_an_admin_acknowledges_with_a_reason(open_page, demo_server):  # type: ignore[no-untyped-def]
    alert_id, *_ = _mi_8_alert(demo_server["database_url"])
    page = open_page("it-IT", width=PHONE)
    sign_in(page, "brand.xiaomi@demo.aftersales")
    page.goto(f"/brand/alerts/{alert_id}?lang=it")
    page.locator('#decide-h ~ form input[name=status][value="acknowledged"]').check()  # none yet
    page.locator("#decide-h ~ form button[type=submit]").click()
    assert "Scrivi un motivo" in page.locator("#decide-reason-error").inner_text()
    page.locator("#decide-reason").fill("Fornitore dei pannelli avvisato, lotto in verifica.")
    page.locator("#decide-h ~ form button[type=submit]").click()
    page.wait_for_url(f"**/brand/alerts/{alert_id}")
    assert "Preso in carico" in page.locator("main").inner_text()
