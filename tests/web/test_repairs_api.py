"""Repair orders over HTTP: intake, the life cycle, quotes, contacts, SLA boards, lists.

Tests commit what they arrange: the test app rolls back the request's transaction on an
error answer, which would otherwise take the arranged rows with it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.jobs import sla_sweep
from tests.factories import World, make_account, make_model, make_phone
from tests.web.helpers import assert_problem, bearer, intake_body, new_imei, set_clock

REPAIRS = "/api/v1/repairs"
INTERNAL = "Connettore flat ossidato: possibile umidità, da non dire al cliente"


class Story:
    """A world whose people hold API tokens, with helpers to call the repair API."""

    def __init__(self, session: Session, client: Any, now: datetime) -> None:
        self.w = World(session)
        self.client = client
        self.session = session
        w = self.w
        self.auth = {
            name: bearer(session, account, now)
            for name, account in (
                ("owner", w.owner),
                ("shop", w.shop_staff),
                ("tech", w.technician),
                ("manager", w.manager),
                ("brand", w.brand_admin),
                ("admin", w.admin),
            )
        }
        session.commit()

    def open(self, **kw: Any) -> dict[str, Any]:
        """Open a repair at the Portici shop's counter over HTTP; return its JSON."""
        r = self.client.post(REPAIRS, json=intake_body(self.w, **kw), headers=self.auth["shop"])
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]

    def move(self, who: str, code: str, to: str, **kw: Any) -> Any:
        """Ask for a move as `who`; return the response."""
        body = {"to_status": to, **kw}
        return self.client.post(f"{REPAIRS}/{code}/transitions", json=body, headers=self.auth[who])

    def step(self, who: str, code: str, to: str, **kw: Any) -> dict[str, Any]:
        """Make a move that must succeed; return the repair."""
        r = self.move(who, code, to, **kw)
        assert r.status_code == 200, r.text
        assert r.json()["status"] == to
        return r.json()  # type: ignore[no-any-return]

    def get(self, who: str, path: str, **params: Any) -> Any:
        """GET as `who`."""
        return self.client.get(path, params=params, headers=self.auth[who])

    def post(self, who: str, path: str, body: dict[str, Any]) -> Any:
        """POST as `who`."""
        return self.client.post(path, json=body, headers=self.auth[who])


@pytest.fixture()
def story(session, client, now) -> Story:  # type: ignore[no-untyped-def]
    return Story(session, client, now)


def at(day: int, hour: int = 9) -> datetime:
    """Return a moment of March 2026 (Monday 2 is the first working day)."""
    return datetime(2026, 3, day, hour, tzinfo=UTC)


# --- intake -------------------------------------------------------------------------------


def test_intake_with_a_mistyped_imei_says_the_check_digit_is_wrong(story):  # type: ignore[no-untyped-def]
    good = new_imei(story.w)
    typo = good[:-1] + str((int(good[-1]) + 1) % 10)
    r = story.client.post(REPAIRS, json=intake_body(story.w, imei=typo), headers=story.auth["shop"])
    body = assert_problem(r, 422, "imei")
    [error] = [e for e in body["errors"] if e["field"] == "imei"]
    assert "check digit" in error["message"]
    assert "*#06#" in error["message"]  # and how to read the right one


@pytest.mark.parametrize(
    ("imei", "says"),
    [("35332509123456", "15 digits (found 14)"), ("35332509-12345X", "only digits")],
)
def test_intake_explains_other_imei_mistakes(story, imei, says):  # type: ignore[no-untyped-def]
    r = story.client.post(REPAIRS, json=intake_body(story.w, imei=imei), headers=story.auth["shop"])
    body = assert_problem(r, 422, "imei")
    assert says in body["errors"][0]["message"]


def test_intake_with_an_unknown_fault_category_names_the_fields(story):  # type: ignore[no-untyped-def]
    body = intake_body(story.w, fault_category="exploded", problem="x")
    r = story.client.post(REPAIRS, json=body, headers=story.auth["shop"])
    problem = assert_problem(r, 422, "fault_category", "problem")
    message = {e["field"]: e["message"] for e in problem["errors"]}["fault_category"]
    assert "display" in message and "battery" in message  # lists the valid ones


