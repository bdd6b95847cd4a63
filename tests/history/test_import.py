"""Importing histories: the real help-desk sample whole and once, every wrong line named with
its number and nothing written, phones matched or made, no message to anyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.audit.models import AuditEntry
from aftersales.catalog.models import PhoneModel
from aftersales.devices.models import Phone
from aftersales.history import importer
from aftersales.history.catalogue import placeholder_imei
from aftersales.history.importer import import_history
from aftersales.history.lines import read_rows
from aftersales.history.mapping import load_mapping
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import Conflict, Forbidden
from aftersales.kernel.imei import is_luhn_valid, make_imei
from aftersales.notifications.models import OutboxMessage
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.surveys.invites import invite_closed
from aftersales.surveys.models import SurveyInvitation
from tests.factories import World, make_brand, make_centre, make_phone
from tests.history import HELPDESK_MAPPING, SAMPLE, T0, history, rows, rules
from tests.surveys import closed_repair

pytestmark = pytest.mark.xdist_group("history")


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _helpdesk(session: Session) -> None:
    brand = make_brand(session, slug="xiaomi", name="Xiaomi")
    make_centre(session, [brand], name="Centro Assistenza Napoli")


def _sample(dry_run: bool, session: Session) -> importer.HistoryReport:
    m = load_mapping(HELPDESK_MAPPING.read_bytes())
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        lines = read_rows(fh, m)
    return import_history(session, SYSTEM, lines, m, "helpdesk", T0, dry_run=dry_run)


def test_the_helpdesk_sample_dry_run_reports_and_writes_nothing(session: Session) -> None:
    _helpdesk(session)
    before = (_count(session, RepairOrder), _count(session, Phone), _count(session, PhoneModel))
    report = _sample(True, session)
    assert report.errors == [] and not report.written
    assert (report.lines, report.repairs_new, report.events, report.repeats_merged) == (
        199, 59, 251, 7
    )  # fmt: skip
    assert (report.phones_created, report.phones_without_imei, report.models_created) == (59, 59, 1)
    assert report.by_status == {"awaiting_parts": 11, "closed": 59, "diagnosing": 60, "ready": 61,
                                "received": 58, "registered": 2}  # fmt: skip
    after = (_count(session, RepairOrder), _count(session, Phone), _count(session, PhoneModel))
    assert after == before


def test_the_helpdesk_sample_imports_as_real_repairs_and_once(session: Session) -> None:
    _helpdesk(session)
    outbox = _count(session, OutboxMessage)
    report = _sample(False, session)
    assert report.written and report.repairs_new == 59
    repairs = session.scalars(select(RepairOrder).where(RepairOrder.import_source == "helpdesk"))
    by_id = {r.external_id: r for r in repairs}
    assert len(by_id) == 59 and {r.status for r in by_id.values()} == {"closed"}
    case = by_id["2"]  # 1, 8, 6 between 3 and 5 April 2012, Rome time
    assert case.received_at == datetime(2012, 4, 3, 14, 55, 38, tzinfo=UTC)
    assert case.ready_at == case.closed_at == datetime(2012, 4, 5, 15, 15, 52, tzinfo=UTC)
    assert (case.tat_workdays, case.sla_state, case.outcome) == (2, "met", "repaired")
    assert case.expected_date.isoformat() == "2012-04-05" and case.expected_method == "actual"
    assert case.created_at == case.received_at and case.owner_id is None
    assert is_luhn_valid(case.phone.imei) and case.phone.imei.startswith("00")
    assert case.phone.imei == placeholder_imei("helpdesk", "2")
    events = session.scalars(
        select(RepairEvent).where(RepairEvent.repair_id == case.id).order_by(RepairEvent.id)
    ).all()
    assert [(e.type, e.from_status, e.to_status) for e in events] == [
        ("created", None, "received"),
        ("status_changed", "received", "diagnosing"),
        ("status_changed", "diagnosing", "ready"),
        ("status_changed", "ready", "closed"),
    ]
    assert events[1].data == {"import": "helpdesk", "line": 3, "code": "8"}
    assert events[3].data == {"import": "helpdesk", "added": "close_ready", "outcome": "repaired"}
    reopened = by_id["5"]  # 1, 8, 6, 8, 6: ready at the first 6, as live repairs are
    assert reopened.ready_at == datetime(2012, 4, 3, 19, 47, 22, tzinfo=UTC)
    assert reopened.closed_at == datetime(2012, 4, 3, 22, 7, 28, tzinfo=UTC)
    assert _count(session, OutboxMessage) == outbox  # nobody is told of the past
    audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "history_import")).one()
    assert audit.changes["repairs"] == [None, 59]
    again = _sample(False, session)
    assert (again.repairs_new, again.repairs_already_imported, again.lines_already_imported) == (
        0, 59, 199
    )  # fmt: skip
    assert _count(session, RepairOrder) == 59 + 0


def test_every_wrong_line_is_named_and_nothing_is_written(session: Session) -> None:
    w = World(session)
    m = rules(w)
    bad = [
        "R1,IN,2026-01-05 09:00,,,",  # 2: good
        "R1,WHAT,2026-01-05 10:00,,,",  # 3: unknown code
        "R1,DIAG,05/01/2026,,,",  # 4: not the format
        "R1,OK,2026-12-31 10:00,,,",  # 5: in the future
        ",IN,2026-01-05 09:00,,,",  # 6: no id
        "R2,IN,2026-01-05 09:00,123456789012345,,",  # 7: IMEI fails Luhn
        "R2,OUT,2026-01-06 09:00,,,",  # 8: (R2 refused for its IMEI)
        "R3,IN,2026-01-06 09:00,,,",  # 9
        "R3,DIAG,2026-01-05 09:00,,,",  # 10: before line 9
        "R3,OUT,2026-01-07 09:00,,,",  # 11
        "R3,FIX,2026-01-08 09:00,,,",  # 12: after closed
        "R4,IN,2026-01-05 09:00,,,",  # 13
        "R4,FIX,2026-01-06 09:00,,,",  # 14: ends unfinished
        "R5,IN,2026-01-05 09:00,,Luna 9,",  # 15: no such model
        "R5,OUT,2026-01-06 09:00,,,",  # 16
        "R6,IN,2026-01-05 09:00,,,",  # 17
        "R6,OUT,2026-01-06 09:00,,,lost",  # 18: not an outcome
        "R7,NOTE,2026-01-05 09:00,,,",  # 19: all ignored
        f"R8,IN,2026-01-05 09:00,{make_imei('35000001', 1)},,",  # 20
        f"R8,OUT,2026-01-06 09:00,{make_imei('35000001', 2)},,",  # 21: another IMEI
    ]
    report = import_history(session, SYSTEM, rows(m, *bad), m, "shoptool", T0)
    said = {(line, str(message)) for line, message in report.errors}
    assert not report.written and _count(session, RepairOrder) == 0
    assert (3, "status 'WHAT' is not in the mapping's [statuses]: map it to one of ours, or to "
               '"ignore".') in said  # fmt: skip
    assert (4, "the time '05/01/2026' does not read as %Y-%m-%d %H:%M.") in said
    assert (5, "the time 2026-12-31 10:00 is in the future.") in said
    assert (6, "the repair's id (column id) is empty.") in said
    assert any(line == 7 and m.startswith("IMEI '123456789012345': This IMEI's last digit")
               for line, m in said)  # fmt: skip
    assert (10, "the time 2026-01-05T08:00:00+00:00 is before that of line 9 of the same "
                "repair: a history goes forward.") in said  # fmt: skip
    assert (12, "the repair was closed on line 11: a finished repair has no later status.") in said
    ends = "ends repairing: only finished repairs (closed or cancelled) are imported"
    assert (14, f"repair 'R4' {ends}; with close_ready = true a history ending ready is "
                "closed.") in said  # fmt: skip
    assert (15, f"model 'Luna 9' is not a model of brand '{w.brand.slug}' (set create_models = "
                "true to create it).") in said  # fmt: skip
    assert (18, "outcome 'lost' is not one of: repaired, replaced, returned_unrepaired, refunded "
                "(a closed repair needs one; [defaults] outcome gives it).") in said  # fmt: skip
    assert (19, "no line of repair 'R7' maps to a status (all ignored).") in said
    assert any(line == 21 and m.startswith("imei '") and "differs from" in m for line, m in said)
    assert len(report.errors) == 12
    assert [line for line, _ in report.errors] == sorted(line for line, _ in report.errors)


def test_phones_are_matched_by_imei_or_made_and_models_made_when_allowed(session: Session) -> None:
    w = World(session)
    known = make_phone(session, w.model)
    fresh = make_imei(w.model.tacs[0].tac, 777)
    m = rules(w, "[options]\ncreate_models = true")
    lines = [
        *history("A", T0 - timedelta(days=30), imei=known.imei),
        *history("B", T0 - timedelta(days=30), imei=fresh),
        "C,IN,2026-02-02 09:00,,Nova X,",
        "C,DROP,2026-02-03 09:00,,,",
    ]
    report = import_history(session, SYSTEM, rows(m, *lines), m, "shoptool", T0)
    assert report.errors == [] and report.written
    assert (report.phones_matched, report.phones_created, report.phones_without_imei) == (1, 2, 1)
    assert (report.models_created, report.models_matched) == (1, 1)
    got = {
        r.external_id: r
        for r in session.scalars(select(RepairOrder).where(RepairOrder.import_source.is_not(None)))
    }
    assert got["A"].phone_id == known.id and got["B"].phone.imei == fresh
    assert got["B"].phone.model_id == w.model.id and got["B"].tat_workdays is not None
    cancelled = got["C"]
    assert (cancelled.status, cancelled.outcome, cancelled.model.name) == (
        "cancelled",
        None,
        "Nova X",
    )
    assert cancelled.ready_at is None and cancelled.tat_workdays is None
    assert cancelled.phone.imei == placeholder_imei("shoptool", "C")


def test_only_the_platform_imports(session: Session) -> None:
    w = World(session)
    m = rules(w)
    with pytest.raises(Forbidden):
        import_history(session, w.brand_admin, rows(m, *history("A", T0)), m, "shoptool", T0)


def test_a_lost_race_writes_nothing_and_says_run_again(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = World(session)
    m = rules(w)
    lines = rows(m, *history("A", T0 - timedelta(days=20)))
    assert import_history(session, SYSTEM, lines, m, "shoptool", T0).written
    # The other import wrote "A" after this one looked: only the unique constraint sees it.
    monkeypatch.setattr(importer, "_already", lambda *_: set())
    with pytest.raises(Conflict, match="Another import wrote some of these repairs"):
        import_history(session, SYSTEM, lines, m, "shoptool", T0)


def test_imported_repairs_get_no_survey_invitation(session: Session) -> None:
    w = World(session)
    m = rules(w)
    start = T0 - timedelta(days=4, hours=3)
    import_history(session, SYSTEM, rows(m, *history("A", start, days=1)), m, "shoptool", T0)
    imported = session.scalars(select(RepairOrder).where(RepairOrder.external_id == "A")).one()
    imported.owner_id = w.owner.id  # even with an owner who could be asked
    live = closed_repair(session, w, T0 - timedelta(hours=2))
    session.flush()
    assert invite_closed(session, T0) == 1
    invited = session.scalars(select(SurveyInvitation.repair_id)).all()
    assert invited == [live.id]


def test_a_brand_other_than_that_of_the_imeis_phone_is_the_lines_error(session: Session) -> None:
    w = World(session)
    known = make_phone(session, w.model)
    other = make_brand(session, slug="rival", name="Rival")
    make_centre(session, [other])
    m = rules(w, brand="rival")
    lines = history("A", T0 - timedelta(days=30), imei=known.imei)
    report = import_history(session, SYSTEM, rows(m, *lines), m, "shoptool", T0)
    assert [(line, str(message)) for line, message in report.errors] == [
        (2, f"the phone of this IMEI is of brand '{w.brand.name}', not 'rival'.")
    ]
    assert not report.written and _count(session, RepairOrder) == 0
    same = rules(w, brand=w.brand.name)  # its brand by name, as by slug: no mistake
    assert import_history(session, SYSTEM, rows(same, *lines), same, "shoptool", T0).written


def test_a_repair_without_problem_text_keeps_an_empty_problem(session: Session) -> None:
    w = World(session)
    m = rules(w)
    lines = rows(m, *history("A", T0 - timedelta(days=9)))
    import_history(session, SYSTEM, lines, m, "shoptool", T0)
    imported = session.scalars(select(RepairOrder).where(RepairOrder.external_id == "A")).one()
    assert imported.problem == ""
    session.expire_all()  # as read back from the database
    assert session.get(RepairOrder, imported.id).problem == ""  # type: ignore[union-attr]
