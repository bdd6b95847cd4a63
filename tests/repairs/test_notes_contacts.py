"""Notes, contacts and the public view on a real database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from aftersales.kernel.errors import Forbidden, NotFound, ValidationFailed
from aftersales.repairs.contacts import contacts_of, record_contact
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.queries import contact_figures
from aftersales.repairs.service import add_note, transition
from aftersales.repairs.states import Status
from aftersales.repairs.tracking import public_view
from tests.repairs import QuickWorld, events


def at_diagnosis(session: Session, w: QuickWorld, now: datetime) -> RepairOrder:
    repair = w.repair(now)
    transition(session, w.technician, repair, Status.diagnosing, now)
    return repair


def test_notes_and_the_public_view(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    add_note(
        session, w.technician, repair, now, text="The display connector is loose.", public=True
    )
    add_note(session, w.technician, repair, now, text="Check batch 42 of displays", public=False)
    with pytest.raises(Forbidden):
        add_note(session, w.owner, repair, now, text="Hello?", public=True)
    with pytest.raises(ValidationFailed):
        add_note(session, w.technician, repair, now, text="   ", public=True)
    view = public_view(session, repair.code.lower().replace("-", ""), repair.phone.imei[-4:], now)
    assert view.code == repair.code
    assert view.status == Status.diagnosing
    assert view.expected_date == repair.expected_date
    notes = [s.note for s in view.timeline if s.kind == "note"]
    assert notes == ["The display connector is loose."]
    assert all("batch 42" not in (s.note or "") for s in view.timeline)
    assert [s.status for s in view.timeline if s.kind == "status_changed"] == [
        Status.received,
        Status.diagnosing,
    ]
    wrong = "0000" if repair.phone.imei[-4:] != "0000" else "1111"
    with pytest.raises(NotFound):
        public_view(session, repair.code, wrong, now)


def test_contacts_are_logged_and_counted(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    asked = w.repair(now)
    quiet = w.repair(now)
    record_contact(session, w.shop_staff, asked, now, channel="phone", who="owner")
    record_contact(
        session,
        w.technician,
        asked,
        now + timedelta(hours=2),
        channel="email",
        who="shop",
        note=" Where is it? ",
    )
    with pytest.raises(Forbidden):
        record_contact(session, w.owner, asked, now, channel="phone", who="owner")
    with pytest.raises(ValidationFailed) as info:
        record_contact(session, w.shop_staff, asked, now, channel="pigeon", who="neighbour")
    assert set(info.value.errors) == {"channel", "who"}

    logged = contacts_of(session, asked)
    assert [(c.who, c.channel, c.note) for c in logged] == [
        ("owner", "phone", ""),
        ("shop", "email", "Where is it?"),
    ]
    assert contacts_of(session, quiet) == []
    contact_events = [e for e in events(session, asked) if e.type == "contact"]
    assert len(contact_events) == 2
    assert not any(e.public for e in contact_events)

    day = now.date()
    figures = contact_figures(session, w.manager, day, day, centre_id=w.centre.id)
    assert figures.repairs == 2
    assert figures.contacts == 2
    assert figures.per_repair == 1.0
    assert figures.by_who == {"owner": 1, "shop": 1}
    assert figures.by_count == {0: 1, 2: 1}
    # Outside the period, and for another shop's staff, there is nothing to count.
    before = contact_figures(session, w.manager, None, day - timedelta(days=1))
    assert (before.repairs, before.contacts, before.per_repair) == (0, 0, 0.0)
    other = contact_figures(session, QuickWorld(session).shop_staff, None, None)
    assert other.repairs == 0