def test_intake_with_missing_and_malformed_fields_names_each(story):  # type: ignore[no-untyped-def]
    body = {"owner": {"email": "x@example.test"}, "purchase_date": "yesterday", "centre_id": "x"}
    r = story.client.post(REPAIRS, json=body, headers=story.auth["shop"])
    problem = assert_problem(
        r, 422, "imei", "fault_category", "problem", "owner.name", "purchase_date", "centre_id"
    )
    assert problem["title"] == "Invalid input"


def test_intake_of_a_phone_with_an_open_repair_is_a_conflict(story):  # type: ignore[no-untyped-def]
    first = story.open()
    body = intake_body(story.w, imei=first["imei"])
    r = story.client.post(REPAIRS, json=body, headers=story.auth["shop"])
    assert "open repair" in assert_problem(r, 409)["detail"]


# --- the whole story ----------------------------------------------------------------------


def test_the_italian_story_from_portici_to_naples_and_back(story, app):  # type: ignore[no-untyped-def]
    w = story.w
    set_clock(app, at(2))
    repair = story.open(problem="Macchie sul display dopo tre settimane")
    code = repair["code"]
    assert repair["status"] == "received"
    assert (repair["channel"], repair["shop_id"], repair["centre_id"]) == (
        "shop",
        w.shop.id,
        w.centre.id,
    )
    assert (repair["shop"], repair["centre"]) == (w.shop.name, w.centre.name)
    assert repair["owner_id"] is None  # staff never read account numbers
    assert repair["contact"]["name"] == "Mario Rossi"  # what the counter typed
    mine = story.get("owner", f"{REPAIRS}/{code}").json()
    assert mine["owner_id"] == w.owner.id  # found by the e-mail given at the counter
    assert repair["allowed_next"] == ["in_transit_to_centre", "cancelled"]
    assert repair["received_at"].startswith("2026-03-02")
    assert repair["sla"]["state"] == "on_track"

    story.step("shop", code, "in_transit_to_centre", version=repair["version"])
    set_clock(app, at(3))
    story.step("tech", code, "at_centre")
    diagnosing = story.step("tech", code, "diagnosing", internal_note=INTERNAL)
    assert "awaiting_parts" in diagnosing["allowed_next"]
    r = story.post(
        "tech",
        f"{REPAIRS}/{code}/warranty-decision",
        {"decision": "covered", "reason": "Difetto di fabbricazione del display: in garanzia."},
    )
    assert r.status_code == 200, r.text
    assert r.json()["warranty_decision"] == "covered"
    r = story.post("tech", f"{REPAIRS}/{code}/notes", {"text": INTERNAL, "public": False})
    assert r.status_code == 201 and r.json()["public"] is False
    set_clock(app, at(4))
    story.step("tech", code, "awaiting_parts", note="Il display arriva dal magazzino centrale.")
    set_clock(app, at(9))
    story.step("tech", code, "repairing")
    set_clock(app, at(10))
    story.step("tech", code, "testing")
    story.step("tech", code, "in_transit_to_shop")
    set_clock(app, at(11))
    ready = story.step("shop", code, "ready_for_pickup")
    assert ready["ready_at"].startswith("2026-03-11")
    assert ready["tat_workdays"] == 7  # Mar 3, 4, 5, 6, 9, 10, 11
    assert ready["sla"]["state"] == "met"
    set_clock(app, at(12))
    closing = story.move("shop", code, "closed")
    assert_problem(closing, 422, "outcome")
    closed = story.step("shop", code, "closed", outcome="repaired")
    assert (closed["outcome"], closed["allowed_next"]) == ("repaired", [])
    assert closed["closed_at"].startswith("2026-03-12")

    # What the owner reads: every step, the warranty reason, never an internal note.
    r = story.get("owner", f"{REPAIRS}/{code}/events")
    assert r.status_code == 200, r.text
    events = r.json()
    assert INTERNAL not in r.text
    assert all(e["public"] and e["internal_note"] is None for e in events)
    assert [e["to_status"] for e in events if e["type"] == "status_changed"] == [
        "received",
        "in_transit_to_centre",
        "at_centre",
        "diagnosing",
        "awaiting_parts",
        "repairing",
        "testing",
        "in_transit_to_shop",
        "ready_for_pickup",
        "closed",
    ]
    [decision] = [e for e in events if e["type"] == "warranty_decision"]
    assert decision["note"] == "Difetto di fabbricazione del display: in garanzia."
    assert any(e["note"] == "Il display arriva dal magazzino centrale." for e in events)
    # Staff read the internal notes.
    staff = story.get("tech", f"{REPAIRS}/{code}/events").json()
    assert [e["internal_note"] for e in staff].count(INTERNAL) == 2
    assert len(staff) == len(events) + 1  # the internal note event
    owner_view = story.get("owner", f"{REPAIRS}/{code}")
    assert owner_view.status_code == 200
    assert owner_view.json()["status"] == "closed"


