"""Public tracking through the app's own reader, on committed rows (no test overrides).

The other tracking tests read through the test's session; this one checks the production
path: an async driver pool on PostgreSQL, a worker thread on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from aftersales.config import Settings
from aftersales.db import make_engine
from aftersales.repairs.reader import PgReader, ThreadReader
from aftersales.repairs.service import add_note, transition
from aftersales.web.app import create_app
from tests.conftest import PG_SERVER, fresh_database
from tests.factories import World

PUBLIC = "Il display verrà sostituito in garanzia."


@pytest.fixture()
def committed(tmp_path: Path, now: datetime) -> Iterator[tuple[str, str, str]]:
    """Return (database URL, tracking code, IMEI) of a committed repair in its own database."""
    with fresh_database(tmp_path, "reader") as url:
        engine = make_engine(url)
        with Session(engine, expire_on_commit=False) as session:
            w = World(session)
            repair = w.repair(now - timedelta(days=1), problem="Macchie sul display")
            transition(session, w.shop_staff, repair, "in_transit_to_centre", now)
            add_note(session, w.shop_staff, repair, now, text=PUBLIC, public=True)
            session.commit()
            code, imei = repair.code, repair.phone.imei
        engine.dispose()
        yield url, code, imei


def _client(url: str, at: datetime) -> TestClient:
    app = create_app(Settings(env="test", database_url=url, secret_key="test-secret"))
    app.state.clock = lambda: at
    return TestClient(app, raise_server_exceptions=False)


def test_the_apps_reader_serves_committed_repairs(committed, now):  # type: ignore[no-untyped-def]
    url, code, imei = committed
    with _client(url, now) as client:
        reader = client.app.state.reader  # type: ignore[attr-defined]
        assert type(reader) is (PgReader if PG_SERVER else ThreadReader)
        r = client.get(f"/api/v1/track/{code}", params={"imei_last4": imei[-4:]})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == "in_transit_to_centre"
        assert [s["status"] for s in body["timeline"]] == [
            "registered",
            "received",
            "in_transit_to_centre",
            None,
        ]
        assert body["timeline"][-1]["note"] == PUBLIC
        assert body["expected_low_date"] <= body["expected_date"] <= body["expected_high_date"]
        # The same 404 for a wrong IMEI and an unknown code, through the same reader.
        wrong = "0000" if imei[-4:] != "0000" else "1111"
        r = client.get(f"/api/v1/track/{code}", params={"imei_last4": wrong})
        assert r.status_code == 404
        page = client.post("/track", data={"code": code, "imei_last4": imei[-4:]})
        assert page.status_code == 200 and PUBLIC in page.text


def test_a_passed_expected_date_is_recomputed_through_the_reader(committed, now):  # type: ignore[no-untyped-def]
    url, code, imei = committed
    later = now + timedelta(days=60)
    with _client(url, later) as client:
        r = client.get(f"/api/v1/track/{code}", params={"imei_last4": imei[-4:]})
        assert r.status_code == 200, r.text
        # The stored date lies in the past by now; the answer is a date still ahead.
        assert r.json()["expected_date"] >= later.date().isoformat()
