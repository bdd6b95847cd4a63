"""The dashboard's flags: a security update older than the promised cadence, and repairs that
waited for parts longer than the delivery time, each raised and not raised."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from aftersales.audit.models import AuditEntry
from aftersales.care import dashboard
from aftersales.care.queries import PartWait, part_waits
from aftersales.care.waits import measure
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import ValidationFailed
from aftersales.support.commitments import (
    DEFAULT_CADENCE_DAYS,
    CommitmentFields,
    TermInput,
    set_commitment,
)
from tests.care.dataset import Brand, at


def _care(session, b: Brand, now):  # type: ignore[no-untyped-def]
    found = dashboard.brand_care(session, b.brand, now, 25, 0).models
    return {c.model.name: c for c in found}


def _country(care, code: str):  # type: ignore[no-untyped-def]
    return next(c for c in care.countries if c.country == code)


def test_a_security_update_older_than_the_default_cadence_is_flagged_where_updates_are_promised(
    session, now
):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    alpha, beta = _care(session, b, now)["Alpha"], _care(session, b, now)["Beta"]
    it, vn = _country(alpha, "IT"), _country(alpha, "VN")
    # In Italy the EU's updates run until 5 years after a sales end not yet known: promised.
    assert it.support.updates_promised(now.date()) and it.support.cadence_days == 90
    assert it.security_overdue and alpha.days_since_security == 99 > DEFAULT_CADENCE_DAYS
    # In Vietnam nothing is promised: a silence breaks no promise.
    assert not vn.support.updates_promised(now.date()) and not vn.security_overdue
    assert alpha.security_overdue  # the model is flagged for Italy
    assert not beta.security_overdue  # its last security update is 18 days old


def test_a_brands_own_cadence_is_audited_and_moves_the_flag(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    quarterly_and_more = CommitmentFields(security_cadence_days=120)
    row = set_commitment(session, SYSTEM, b.alpha.id, "IT", quarterly_and_more, now=now)
    audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == str(row.id))).all()
    audit = [e for e in audit if e.entity == "support_commitment"]
    assert any((e.changes or {}).get("security_cadence_days") == [None, 120] for e in audit)
    it = _country(_care(session, b, now)["Alpha"], "IT")
    assert (it.support.cadence_days, it.support.cadence_source) == (120, "brand")
    assert not it.security_overdue  # 99 days is within 120
    # Vietnam promises updates while phones are in use, monthly: 99 days is a broken promise.
    monthly = CommitmentFields(terms={"updates": TermInput(in_use=True)}, security_cadence_days=30)
    set_commitment(session, SYSTEM, b.alpha.id, "VN", monthly, now=now)
    assert _country(_care(session, b, now)["Alpha"], "VN").security_overdue
    with pytest.raises(ValidationFailed) as refused:
        set_commitment(session, SYSTEM, b.alpha.id, "IT", CommitmentFields(security_cadence_days=0),
                       now=now)  # fmt: skip
    assert "security_cadence_days" in refused.value.errors


def test_updates_that_ended_break_no_cadence(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    ended = CommitmentFields(terms={"updates": TermInput(now.date() - timedelta(days=1))})
    set_commitment(session, SYSTEM, b.alpha.id, "VN", ended, now=now)
    vn = _country(_care(session, b, now)["Alpha"], "VN")
    assert not vn.support.updates_promised(now.date()) and not vn.security_overdue


def test_a_model_with_no_security_update_on_file_counts_from_its_release(session, now):  # type: ignore[no-untyped-def]
    from tests.factories import make_model

    b = Brand(session, now)
    make_model(session, b.brand, name="Delta", release_date=date(2025, 11, 1))
    make_model(session, b.brand, name="Omega", release_date=date(2026, 3, 1))
    care = _care(session, b, now)
    assert care["Delta"].security is None and care["Delta"].security_overdue  # 129 days
    assert not care["Omega"].security_overdue


def test_repairs_that_waited_for_parts_longer_than_the_delivery_time_are_counted(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    alpha = _care(session, b, now)["Alpha"]
    # Italy: 6 working days (filled) and 6 still waiting are over 5; 4 is not. Vietnam states
    # no delivery time, so its 20 working days break nothing.
    assert (_country(alpha, "IT").late_repairs, _country(alpha, "VN").late_repairs) == (2, 0)
    assert alpha.late_repairs == 2 and _care(session, b, now)["Beta"].late_repairs == 0
    _, late = dashboard.model_care(session, b.alpha, now)
    assert [(w.wait.repair_id, w.workdays, w.limit, w.still_waiting) for w in late] == [
        (b.waits["late"].repair_id, 6, 5, False),
        (b.waits["waiting"].repair_id, 6, 5, True),
    ]
    # A brand promising 10 working days in Italy: no wait was over it.
    set_commitment(session, SYSTEM, b.alpha.id, "IT", CommitmentFields(parts_delivery_days=10),
                   now=now)  # fmt: skip
    assert _care(session, b, now)["Alpha"].late_repairs == 0
    # Vietnam promising 15: its 24 working days (Mon-Sat week, 1 Jan to 6 Feb) are over.
    set_commitment(session, SYSTEM, b.alpha.id, "VN", CommitmentFields(parts_delivery_days=15),
                   now=now)  # fmt: skip
    assert _country(_care(session, b, now)["Alpha"], "VN").late_repairs == 1


def test_waits_outside_the_window_count_only_while_still_waiting(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    b.wait("IT", at("2024-11-04"), at("2024-12-20"))  # long, but asked for over a year ago
    b.wait("IT", at("2024-11-04"), None)  # asked for over a year ago and still awaited
    session.flush()
    assert _country(_care(session, b, now)["Alpha"], "IT").late_repairs == 3


def _wait(asked: date, ended: date | None, country: str = "IT") -> PartWait:
    week = "1111100" if country == "IT" else "1111110"
    zone = "Europe/Rome" if country == "IT" else "Asia/Ho_Chi_Minh"
    return PartWait(1, 1, 7, country, week, zone, asked, ended)


def test_waits_are_working_days_of_the_repairs_country() -> None:
    limits = {(7, "IT"): 5, (7, "VN"): 5}
    now = datetime(2026, 4, 14, 23, 30, tzinfo=UTC)  # already Wednesday 15 April in Hanoi
    # Thursday 2 April to Friday 10 April 2026: Easter Monday (6 April) is a holiday in Italy.
    easter = _wait(date(2026, 4, 2), date(2026, 4, 10))
    assert measure([easter], limits, now) == []  # Fri, Tue, Wed, Thu, Fri: 5, not over
    # Vietnam works Monday to Saturday: Saturday 7 to Tuesday 14 March is Mon-Sat, Tue: 7.
    vietnam = _wait(date(2026, 3, 7), date(2026, 3, 17), "VN")
    assert [(w.workdays, w.limit) for w in measure([vietnam], limits, now)] == [(8, 5)]
    assert measure([vietnam], {(7, "VN"): None}, now) == []  # no limit stated there
    # Still waiting: it ends today at its centre, Wednesday in Hanoi, Tuesday in UTC.
    waiting = _wait(date(2026, 4, 9), None, "VN")  # Fri, Sat, Mon, Tue, Wed: 5 there
    assert [w.workdays for w in measure([waiting], {(7, "VN"): 4}, now)] == [5]


def test_the_day_a_part_was_asked_for_is_the_centres(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    late_night = b.wait("VN", datetime(2026, 2, 27, 23, 30, tzinfo=UTC), at("2026-03-09"))
    session.flush()
    found = part_waits(session, [b.alpha.id], at("2026-01-01"), now, 1)
    mine = next(w for w in found if w.id == late_night.id)
    assert (mine.asked, mine.ended) == (date(2026, 2, 28), date(2026, 3, 9))  # Saturday there