def test_a_move_the_table_forbids_is_409_naming_the_allowed_ones(story):  # type: ignore[no-untyped-def]
    repair = story.open()
    r = story.move("tech", repair["code"], "closed", outcome="repaired")
    body = assert_problem(r, 409)
    assert body["allowed"] == ["diagnosing", "cancelled"]  # what the centre may do next
    assert "received" in body["detail"] and "diagnosing" in body["detail"]
    admin = assert_problem(story.move("admin", repair["code"], "ready"), 409)
    assert admin["allowed"] == ["in_transit_to_centre", "diagnosing", "cancelled"]
    assert story.get("tech", f"{REPAIRS}/{repair['code']}").json()["status"] == "received"


def test_an_unknown_status_is_a_field_error(story):  # type: ignore[no-untyped-def]
    repair = story.open()
    body = assert_problem(story.move("tech", repair["code"], "fixed"), 422, "to_status")
    assert "diagnosing" in body["errors"][0]["message"]


def test_a_stale_version_is_409_and_changes_nothing(story):  # type: ignore[no-untyped-def]
    repair = story.open()
    seen = repair["version"]
    moved = story.step("tech", repair["code"], "diagnosing", version=seen)
    assert moved["version"] > seen
    r = story.move("manager", repair["code"], "cancelled", version=seen)
    body = assert_problem(r, 409)
    assert f"version {moved['version']}" in body["detail"] and "Being checked" in body["detail"]
    now = story.get("tech", f"{REPAIRS}/{repair['code']}").json()
    assert (now["status"], now["version"]) == ("diagnosing", moved["version"])
    stale_decision = story.post(
        "tech",
        f"{REPAIRS}/{repair['code']}/warranty-decision",
        {"decision": "covered", "reason": "Difetto di fabbrica.", "version": seen},
    )
    assert_problem(stale_decision, 409)


def test_a_shop_cannot_make_a_centre_move(story):  # type: ignore[no-untyped-def]
    repair = story.open()
    body = assert_problem(story.move("shop", repair["code"], "diagnosing"), 403)
    assert "centre" in body["detail"]
    decision = story.post(
        "shop",
        f"{REPAIRS}/{repair['code']}/warranty-decision",
        {"decision": "covered", "reason": "Sembra un difetto."},
    )
    assert_problem(decision, 403)
    assert story.get("shop", f"{REPAIRS}/{repair['code']}").json()["status"] == "received"


def test_a_brand_admin_sees_but_does_not_move(story):  # type: ignore[no-untyped-def]
    repair = story.open()
    assert story.get("brand", f"{REPAIRS}/{repair['code']}").json()["allowed_next"] == []
    assert_problem(story.move("brand", repair["code"], "cancelled"), 403)


# --- quotes -------------------------------------------------------------------------------


def _diagnosing(story: Story, app: Any) -> str:
    set_clock(app, at(2))
    code = story.open()["code"]
    story.step("tech", code, "diagnosing")
    return code  # type: ignore[no-any-return]


