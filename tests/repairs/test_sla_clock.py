"""The SLA clock on a real database: stamps, pauses, boards, terms and the estimate."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from aftersales.kernel.errors import ValidationFailed
from aftersales.repairs.jobs import sla_sweep
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.queries import sla_board
from aftersales.repairs.quotes import decide_quote, make_quote
from aftersales.repairs.service import transition
from aftersales.repairs.states import Status
from aftersales.repairs.timing import clock_for, estimate
from aftersales.sla.clock import DEFAULT_TERMS
from aftersales.sla.service import set_policy, terms_for
from tests.repairs import QuickWorld, on


def at_diagnosis(session: Session, w: QuickWorld, now: datetime) -> RepairOrder:
    repair = w.repair(now)
    transition(session, w.technician, repair, Status.diagnosing, now)
    return repair


def test_clock_stamps_and_pause_while_awaiting_approval(session: Session) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, on(10))  # received Tuesday 10 March 2026
    assert repair.received_at == on(10)
    make_quote(
        session,
        w.technician,
        repair,
        on(11),
        amount_minor=12900,
        currency="eur",
        description="New display assembly",
    )
    assert repair.status == Status.awaiting_approval
    assert repair.paused_since == on(11)

    clock = clock_for(repair, DEFAULT_TERMS, on(13))  # Friday, still waiting
    assert clock.paused
    assert clock.paused_days == 2  # Thursday 12 and Friday 13
    assert clock.elapsed_days == 1  # only Wednesday 11 counts
    assert clock.due_date == date(2026, 3, 26)  # 10 + 2 working days after the 10th

    decide_quote(session, w.owner, repair, on(16), approve=True)  # Monday
    assert repair.status == Status.repairing
    assert repair.paused_since is None
    assert repair.paused_workdays == 3  # Thursday 12, Friday 13, Monday 16
    transition(session, w.technician, repair, Status.testing, on(17))
    transition(session, w.technician, repair, Status.ready, on(18))
    assert repair.ready_at == on(18)
    # Working days 11, 12, 13, 16, 17, 18 less the 3 spent waiting for the owner.
    assert repair.tat_workdays == 3
    clock = clock_for(repair, DEFAULT_TERMS, on(30))
    assert (clock.state, clock.elapsed_days, clock.loaner_owed) == ("met", 3, False)
    assert repair.expected_basis == "actual date"
    assert repair.expected_date == date(2026, 3, 18)
    # Later steps do not move the stamps.
    transition(session, w.technician, repair, Status.closed, on(19), outcome="repaired")
    assert repair.ready_at == on(18)
    assert repair.tat_workdays == 3
    assert repair.closed_at == on(19)


def test_received_at_is_stamped_once(session: Session) -> None:
    w = QuickWorld(session)
    repair = w.repair(on(10))
    transition(session, w.shop_staff, repair, Status.in_transit_to_centre, on(11))
    transition(session, w.technician, repair, Status.at_centre, on(12))
    assert repair.received_at == on(10)


def test_ready_for_pickup_counts_when_the_shop_leg_is_used(session: Session) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, on(10))
    transition(session, w.technician, repair, Status.in_transit_to_shop, on(12))
    assert repair.ready_at is None
    transition(session, w.shop_staff, repair, Status.ready_for_pickup, on(13))
    assert repair.ready_at == on(13)
    assert repair.tat_workdays == 3  # Wednesday, Thursday, Friday


def test_sla_board_lists_late_repairs(session: Session) -> None:
    w = QuickWorld(session)
    set_policy(
        session,
        w.brand_admin,
        brand_id=w.brand.id,
        country="IT",
        channel="any",
        target_days=5,
        at_risk_days=3,
        loaner_days=4,
    )
    late = w.repair(on(2))  # Monday 2 March: 6 working days by Tuesday 10
    risky = w.repair(on(5))  # Thursday 5 March: 3 working days by Tuesday 10
    fresh = w.repair(on(10))
    sla_sweep(session, on(10), escalate_after=99)  # the sweep keeps the stored states current
    assert [r.code for r in sla_board(session, w.manager, "breached", 50).rows] == [late.code]
    assert [r.code for r in sla_board(session, w.manager, "at_risk", 50).rows] == [risky.code]
    assert late.sla_state == "breached" and late.loaner_owed_at is not None
    on_track = sla_board(session, w.manager, "on_track", 50)
    assert [r.code for r in on_track.rows] == [fresh.code]
    # Another centre's staff sees none of them.
    assert sla_board(session, QuickWorld(session).manager, "breached", 50).rows == []


def test_sla_lists_page_by_due_date_with_a_cursor(session: Session) -> None:
    w = QuickWorld(session)
    late = [w.repair(on(2) + timedelta(hours=h)) for h in (0, 1)] + [w.repair(on(3))]
    sla_sweep(session, on(25), escalate_after=99)
    seen, cursor = [], None
    for _ in range(3):
        page = sla_board(session, w.manager, "breached", 2, cursor)
        seen += [r.code for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    # Due 2 March + 10 working days for the first two (by id), then the third.
    assert seen == [r.code for r in late] and cursor is None
    with pytest.raises(ValidationFailed):
        sla_board(session, w.manager, "breached", 2, "not-a-cursor")


def test_terms_come_from_the_channel_policy_then_any_then_default(session: Session) -> None:
    w = QuickWorld(session)
    assert terms_for(session, w.brand.id, "IT", "shop") == DEFAULT_TERMS
    set_policy(
        session,
        w.brand_admin,
        brand_id=w.brand.id,
        country="IT",
        channel="any",
        target_days=8,
        at_risk_days=6,
        loaner_days=3,
    )
    set_policy(
        session,
        w.brand_admin,
        brand_id=w.brand.id,
        country="IT",
        channel="shop",
        target_days=12,
        at_risk_days=9,
        loaner_days=6,
    )
    assert terms_for(session, w.brand.id, "IT", "shop").target_days == 12
    assert terms_for(session, w.brand.id, "IT", "walk_in").target_days == 8
    assert terms_for(session, w.brand.id, "VN", "shop") == DEFAULT_TERMS
    with pytest.raises(ValidationFailed) as info:
        set_policy(
            session,
            w.brand_admin,
            brand_id=w.brand.id,
            country="IT",
            channel="any",
            target_days=5,
            at_risk_days=5,
            loaner_days=3,
        )
    assert "at_risk_days" in info.value.errors


def test_estimate_follows_the_policy(session: Session) -> None:
    w = QuickWorld(session)
    set_policy(
        session,
        w.brand_admin,
        brand_id=w.brand.id,
        country="IT",
        channel="any",
        target_days=4,
        at_risk_days=2,
        loaner_days=2,
    )
    repair = w.repair(on(10))
    assert repair.expected_basis == "SLA target of 4 working days"
    assert repair.expected_date == date(2026, 3, 16)  # 4 working days after Tuesday 10
    assert estimate(session, repair, on(10)).likely == repair.expected_date
