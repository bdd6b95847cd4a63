"""The satisfaction pages: each role's report in its language, charts as valid Vega-Lite and
as pictures, comments escaped and paged, wrong choices kept with their errors, few queries."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
import vl_convert
from sqlalchemy import event

from aftersales.charting import kept
from aftersales.charting.images import VEGA_LITE
from tests.factories.survey_answers import SurveyWorld
from tests.web.pages.helpers import texts

PERIOD = {"from": "2026-02", "to": "2026-03"}


@pytest.fixture()
def world(session, now):  # type: ignore[no-untyped-def]
    return SurveyWorld(session, now)


def _speak(world: SurveyWorld, account, lang: str) -> None:  # type: ignore[no-untyped-def]
    account.language = lang
    world.session.commit()


def test_the_brand_report_shows_the_figures_charts_and_comments(client, world):  # type: ignore[no-untyped-def]
    world.sign_in(client, world.brand_admin)
    assert 'href="/brand/satisfaction?brand_id=' in client.get("/brand").text
    html = client.get("/brand/satisfaction", params=PERIOD).text
    page = unescape(texts(html))
    assert "Satisfaction: Alfa" in page and "72%" in page and "180 answers" in page
    assert "Napoli Centro" in page and "Roma Est" in page and "Beta" not in page
    assert "&lt;b&gt;Lento&lt;/b&gt;" in html and "<b>Lento" not in html
    assert "Beta secret" not in page and "13 comments" in page
    blocks = re.findall(r"id=\"chart-(\w+)\" data-spec='([^']*)'", html)
    assert [n for n, _ in blocks] == ["trend", "attributes", "turnaround", "contacts"]
    for _, body in blocks:
        assert vl_convert.vegalite_to_vega(json.loads(unescape(body)), vl_version=VEGA_LITE)
    assert "<script>" not in html
    picture = client.get("/brand/satisfaction/charts/trend.svg", params=PERIOD)
    assert picture.status_code == 200 and picture.text.lstrip().startswith("<svg")
    assert client.get("/brand/satisfaction/charts/pie.svg").status_code == 404


def test_the_report_speaks_the_readers_language(client, world):  # type: ignore[no-untyped-def]
    world.sign_in(client, world.brand_admin)
    _speak(world, world.brand_admin, "it")
    page = unescape(texts(client.get("/brand/satisfaction", params=PERIOD).text))
    assert "Soddisfazione: Alfa" in page and "180 risposte" in page and "Costo" in page
    assert "feb 2026" in page  # the Italian month
    _speak(world, world.brand_admin, "vi")
    page = unescape(texts(client.get("/brand/satisfaction", params=PERIOD).text))
    assert "Mức độ hài lòng: Alfa" in page and "180 câu trả lời" in page


def test_wrong_choices_are_kept_with_a_translated_error(client, world):  # type: ignore[no-untyped-def]
    world.sign_in(client, world.brand_admin)
    _speak(world, world.brand_admin, "it")
    r = client.get("/brand/satisfaction", params={"from": "2026-3", "months": "999"})
    assert r.status_code == 422
    page = unescape(texts(r.text))
    assert "Scrivi il mese come anno-mese" in page and "Indica da 1 a 120 mesi." in page
    assert 'value="2026-3"' in r.text and 'value="999"' in r.text


def test_each_role_opens_its_own_page_only(client, world):  # type: ignore[no-untyped-def]
    world.sign_in(client, world.manager)
    page = unescape(texts(client.get("/centre/satisfaction", params=PERIOD).text))
    assert "Satisfaction: Napoli Centro" in page and "120 answers" in page and "Roma" not in page
    assert client.get("/brand/satisfaction").status_code == 404
    world.sign_in(client, world.shop_staff)
    page = unescape(texts(client.get("/shop/satisfaction", params=PERIOD).text))
    assert "Satisfaction: Ercolano" in page and "60 answers" in page
    world.sign_in(client, world.technician)
    for base in ("/brand", "/centre", "/shop", "/admin"):
        assert client.get(f"{base}/satisfaction").status_code == 404
    world.sign_in(client, world.admin)
    page = unescape(texts(client.get("/admin/satisfaction", params=PERIOD).text))
    assert "230 answers" in page and "Ranking by brand" in page
    page = unescape(
        texts(client.get("/brand/satisfaction", params=PERIOD | {"brand_id": world.b.id}).text)
    )
    assert "Satisfaction: Beta" in page and "50 answers" in page


def test_a_report_page_costs_the_same_queries_whatever_its_figures(client, world):  # type: ignore[no-untyped-def]
    kept._kept.clear()  # another test's world may have left the same figures' results
    world.sign_in(client, world.brand_admin)
    counted: list[str] = []

    def count(*args: object) -> None:
        counted.append(str(args[2]))

    def statements(params: dict[str, str]) -> int:
        counted.clear()
        event.listen(world.session.get_bind(), "before_cursor_execute", count)
        try:
            assert client.get("/brand/satisfaction", params=params).status_code == 200
        finally:
            event.remove(world.session.get_bind(), "before_cursor_execute", count)
        return len(counted)

    few = statements(PERIOD)
    assert few <= 22, counted
    # The same sums: the drivers and the choices are kept from the first (fewer statements).
    assert statements(PERIOD | {"rank_by": "model", "about": "cost"}) < few
    assert statements(PERIOD | {"centre_id": str(world.c1.id), "rank_by": "shop"}) == few