def test_quote_waits_for_the_owner_who_approves(story, app):  # type: ignore[no-untyped-def]
    code = _diagnosing(story, app)
    set_clock(app, at(3))
    quote_in = {
        "amount_minor": 8900,
        "currency": "eur",
        "description": "Display rotto da una caduta: non coperto dalla garanzia.",
        "next_status": "repairing",
    }
    r = story.post("tech", f"{REPAIRS}/{code}/quote", quote_in)
    assert r.status_code == 201, r.text
    assert (r.json()["status"], r.json()["currency"], r.json()["amount_minor"]) == (
        "pending",
        "EUR",
        8900,
    )
    waiting = story.get("owner", f"{REPAIRS}/{code}").json()
    assert waiting["status"] == "awaiting_approval"
    assert waiting["sla"] is None  # the SLA clock is the staff's (repairs/fields.py)
    assert story.get("tech", f"{REPAIRS}/{code}").json()["sla"]["paused"] is True
    assert waiting["allowed_next"] == ["awaiting_parts", "repairing", "testing"]
    # The owner answers through the quote, not by moving the repair.
    assert "quote" in assert_problem(story.move("owner", code, "repairing"), 403)["detail"]
    assert_problem(story.post("shop", f"{REPAIRS}/{code}/quote/decision", {"approve": True}), 403)
    again = story.post("tech", f"{REPAIRS}/{code}/quote", quote_in)
    assert_problem(again, 409)  # the repair no longer is in diagnosing

    set_clock(app, at(6))  # three working days later: Wed, Thu, Fri
    r = story.post("owner", f"{REPAIRS}/{code}/quote/decision", {"approve": True})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "approved" and r.json()["decided_at"].startswith("2026-03-06")
    after = story.get("tech", f"{REPAIRS}/{code}").json()
    assert after["status"] == "repairing"
    assert after["sla"]["paused"] is False
    assert after["sla"]["paused_days"] == 3  # the owner's time is not the service's
    assert after["sla"]["elapsed_days"] == 1  # Mar 3..6 is 4 working days, 3 of them waiting
    quotes = story.get("owner", f"{REPAIRS}/{code}/quotes").json()
    assert [q["status"] for q in quotes] == ["approved"]
    assert_problem(story.post("owner", f"{REPAIRS}/{code}/quote/decision", {"approve": True}), 409)


def test_a_declined_quote_sends_the_phone_back_unrepaired(story, app):  # type: ignore[no-untyped-def]
    code = _diagnosing(story, app)
    quote_in = {"amount_minor": 12000, "currency": "EUR", "description": "Scheda madre da cambiare"}
    assert story.post("manager", f"{REPAIRS}/{code}/quote", quote_in).status_code == 201
    r = story.post("owner", f"{REPAIRS}/{code}/quote/decision", {"approve": False})
    assert r.status_code == 200 and r.json()["status"] == "declined"
    assert story.get("owner", f"{REPAIRS}/{code}").json()["status"] == "testing"
    events = story.get("owner", f"{REPAIRS}/{code}/events").json()
    assert "returned unrepaired" in events[-1]["note"]


def test_a_quote_with_wrong_fields_names_them(story, app):  # type: ignore[no-untyped-def]
    code = _diagnosing(story, app)
    bad = {"amount_minor": 0, "currency": "E1R", "description": "ok", "next_status": "closed"}
    body = assert_problem(
        story.post("tech", f"{REPAIRS}/{code}/quote", bad),
        422,
        "amount_minor",
        "currency",
        "description",
        "next_status",
    )
    assert body["title"] == "Invalid input"
    assert story.get("tech", f"{REPAIRS}/{code}").json()["status"] == "diagnosing"


# --- contacts -----------------------------------------------------------------------------


