"""The dashboards' API: each reader's figures as JSON, each figure as CSV, translated 422s per
field, and nothing of another brand or centre."""

from __future__ import annotations

import csv
import io

import pytest

from aftersales.insights.csv import TABLES
from tests.factories import login, make_account
from tests.insights.figures_world import PERIOD, FiguresWorld

API = "/api/v1/insights"


@pytest.fixture()
def world(session, now):  # type: ignore[no-untyped-def]
    return FiguresWorld(session, now)


def test_a_brand_admin_gets_every_figure(client, world):  # type: ignore[no-untyped-def]
    login(client, world.a.brand_admin)
    r = client.get(API, params=PERIOD)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["scope"] == {"side": "brand", "brand_id": world.a.brand.id, "centre_id": None,
                             "name": "Alfa"}  # fmt: skip
    assert body["filters"]["first_month"] == "2026-01-01"
    assert body["filters"]["last_month"] == "2026-03-01"
    assert body["turnaround"]["n"] == 5 and body["turnaround"]["median"] == 2
    assert body["backlog"]["total"] == 1
    assert [m["month"] for m in body["sla"]["months"]] == ["2026-01-01", "2026-02-01",
                                                          "2026-03-01"]  # fmt: skip
    assert {s["step"] for s in body["turnaround"]["steps"]} >= {"diagnosis", "repair"}
    narrowed = client.get(API, params={**PERIOD, "fault_category": "battery"}).json()
    assert narrowed["turnaround"]["n"] == 2


def test_each_figure_as_csv(client, world):  # type: ignore[no-untyped-def]
    login(client, world.a.brand_admin)
    for name in TABLES:
        r = client.get(f"{API}/{name}.csv", params=PERIOD)
        assert r.status_code == 200, (name, r.text)
        assert r.headers["content-type"].startswith("text/csv")
        assert f"insights-{name}-b{world.a.brand.id}-" in r.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows and all(h.isascii() for h in rows[0]), name
    sla = list(csv.DictReader(io.StringIO(client.get(f"{API}/sla.csv", params=PERIOD).text)))
    assert [row["month"] for row in sla] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert client.get(f"{API}/pie.csv").status_code == 404


def test_wrong_choices_answer_422_per_field_in_the_callers_language(client, world):  # type: ignore[no-untyped-def]
    login(client, world.a.brand_admin)
    bad = {"from": "2026-1", "country": "Italy", "centre_id": "-1", "fault_category": "smoke"}
    r = client.get(API, params={**bad, "lang": "it"})
    assert r.status_code == 422
    fields = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert set(fields) == {"from", "country", "centre_id", "fault_category"}
    assert fields["from"] == "Scrivi il mese come anno-mese, per esempio 2026-03."
    r = client.get(f"{API}/sla.csv", params={"to": "2026-02", "from": "2026-05"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "from"


def test_a_centre_manager_gets_the_centres_figures(client, world):  # type: ignore[no-untyped-def]
    login(client, world.a.manager)
    body = client.get(API, params=PERIOD).json()
    assert body["scope"]["side"] == "centre" and body["scope"]["name"] == "Napoli Centro"
    assert body["turnaround"]["n"] == 5
    assert client.get(API, params={"brand_id": world.a.brand.id}).status_code == 404


def test_nobody_reads_another_brands_figures(client, world):  # type: ignore[no-untyped-def]
    login(client, world.b.brand_admin)
    assert client.get(API, params={"brand_id": world.a.brand.id}).status_code == 404
    assert client.get(f"{API}/sla.csv", params={"brand_id": world.a.brand.id}).status_code == 404
    own = client.get(API, params=PERIOD).json()
    assert own["scope"]["name"] == "Beta" and own["turnaround"]["n"] == 1
    for who in (world.a.technician, world.a.shop_staff, world.a.owner):
        client.cookies.clear()
        login(client, who)
        assert client.get(API).status_code == 404


def test_a_platform_admin_names_the_brand(client, world):  # type: ignore[no-untyped-def]
    admin = make_account(world.session, "platform_admin")
    world.session.commit()
    login(client, admin)
    body = client.get(API, params={**PERIOD, "brand_id": world.b.brand.id}).json()
    assert body["scope"]["name"] == "Beta"
    assert client.get(API, params={"brand_id": 999_999}).status_code == 404
