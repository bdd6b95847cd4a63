"""Which fields of a repair each role reads: the table of repairs/fields.py, checked in the
API's answers, the history and the repair page for every role, and against the copy in
docs/architecture.md. Part of the authorization matrix (test_authorization.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aftersales.accounts.models import Role
from aftersales.accounts.service import start_session
from aftersales.inventory import ledger
from aftersales.inventory.locations import centre_location
from aftersales.inventory.models import Movement
from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.assignment import assign
from aftersales.repairs.contacts import record_contact
from aftersales.repairs.fields import API_ONLY, PUBLIC, VISIBLE, Field
from aftersales.repairs.intake import Intake, OwnerDetails, open_repair
from aftersales.repairs.loaners import give_loaner
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.parts import need_part
from aftersales.repairs.service import add_note, transition
from tests.factories import World, make_phone
from tests.web.helpers import bearer
from tests.web.test_authorization import SESSION_COOKIE, Worlds

CONDITION = "Graffio profondo sul retro"
INTERNAL = "Ossidazione sulla scheda madre"  # an internal note on a step the owner sees
KEPT_INSIDE = "Cliente richiamato, molto paziente"  # an internal-only note: a staff event
CONTACT_PHONE = "+39 081 555 0101"
LOANER = "PRESTITO-07"
FIELD_ROLES = {
    "owner": Role.owner,
    "shop": Role.shop_staff,
    "tech": Role.technician,
    "manager": Role.centre_manager,
    "brand": Role.brand_admin,
    "admin": Role.platform_admin,
}


def _rich_repair(worlds: Worlds) -> RepairOrder:
    """Open world A's repair with every field of the table filled in."""
    s, now, people = worlds.session, worlds.now, worlds.a.people
    owner = people["owner"]
    phone = make_phone(s, worlds.a.model, owner_id=owner.id, shop_id=worlds.a.shop.id)
    details = OwnerDetails(owner.name, owner.email, CONTACT_PHONE, "it")
    intake = Intake(
        phone.imei, "display", "Spots", CONDITION, owner=details, centre_id=worlds.a.centre.id
    )
    repair = open_repair(s, people["shop"], intake, now)
    transition(s, people["tech"], repair, "diagnosing", now, internal_note=INTERNAL)
    add_note(s, people["shop"], repair, now, text=KEPT_INSIDE, public=False)
    record_contact(s, people["shop"], repair, now, channel="phone", who="owner")
    assign(s, people["tech"], repair, now, to=people["tech"].id)
    give_loaner(s, people["shop"], repair, now, label=LOANER)
    shelf = centre_location(s, worlds.a.centre)
    ledger.move(s, shelf.id, worlds.a.part.id, Movement.received, 1, SYSTEM, now)
    need_part(s, people["tech"], repair, worlds.a.part.id, 1, now)
    s.commit()
    return repair


def _browse_as(client, session, account, now) -> None:  # type: ignore[no-untyped-def]
    """Open pages as this account: pages take the session cookie, not a bearer token."""
    token = start_session(session, account, now, 1)
    session.commit()
    client.cookies.set(SESSION_COOKIE, token)


def _timeline_steps(html: str) -> int:
    """Count the entries of the page's timeline."""
    timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    return timeline.count("<li")


