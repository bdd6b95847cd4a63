"""The satisfaction API: each role's figures and no one else's, the CSVs, clear errors."""

from __future__ import annotations

import csv
import io

import pytest

from tests.factories.survey_answers import SurveyWorld

API = "/api/v1/satisfaction"
PERIOD = {"from": "2026-02", "to": "2026-03"}


@pytest.fixture()
def world(session, now):  # type: ignore[no-untyped-def]
    return SurveyWorld(session, now)


def test_a_brand_admin_reads_their_brands_figures_ranked_by_centre(client, world):  # type: ignore[no-untyped-def]
    world.sign_in(client, world.brand_admin)
    body = client.get(API, params=PERIOD | {"lang": "it"}).json()
    assert body["overall"]["n"] == 180 and body["overall"]["top2"] == 130
    assert body["filters"]["brand_id"] == world.a.id and body["rank_by"] == "centre"
    ranking = [(x["name"], x["rank"], x["tied"], x["n"]) for x in body["ranking"]]
    assert ranking == [("Napoli Centro", 1, False, 120), ("Roma Est", 2, False, 60)]
    assert [m["month"] for m in body["trend"]] == ["2026-02-01", "2026-03-01"]
    cost = next(a for a in body["attributes"] if a["attribute"] == "cost")
    assert (cost["n"], cost["top2"], cost["label"]) == (120, 120, "Costo")
    assert [b["bucket"] for b in body["turnaround"]] == ["0-2", "3-5", "6-10", "11+"]
    assert body["turnaround"][3]["n"] == 20 and body["turnaround"][3]["top2"] == 0
    assert (
        body["drivers"]["reason"] == "too_few"
        and "regressione logistica" in body["drivers"]["method"]
    )
    models = client.get(API, params=PERIOD | {"rank_by": "model"}).json()["ranking"]
    assert {m["name"] for m in models} == {"A1", "A2"}  # never brand B's model


def test_each_role_reads_only_its_own_answers(client, world):  # type: ignore[no-untyped-def]
    world.sign_in(client, world.manager)
    body = client.get(API, params=PERIOD).json()
    assert body["overall"]["n"] == 120 and body["rank_by"] == "shop"
    assert client.get(API, params=PERIOD | {"centre_id": world.c2.id}).json()["overall"]["n"] == 0
    assert client.get(API, params={"rank_by": "brand"}).status_code == 422
    world.sign_in(client, world.shop_staff)
    assert client.get(API, params=PERIOD).json()["overall"]["n"] == 60
    world.sign_in(client, world.brand_b)
    body = client.get(API, params=PERIOD).json()
    assert body["overall"]["n"] == 50
    assert client.get(API, params=PERIOD | {"brand_id": world.a.id}).status_code == 404
    assert client.get(API, params=PERIOD | {"centre_id": world.c1.id}).json()["overall"]["n"] == 0
    texts = [c["comment"] for c in client.get(f"{API}/comments", params=PERIOD).json()]
    assert texts == ["Beta secret"]
    world.sign_in(client, world.technician)
    assert client.get(API).status_code == 404
    world.sign_in(client, world.admin)
    body = client.get(API, params=PERIOD | {"rank_by": "brand"}).json()
    assert body["overall"]["n"] == 230
    assert [x["name"] for x in body["ranking"]] == ["Beta", "Alfa"]
    assert client.get(API, params=PERIOD | {"brand_id": world.b.id}).json()["overall"]["n"] == 50


def test_wrong_choices_get_a_translated_error_per_field(client, world):  # type: ignore[no-untyped-def]
    world.sign_in(client, world.brand_admin)
    r = client.get(
        API,
        params={"from": "2026-3", "channel": "fax", "lang": "vi"},
        headers={"Accept-Language": "vi"},
    )
    assert r.status_code == 422
    fields = {e["field"]: e["message"] for e in r.json()["errors"]}
    assert set(fields) == {"from", "channel"} and "2026-03" in fields["from"]
    assert fields["channel"] != "Choose one from the list."  # said in Vietnamese


def test_comments_are_paged_filtered_and_carry_no_owner(client, world):  # type: ignore[no-untyped-def]
    world.sign_in(client, world.brand_admin)
    r = client.get(f"{API}/comments", params=PERIOD | {"limit": 5})
    page = r.json()
    assert len(page) == 5 and 'rel="next"' in r.headers["link"]
    assert set(page[0]) == {
        "id",
        "answered_on",
        "country",
        "channel",
        "centre",
        "shop",
        "model",
        "overall",
        "ratings",
        "language",
        "comment",
    }
    low = client.get(f"{API}/comments", params=PERIOD | {"about": "overall", "rating": "3"}).json()
    assert [c["comment"] for c in low] == ["<b>Lento</b> =1+1"]
    found = client.get(f"{API}/comments", params=PERIOD | {"text": "commento 11"}).json()
    assert [c["comment"] for c in found] == ["Commento 110"]
    bad = client.get(f"{API}/comments", params={"about": "price", "rating": "9"})
    assert {e["field"] for e in bad.json()["errors"]} == {"about", "rating"}


def test_the_csvs_hold_the_figures_and_the_comments(client, world):  # type: ignore[no-untyped-def]
    world.sign_in(client, world.brand_admin)
    r = client.get(f"{API}.csv", params=PERIOD)
    assert r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.text)))
    overall = next(x for x in table if x["part"] == "overall")
    assert (overall["n"], overall["top2"], overall["share"]) == ("180", "130", "0.7222")
    assert [x["key"] for x in table if x["part"] == "contacts"] == ["0", "1", "2", "3+"]
    ranked = [(x["name"], x["rank"], x["tied"]) for x in table if x["part"] == "rank"]
    assert ranked == [("Napoli Centro", "1", "false"), ("Roma Est", "2", "false")]
    comments = list(
        csv.DictReader(io.StringIO(client.get(f"{API}/comments.csv", params=PERIOD).text))
    )
    assert len(comments) == 13 and "Beta secret" not in {c["comment"] for c in comments}
    assert "'=1+1" not in {c["comment"] for c in comments}  # only a cell's start is guarded
    assert {"name", "email", "phone"}.isdisjoint(comments[0])
