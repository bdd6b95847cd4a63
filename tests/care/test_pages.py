"""The dashboard's pages: the brand page's way in, a brand's models with their flags in the
reader's language, a model's charts as valid Vega-Lite (and as SVG pictures), its late parts,
and the commitments form's security cadence."""

from __future__ import annotations

import dataclasses
import json
import re
from html import unescape

import vl_convert

from aftersales.care import charts, dashboard
from aftersales.charting.images import VEGA_LITE
from tests.care.dataset import Brand
from tests.factories import make_account, make_brand
from tests.web.pages.helpers import post, sign_in, texts

EN = {"Accept-Language": "en"}


def _speak(session, account, lang: str) -> None:  # type: ignore[no-untyped-def]
    account.language = lang
    session.commit()


def test_the_brand_page_leads_to_the_dashboard_of_its_models(client, session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    b.forecast(runway=None)
    session.commit()
    sign_in(client, b.admin)
    home = client.get("/brand", headers=EN).text
    assert f'href="/brand/care?brand_id={b.brand.id}"' in home
    page = unescape(texts(client.get("/brand/care", headers=EN).text))
    assert "Care Test: Commitment dashboard" in page
    assert "Alpha" in page and "Beta" in page and "No flag raised" in page
    assert ("Security update overdue: the last one came 99 days ago, and one is promised at "
            "least every 90 days (Italy).") in page  # fmt: skip
    assert "2 repairs waited for parts longer than the delivery time." in page
    assert f"/api/v1/brands/{b.brand.id}/care.csv" in client.get("/brand/care").text
    _speak(session, b.admin, "vi")
    page = unescape(texts(client.get("/brand/care").text))
    assert "Bảng theo dõi cam kết" in page and "Cập nhật bảo mật bị trễ" in page
    _speak(session, b.admin, "it")
    page = unescape(texts(client.get("/brand/care").text))
    assert "Cruscotto degli impegni" in page and "2 riparazioni hanno atteso i ricambi" in page


def test_a_models_page_draws_its_charts_from_valid_specs_in_the_readers_language(
    client, session, now
):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    b.forecast(runway=10.0)
    session.commit()
    sign_in(client, b.admin)
    _speak(session, b.admin, "it")
    html = client.get(f"/brand/care/models/{b.alpha.id}").text
    blocks = re.findall(r"id=\"chart-(\w+)\" data-spec='([^']*)'", html)
    assert [name for name, _ in blocks] == ["phones", "repairs", "versions", "in_use", "runway"]
    specs = {name: json.loads(unescape(body)) for name, body in blocks}
    assert specs["phones"]["description"] == "Telefoni venduti per trimestre"
    assert "Telefoni venduti per trimestre" in texts(html)  # said above it, where it wraps
    assert specs["phones"]["config"]["locale"]["number"]["thousands"] == "."
    quarters = [v["quarter"] for v in specs["phones"]["data"]["values"]]
    assert quarters[:2] == ["T1 2025", "T2 2025"]  # the Italian quarter
    for spec in specs.values():  # each compiles to Vega with the page's Vega-Lite
        assert vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE)["marks"]
    page = unescape(texts(html))
    assert "Impegni a rischio" in page and "ancora atteso" in page and "6 giorni lavorativi" in page
    assert "da 8 a 13, con probabilità dell'80%" in page and "Autonomia dei ricambi" in page
    assert "10 mesi" in page and "1 ricambio si esaurisce prima della fine" in page
    assert specs["runway"]["data"]["values"] == [
        {"part": b.display.number, "months": 10.0, "state": "Si esaurisce"}
    ]
    assert [v["n"] for v in specs["in_use"]["data"]["values"]] == [10, 9]
    for name in ("in_use", "runway"):
        assert client.get(f"/brand/care/models/{b.alpha.id}/charts/{name}.svg").status_code == 200
    assert "<script>" not in html  # nothing inline: the CSP would refuse it
    picture = client.get(f"/brand/care/models/{b.alpha.id}/charts/versions.svg")
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/svg+xml"
    assert picture.text.startswith("<svg") and "Telefoni per versione software" in picture.text
    assert "style-src 'unsafe-inline'" in picture.headers["content-security-policy"]
    assert client.get(f"/brand/care/models/{b.alpha.id}/charts/other.svg").status_code == 404


def test_other_brands_and_staff_are_told_the_dashboard_is_not_there(client, session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    stranger = make_account(session, "brand_admin", brand_id=make_brand(session).id)
    session.commit()
    sign_in(client, stranger)
    assert client.get(f"/brand/care?brand_id={b.brand.id}").status_code == 404
    assert client.get(f"/brand/care/models/{b.alpha.id}").status_code == 404
    assert client.get(f"/brand/care/models/{b.alpha.id}/charts/phones.svg").status_code == 404


def test_the_commitments_form_sets_the_security_cadence(client, session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    session.commit()
    sign_in(client, b.admin)
    form = {"model_id": str(b.alpha.id), "country": "IT", "warranty": "default",
            "repair": "default", "parts": "default", "updates": "default"}  # fmt: skip
    r = post(client, f"/brand/commitments?brand_id={b.brand.id}",
             {**form, "security_cadence_days": "400"})  # fmt: skip
    assert r.status_code == 422 and "Use a number of days from 1 to 366." in unescape(r.text)
    assert 'value="400"' in r.text  # the input is kept
    r = post(client, f"/brand/commitments?brand_id={b.brand.id}",
             {**form, "security_cadence_days": "120"})  # fmt: skip
    assert r.status_code == 303
    page = unescape(texts(client.get("/brand", headers=EN).text))
    assert "at least every 120 days" in page
    care = unescape(texts(client.get(f"/brand/care/models/{b.alpha.id}", headers=EN).text))
    assert "at least every 120 days" in care and "on time" in care


def test_a_chart_is_built_once_for_the_same_figures_language_and_locale(client, session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    session.commit()
    series = dashboard.series(session, b.alpha, now.date())
    one = charts.kept_chart("phones", series, None, lambda m: m, "it", "it")
    assert charts.kept_chart("phones", series, None, lambda m: m, "it", "it") is one
    other = charts.kept_chart("phones", series, None, lambda m: m, "vi", "vi")
    assert other is not one and other["config"]["locale"] != one["config"]["locale"]
    fewer = dataclasses.replace(series, phones=series.phones[:1])  # new figures: built anew
    assert charts.kept_chart("phones", fewer, None, lambda m: m, "it", "it") is not one
