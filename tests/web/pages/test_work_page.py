"""The staff repair page is a work page: next moves first, forms folded, a numbered timeline."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from aftersales.repairs.assignment import assign
from aftersales.repairs.jobs import sla_sweep
from aftersales.repairs.loaners import give_loaner
from aftersales.repairs.quotes import decide_quote, make_quote
from aftersales.repairs.service import add_note, transition
from aftersales.repairs.states import LABELS, NEXT_STEP, STAFF_LABELS, STAFF_NEXT_STEP
from aftersales.repairs.tracking import EVENT_LABELS
from aftersales.sla.service import set_policy
from tests.factories import World
from tests.web.pages.helpers import post, sign_in, texts

# The owner's words that staff never read: those that differ from the staff's.
OWNER_ONLY = (
    {v for k, v in LABELS.items() if STAFF_LABELS[k] != v}
    | {v for k, v in NEXT_STEP.items() if STAFF_NEXT_STEP[k] != v}
    | {EVENT_LABELS["created"], EVENT_LABELS["note"]}
)


def _numbers(page: str) -> list[int]:
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    return [
        int(n) for n in re.findall(r'<span class="n" aria-hidden="true">(\d+)</span>', timeline)
    ]


def test_the_moves_are_buttons_and_the_other_forms_are_folded(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    repair = w.repair(now)
    transition(session, w.technician, repair, "diagnosing", now)
    session.commit()
    sign_in(client, w.technician)
    page = client.get(f"/repairs/{repair.code}").text
    buttons = re.findall(r'<button type="submit" name="to_status" value="(\w+)"', page)
    assert buttons == ["awaiting_parts", "repairing", "testing", "ready", "in_transit_to_shop"]
    main = page.index("<main")  # the header's menu folds too
    assert page.index('action="/repairs/' + repair.code + '/move"') < page.index("<details", main)
    for section in ("quote-form", "contact", "note"):
        assert re.search(rf'<details class="card fold" id="{section}">', page), section
    # the warranty decision is the one open fold while it waits
    assert re.search(r'<details class="card fold" id="warranty" open>', page)
    r = post(client, f"/repairs/{repair.code}/move", {"to_status": "repairing", "outcome": "x",
                                                       "version": str(repair.version)})  # fmt: skip
    assert r.status_code == 303  # an outcome chosen, then another button pressed: ignored


def test_the_timeline_is_numbered_without_gaps_for_each_reader(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    repair = w.repair(now)
    add_note(session, w.shop_staff, repair, now, text="Chiamato il cliente", public=False)
    transition(session, w.technician, repair, "diagnosing", now)
    assign(session, w.technician, repair, now, to=w.technician.id)
    add_note(session, w.technician, repair, now, text="Display da cambiare", public=True)
    session.commit()
    sign_in(client, w.shop_staff)
    staff = client.get(f"/repairs/{repair.code}").text
    assert _numbers(staff) == [1, 2, 3, 4, 5, 6]
    assert f"Taken by: {w.technician.name}" in texts(staff)
    client.cookies.clear()
    sign_in(client, w.owner)
    owner = client.get(f"/repairs/{repair.code}").text
    assert "Chiamato il cliente" not in owner and w.technician.name not in owner
    assert _numbers(owner) == []  # the owner's page stays as it was


def test_staff_read_no_owner_wording_at_any_step(client: Any, session: Session, now: datetime):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    add_note(session, w.technician, repair, now, text="Spiegazione", public=True)
    for to, who in (("in_transit_to_centre", w.shop_staff), ("at_centre", w.technician),
                    ("diagnosing", w.technician)):  # fmt: skip
        transition(session, who, repair, to, now)
    make_quote(session, w.technician, repair, now, amount_minor=5000, currency="EUR",
               description="Batteria nuova")  # fmt: skip
    session.commit()
    sign_in(client, w.technician)
    seen = []
    seen.append(html.unescape(texts(client.get(f"/repairs/{repair.code}").text)))
    # the owner said yes on the phone: the centre records it, and the repair moves on
    decide_quote(session, w.technician, repair, now, approve=True, told_by="phone")
    session.commit()
    steps = [(None, None), ("testing", w.technician),
             ("in_transit_to_shop", w.technician), ("ready_for_pickup", w.shop_staff)]  # fmt: skip
    for to, who in steps:
        if to:
            transition(session, who, repair, to, now)
            session.commit()
        seen.append(html.unescape(texts(client.get(f"/repairs/{repair.code}").text)))
    transition(session, w.shop_staff, repair, "closed", now, outcome="repaired")
    session.commit()
    seen.append(html.unescape(texts(client.get(f"/repairs/{repair.code}").text)))
    assert STAFF_LABELS["awaiting_approval"] in seen[0] and STAFF_LABELS["closed"] in seen[-1]
    for page in seen:
        assert not {words for words in OWNER_ONLY if words in page}


def test_a_technician_takes_a_repair_and_finds_it_in_my_repairs(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    repair, other = w.repair(now), w.repair(now)
    session.commit()
    sign_in(client, w.technician)
    queue = client.get("/centre/queue").text
    assert "None yet" in queue
    r = post(client, f"/repairs/{repair.code}/assignment", {"technician": "me"})
    assert r.status_code == 303 and r.headers["location"].endswith("done=assignment")
    page = texts(client.get(f"/repairs/{repair.code}").text)
    assert f"Technician: {w.technician.name}" in page and "Take this repair" not in page
    queue = client.get("/centre/queue").text
    mine = queue.split('id="mine"', 1)[1].split('id="centre"', 1)[0]
    assert repair.code in mine and other.code not in mine
    assert w.technician.name in queue.split('id="centre"', 1)[1]  # the centre's list says who
    client.cookies.clear()
    sign_in(client, w.manager)
    board = texts(client.get(f"/repairs/{other.code}").text)
    assert "Assign to" in board
    late = post(client, f"/repairs/{repair.code}/assignment", {"technician": str(w.manager.id)})
    assert late.status_code == 303  # the manager reassigns


def test_taking_a_repair_someone_took_meanwhile_says_who(
    client: Any, session: Session, now: datetime
):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    assign(session, w.manager, repair, now, to=w.manager.id)
    session.commit()
    sign_in(client, w.technician)
    r = post(client, f"/repairs/{repair.code}/assignment", {"technician": "me"})
    assert r.status_code == 409
    assert f"{w.manager.name} has taken this repair already." in html.unescape(texts(r.text))


def test_a_loaner_owed_is_given_from_the_flag_and_counted_in_offline_days(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    set_policy(session, w.brand_admin, brand_id=w.brand.id, country="IT", channel="any",
               target_days=10, at_risk_days=7, loaner_days=0)  # fmt: skip
    repair = w.repair(now - timedelta(days=4))
    sla_sweep(session, now, escalate_after=99)
    session.commit()
    sign_in(client, w.shop_staff)
    page = client.get(f"/repairs/{repair.code}").text
    assert 'data-flag="loaner-owed"' in page
    assert f'href="/repairs/{repair.code}?open=loaner#loaner"' in page
    assert "4 days" in texts(page)  # without a phone since the hand-in
    opened = client.get(f"/repairs/{repair.code}", params={"open": "loaner"}).text
    assert re.search(r'<details class="card fold" id="loaner" open>', opened)
    empty = post(client, f"/repairs/{repair.code}/loaner", {"label": ""})
    assert empty.status_code == 422 and 'id="loaner-label-error"' in empty.text
    r = post(client, f"/repairs/{repair.code}/loaner", {"label": "PRESTITO-21"})
    assert r.status_code == 303
    page = client.get(f"/repairs/{repair.code}").text
    assert 'data-flag="loaner-owed"' not in page and "PRESTITO-21" in page
    again = post(client, f"/repairs/{repair.code}/loaner", {"label": "PRESTITO-22"})
    assert again.status_code == 409
    assert post(client, f"/repairs/{repair.code}/loaner/return").status_code == 303
    assert post(client, f"/repairs/{repair.code}/loaner/return").status_code == 409


def test_the_hand_back_asks_for_the_loaner(client: Any, session: Session, now: datetime):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    for status in ("diagnosing", "ready"):
        transition(session, w.technician, repair, status, now)
    give_loaner(session, w.technician, repair, now, label="CORTESIA-9")
    session.commit()
    sign_in(client, w.technician)
    page = client.get(f"/repairs/{repair.code}").text
    assert 'name="loaner_back"' in page
    form = {"to_status": "closed", "outcome": "repaired", "version": str(repair.version)}
    refused = post(client, f"/repairs/{repair.code}/move", form)
    assert refused.status_code == 409 and "CORTESIA-9" in texts(refused.text)
    session.expire_all()
    done = post(client, f"/repairs/{repair.code}/move", form | {"loaner_back": "true"})
    assert done.status_code == 303


def test_my_repairs_show_the_most_urgent_and_say_when_there_are_more(
    client: Any, session: Session, now: datetime, monkeypatch: Any
) -> None:
    monkeypatch.setattr("aftersales.repairs.pages.centre.MINE_SIZE", 2)
    w = World(session)
    for _ in range(3):
        assign(session, w.technician, w.repair(now), now, to=w.technician.id)
    session.commit()
    sign_in(client, w.technician)
    queue = client.get("/centre/queue", headers={"Accept-Language": "en"}).text
    mine = queue.split('id="mine"', 1)[1].split('id="centre"', 1)[0]
    assert "More than 2 open repairs are assigned to you; the 2 most urgent are shown." in mine
    assert mine.count("/repairs/") == 2