def test_contacts_are_logged_and_counted(story):  # type: ignore[no-untyped-def]
    first, second, third = story.open()["code"], story.open()["code"], story.open()["code"]
    log = [
        ("shop", first, "phone", "owner"),
        ("shop", first, "in_person", "owner"),
        ("tech", first, "email", "shop"),
        ("tech", second, "phone", "shop"),
    ]
    for who, code, channel, asked in log:
        r = story.post(
            who,
            f"{REPAIRS}/{code}/contacts",
            {"channel": channel, "who": asked, "note": "Dove si trova il telefono?"},
        )
        assert r.status_code == 201, r.text
        assert (r.json()["channel"], r.json()["who"]) == (channel, asked)
    listed = story.get("manager", f"{REPAIRS}/{first}/contacts").json()
    assert [c["channel"] for c in listed] == ["phone", "in_person", "email"]

    bad = story.post("shop", f"{REPAIRS}/{third}/contacts", {"channel": "pigeon", "who": "cat"})
    assert_problem(bad, 422, "channel", "who")
    owner = story.post("owner", f"{REPAIRS}/{third}/contacts", {"channel": "chat", "who": "owner"})
    assert_problem(owner, 403)
    assert_problem(story.get("owner", f"{REPAIRS}/{first}/contacts"), 403)
    # Contacts are internal: the owner's history does not list them.
    events = story.get("owner", f"{REPAIRS}/{first}/events").json()
    assert "contact" not in {e["type"] for e in events}

    for who in ("manager", "shop", "brand"):
        r = story.get(who, "/api/v1/reports/contacts")
        assert r.status_code == 200, (who, r.text)
        assert r.json() == {
            "repairs": 3,
            "contacts": 4,
            "per_repair": 1.333,
            "by_who": {"owner": 2, "shop": 2},
            "by_count": {"0": 1, "1": 1, "3": 1},
        }
    none = story.get("manager", "/api/v1/reports/contacts", since="2026-03-11").json()
    assert (none["repairs"], none["contacts"], none["per_repair"]) == (0, 0, 0.0)
    assert_problem(story.get("owner", "/api/v1/reports/contacts"), 403)


# --- SLA boards ---------------------------------------------------------------------------


def test_sla_boards_list_repairs_at_risk_and_breached(story, app, session, now):  # type: ignore[no-untyped-def]
    # Default terms: 10 working days, at risk from 7. "now" is Tuesday 10 March 2026.
    opened = {}
    for name, moment in (
        ("fresh", at(9)),  # 1 working day
        ("at_risk", datetime(2026, 2, 27, 9, tzinfo=UTC)),  # 7 working days
        ("breached", datetime(2026, 2, 20, 9, tzinfo=UTC)),  # 12 working days
        ("done", datetime(2026, 2, 16, 9, tzinfo=UTC)),  # late, but ready since
    ):
        set_clock(app, moment)
        opened[name] = story.open()["code"]
    set_clock(app, datetime(2026, 3, 5, 9, tzinfo=UTC))
    for step in ("diagnosing", "testing", "ready"):
        story.step("tech", opened["done"], step)
    other = World(session)  # another centre's breached repair stays off this board
    other_repair = other.repair(datetime(2026, 2, 2, 9, tzinfo=UTC))
    session.commit()
    set_clock(app, now)
    sla_sweep(session, now, escalate_after=99)  # the lists read the stored SLA state
    session.commit()

    for who in ("tech", "manager", "brand", "admin"):
        at_risk = story.get(who, "/api/v1/sla/at-risk")
        assert at_risk.status_code == 200, (who, at_risk.text)
        breached = story.get(who, "/api/v1/sla/breached").json()
        assert [i["code"] for i in at_risk.json()] == [opened["at_risk"]], who
        codes = [i["code"] for i in breached]
        if who == "admin":  # every centre's, most overdue first
            assert codes.index(other_repair.code) < codes.index(opened["breached"])
        else:
            assert codes == [opened["breached"]], who
        assert opened["done"] not in codes and opened["fresh"] not in codes
    [item] = story.get("manager", "/api/v1/sla/at-risk").json()
    assert item["sla"]["state"] == "at_risk"
    assert (item["sla"]["elapsed_days"], item["sla"]["target_days"]) == (7, 10)
    assert item["sla"]["loaner_owed"] is True
    [late] = story.get("manager", "/api/v1/sla/breached").json()
    assert (late["sla"]["state"], late["sla"]["elapsed_days"]) == ("breached", 12)
    assert late["centre_id"] == story.w.centre.id
    # Admins narrow the board to a centre; other roles cannot look outside their scope.
    admin_view = story.get("admin", "/api/v1/sla/breached", centre_id=story.w.centre.id).json()
    assert [i["code"] for i in admin_view] == [opened["breached"]]
    foreign = story.get("manager", "/api/v1/sla/breached", centre_id=other.centre.id).json()
    assert foreign == []
    assert_problem(story.get("shop", "/api/v1/sla/at-risk"), 403)
    assert_problem(story.get("owner", "/api/v1/sla/breached"), 403)
    # A page at a time: the next one is linked, and the last links nothing.
    first = story.get("admin", "/api/v1/sla/breached", limit=1)
    assert [i["code"] for i in first.json()] == [other_repair.code]
    nxt = first.headers["x-next-cursor"]
    assert 'rel="next"' in first.headers["link"] and nxt in first.headers["link"]
    second = story.get("admin", "/api/v1/sla/breached", limit=1, cursor=nxt)
    assert [i["code"] for i in second.json()] == [opened["breached"]]
    assert "link" not in second.headers
    assert_problem(story.get("admin", "/api/v1/sla/breached", cursor="x"), 422, "cursor")


