"""Six intakes of one phone at the same moment, through a real server: one repair opens.

The server is uvicorn in a thread, on a database of its own (SQLite file or a fresh
PostgreSQL database), so each request has its own connection and transaction, as in
production. The app's clock is fixed and the token used once beforehand, so no request
writes before the check for an open repair: the race is the one a shop's system can start.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from aftersales.accounts.service import create_api_token
from aftersales.config import Settings
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.devices.models import Phone
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.states import OPEN
from aftersales.web.app import create_app
from tests.conftest import fresh_database
from tests.factories import make_imei, make_phone, n
from tests.repairs import QuickWorld

NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)
TRIES = 6


@dataclass
class Counter:
    """A served app, the shop's token, a registered phone and a new IMEI of the same model."""

    base: str
    url: str
    token: str
    known_imei: str
    new_imei: str
    owner_email: str
    centre_id: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def counter(tmp_path: Path) -> Iterator[Counter]:
    with fresh_database(tmp_path, "race") as url:
        engine = make_engine(url)
        with session_scope(make_sessionmaker(engine)) as s:
            w = QuickWorld(s)
            phone = make_phone(s, w.model, owner_id=w.owner.id, shop_id=w.shop.id)
            _, token = create_api_token(s, w.shop_staff, "till", NOW)
            data = (token, phone.imei, make_imei(w.model.tacs[0].tac, n()), w.owner.email)
            centre_id = w.centre.id
        engine.dispose()
        app = create_app(Settings(env="test", database_url=url, secret_key="test-secret"))
        app.state.clock = lambda: NOW
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "the test server did not start"
        try:
            yield Counter(f"http://127.0.0.1:{port}", url, *data, centre_id)  # type: ignore[arg-type]
        finally:
            server.should_exit = True
            thread.join(20)
            app.state.engine.dispose()


def _all_at_once(c: Counter, imei: str) -> list[int]:
    """Post the same intake from TRIES threads released together; return the statuses."""
    headers = {"Authorization": f"Bearer {c.token}"}
    body = {
        "imei": imei,
        "fault_category": "display",
        "problem": "Macchie sul display",
        "owner": {"name": "Mario Rossi", "email": c.owner_email, "language": "it"},
        "centre_id": c.centre_id,
    }
    with httpx.Client(base_url=c.base, timeout=60) as warm:
        assert warm.get("/api/v1/repairs", headers=headers).status_code == 200  # token stamped
    gate = threading.Barrier(TRIES)
    statuses: list[int] = []

    def post() -> None:
        with httpx.Client(base_url=c.base, timeout=60) as client:
            gate.wait()
            statuses.append(client.post("/api/v1/repairs", json=body, headers=headers).status_code)

    threads = [threading.Thread(target=post) for _ in range(TRIES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    return sorted(statuses)


def _open_repairs(c: Counter, imei: str) -> int:
    engine = make_engine(c.url)
    try:
        with session_scope(make_sessionmaker(engine)) as s:
            stmt = (
                select(func.count())
                .select_from(RepairOrder)
                .join(Phone, Phone.id == RepairOrder.phone_id)
                .where(Phone.imei == imei, RepairOrder.status.in_([st.value for st in OPEN]))
            )
            return int(s.scalar(stmt) or 0)
    finally:
        engine.dispose()


@pytest.mark.parametrize("phone", ["registered", "new"])
def test_six_concurrent_intakes_of_one_phone_open_one_repair(counter: Counter, phone: str) -> None:
    imei = counter.known_imei if phone == "registered" else counter.new_imei
    statuses = _all_at_once(counter, imei)
    assert statuses == [201] + [409] * (TRIES - 1)
    assert _open_repairs(counter, imei) == 1
