"""The worker as a real process: killed with SIGKILL mid-batch, restarted, nothing lost;
two workers on PostgreSQL never deliver one message twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.notifications.models import OutboxMessage, WebhookEndpoint
from aftersales.notifications.outbox import Draft, enqueue
from tests.conftest import PG_SERVER, fresh_database
from tests.factories.messages import news_props
from tests.worker.receivers import Receiver

pytestmark = pytest.mark.xdist_group("worker-processes")  # timing-sensitive: not side by side
N = 300


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    """Return a database of this test's own: the worker processes read committed rows."""
    with fresh_database(tmp_path, "worker") as url:
        yield url


def seed(url: str, receiver: Receiver, n: int = N) -> list[str]:
    """Queue `n` webhook messages to the receiver; return their keys."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    with session_scope(make_sessionmaker(engine)) as s:
        brand = Brand(slug="crash", name="Crash")
        s.add(brand)
        s.flush()
        endpoint = WebhookEndpoint(brand_id=brand.id, url=receiver.url + "/ok", secret="s" * 43)
        s.add(endpoint)
        s.flush()
        receiver.secrets["/ok"] = endpoint.secret
        keys = [f"status_changed.{i}.webhook.e{endpoint.id}" for i in range(n)]
        drafts = [
            Draft(
                k,
                "status_changed",
                "webhook",
                endpoint.url,
                news_props(code=f"C{i}"),
                endpoint_id=endpoint.id,
            )
            for i, k in enumerate(keys)
        ]
        enqueue(s, drafts, now)
    engine.dispose()
    return keys


def start_worker(url: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "AFTERSALES_ENV": "test",
        "AFTERSALES_DATABASE_URL": url,
        "AFTERSALES_SECRET_KEY": "test-secret",
        "AFTERSALES_DATA_DIR": str(tmp_path),
        "AFTERSALES_OUTBOX_LEASE_SECONDS": "2",
        "AFTERSALES_WEBHOOK_TIMEOUT_SECONDS": "0.25",
        "AFTERSALES_SMS_TIMEOUT_SECONDS": "0.25",
        "AFTERSALES_SMTP_TIMEOUT_SECONDS": "0.25",
        "AFTERSALES_WORKER_IDLE_SECONDS": "0.1",
        "AFTERSALES_WORKER_BATCH_SIZE": "50",
    }
    cmd = [
        sys.executable,
        "-c",
        "from aftersales.cli.main import main; main()",
        "worker",
        "--no-jobs",
    ]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def sent(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as s:
        n = s.scalar(select(func.count()).where(OutboxMessage.status == "sent")) or 0
    engine.dispose()
    return int(n)


def wait_until(check, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the worker")


def test_sigkill_mid_batch_loses_nothing_and_repeats_carry_their_key(database: str, tmp_path: Path):
    killed = []
    receiver = Receiver(delay=0.002)
    receiver.start()
    try:
        keys = seed(database, receiver)
        worker = start_worker(database, tmp_path)

        def kill_mid_batch(count: int) -> None:
            # The 70th delivery is in the middle of the second batch of 50: kill the worker
            # before answering, so the batch is sent in part and recorded not at all.
            if count == 70 and not killed:
                os.kill(worker.pid, signal.SIGKILL)
                killed.append(count)

        receiver.on_post = kill_mid_batch
        assert worker.wait(timeout=60) == -signal.SIGKILL
        before_restart = len(receiver.got)
        assert sent(database) < before_restart  # some deliveries were never recorded
        worker = start_worker(database, tmp_path)
        wait_until(lambda: sent(database) == N)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0, worker.stderr.read() if worker.stderr else ""
    finally:
        receiver.stop()
    got = receiver.keys()
    assert set(got) == set(keys)  # every message delivered at least once, nothing else
    repeats = len(got) - len(set(got))
    assert repeats >= 1  # the crash did cut a batch: its sent part went again after restart
    for key, bodies in receiver.bodies().items():
        assert len(bodies) == 1, f"{key} was repeated with a different body"
    assert all(d.signed for d in receiver.got)
    assert len(set(got)) == N  # deduplicated by key: exactly the messages created


@pytest.mark.skipif(not PG_SERVER, reason="several workers need PostgreSQL (SKIP LOCKED)")
def test_two_workers_on_postgresql_never_claim_one_message(database: str, tmp_path: Path):
    receiver = Receiver(delay=0.001)
    receiver.start()
    try:
        keys = seed(database, receiver, 600)
        workers = [start_worker(database, tmp_path) for _ in range(2)]
        wait_until(lambda: sent(database) == 600)
        for w in workers:
            w.send_signal(signal.SIGTERM)
        assert [w.wait(timeout=30) for w in workers] == [0, 0]
    finally:
        receiver.stop()
    got = receiver.keys()
    assert sorted(got) == sorted(keys)  # each exactly once: no crash, so no repeat
