"""Pages of shop staff, technicians, managers and brand admins."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from aftersales.repairs.jobs import sla_sweep
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.service import transition
from aftersales.sla.models import SlaPolicy
from aftersales.warranty.models import WarrantyPolicy
from tests.factories import World, make_imei
from tests.factories.policies import make_sla_policy
from tests.web.helpers import bearer
from tests.web.pages.helpers import post, sign_in, texts


@pytest.fixture()
def count_queries(connection) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Record every SQL statement run on the test's connection."""
    seen: list[str] = []

    def _record(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(connection, "before_cursor_execute", _record)
    yield seen
    event.remove(connection, "before_cursor_execute", _record)


def _fresh_imei(w: World) -> str:
    return make_imei(w.model.tacs[0].tac, 424242)


def test_the_intake_checks_the_imei_as_it_is_typed(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    imei = _fresh_imei(w)
    r = client.get("/shop/intake/imei", params={"imei": imei[:-1] + str((int(imei[-1]) + 1) % 10)})
    assert "*#06#" in r.text  # wrong check digit, explained
    r = client.get("/shop/intake/imei", params={"imei": imei[:10]})
    assert "15" in texts(r.text) and w.model.name in r.text  # too short, but the TAC is known
    r = client.get("/shop/intake/imei", params={"imei": imei})
    assert 'class="ok"' in r.text and w.model.name in r.text


def test_the_intake_keeps_the_input_and_opens_a_received_repair(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    form = {"imei": "12345", "owner_name": "Gennaro Esposito", "owner_email": "",
            "owner_language": "it", "fault_category": "display", "screen_lock": "none",
            "problem": "Macchie sul display", "purchase_date": "01/03/2026"}  # fmt: skip
    r = post(client, "/shop/intake", form)
    assert r.status_code == 422
    for field in ("imei", "owner_email", "purchase_date"):
        assert f"{field}" in r.text and 'aria-invalid="true"' in r.text
    assert 'value="Gennaro Esposito"' in r.text and "Macchie sul display" in r.text
    good = {**form, "imei": _fresh_imei(w), "owner_email": "gennaro@example.test",
            "purchase_date": "2026-03-01"}  # fmt: skip
    r = post(client, "/shop/intake", good)
    assert r.status_code == 303, r.text
    code = r.headers["location"].split("/")[2].split("?")[0]
    repair = session.scalar(select(RepairOrder).where(RepairOrder.code == code))
    assert repair is not None and repair.status == "received" and repair.shop_id == w.shop.id
    assert code in client.get(r.headers["location"]).text


def test_the_shop_list_searches_filters_and_pages_without_extra_queries(  # type: ignore[no-untyped-def]
    client, session, now, count_queries
):
    w = World(session)
    repairs = [w.repair(now - timedelta(hours=i)) for i in range(30)]
    transition(session, w.shop_staff, repairs[0], "in_transit_to_centre", now)
    session.commit()
    sign_in(client, w.shop_staff)
    count_queries.clear()
    first = client.get("/shop/repairs", headers={"Accept-Language": "en"})
    queries_for_25 = len(count_queries)
    assert first.status_code == 200 and "30 repairs" in texts(first.text)
    assert "Page 1 of 2" in texts(first.text)
    count_queries.clear()
    second = client.get("/shop/repairs", params={"page_no": 2})
    assert len(count_queries) == queries_for_25  # 5 rows cost what 25 do: no query per row
    assert second.text.count('href="/repairs/') == 5
    found = client.get("/shop/repairs", params={"q": repairs[3].code})
    assert found.text.count('href="/repairs/') == 1 and repairs[3].code in found.text
    by_imei = client.get("/shop/repairs", params={"q": repairs[4].phone.imei})
    assert repairs[4].code in by_imei.text and by_imei.text.count('href="/repairs/') == 1
    moving = client.get("/shop/repairs", params={"status": "in_transit_to_centre"})
    assert moving.text.count('href="/repairs/') == 1 and repairs[0].code in moving.text


def test_the_queue_puts_the_most_urgent_first(client, session, now, count_queries):  # type: ignore[no-untyped-def]
    w = World(session)
    old = w.repair(now - timedelta(days=30))
    new = w.repair(now)
    sla_sweep(session, now, escalate_after=99)  # the stored SLA state the queue reads
    session.commit()
    sign_in(client, w.technician)
    page = client.get("/centre/queue").text
    assert page.index(old.code) < page.index(new.code)
    assert 'class="pill breached"' in page
    count_queries.clear()
    client.get("/centre/queue")
    few = len(count_queries)
    for i in range(6):
        w.repair(now - timedelta(days=i))
    session.commit()
    count_queries.clear()
    client.get("/centre/queue")
    assert len(count_queries) == few


def test_the_board_is_for_managers(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    w.repair(now - timedelta(days=30))
    w.repair(now)
    sla_sweep(session, now, escalate_after=99)
    session.commit()
    sign_in(client, w.technician)
    assert client.get("/centre/board").status_code == 404
    client.cookies.clear()
    sign_in(client, w.manager)
    page = texts(client.get("/centre/board", headers={"Accept-Language": "en"}).text)
    assert "Breached (1)" in page and "Backlog by status (2)" in page
    assert "more than 10 working days" in page and "Work per technician" in page


def test_the_board_lists_as_the_api_and_dates_each_promise(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    late, done = w.repair(now - timedelta(days=30)), w.repair(now - timedelta(days=31))
    for target in ("diagnosing", "repairing", "testing", "ready"):  # ready, but late
        transition(session, w.technician, done, target, now)
    sla_sweep(session, now, escalate_after=99)
    assert (late.sla_state, done.sla_state) == ("breached", "breached")
    make_sla_policy(session, w.brand, country=w.centre.country, target_days=4, at_risk_days=2,
                    loaner_days=3,
                    effective_from=(now + timedelta(days=7)).date())  # fmt: skip
    session.commit()
    sign_in(client, w.manager)
    html = client.get("/centre/board", headers={"Accept-Language": "en"}).text
    board = texts(html)
    assert "Breached (1)" in board and late.code in board
    breached = board.split("Breached (1)", 1)[1].split("At risk", 1)[0]
    assert done.code not in breached  # its clock stopped when it was ready, as in the API
    r = client.get("/api/v1/sla/breached", headers=bearer(session, w.manager, now))
    assert [x["code"] for x in r.json()] == [late.code]
    assert "In force from" in board and "4 working days" in board
    assert (now + timedelta(days=7)).date().strftime("%Y") in board  # the later version's day


def test_brand_admins_add_models_and_set_policies(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.brand_admin)
    assert w.model.name in client.get("/brand").text
    r = post(client, "/brand/models", {"name": "Mi 9", "tacs": "8644 6403", "release_date": ""})
    assert r.status_code == 422 and 'value="8644 6403"' in r.text and "TAC" in r.text
    r = post(client, "/brand/models", {"name": "Mi 9", "tacs": "86446499, 86446498"})
    assert r.status_code == 303
    assert "86446498, 86446499" in client.get("/brand").text
    r = post(
        client, "/brand/warranty", {"country": "IT", "maker_months": "x", "legal_months": "24"}
    )
    assert r.status_code == 422 and 'value="x"' in r.text
    r = post(
        client, "/brand/warranty", {"country": "it", "maker_months": "12", "legal_months": "24"}
    )
    assert r.status_code == 303
    policy = session.scalar(select(WarrantyPolicy).where(WarrantyPolicy.brand_id == w.brand.id))
    assert policy is not None and (policy.country, policy.maker_months) == ("IT", 12)
    r = post(client, "/brand/sla", {"country": "IT", "channel": "shop", "target_days": "8",
                                     "at_risk_days": "6", "loaner_days": "5"})  # fmt: skip
    assert r.status_code == 303
    assert (
        session.scalar(select(SlaPolicy.target_days).where(SlaPolicy.brand_id == w.brand.id)) == 8
    )


def test_staff_pages_are_not_for_other_roles(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.owner)
    for path in ("/shop/intake", "/shop/repairs", "/centre/queue", "/centre/board", "/brand"):
        assert client.get(path).status_code == 404, path
    assert post(client, "/brand/models", {"name": "X", "tacs": "12345678"}).status_code == 404


def test_a_stale_form_says_someone_else_changed_the_repair(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    session.commit()
    sign_in(client, w.shop_staff)
    old_version = repair.version
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now)  # someone else
    session.commit()
    r = post(client, f"/repairs/{repair.code}/move",
             {"to_status": "cancelled", "version": str(old_version)})  # fmt: skip
    assert r.status_code == 409
    page = texts(r.text)
    assert "Someone else changed this repair" in page
    assert "On its way to the service centre" in page  # the new state is shown


def test_only_platform_admins_add_centres_and_shops(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.brand_admin)
    assert "/brand/centres" not in client.get("/brand").text
    assert (
        post(client, "/brand/shops", {"name": "X", "city": "Y", "country": "IT"}).status_code == 404
    )
    client.cookies.clear()
    sign_in(client, w.admin)
    query = f"?brand_id={w.brand.id}"
    centre = {"name": "Centro Bari", "city": "Bari", "country": "ITALY", "working_week": "1111100"}
    r = post(client, "/brand/centres" + query, centre)
    assert r.status_code == 422 and 'value="ITALY"' in r.text
    r = post(client, "/brand/centres" + query, {**centre, "country": "IT"})
    assert r.status_code == 303
    assert "Centro Bari" in client.get("/brand" + query).text
    r = post(
        client, "/brand/shops" + query, {"name": "Bari Phone", "city": "Bari", "country": "IT"}
    )
    assert r.status_code == 303 and "Bari Phone" in client.get("/brand" + query).text


def test_the_owners_list_costs_the_same_queries_for_more_repairs(  # type: ignore[no-untyped-def]
    client, session, now, count_queries
):
    w = World(session)
    w.repair(now - timedelta(days=1))
    session.commit()
    sign_in(client, w.owner)
    client.get("/my/repairs")
    count_queries.clear()
    client.get("/my/repairs")
    one = len(count_queries)
    for i in range(5):
        w.repair(now - timedelta(hours=i))
    session.commit()
    count_queries.clear()
    page = client.get("/my/repairs").text
    assert page.count('href="/repairs/') == 6
    assert len(count_queries) == one


def test_the_board_costs_the_same_queries_for_more_repairs(client, session, now, count_queries):  # type: ignore[no-untyped-def]
    w = World(session)
    w.repair(now - timedelta(days=30))
    sla_sweep(session, now, escalate_after=99)
    session.commit()
    sign_in(client, w.manager)
    client.get("/centre/board")
    count_queries.clear()
    client.get("/centre/board")
    few = len(count_queries)
    for i in range(6):
        repair = w.repair(now - timedelta(days=12 + i))
        transition(session, w.technician, repair, "diagnosing", now - timedelta(days=1))
    sla_sweep(session, now, escalate_after=99)
    session.commit()
    count_queries.clear()
    page = texts(client.get("/centre/board", headers={"Accept-Language": "en"}).text)
    assert len(count_queries) == few
    assert "Breached (4)" in page and "At risk (3)" in page and "6 steps" in page


def test_my_phones_asks_for_warranty_terms_once(client, session, now, count_queries):  # type: ignore[no-untyped-def]
    w = World(session)
    w.repair(now)
    session.commit()
    sign_in(client, w.owner)
    client.get("/my/phones")
    count_queries.clear()
    client.get("/my/phones")
    one = len(count_queries)
    for _ in range(4):
        w.repair(now)
    session.commit()
    count_queries.clear()
    page = client.get("/my/phones").text
    assert len(count_queries) == one
    assert sum(1 for q in count_queries if "warranty_policy" in q) == 1
    assert page.count(w.model.name) >= 5
