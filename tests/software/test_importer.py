"""The versions import on the test database (SQLite or PostgreSQL): a line that clashes with a
sighting another writer recorded meanwhile is refused alone; the others are written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import ValidationFailed
from aftersales.software import importer
from aftersales.software.models import SoftwareSighting, Source
from aftersales.software.versions import record_sighting
from tests.factories import World, make_phone


def test_a_line_another_writer_recorded_meanwhile_is_refused_alone(
    session, now, monkeypatch: pytest.MonkeyPatch
):  # type: ignore[no-untyped-def]
    w = World(session)
    a, b = make_phone(session, w.model), make_phone(session, w.model)
    # The intake records a's sighting; the import has not seen it (it read before).
    record_sighting(session, w.shop_staff, a, "V2", date(2026, 3, 1), Source.intake, now)
    monkeypatch.setattr(importer, "seen_already", lambda _s, _ids: set())
    lines = f"imei,version,seen_date\n{b.imei},V2,2026-03-01\n{a.imei},V2,2026-03-01\n"
    report = importer.VersionsReport()
    for batch in importer.batches(importer.read_versions(lines.splitlines(keepends=True))):
        importer.import_batch(session, SYSTEM, batch, report, now)
    assert [line for line, _ in report.errors] == [3]
    assert "nothing of it was written" in report.errors[0][1]
    assert report.recorded == 1 and b.software_version == "V2"
    rows = session.scalars(select(SoftwareSighting.phone_id).order_by(SoftwareSighting.id))
    assert list(rows) == [a.id, b.id]


def test_a_line_unreadable_as_csv_stops_the_reading_there_with_its_number() -> None:
    too_long = "x" * 200_000  # past the CSV reader's field limit (131,072)
    lines = ["imei,version,seen_date\n", "1,V1,2026-01-01\n", f"2,{too_long},2026-01-01\n"]
    rows = importer.read_versions(lines)
    assert next(rows)[0] == 2
    with pytest.raises(ValidationFailed) as caught:
        list(rows)
    assert "line 3: this is not readable CSV" in str(caught.value)