# --- lists --------------------------------------------------------------------------------


def test_list_pages_newest_first(story, app):  # type: ignore[no-untyped-def]
    codes = []
    for day in (2, 3, 4, 5, 6, 9, 10):
        set_clock(app, at(day))
        codes.append(story.open()["code"])
    newest_first = codes[::-1]
    seen = []
    for offset in (0, 3, 6):
        page = story.get("shop", REPAIRS, limit=3, offset=offset).json()
        assert (page["total"], page["limit"], page["offset"]) == (7, 3, offset)
        seen += [i["code"] for i in page["items"]]
    assert seen == newest_first
    assert story.get("shop", REPAIRS, offset=7).json()["items"] == []
    assert_problem(story.get("shop", REPAIRS, limit=0), 422, "limit")
    assert_problem(story.get("shop", REPAIRS, limit=201), 422, "limit")
    assert_problem(story.get("shop", REPAIRS, offset=-1), 422, "offset")
    assert_problem(story.get("shop", REPAIRS, status="lost"), 422, "status")


def test_list_filters_by_status_and_open(story):  # type: ignore[no-untyped-def]
    a, b, c = story.open()["code"], story.open()["code"], story.open()["code"]
    story.step("tech", b, "diagnosing")
    story.step("shop", c, "cancelled")
    diagnosing = story.get("tech", REPAIRS, status="diagnosing").json()
    assert [i["code"] for i in diagnosing["items"]] == [b]
    open_ones = story.get("tech", REPAIRS, open_only=True).json()
    assert {i["code"] for i in open_ones["items"]} == {a, b}


def test_list_search_by_code_imei_and_owner(story):  # type: ignore[no-untyped-def]
    mario = story.open()
    giulia = story.open(
        owner={"name": "Giulia Bianchi", "email": "giulia.bianchi@example.test", "language": "it"}
    )
    other = story.open()

    def found(q: str) -> list[str]:
        r = story.get("shop", REPAIRS, q=q)
        assert r.status_code == 200, r.text
        return [i["code"] for i in r.json()["items"]]

    assert found(giulia["code"]) == [giulia["code"]]
    assert found(giulia["code"].replace("-", "").lower()) == [giulia["code"]]
    assert found(mario["imei"]) == [mario["code"]]
    assert found(other["imei"][:14]) == [other["code"]]  # an IMEI being typed
    assert found("bianchi") == [giulia["code"]]
    assert found("GIULIA B") == [giulia["code"]]
    assert found("giulia.bianchi@example.test") == [giulia["code"]]
    assert found("nobody-at-all") == []
    assert story.get("shop", REPAIRS, q="Q" * 101).status_code == 422


def test_list_shows_only_what_the_caller_may_see(story, session, now):  # type: ignore[no-untyped-def]
    mine = story.open()["code"]
    other = World(session)
    theirs = other.repair(now)
    session.commit()
    for who in ("owner", "shop", "tech", "manager", "brand"):
        items = story.get(who, REPAIRS).json()["items"]
        assert [i["code"] for i in items] == [mine], who
    admin = {i["code"] for i in story.get("admin", REPAIRS, limit=200).json()["items"]}
    assert {mine, theirs.code} <= admin
    assert story.get("shop", REPAIRS, q=theirs.code).json()["total"] == 0


# --- no N+1 -------------------------------------------------------------------------------


def _open_repairs(session: Session, w: World, count: int, now: datetime) -> None:
    """Open `count` repairs, each of its own model and owner, so nothing is shared."""
    for _ in range(count):
        model = make_model(session, w.brand)
        owner = make_account(session, "owner", password=None)
        phone = make_phone(session, model, owner_id=owner.id, shop_id=w.shop.id)
        intake = Intake(phone.imei, "battery", "Si scarica in due ore", centre_id=w.centre.id)
        open_repair(session, w.shop_staff, intake, now)
    session.commit()


