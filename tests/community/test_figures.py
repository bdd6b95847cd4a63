"""The brand's figures against a small history counted by hand, in the API, CSV and page."""

from __future__ import annotations

from datetime import UTC, datetime

from aftersales.community import moderation, service
from aftersales.community.figures import brand_figures


def test_figures_of_a_small_history(client, world, session, now):  # type: ignore[no-untyped-def]
    people = world.people
    # Asked on Tuesday 10 March 2026 at 10:00 in Rome (09:00 UTC); engineers answer after
    # 3 working hours (13:00), after 7 (17:00, the day's end) and the next day at 12:00
    # (7 + 3 = 10 working hours); one waits; one hidden is left out.
    asked = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    answers = [
        datetime(2026, 3, 10, 12, tzinfo=UTC),
        datetime(2026, 3, 10, 16, tzinfo=UTC),
        datetime(2026, 3, 11, 11, tzinfo=UTC),
    ]
    world.now = asked
    done = []
    for when in answers:
        question = world.ask()
        done.append(service.answer(session, people["tech"], question, "Try safe mode first.", when))
    service.accept(session, people["owner"], question, done[-1].id, answers[-1])
    waiting = world.ask(fault_category="display", title="Green line on the screen")
    service.answer(session, people["owner2"], waiting, "Mine too, after a drop.", answers[0])
    hidden = world.ask(title="Buy cheap phones here now")
    moderation.moderate(session, people["brand"], hidden, "hide", now, reason="Advertising")
    session.commit()
    found = brand_figures(session, world.brand, datetime(2026, 1, 1, tzinfo=UTC))
    t = found.total
    assert (t.asked, t.answered, t.solved, t.staff_answered, t.waiting) == (4, 4, 1, 3, 1)
    assert t.median_staff_hours == 7.0 and t.staff_share == 0.75
    battery = next(g for g in found.groups if g.fault_category == "battery")
    assert (battery.asked, battery.median_staff_hours) == (3, 7.0)
    r = client.get(
        f"/api/v1/brands/{world.brand.id}/community",
        params={"since": "2026-01-01"},
        headers=world.headers("brand"),
    )
    assert r.status_code == 200 and r.json()["total"]["median_staff_hours"] == 7.0
    csv = client.get(
        f"/api/v1/brands/{world.brand.id}/community.csv",
        params={"since": "2026-01-01"},
        headers=world.headers("brand"),
    ).text
    lines = csv.splitlines()
    assert lines[0].startswith("model_id,model,fault_category,asked")
    assert lines[1].startswith(",,,4,4,1,3,0.75,7.0,1,")
    world.browse_as(client, "brand")
    page = client.get("/brand/community", params={"brand_id": world.brand.id})
    assert page.status_code == 200 and "Green line on the screen" in page.text
    assert "data-spec=" in page.text
    svg = client.get("/brand/community/charts/problems.svg", params={"brand_id": world.brand.id})
    assert svg.status_code == 200 and svg.text.startswith("<svg")
