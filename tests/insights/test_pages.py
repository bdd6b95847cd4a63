"""The dashboards' pages: each reader's own figures in their language, charts as valid
Vega-Lite and as pictures, wrong choices kept with their errors, nobody else's figures."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
import vl_convert

from aftersales.charting.images import VEGA_LITE
from aftersales.insights.charts import CHARTS
from tests.factories import make_account
from tests.insights.figures_world import PERIOD, FiguresWorld
from tests.web.pages.helpers import sign_in, texts


@pytest.fixture()
def world(session, now):  # type: ignore[no-untyped-def]
    return FiguresWorld(session, now)


def _page(client, path: str, **params: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    r = client.get(path, params=params or PERIOD)
    return r.status_code, r.text, unescape(texts(r.text))


def test_a_brand_admin_reads_the_networks_figures_with_charts(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.a.brand_admin)
    assert 'href="/brand/insights?brand_id=' in client.get("/brand").text
    code, html, page = _page(client, "/brand/insights")
    assert code == 200
    assert "Insights: Alfa" in page and "Beta" not in page and "Hanoi" not in page
    # 1, 2, 2, 3 and 7 calendar days: 7 are 5 working days
    assert "Median 2, 90th percentile 5" in page and "67% top-2-box from 3 answers" in page
    assert "Napoli Centro" in page  # the centre filter's choice
    blocks = re.findall(r"id=\"chart-(\w+)\" data-spec='([^']*)'", html)
    names = [n for n, _ in blocks]
    assert {"turnaround", "steps", "sla", "backlog", "age", "fixes", "satisfaction"} <= set(names)
    assert set(names) <= set(CHARTS)
    for _, body in blocks:
        assert vl_convert.vegalite_to_vega(json.loads(unescape(body)), vl_version=VEGA_LITE)
    assert "<script>" not in html
    for name in ("turnaround", "sla"):
        assert f'src="/brand/insights/charts/{name}.svg?from=2026-01' in html
        picture = client.get(f"/brand/insights/charts/{name}.svg", params=PERIOD)
        assert picture.status_code == 200 and picture.text.lstrip().startswith("<svg")
        assert picture.headers["content-security-policy"].startswith("default-src 'none'")
    assert client.get("/brand/insights/charts/pie.svg").status_code == 404
    assert 'href="/api/v1/insights/turnaround.csv?from=2026-01' in html


def test_the_page_speaks_the_readers_language(client, world):  # type: ignore[no-untyped-def]
    world.a.brand_admin.language = "it"
    world.session.commit()
    sign_in(client, world.a.brand_admin)
    _, _, page = _page(client, "/brand/insights")
    assert "Analisi: Alfa" in page and "Tempi di riparazione" in page and "gen 2026" in page
    world.a.brand_admin.language = "vi"
    world.session.commit()
    _, _, page = _page(client, "/brand/insights")
    assert "Phân tích: Alfa" in page and "Thời gian sửa chữa" in page


def test_a_centre_manager_reads_the_centres_own_figures(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.a.manager)
    code, html, page = _page(client, "/centre/insights")
    assert code == 200 and "Figures: Napoli Centro" in page
    # a centre sees part of the repairs of phones in use everywhere: reports, no rate
    assert "given for a brand's whole network only" in page
    assert "Per 1,000 phones in use" not in page and "Repairs opened by model" in page
    assert 'name="centre_id"' not in html  # a centre chooses no centre
    assert "/centre/insights" in client.get("/centre/board").text
    assert client.get("/brand/insights").status_code == 404
    assert client.get("/centre/insights/charts/turnaround.svg").status_code == 200


@pytest.mark.parametrize("who", ["technician", "shop_staff", "owner"])
def test_others_are_told_there_are_no_figures(client, world, who):  # type: ignore[no-untyped-def]
    sign_in(client, getattr(world.a, who))
    for path in ("/brand/insights", "/centre/insights", "/centre/insights/charts/sla.svg"):
        assert client.get(path).status_code == 404, path


def test_another_brands_admin_never_reads_this_brand(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.b.brand_admin)
    assert client.get("/brand/insights", params={"brand_id": world.a.brand.id}).status_code == 404
    _, _, page = _page(client, "/brand/insights")
    assert "Insights: Beta" in page and "Alfa" not in page and "Napoli" not in page


def test_a_visitor_is_asked_to_sign_in(client, world):  # type: ignore[no-untyped-def]
    r = client.get("/brand/insights", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_a_platform_admin_chooses_the_brand(client, world):  # type: ignore[no-untyped-def]
    admin = make_account(world.session, "platform_admin")
    world.session.commit()
    sign_in(client, admin)
    code, html, page = _page(client, "/brand/insights", brand_id=str(world.b.brand.id))
    assert code == 200 and "Insights: Beta" in page
    assert f'<option value="{world.a.brand.id}">Alfa</option>' in html


def test_wrong_choices_are_named_and_kept(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.a.brand_admin)
    bad = {"from": "2026-13", "to": "2026-03", "model_id": "x", "fault_category": "smoke"}
    code, html, page = _page(client, "/brand/insights", **bad)
    assert code == 422
    assert "Write a month as year-month, e.g. 2026-03." in page
    assert 'id="model_id-error"' in html and 'id="fault_category-error"' in html
    assert 'value="2026-13"' in html  # what was typed stays
    assert "data-spec=" not in html  # no figures for wrong choices
    code, _, page = _page(client, "/brand/insights", **{"from": "2026-03", "to": "2026-01"})
    assert code == 422 and "The first month comes after the last." in page


def test_an_empty_selection_says_what_to_do(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.a.brand_admin)
    _, _, page = _page(client, "/brand/insights", **{"from": "2025-01", "to": "2025-02"})
    assert "Choose a longer period or remove a filter." in page
