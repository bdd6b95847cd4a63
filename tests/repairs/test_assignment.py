"""Who works on a repair: technicians take it, the centre's manager assigns it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit.models import AuditEntry
from aftersales.kernel.errors import Conflict, Forbidden, StaleVersion, ValidationFailed
from aftersales.repairs.assignment import assign, assignees
from aftersales.repairs.queue import assigned_to
from aftersales.repairs.service import transition
from tests.factories import make_account, make_centre
from tests.repairs import QuickWorld, events


def on(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def _world(session: Session) -> tuple[QuickWorld, object]:
    w = QuickWorld(session)
    w.other_tech = make_account(session, "technician", password=None, centre_id=w.centre.id)  # type: ignore[attr-defined]
    return w, w.repair(on(10))


def test_a_technician_takes_an_unassigned_repair_once(session: Session):
    w, repair = _world(session)
    event = assign(session, w.technician, repair, on(10), to=w.technician.id)
    assert event is not None and not event.public
    assert event.data == {"from_id": None, "from_name": None, "to_id": w.technician.id,
                          "to_name": w.technician.name, "taken": True}  # fmt: skip
    assert repair.assigned_to_id == w.technician.id
    assert assign(session, w.technician, repair, on(11), to=w.technician.id) is None  # no-op
    assert [e.type for e in events(session, repair)].count("assigned") == 1
    audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "repair_order")).all()
    assert [a.changes for a in audit] == [{"assigned_to_id": [None, w.technician.id]}]


def test_someone_else_cannot_take_it_then(session: Session):
    w, repair = _world(session)
    assign(session, w.technician, repair, on(10), to=w.technician.id)
    with pytest.raises(Conflict, match=f"{w.technician.name} has taken this repair already"):
        assign(session, w.other_tech, repair, on(10), to=w.other_tech.id)  # type: ignore[attr-defined]
    with pytest.raises(Forbidden):  # nor give it back for them
        assign(session, w.other_tech, repair, on(10), to=None)  # type: ignore[attr-defined]
    assert repair.assigned_to_id == w.technician.id


def test_a_technician_gives_back_only_their_own_and_assigns_no_one_else(session: Session):
    w, repair = _world(session)
    with pytest.raises(Forbidden):
        assign(session, w.technician, repair, on(10), to=w.other_tech.id)  # type: ignore[attr-defined]
    assign(session, w.technician, repair, on(10), to=w.technician.id)
    event = assign(session, w.technician, repair, on(11), to=None)
    assert event is not None and event.data["from_name"] == w.technician.name
    assert repair.assigned_to_id is None


def test_the_manager_assigns_reassigns_and_unassigns(session: Session):
    w, repair = _world(session)
    assign(session, w.technician, repair, on(10), to=w.technician.id)
    assign(session, w.manager, repair, on(11), to=w.other_tech.id)  # type: ignore[attr-defined]
    assert repair.assigned_to_id == w.other_tech.id  # type: ignore[attr-defined]
    assign(session, w.manager, repair, on(12), to=w.manager.id)  # managers may take work too
    assign(session, w.manager, repair, on(13), to=None)
    steps = [(e.data["to_name"], e.data["taken"]) for e in events(session, repair)
             if e.type == "assigned"]  # fmt: skip
    assert steps == [(w.technician.name, True), (w.other_tech.name, False),  # type: ignore[attr-defined]
                     (w.manager.name, True), (None, False)]  # fmt: skip


def test_only_the_centre_s_staff_are_assigned_and_only_its_staff_assign(session: Session):
    w, repair = _world(session)
    elsewhere = make_centre(session, [w.brand])
    stranger = make_account(session, "technician", password=None, centre_id=elsewhere.id)
    for target in (stranger.id, w.shop_staff.id, 999_999):
        with pytest.raises(ValidationFailed) as refused:
            assign(session, w.manager, repair, on(10), to=target)
        assert set(refused.value.errors) == {"technician"}
    for outsider in (w.shop_staff, w.owner, w.brand_admin, stranger):
        with pytest.raises(Forbidden):
            assign(session, outsider, repair, on(10), to=outsider.id)
    assert {a.id for a in assignees(session, repair)} == {
        w.technician.id,
        w.manager.id,
        w.other_tech.id,  # type: ignore[attr-defined]
    }


def test_an_older_version_or_a_closed_repair_is_refused(session: Session):
    w, repair = _world(session)
    seen = repair.version
    transition(session, w.technician, repair, "diagnosing", on(10))
    with pytest.raises(StaleVersion):
        assign(session, w.technician, repair, on(10), to=w.technician.id, version=seen)
    transition(session, w.technician, repair, "ready", on(11))
    transition(session, w.technician, repair, "closed", on(12), outcome="repaired")
    with pytest.raises(Conflict, match="over"):
        assign(session, w.manager, repair, on(13), to=w.technician.id)


def test_my_repairs_are_the_open_ones_assigned_to_me(session: Session):
    w, mine = _world(session)
    theirs, done = w.repair(on(10)), w.repair(on(10))
    assign(session, w.technician, mine, on(10), to=w.technician.id)
    assign(session, w.manager, theirs, on(10), to=w.other_tech.id)  # type: ignore[attr-defined]
    assign(session, w.technician, done, on(10), to=w.technician.id)
    for status in ("diagnosing", "ready"):
        transition(session, w.technician, done, status, on(11))
    transition(session, w.technician, done, "closed", on(11), outcome="repaired")
    rows = assigned_to(session, w.technician.id, 50)
    assert [r.code for r in rows] == [mine.code]
    assert rows[0].assignee == w.technician.name


def test_my_repairs_come_by_urgency_then_due_date(session: Session):
    w, first = _world(session)
    plan = [("on_track", 3), ("breached", 9), ("at_risk", 5), ("breached", 4), ("met", 1)]
    repairs = [first, *(w.repair(on(10)) for _ in plan[1:])]
    for repair, (state, day) in zip(repairs, plan, strict=True):
        assign(session, w.technician, repair, on(10), to=w.technician.id)
        repair.sla_state, repair.sla_due_date = state, date(2026, 3, day)  # type: ignore[attr-defined]
    session.flush()
    rows = assigned_to(session, w.technician.id, 50)
    assert [(r.sla.state, r.sla.due_date.day) for r in rows] == [  # type: ignore[union-attr]
        ("breached", 4),
        ("breached", 9),
        ("at_risk", 5),
        ("on_track", 3),
        ("met", 1),
    ]
    assert len(assigned_to(session, w.technician.id, 3)) == 3
