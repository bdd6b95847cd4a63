"""Four technicians take the same repair at the same moment, through a real server: one wins.

As test_concurrent_intake: uvicorn in a thread on a database of its own, so each request has
its own connection and transaction. The losers get 409 and a message saying who has it or
that someone took it at that moment; the repair has one assignee and one history entry.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from aftersales.accounts.service import create_api_token
from aftersales.config import Settings
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.web.app import create_app
from tests.conftest import fresh_database
from tests.factories import make_account
from tests.repairs import QuickWorld

NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)
TRIES = 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, str, str, list[str]]]:
    """Serve an app; return its address, database, a repair's code and TRIES tokens."""
    with fresh_database(tmp_path, "take") as url:
        engine = make_engine(url)
        with session_scope(make_sessionmaker(engine)) as s:
            w = QuickWorld(s)
            code = w.repair(NOW).code
            techs = [w.technician] + [
                make_account(s, "technician", password=None, centre_id=w.centre.id)
                for _ in range(TRIES - 1)
            ]
            tokens = [create_api_token(s, t, "bench", NOW)[1] for t in techs]
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
            yield f"http://127.0.0.1:{port}", url, code, tokens
        finally:
            server.should_exit = True
            thread.join(20)
            app.state.engine.dispose()


def test_two_or_more_technicians_taking_one_repair_at_once(
    served: tuple[str, str, str, list[str]],
) -> None:
    base, url, code, tokens = served
    for token in tokens:  # each token is stamped once beforehand: the race is the take alone
        with httpx.Client(base_url=base, timeout=60) as warm:
            warm.get(f"/api/v1/repairs/{code}", headers={"Authorization": f"Bearer {token}"})
    gate = threading.Barrier(TRIES)
    answers: list[httpx.Response] = []

    def take(token: str) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            gate.wait()
            answers.append(
                client.post(
                    f"/api/v1/repairs/{code}/assignment",
                    json={"technician": "me"},
                    headers={"Authorization": f"Bearer {token}"},
                )
            )

    threads = [threading.Thread(target=take, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert sorted(a.status_code for a in answers) == [200] + [409] * (TRIES - 1)
    winner = next(a.json()["assignee"]["name"] for a in answers if a.status_code == 200)
    for lost in (a.json() for a in answers if a.status_code == 409):
        assert winner in lost["detail"] or "at the same moment" in lost["detail"], lost
    engine = make_engine(url)
    try:
        with session_scope(make_sessionmaker(engine)) as s:
            repair = s.scalar(select(RepairOrder).where(RepairOrder.code == code))
            assert repair is not None and repair.assigned_to_id is not None
            taken = select(func.count()).where(
                RepairEvent.repair_id == repair.id, RepairEvent.type == "assigned"
            )
            assert s.scalar(taken) == 1
    finally:
        engine.dispose()
