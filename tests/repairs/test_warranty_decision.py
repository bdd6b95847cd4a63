"""The warranty decision at diagnosis and the coverage behind it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.repairs.service import decide_warranty, transition
from aftersales.repairs.states import Status
from aftersales.warranty.service import coverage
from tests.factories import make_phone
from tests.repairs import QuickWorld


def test_warranty_decision_at_diagnosis(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    with pytest.raises(Conflict):
        decide_warranty(
            session, w.technician, repair, now, decision="covered", reason="Factory defect"
        )
    transition(session, w.technician, repair, Status.diagnosing, now)
    with pytest.raises(Forbidden):
        decide_warranty(
            session, w.shop_staff, repair, now, decision="covered", reason="Factory defect"
        )
    with pytest.raises(ValidationFailed) as info:
        decide_warranty(session, w.technician, repair, now, decision="maybe", reason="hm")
    assert set(info.value.errors) == {"decision", "reason"}
    event = decide_warranty(
        session,
        w.technician,
        repair,
        now,
        decision="not_covered",
        reason=" Liquid damage under the display. ",
    )
    assert repair.warranty_decision == "not_covered"
    assert repair.warranty_reason == "Liquid damage under the display."
    assert event.type == "warranty_decision" and event.public
    assert event.data == {"decision": "not_covered"}
    assert event.note == "Liquid damage under the display."


def test_eu_phone_is_covered_for_two_years(session: Session) -> None:
    w = QuickWorld(session)
    phone = make_phone(session, w.model, purchase_date=date(2025, 6, 1), country="IT")
    # The EU's legal guarantee is two years from delivery.
    assert coverage(session, phone, date(2027, 5, 31)).covered
    assert not coverage(session, phone, date(2027, 6, 2)).covered
    assert coverage(session, phone, date(2027, 6, 2)).kind == "expired"