@pytest.mark.parametrize("role", list(FIELD_ROLES))
def test_each_role_reads_the_fields_of_the_table_in_the_api_and_on_the_page(  # type: ignore[no-untyped-def]
    role, client, session, now
):
    worlds = Worlds(session, now)
    repair = _rich_repair(worlds)
    owner, headers = worlds.a.people["owner"], worlds.headers[role]
    api = client.get(f"/api/v1/repairs/{repair.code}", headers=headers).json()
    events = client.get(f"/api/v1/repairs/{repair.code}/events", headers=headers).json()
    contacts = client.get(f"/api/v1/repairs/{repair.code}/contacts", headers=headers)
    told = client.get(f"/api/v1/repairs/{repair.code}/messages", headers=headers)
    asked = client.get(f"/api/v1/repairs/{repair.code}/parts", headers=headers)
    worlds.browse_as(client, role)
    html = client.get(f"/repairs/{repair.code}").text
    public_steps = session.scalar(
        select(func.count()).where(RepairEvent.repair_id == repair.id, RepairEvent.public)
    )
    in_api = {
        Field.imei: api["imei"] == repair.phone.imei,
        Field.condition_notes: api["condition_notes"] == CONDITION,
        Field.contact: api["contact"]
        == {
            "name": owner.name,
            "email": owner.email,
            "phone_number": CONTACT_PHONE,
        },
        Field.owner_id: api["owner_id"] == owner.id,
        Field.sla: api["sla"] is not None and {"target_days", "loaner_owed"} <= set(api["sla"]),
        Field.staff_events: len(events) > public_steps,
        Field.internal_notes: {INTERNAL, KEPT_INSIDE} <= {e["internal_note"] for e in events},
        Field.event_accounts: any(e["actor_id"] is not None for e in events),
        Field.contact_log: contacts.status_code == 200,
        Field.warranty: api["warranty"] is not None and "purchase_date" in api["warranty"],
        Field.messages: told.status_code == 200 and len(told.json()) > 0,
        Field.assignee: api["assignee"] == worlds.a.people["tech"].name,
        Field.parts: asked.status_code == 200 and len(asked.json()) == 1,
        Field.loaners: api["offline"] is not None
        and [loan["label"] for loan in api["loaners"] or []] == [LOANER],
    }
    on_page = {
        Field.imei: repair.phone.imei in html,
        Field.condition_notes: CONDITION in html,
        Field.contact: owner.email in html and CONTACT_PHONE in html,
        Field.sla: 'data-field="sla"' in html,
        Field.staff_events: _timeline_steps(html) > public_steps,
        Field.internal_notes: INTERNAL in html,
        Field.contact_log: 'data-field="contact_log"' in html,
        Field.warranty: 'data-field="warranty"' in html,
        Field.messages: 'data-field="messages"' in html,
        Field.assignee: 'data-field="assignee"' in html,
        Field.loaners: 'data-field="loaners"' in html and LOANER in html,
        Field.parts: 'data-field="parts"' in html,
    }
    fields = VISIBLE[FIELD_ROLES[role]]
    assert set(in_api) == set(Field) and set(on_page) == set(Field) - API_ONLY
    assert {f for f, shown in in_api.items() if shown} == fields, role
    assert {f for f, shown in on_page.items() if shown} == fields - API_ONLY, role
    # Hidden means hidden whole: null in the API, absent on the page, the same history.
    assert _timeline_steps(html) == len(events)
    assert (INTERNAL in html) == (KEPT_INSIDE in html)
    assert (LOANER in html) == (Field.loaners in fields)
    hidden = {"condition_notes", "contact", "sla", "imei", "owner_id", "warranty", "assignee",
              "loaners"} - set(fields)  # fmt: skip
    assert all(api[name] is None for name in hidden), (role, hidden)
    assert contacts.status_code == (200 if Field.contact_log in fields else 403)


def test_the_public_reads_none_of_the_fields_of_the_table(client, session, now):  # type: ignore[no-untyped-def]
    worlds = Worlds(session, now)
    repair = _rich_repair(worlds)
    assert VISIBLE[PUBLIC] == frozenset()
    last4, email = repair.phone.imei[-4:], worlds.a.people["owner"].email
    api = client.get(f"/api/v1/track/{repair.code}", params={"imei_last4": last4})
    page = client.get("/track", params={"code": repair.code, "imei_last4": last4})
    for r in (api, page):
        assert r.status_code == 200 and repair.code in r.text
        for secret in (repair.phone.imei, CONDITION, INTERNAL, KEPT_INSIDE, email, CONTACT_PHONE):
            assert secret not in r.text
    assert not {"sla", "imei", "contact", "owner_id", "condition_notes"} & set(api.json())


def _documented_table() -> dict[str, frozenset[str]]:
    """Read the field table of docs/architecture.md: audience -> the fields it reads."""
    text = (Path(__file__).parents[2] / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = re.split(r"\n#{2,3} ", text.split("### Fields each role reads", 1)[1], maxsplit=1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    heads = [h.strip() for h in rows[0].strip("|").split("|")][1:]
    table: dict[str, set[str]] = {h: set() for h in heads}
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        name = cells[0].split("`")[1]
        for head, cell in zip(heads, cells[1:], strict=True):
            if cell == "✓":
                table[head].add(name)
    return {head: frozenset(names) for head, names in table.items()}


def test_the_documented_table_is_the_table_in_code():
    assert _documented_table() == {k: frozenset(map(str, v)) for k, v in VISIBLE.items()}


# The two disagreements of the issue, each shown on a plain world as it was found.


def test_a_brand_admin_reads_internal_notes_on_the_repair_page_as_in_the_api(  # type: ignore[no-untyped-def]
    client, session, now
):
    w = World(session)
    repair = w.repair(now)
    add_note(session, w.shop_staff, repair, now, text=KEPT_INSIDE, public=False)
    headers = bearer(session, w.brand_admin, now)
    session.commit()
    events = client.get(f"/api/v1/repairs/{repair.code}/events", headers=headers).json()
    _browse_as(client, session, w.brand_admin, now)
    page = client.get(f"/repairs/{repair.code}")
    assert KEPT_INSIDE in {e["internal_note"] for e in events}
    assert page.status_code == 200 and KEPT_INSIDE in page.text


def test_owners_get_neither_condition_notes_nor_the_sla_clock_from_the_api(  # type: ignore[no-untyped-def]
    client, session, now
):
    w = World(session)
    repair = w.repair(now, condition_notes=CONDITION)
    headers = bearer(session, w.owner, now)
    session.commit()
    body = client.get(f"/api/v1/repairs/{repair.code}", headers=headers).json()
    listed = client.get("/api/v1/repairs", headers=headers).json()["items"]
    _browse_as(client, session, w.owner, now)
    page = client.get(f"/repairs/{repair.code}").text
    assert CONDITION not in page and "loaner" not in page
    assert body["condition_notes"] is None and body["sla"] is None
    assert [(r["condition_notes"], r["sla"]) for r in listed] == [(None, None)]
