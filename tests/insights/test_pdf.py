"""The dashboards as PDF: the reader's figures and charts in their language, the choices named,
empty charts explained, wrong choices answered on the page, nobody else's figures."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.insights.figures_world import PERIOD, FiguresWorld
from tests.web.pages.helpers import sign_in


@pytest.fixture()
def world(session, now):  # type: ignore[no-untyped-def]
    return FiguresWorld(session, now)


def _text(data: bytes) -> str:
    """Return the PDF's words, one space between them (lines break anywhere in a PDF)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def _images(data: bytes) -> int:
    return sum(len(p.images) for p in PdfReader(io.BytesIO(data)).pages)


def test_a_brand_admin_prints_the_networks_figures(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.a.brand_admin)
    page = client.get("/brand/insights", params=PERIOD).text
    assert 'href="/brand/insights.pdf?from=2026-01&amp;to=2026-03"' in page
    r = client.get("/brand/insights.pdf", params=PERIOD)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert 'filename="insights-2026-01-2026-03.pdf"' in r.headers["content-disposition"]
    text = _text(r.content)
    assert "Insights: Alfa" in text and "From Jan 2026 to Mar 2026." in text
    assert "Beta" not in text and "Hanoi" not in text
    assert "Turnaround, median (working days) 2" in text and "Top-2-box satisfaction 67%" in text
    assert "Turnaround of the repairs closed (working days)" in text  # a chart's title
    # 7 of the 10 charts have figures in this world (the page draws the same ones)
    drawn = page.count('class="card chart"')
    assert _images(r.content) == drawn >= 7


def test_the_pdf_names_the_choices_and_says_why_a_chart_is_empty(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.a.brand_admin)
    asked = {**PERIOD, "fault_category": "liquid_damage", "country": "IT"}
    text = _text(client.get("/brand/insights.pdf", params=asked).content)
    assert "Country: IT; Fault: Liquid damage" in text
    assert "Nothing to count in this period and selection." in text
    assert "No repair is open in this selection." in text


def test_the_pdf_speaks_the_readers_language(client, world):  # type: ignore[no-untyped-def]
    for lang, words in (("it", ("Analisi: Alfa", "gen 2026", "In sintesi")),
                        ("vi", ("Phân tích: Alfa", "Thời gian sửa chữa",))):  # fmt: skip
        world.a.brand_admin.language = lang
        world.session.commit()
        sign_in(client, world.a.brand_admin)
        r = client.get("/brand/insights.pdf", params=PERIOD)
        assert r.headers["content-language"] == lang
        text = _text(r.content)
        for word in words:
            assert word in text, (lang, word)


def test_a_centre_manager_prints_the_centres_own(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.a.manager)
    r = client.get("/centre/insights.pdf", params=PERIOD)
    assert r.status_code == 200 and "Figures: Napoli Centro" in _text(r.content)
    assert client.get("/brand/insights.pdf").status_code == 404


def test_wrong_choices_get_the_page_with_each_message(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.a.brand_admin)
    r = client.get("/brand/insights.pdf", params={"from": "2026-13", "model_id": "x"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "Write a month as year-month, e.g. 2026-03." in r.text
    assert 'id="model_id-error"' in r.text


def test_nobody_else_prints_the_figures(client, world):  # type: ignore[no-untyped-def]
    assert client.get("/brand/insights.pdf", follow_redirects=False).status_code == 303
    sign_in(client, world.b.brand_admin)
    asked = {"brand_id": str(world.a.brand.id)}
    assert client.get("/brand/insights.pdf", params=asked).status_code == 404
    assert "Alfa" not in _text(client.get("/brand/insights.pdf").content)
    sign_in(client, world.a.technician)
    assert client.get("/centre/insights.pdf").status_code == 404
