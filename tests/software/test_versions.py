"""A phone's version: sightings kept as history, only newer ones replace the current one;
the share of a model's phones on its latest release; what the owner's page says."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from aftersales.kernel.errors import ValidationFailed
from aftersales.software.models import SoftwareSighting, Source
from aftersales.software.queries import phone_software, shares
from aftersales.software.versions import record_sighting
from tests.factories import World, make_model, make_phone
from tests.factories.software import make_release


@contextmanager
def count_queries(session: Session) -> Iterator[list[str]]:
    """Record the statements run on the session's connection meanwhile."""
    session.flush()
    seen: list[str] = []
    conn = session.connection()

    def _record(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(conn, "before_cursor_execute", _record)
    try:
        yield seen
    finally:
        event.remove(conn, "before_cursor_execute", _record)


def history(session, phone):  # type: ignore[no-untyped-def]
    rows = session.scalars(
        select(SoftwareSighting)
        .where(SoftwareSighting.phone_id == phone.id)
        .order_by(SoftwareSighting.id)
    )
    return [(s.version, s.seen_date, s.release_id is None) for s in rows]


def test_only_a_newer_sighting_replaces_the_current_version(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    release = make_release(session, w.model, version="V12.5")
    phone = make_phone(session, w.model)
    out = record_sighting(
        session, w.shop_staff, phone, " V12.5 ", date(2026, 2, 1), Source.intake, now
    )
    assert (out.recorded, out.current, out.flagged) == (True, True, False)
    older = record_sighting(
        session, w.shop_staff, phone, "V12.0", date(2026, 1, 1), Source.intake, now
    )
    assert (older.recorded, older.current, older.flagged) == (True, False, True)
    assert (phone.software_version, phone.software_seen_date) == ("V12.5", date(2026, 2, 1))
    again = record_sighting(
        session, w.shop_staff, phone, "V12.5", date(2026, 2, 1), Source.intake, now
    )
    assert (again.recorded, again.current) == (False, False)
    same_day = record_sighting(
        session, w.shop_staff, phone, "V13.0", date(2026, 2, 1), Source.intake, now
    )
    assert same_day.current and phone.software_version == "V13.0"  # the later of one day wins
    assert history(session, phone) == [
        ("V12.5", date(2026, 2, 1), False),
        ("V12.0", date(2026, 1, 1), True),
        ("V13.0", date(2026, 2, 1), True),
    ]
    assert release.id  # kept for the flag above


def test_a_wrong_version_or_a_future_day_is_refused_on_its_field(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    phone = make_phone(session, w.model)
    for version, day, field in (
        ("", date(2026, 1, 1), "software_version"),
        ("x" * 41, date(2026, 1, 1), "software_version"),
        ("V1\x07", date(2026, 1, 1), "software_version"),
        ("V1", date(2026, 3, 11), "seen_date"),  # `now` is 10 March 2026
    ):
        with pytest.raises(ValidationFailed) as caught:
            record_sighting(session, w.shop_staff, phone, version, day, Source.intake, now)
        assert set(caught.value.errors) == {field}
    assert phone.software_version is None and history(session, phone) == []


def test_the_share_counts_phones_of_known_version_and_says_how_many_are_unknown(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    other, bare = make_model(session, w.brand), make_model(session, w.brand)
    make_release(session, w.model, version="V1", release_date=date(2025, 1, 1))
    make_release(session, w.model, version="V2", release_date=date(2025, 6, 1))
    runs = ["V2", "V2", "V2", "V1", "Beta 3", None, None]
    for version in runs:
        phone = make_phone(session, w.model)
        if version:
            record_sighting(session, w.admin, phone, version, date(2026, 1, 1), Source.import_, now)
    make_phone(session, other)
    with count_queries(session) as queries:
        found = shares(session, [w.model.id, other.id, bare.id])
    assert len(queries) <= 3
    s = found[w.model.id]
    assert (s.phones, s.known, s.unknown, s.on_latest, s.unlisted) == (7, 5, 2, 3, 1)
    assert s.latest is not None and s.latest.version == "V2" and s.share == pytest.approx(0.6)
    assert found[other.id].share is None and found[other.id].unknown == 1
    assert found[bare.id].phones == 0 and found[bare.id].latest is None


def test_each_phone_says_whether_it_runs_the_latest(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    none_on_file = make_model(session, w.brand)
    make_release(session, w.model, version="V1", release_date=date(2025, 1, 1))
    make_release(session, w.model, version="V2", release_date=date(2025, 6, 1))
    phones = {v: make_phone(session, w.model) for v in ("V2", "V1", "Beta", "")}
    phones["other"] = make_phone(session, none_on_file)
    for version, phone in phones.items():
        if version not in ("", "other"):
            record_sighting(session, w.admin, phone, version, date(2026, 1, 1), Source.intake, now)
    record_sighting(session, w.admin, phones["other"], "X1", date(2026, 1, 1), Source.intake, now)
    with count_queries(session) as queries:
        states = phone_software(session, list(phones.values()))
    assert len(queries) <= 2
    assert {k: states[p.id].state for k, p in phones.items()} == {
        "V2": "latest",
        "V1": "behind",
        "Beta": "unlisted",
        "": "unknown",
        "other": "unlisted",
    }
    assert states[phones["V1"].id].latest.version == "V2"  # type: ignore[union-attr]
    assert states[phones["other"].id].latest is None
