"""The alerts pages and API: the list by status, an alert with its size, start, method, chart
(valid Vega-Lite, and as SVG) and repairs, and its decision form with translated errors."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html import unescape

import vl_convert

from aftersales.charting.images import VEGA_LITE
from aftersales.defects import service
from aftersales.defects.findings import Finding, Week
from aftersales.defects.words import CLUSTER_METHOD
from aftersales.repairs.models import RepairOrder
from tests.defects import signals_data as sd
from tests.factories import World, make_account
from tests.web.pages.helpers import post, sign_in, texts

EN = {"Accept-Language": "en"}


def _alert(session, world: World, now):  # type: ignore[no-untyped-def]
    repairs = [world.repair(now) for _ in range(2)]
    finding = Finding(
        kind="rate", key=f"rate:{world.model.id}:display", brand_id=world.brand.id,
        model_id=world.model.id, fault_category="display", software_version=None,
        started_on=date(2026, 1, 19), observed=40, expected=12.5, ratio=3.2, low=2.3, high=4.4,
        method="negbin_fdr", p_value=0.0001, repair_ids=tuple(r.id for r in repairs),
        weeks=tuple(Week(date(2026, 1, 5) + timedelta(weeks=i), 5 + i, 1.5) for i in range(8)),
    )  # fmt: skip
    alert, _ = service.store(session, finding, now)
    session.commit()
    return alert, repairs


def _speak(session, account, lang: str) -> None:  # type: ignore[no-untyped-def]
    account.language = lang
    session.commit()


def test_the_brand_admin_reads_the_alert_and_acknowledges_it(client, session, now):  # type: ignore[no-untyped-def]
    world = World(session)
    alert, repairs = _alert(session, world, now)
    _speak(session, world.brand_admin, "en")
    sign_in(client, world.brand_admin)
    listed = unescape(texts(client.get("/brand/alerts").text))
    assert "Defect alerts" in listed and "Display, " + world.model.name in listed
    assert "3.2× expected" in listed and "95% interval 2.3 to 4.4" in listed
    assert 'href="/brand/alerts"' in client.get("/brand").text  # the menu leads there
    html = client.get(f"/brand/alerts/{alert.id}").text
    page = unescape(texts(html))
    assert "40 where 12.5 were expected" in page and "the week of Jan 19, 2026" in page
    assert "negative binomial test" in page
    for r in repairs:
        assert f'href="/repairs/{r.code}"' in html
    spec = json.loads(unescape(re.search(r"data-spec='([^']+)'", html).group(1)))  # type: ignore[union-attr]
    assert vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE)["marks"]
    svg = client.get(f"/brand/alerts/{alert.id}/chart.svg")
    assert svg.status_code == 200 and svg.text.lstrip().startswith("<svg")
    # No reason: the form says so, in the reader's language, and keeps what was chosen.
    _speak(session, world.brand_admin, "it")
    r = post(client, f"/brand/alerts/{alert.id}/decision", {"status": "dismissed", "reason": ""})
    assert r.status_code == 422
    said = unescape(texts(r.text))
    assert "Scrivi un motivo da 3 a 1000 caratteri." in said
    assert 'value="dismissed" checked' in r.text
    version = re.search(r'name="version" value="(\d+)"', r.text).group(1)  # type: ignore[union-attr]
    form = {"status": "acknowledged", "reason": "Fornitore avvisato.", "version": version}
    r = post(client, f"/brand/alerts/{alert.id}/decision", form)
    assert r.status_code == 303, r.text
    session.refresh(alert)
    assert (alert.status, alert.reason) == ("acknowledged", "Fornitore avvisato.")
    assert "Avvisi di difetto" in texts(client.get("/brand/alerts?status=acknowledged").text)
    assert "Nessun avviso" in texts(client.get("/brand/alerts").text)  # none open now


def test_the_api_lists_by_status_and_decides(client, session, now):  # type: ignore[no-untyped-def]
    world = World(session)
    alert, repairs = _alert(session, world, now)
    sign_in(client, world.brand_admin)
    r = client.get("/api/v1/alerts", params={"brand_id": world.brand.id, "status": "open"})
    assert r.status_code == 200
    [got] = r.json()
    assert (got["id"], got["ratio"], got["started_on"]) == (alert.id, 3.2, "2026-01-19")
    assert got["repair_ids"] == [r.id for r in repairs] and len(got["weeks"]) == 8
    r = client.post(f"/api/v1/alerts/{alert.id}/dismiss", json={"reason": "x"})
    assert r.status_code == 422
    r = client.post(f"/api/v1/alerts/{alert.id}/dismiss",
                    json={"reason": "Known batch.", "version": got["version"]})  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "dismissed"
    assert client.get("/api/v1/alerts", params={"brand_id": world.brand.id,
                                                "status": "open"}).json() == []  # fmt: skip
    assert session.get(RepairOrder, repairs[0].id) is not None


def test_a_platform_admin_reads_but_does_not_decide(client, session, now):  # type: ignore[no-untyped-def]
    world = World(session)
    alert, _ = _alert(session, world, now)
    admin = make_account(session, "platform_admin", language="en")
    session.commit()
    sign_in(client, admin)
    html = client.get(f"/brand/alerts/{alert.id}").text
    assert "The brand's admins acknowledge or dismiss its alerts." in unescape(texts(html))
    assert 'action="/brand/alerts/' not in html


def test_the_decision_form_offers_only_the_moves_the_alerts_state_allows(client, session, now):  # type: ignore[no-untyped-def]
    world = World(session)
    alert, _ = _alert(session, world, now)
    _speak(session, world.brand_admin, "en")
    sign_in(client, world.brand_admin)
    html = client.get(f"/brand/alerts/{alert.id}").text
    # Open: both moves, neither chosen for the admin.
    assert 'value="acknowledged"' in html and 'value="dismissed"' in html
    assert " checked" not in html
    r = post(client, f"/brand/alerts/{alert.id}/decision", {"reason": "Seen it."})
    assert r.status_code == 409
    assert "now you can only acknowledge it or dismiss it." in unescape(texts(r.text))
    service.decide(session, world.brand_admin, alert, "acknowledged", "Supplier told.", now)
    session.commit()
    # Acknowledged: dismissing is all that is left, so it is chosen.
    html = client.get(f"/brand/alerts/{alert.id}").text
    assert 'value="acknowledged"' not in html and 'value="dismissed" checked' in html
    # A stale form asking to acknowledge again is told what it can do, in its language.
    _speak(session, world.brand_admin, "it")
    r = post(client, f"/brand/alerts/{alert.id}/decision",
             {"status": "acknowledged", "reason": "Di nuovo."})  # fmt: skip
    assert r.status_code == 409
    said = unescape(texts(r.text))
    assert "Questo avviso è «Preso in carico»; ora puoi solo archiviarlo." in said
    assert 'value="dismissed" checked' in r.text
    session.refresh(alert)
    assert alert.status == "acknowledged"


def test_a_cluster_alert_names_its_words_and_links_the_questions_behind_it(client, session, now):  # type: ignore[no-untyped-def]
    world = World(session)
    day = date(2026, 2, 10)
    asked = sd.question(session, world.model, day, "display", "Screen flickers black",
                        "Since last week the screen flickers and goes black.", "en")  # fmt: skip
    hidden = sd.question(session, world.model, day, "display", "Flicker", "Flickers.", "en")
    hidden.hidden = True  # moderated since: nobody's evidence
    elsewhere = World(session)  # another brand's question never shows on this brand's alert
    theirs = sd.question(session, elsewhere.model, day, "display", "Their flicker", "x", "en")
    session.flush()
    finding = Finding(
        kind="cluster", key="cluster:all:flicker+screen", brand_id=world.brand.id,
        model_id=None, fault_category=None, software_version=None,
        started_on=date(2026, 2, 9), observed=9, expected=2.5, ratio=3.6, low=1.8, high=6.9,
        method=CLUSTER_METHOD, p_value=0.001, words=("screen", "flicker", "black"),
        repair_ids=(world.repair(now).id,), question_ids=(asked.id, hidden.id, theirs.id),
    )  # fmt: skip
    alert, _ = service.store(session, finding, now)
    session.commit()
    _speak(session, world.brand_admin, "en")
    sign_in(client, world.brand_admin)
    listed = unescape(texts(client.get("/brand/alerts").text))
    assert "Complaints about “screen, flicker, black”" in listed
    assert "9 complaints where 2.5 were expected" in listed  # repairs and questions alike
    html = client.get(f"/brand/alerts/{alert.id}").text
    page = unescape(texts(html))
    assert "Defect alert: Complaints about “screen, flicker, black”" in page
    assert "Complaints (repairs and questions) 9 where 2.5 were expected" in page
    assert f'<a href="/community/questions/{asked.id}">Screen flickers black</a>' in html
    assert f"/community/questions/{hidden.id}" not in html
    assert f"/community/questions/{theirs.id}" not in html
    assert "1 question owners asked in the community, newest first." in page
    assert client.get(f"/community/questions/{asked.id}").status_code == 200  # the link works
    _speak(session, world.brand_admin, "it")
    page = unescape(texts(client.get(f"/brand/alerts/{alert.id}").text))
    assert "Segnalazioni su «screen, flicker, black»" in page
    assert "Le domande della community che lo motivano" in page
