"""The nightly job on a small history: it stores phones in use, the curve and the parts
outlooks for every model, replaces them whole on the next run, and the dashboard's read
functions give them back (SQLite, and PostgreSQL with AFTERSALES_TEST_PG)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.care import outlook
from aftersales.care.models import CareInUse, CareInUsePoint, CarePartOutlook
from aftersales.care.nightly import nightly_forecast
from aftersales.devices.models import Phone
from aftersales.inventory import ledger
from aftersales.inventory.ledger import Ref
from aftersales.inventory.locations import warehouse
from aftersales.inventory.models import Movement
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.imei import make_imei
from aftersales.repairs.intake import Intake, open_repair
from aftersales.software.models import SoftwareSighting
from aftersales.support.commitments import CommitmentFields, TermInput, set_commitment
from aftersales.worker.schedule import jobs
from tests.factories import n
from tests.inventory import make_part
from tests.repairs import QuickWorld


def phones(
    session: Session, w: QuickWorld, count: int, bought: date, seen: date | None
) -> list[Phone]:
    """Add phones of the world's model bought on a day and seen (a version) on another."""
    made = []
    for _ in range(count):
        at = datetime(bought.year, bought.month, bought.day, 12, tzinfo=UTC)
        phone = Phone(imei=make_imei(w.model.tacs[0].tac, n()), model_id=w.model.id,
                      country="IT", purchase_date=bought, created_at=at)  # fmt: skip
        session.add(phone)
        made.append(phone)
    session.flush()
    if seen is not None:
        session.add_all(SoftwareSighting(phone_id=p.id, version="V1", seen_date=seen,
                                         source="import") for p in made)  # fmt: skip
    session.flush()
    return made


def closed_display_repair(session: Session, w: QuickWorld, phone: Phone, on: datetime) -> None:
    """A display repair opened and closed (repaired) on a past day."""
    intake = Intake(phone.imei, "display", "Spots on the display", centre_id=w.centre.id)
    repair = open_repair(session, w.shop_staff, intake, on)
    repair.status, repair.outcome = "closed", "repaired"
    repair.closed_at = on + timedelta(days=6)
    session.flush()


def test_the_nightly_job_stores_every_model_and_replaces_its_rows(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    today = now.date()
    kept = phones(session, w, 40, date(2024, 1, 15), date(2026, 1, 20))  # seen lately
    phones(session, w, 20, date(2024, 1, 15), date(2024, 6, 1))  # not seen for long: retired
    for phone in kept[:4]:
        closed_display_repair(session, w, phone, datetime(2025, 5, 5, 10, tzinfo=UTC))
    display = make_part(session, [w.model], now, kind="display")
    depot = warehouse(session, w.brand, "IT")
    ledger.move(session, depot.id, display.id, Movement.received, 2, SYSTEM, now, Ref(reason="x"))
    parts = CommitmentFields(terms={"parts": TermInput(in_use=True)})
    set_commitment(session, SYSTEM, w.model.id, "IT", parts, now=now)

    summary = nightly_forecast(session, now)
    assert summary.models >= 1 and summary.outlooks >= 1
    [row] = session.scalars(select(CareInUse).where(CareInUse.model_id == w.model.id))
    assert (row.phones_seen, row.computed_on, row.method) == (60, today, "default")
    # The 40 seen lately are in use but for the chance of a retirement since; the 20 not.
    assert 30 <= row.low <= row.expected <= row.high <= 40

    got = outlook.in_use(session, [w.model.id])[w.model.id]
    assert (got.expected, got.low, got.high, got.method) == (
        row.expected,
        row.low,
        row.high,
        "default",
    )
    curve = outlook.in_use_curve(session, w.model.id)
    days = [d for d, *_ in curve]
    # From the month before the first sale (none in use) to the horizon, month by month.
    assert days == sorted(days) and days[0] <= date(2024, 1, 15) < days[1]
    assert (curve[0][1], curve[1][1]) == (0, 60)
    [part] = outlook.parts(session, [w.model.id])[w.model.id]
    assert (part.part_id, part.available, part.on_order, part.horizon_basis) == (
        display.id,
        2,
        0,
        "in_use",
    )
    assert part.horizon_end is not None and part.horizon_end > today
    assert part.uses_seen == 4 and part.expected <= part.upper80 <= part.upper95
    assert part.last_batch is None and part.runway_months is not None and part.runway_months > 0

    # The next night: more phones, a part's production ending; the rows are replaced.
    phones(session, w, 10, date(2025, 9, 1), date(2026, 2, 1))
    display.production_ends_on = today + timedelta(days=30)
    session.flush()
    nightly_forecast(session, now + timedelta(days=1))
    [again] = session.scalars(select(CareInUse).where(CareInUse.model_id == w.model.id))
    assert again.phones_seen == 70 and again.computed_on == today + timedelta(days=1)
    points = session.scalar(select(func.count()).where(CareInUsePoint.model_id == w.model.id))
    assert points == len(outlook.in_use_curve(session, w.model.id)) > len(curve) - 2
    [part] = outlook.parts(session, [w.model.id])[w.model.id]
    assert part.last_batch_reason == "production_ends"
    assert part.last_batch == max(0, part.part_upper95 - 2)
    stored = session.scalar(select(func.count()).select_from(CarePartOutlook))
    assert stored == summary.outlooks


def test_models_not_computed_yet_are_missing_not_errors(session: Session) -> None:
    assert outlook.in_use(session, []) == {} and outlook.parts(session, []) == {}
    assert outlook.in_use(session, [987654]) == {} and outlook.in_use_curve(session, 987654) == []


def test_the_worker_runs_the_forecast_every_night(settings) -> None:  # type: ignore[no-untyped-def]
    [job] = [j for j in jobs(settings) if j.name == "care_forecast"]
    assert job.every == timedelta(days=1) and job.at is not None