def _statements_to_list(client: Any, session: Session, headers: dict[str, str]) -> tuple[int, int]:
    """Return how many SQL statements one GET /repairs runs, with a cold identity map."""
    client.get(REPAIRS, headers=headers)  # first use stamps the token's last_used_at: not counted
    session.expunge_all()  # objects made by the test must not spare the request its loads
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        r = client.get(REPAIRS, params={"limit": 50}, headers=headers)
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert r.status_code == 200, r.text
    return len(seen), r.json()["total"]


def test_listing_repairs_costs_the_same_statements_for_5_or_25(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    headers = {
        who: bearer(session, a, now) for who, a in (("shop", w.shop_staff), ("tech", w.technician))
    }
    _open_repairs(session, w, 5, now)
    few = {who: _statements_to_list(client, session, h) for who, h in headers.items()}
    _open_repairs(session, w, 20, now)
    many = {who: _statements_to_list(client, session, h) for who, h in headers.items()}
    for who in headers:
        assert few[who][1] == 5 and many[who][1] == 25
        assert few[who][0] == many[who][0], (who, few[who][0], many[who][0])
        assert few[who][0] <= 12, few  # a handful, whatever the page holds


def _statements(client: Any, session: Session, path: str, headers: dict[str, str]) -> int:
    """Return how many SQL statements one GET runs, with a cold identity map."""
    client.get(path, headers=headers)
    session.expunge_all()
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        assert client.get(path, headers=headers).status_code == 200
    finally:
        event.remove(connection, "before_cursor_execute", count)
    return len(seen)


def test_sla_lists_and_searches_cost_the_same_statements_for_more_rows(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    headers = bearer(session, w.manager, now)
    shop = bearer(session, w.shop_staff, now)
    late = now - timedelta(days=40)
    _open_repairs(session, w, 2, late)
    sla_sweep(session, now, escalate_after=99)
    session.commit()
    paths = ("/api/v1/sla/breached", f"{REPAIRS}?q=Person")
    few = [_statements(client, session, p, h) for p, h in zip(paths, (headers, shop), strict=True)]
    _open_repairs(session, w, 8, late)
    sla_sweep(session, now, escalate_after=99)
    session.commit()
    many = [_statements(client, session, p, h) for p, h in zip(paths, (headers, shop), strict=True)]
    assert few == many, (few, many)
    assert len(client.get("/api/v1/sla/breached", headers=headers).json()) == 10


def test_list_pages_deep_by_cursor(story, app):  # type: ignore[no-untyped-def]
    codes = []
    for day in (2, 3, 4, 5, 6):
        set_clock(app, at(day))
        codes.append(story.open()["code"])
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = story.get("shop", REPAIRS, **params).json()
        seen += [i["code"] for i in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == codes[::-1] and pages == 3
    assert page["total"] == 5 and page["total_capped"] is False
    assert_problem(story.get("shop", REPAIRS, cursor="x!"), 422, "cursor")
    assert_problem(story.get("shop", REPAIRS, offset=10_001), 422, "offset")


def test_an_owner_books_with_a_drop_off_day_checked_in_their_language(
    client: Any, session: Session, now: datetime
) -> None:
    s = Story(session, client, now)
    phone = make_phone(session, s.w.model, owner_id=s.w.owner.id)
    s.w.owner.language = "it"  # the account's language is the answer's
    session.commit()
    body = {"imei": phone.imei, "fault_category": "battery", "problem": "Si scarica subito",
            "centre_id": s.w.centre.id}  # fmt: skip
    headers = s.auth["owner"]
    r = client.post(REPAIRS, json=body | {"dropoff_date": "2026-03-14"}, headers=headers)
    problem = assert_problem(r, 422, "dropoff_date")
    said = {e["field"]: e["message"] for e in problem["errors"]}
    assert "scegli un giorno lavorativo" in said["dropoff_date"]
    r = client.post(REPAIRS, json=body | {"dropoff_date": "2026-03-12"}, headers=headers)
    assert r.status_code == 201, r.text
    assert r.json()["dropoff_date"] == "2026-03-12"
    assert r.json()["expected_low_date"] > "2026-03-12"  # counted from the drop-off day
