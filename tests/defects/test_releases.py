"""A software version's fault rate after its release: a real rise is found, a steady one is not."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from aftersales.defects.releases import release_rises
from tests.defects import signals_data as sd
from tests.factories import make_brand, make_centre, make_model
from tests.factories.software import make_release

TODAY = date(2026, 3, 10)
RELEASED = date(2026, 1, 12)  # a Monday
UPDATED = date(2026, 1, 13)  # half the phones report the new version the next day
BACKGROUND_FROM = date(2025, 7, 14)


def _world(session: Session, battery_on_new: int, seed: int = 7) -> tuple[int, int, list[int]]:
    """Two hundred phones; half move to "B" a day after its release; return brand, model, ids."""
    rng = random.Random(seed)
    brand = make_brand(session)
    model = make_model(session, brand)
    centre = make_centre(session, [brand])
    make_release(session, model, version="A", release_date=date(2025, 6, 2))
    make_release(session, model, version="B", release_date=RELEASED)
    stay, move = sd.phones(session, model, 100), sd.phones(session, model, 100)
    for phone in stay + move:
        for day in (date(2025, 7, 1), date(2025, 10, 1)):
            sd.sighting(session, phone, "A", day)
    for phone in stay:
        sd.sighting(session, phone, "A", date(2026, 1, 2))
    for phone in move:
        sd.sighting(session, phone, "B", UPDATED)
    # One battery and one display repair a week on "A", the new version's phones while on it.
    week = BACKGROUND_FROM
    while week <= TODAY - timedelta(days=2):
        pool = stay if week >= UPDATED else stay + move
        for fault in ("battery", "display"):
            sd.repair(session, centre, rng.choice(pool), week + timedelta(days=1), fault)
        week += timedelta(days=7)
    days = (TODAY - UPDATED).days
    new_ids = []
    for i in range(battery_on_new):
        day = UPDATED + timedelta(days=1 + i * (days - 1) // battery_on_new)
        new_ids.append(sd.repair(session, centre, rng.choice(move), day, "battery"))
    for i in range(4):  # display on "B" at its usual rate
        sd.repair(session, centre, move[i], UPDATED + timedelta(days=7 + 10 * i), "display")
    session.flush()
    return brand.id, model.id, [r.id for r in new_ids]


def test_a_rise_after_a_release_is_found_with_its_version_fault_start_and_size(
    session: Session,
) -> None:
    brand_id, model_id, ids = _world(session, battery_on_new=15)
    found = release_rises(session, brand_id, TODAY)
    assert [(f.kind, f.model_id, f.software_version, f.fault_category) for f in found] == [
        ("release", model_id, "B", "battery")
    ]
    rise = found[0]
    assert rise.key == f"release:{model_id}:B:battery"
    assert rise.started_on == RELEASED
    assert rise.observed == 15
    assert sorted(rise.repair_ids) == sorted(ids)
    # About 34 battery repairs over 42,300 phone-days on "A"; 5,700 phone-days on "B".
    assert 4.0 < rise.expected < 5.5
    assert 2.5 < rise.ratio < 3.8
    assert 1.0 < rise.low < rise.ratio < rise.high
    assert rise.p_value is not None and rise.p_value < 0.05
    assert rise.weeks[0].start == RELEASED
    assert sum(w.observed for w in rise.weeks) == 15
    assert abs(sum(w.expected for w in rise.weeks) - rise.expected) < 0.05
    # Complete weeks only: a run on any day of the week finds the same.
    assert release_rises(session, brand_id, TODAY + timedelta(days=5)) == found


def test_a_release_with_steady_rates_stays_silent(session: Session) -> None:
    brand_id, _model_id, _ids = _world(session, battery_on_new=5)
    assert release_rises(session, brand_id, TODAY) == []


def test_old_releases_and_other_brands_are_not_judged(session: Session) -> None:
    brand_id, _model_id, _ids = _world(session, battery_on_new=15)
    assert release_rises(session, brand_id, TODAY + timedelta(weeks=40)) == []
    assert release_rises(session, make_brand(session).id, TODAY) == []
    assert release_rises(session, brand_id, RELEASED + timedelta(days=3)) == []
