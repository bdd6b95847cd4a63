"""Loaner phones: one at a time, given and returned with events, closing needs it back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit.models import AuditEntry
from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.repairs.jobs import sla_sweep
from aftersales.repairs.loaners import (
    give_loaner,
    loaner_out,
    loaners_of,
    offline_of,
    return_loaner,
)
from aftersales.repairs.queue import in_state
from aftersales.repairs.service import transition
from aftersales.sla.service import set_policy
from tests.repairs import QuickWorld, events


def on(day: int, hour: int = 10) -> datetime:
    """Return a moment of March 2026 (UTC); 10 March is a Tuesday."""
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def _ready_at_centre(session: Session, w: QuickWorld) -> object:
    """Return a walk-in repair at the centre, ready for the owner to collect."""
    repair = w.repair(on(10))  # received at the shop's counter
    for status in ("diagnosing", "repairing", "testing", "ready"):
        transition(session, w.technician, repair, status, on(12))
    return repair


def test_a_loaner_is_given_and_returned_with_staff_only_events(session: Session):
    w = QuickWorld(session)
    repair = w.repair(on(10))
    loan = give_loaner(session, w.shop_staff, repair, on(10, 11), label=" PRESTITO-07 ")
    assert loan.label == "PRESTITO-07" and repair.loaner_given
    assert loaner_out(session, repair) is loan
    back = return_loaner(session, w.technician, repair, on(13))
    assert back.returned_at == on(13) and loaner_out(session, repair) is None
    kinds = [(e.type, e.public, e.data.get("label")) for e in events(session, repair)]
    assert ("loaner_given", False, "PRESTITO-07") in kinds
    assert ("loaner_returned", False, "PRESTITO-07") in kinds
    audited = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "loaner"))
    assert sorted(audited) == ["created", "updated"]
    # the owner had it from the hand-in day to the 13th: no day offline so far
    days = offline_of(repair, loaners_of(session, repair), on(13, 18))
    assert (days.without_phone, days.with_loaner, days.offline) == (3, 3, 0)


def test_one_loaner_at_a_time_and_a_return_needs_one_out(session: Session):
    w = QuickWorld(session)
    repair = w.repair(on(10))
    with pytest.raises(Conflict, match="No loaner phone is out"):
        return_loaner(session, w.shop_staff, repair, on(10))
    give_loaner(session, w.shop_staff, repair, on(10), label="A-1")
    with pytest.raises(Conflict, match="already out"):
        give_loaner(session, w.technician, repair, on(11), label="A-2")
    return_loaner(session, w.shop_staff, repair, on(12))
    give_loaner(session, w.technician, repair, on(12), label="A-2")  # a second, once back
    assert [loan.label for loan in loaners_of(session, repair)] == ["A-1", "A-2"]


def test_who_may_give_a_loaner_and_what_it_needs(session: Session):
    w = QuickWorld(session)
    repair = w.repair(on(10))
    for outsider in (w.owner, w.brand_admin):
        with pytest.raises(Forbidden):
            give_loaner(session, outsider, repair, on(10), label="X-1")
    for label in ("", "   ", "L" * 61, "A\x00B"):
        with pytest.raises(ValidationFailed) as refused:
            give_loaner(session, w.shop_staff, repair, on(10), label=label)
        assert set(refused.value.errors) == {"label"}


def test_no_loaner_before_the_phone_is_handed_in(session: Session):
    from aftersales.repairs.intake import Intake, open_repair
    from tests.factories import make_phone

    w = QuickWorld(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    booking = open_repair(
        session, w.owner, Intake(phone.imei, "display", "Macchie", shop_id=w.shop.id), on(10)
    )
    with pytest.raises(Conflict, match="not handed in"):
        give_loaner(session, w.shop_staff, booking, on(10), label="X-1")


def test_a_repair_closes_only_with_the_loaner_back(session: Session):
    w = QuickWorld(session)
    repair = _ready_at_centre(session, w)
    give_loaner(session, w.technician, repair, on(10, 12), label="CORTESIA-3")
    with pytest.raises(Conflict, match="CORTESIA-3 is still out"):
        transition(session, w.technician, repair, "closed", on(16), outcome="repaired")
    assert repair.status == "ready"
    transition(
        session, w.technician, repair, "closed", on(16), outcome="repaired", loaner_back=True
    )
    assert repair.status == "closed" and loaner_out(session, repair) is None
    kinds = [e.type for e in events(session, repair)]
    assert kinds.index("loaner_returned") < len(kinds) - 1  # recorded with the close, before it
    with pytest.raises(Conflict, match="over"):
        give_loaner(session, w.technician, repair, on(17), label="CORTESIA-4")
    days = offline_of(repair, loaners_of(session, repair), on(20))
    assert (days.without_phone, days.offline, days.counting) == (6, 0, False)


def test_a_loaner_given_answers_the_loaner_owed(session: Session):
    w = QuickWorld(session)
    set_policy(session, w.brand_admin, brand_id=w.brand.id, country="IT", channel="any",
               target_days=5, at_risk_days=3, loaner_days=2)  # fmt: skip
    repair = w.repair(on(10))
    sla_sweep(session, on(11), escalate_after=9)
    sla_sweep(session, on(13), escalate_after=9)  # 3 working days: a loaner is owed
    (row,) = in_state(session, w.centre, "at_risk", 10)
    assert row.sla.loaner_owed
    give_loaner(session, w.shop_staff, repair, on(13, 11), label="P-1")
    (row,) = in_state(session, w.centre, "at_risk", 10)
    assert not row.sla.loaner_owed
    assert repair.loaner_owed_at == on(13)  # when it became owed stays known
