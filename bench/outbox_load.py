"""Delivery throughput of the outbox: real worker processes send signed webhooks to a local
receiver on PostgreSQL, with 1 and then 2 workers; the target is 200 messages/s with 2.

    .venv/bin/python bench/outbox_load.py [--messages 6000] [--server postgresql://...]

The receiver is a small asyncio HTTP/1.1 server in its own process that checks every
signature (HMAC-SHA256) and counts distinct keys; the workers are `aftersales worker`.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

import aftersales.repairs.messages  # noqa: E402, F401  (registers the kinds queued here)
from aftersales import migrate  # noqa: E402
from aftersales.catalog.models import Brand  # noqa: E402
from aftersales.db import make_engine  # noqa: E402
from aftersales.notifications.models import OutboxMessage, WebhookEndpoint  # noqa: E402
from aftersales.notifications.outbox import Draft, enqueue  # noqa: E402

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432"
DB = "aftersales_outbox_bench"
SECRET = "bench-secret-" + "x" * 30
TARGET = 200.0


async def _serve(port: int, counts: Path) -> None:
    """Answer POSTs with 204 after checking the signature; write counts on SIGTERM."""
    seen: set[str] = set()
    total, bad = 0, 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal total, bad
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            headers = dict(
                line.split(": ", 1) for line in head.decode().split("\r\n")[1:] if ": " in line
            )
            lower = {k.lower(): v for k, v in headers.items()}
            body = await reader.readexactly(int(lower.get("content-length", "0")))
            parts = dict(p.split("=", 1) for p in lower.get("aftersales-signature", "").split(","))
            mac = hmac.new(
                SECRET.encode(), parts.get("t", "").encode() + b"." + body, hashlib.sha256
            )
            bad += not hmac.compare_digest(mac.hexdigest(), parts.get("v1", ""))
            total += 1
            seen.add(lower.get("idempotency-key", ""))
            writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
            await writer.drain()

    async def guarded(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await handle(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    server = await asyncio.start_server(guarded, "127.0.0.1", port)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with server:
        await stop.wait()
    counts.write_text(json.dumps({"requests": total, "distinct": len(seen), "bad": bad}))


def receiver_main(port: int, counts: str) -> None:
    """Run the receiver (in its own process)."""
    asyncio.run(_serve(port, Path(counts)))


def setup_database(server: str, url_of_receiver: str) -> str:
    """Create a fresh database with one endpoint and `messages` queued webhooks."""
    admin = make_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{DB}"'))
    admin.dispose()
    url = f"{server}/{DB}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as s:
        brand = Brand(slug="bench", name="Bench")
        s.add(brand)
        s.flush()
        endpoint = WebhookEndpoint(brand_id=brand.id, url=url_of_receiver, secret=SECRET)
        s.add(endpoint)
        s.commit()
    engine.dispose()
    return url


def queue(url: str, run: int, messages: int) -> None:
    """Queue a fresh set of messages (new keys) for a run."""
    engine = make_engine(url)
    with Session(engine) as s:
        endpoint = s.scalars(select(WebhookEndpoint)).one()
        props = {
            "code": "K7QM-3XT9-PW2D", "brand": "Bench", "model": "Bench 1", "status": "repairing",
            "centre": "Bench centre", "shop_id": None, "contact": "", "expected": "2026-12-01",
            "expected_low": "2026-11-30", "expected_high": "2026-12-03",
            "place": "Bench centre", "event_id": None, "event_type": None, "at": None,
            "note": None, "later": None,
        }  # fmt: skip
        now = datetime.now(UTC)
        for start in range(0, messages, 1000):
            drafts = [
                Draft(
                    f"bench.{run}.{i}",
                    "status_changed",
                    "webhook",
                    endpoint.url,
                    props | {"event_id": i},
                    endpoint_id=endpoint.id,
                )
                for i in range(start, min(messages, start + 1000))
            ]
            enqueue(s, drafts, now)
        s.commit()
    engine.dispose()


def sent(engine: Engine, run: int) -> int:
    """Count the run's messages recorded as sent."""
    with Session(engine) as s:
        n = s.scalar(
            select(func.count()).where(
                OutboxMessage.status == "sent", OutboxMessage.key.like(f"bench.{run}.%")
            )
        )
    return int(n or 0)


def measure(url: str, run: int, workers: int, messages: int) -> dict[str, float]:
    """Start the workers, time 5%..95% of the deliveries, stop them."""
    env = os.environ | {
        "AFTERSALES_ENV": "test",
        "AFTERSALES_SECRET_KEY": "bench",
        "AFTERSALES_DATABASE_URL": url,
        "AFTERSALES_DATA_DIR": str(HERE / "out"),
        "AFTERSALES_WORKER_IDLE_SECONDS": "0.05",
    }
    cmd = [str(ROOT / ".venv" / "bin" / "aftersales"), "worker", "--no-jobs"]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    marks: dict[str, float] = {}
    start = time.monotonic()
    engine = make_engine(url)
    try:
        while True:
            done = sent(engine, run)
            t = time.monotonic()
            if "p5" not in marks and done >= messages * 0.05:
                marks["p5"], marks["n5"] = t, done
            if done >= messages * 0.95 and "p95" not in marks:
                marks["p95"], marks["n95"] = t, done
            if done >= messages:
                marks["end"] = t
                break
            if t - start > 600:
                raise SystemExit(f"only {done} of {messages} sent after 10 minutes")
            time.sleep(0.05)
    finally:
        engine.dispose()
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait(timeout=60)
    steady = (marks["n95"] - marks["n5"]) / (marks["p95"] - marks["p5"])
    return {
        "workers": workers,
        "messages": messages,
        "steady_per_s": round(steady, 1),
        "overall_per_s": round(messages / (marks["end"] - start), 1),
    }


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default=DEFAULT_SERVER)
    parser.add_argument("--messages", type=int, default=6000)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    counts = out / "outbox_receiver.json"
    receiver = subprocess.Popen(
        [sys.executable, __file__, "--receiver", str(args.port), str(counts)]
    )
    time.sleep(0.5)
    results = []
    try:
        url = setup_database(args.server, f"http://127.0.0.1:{args.port}/hook")
        for run, workers in enumerate((1, 2), start=1):
            queue(url, run, args.messages)
            r = measure(url, run, workers, args.messages)
            print(
                f"workers={workers}: {r['steady_per_s']} messages/s steady "
                f"({r['overall_per_s']} overall, start-up included)",
                flush=True,
            )
            results.append(r)
    finally:
        receiver.send_signal(signal.SIGTERM)
        receiver.wait(timeout=30)
    got = json.loads(counts.read_text())
    print(
        f"receiver: {got['requests']} requests, {got['distinct']} distinct keys, "
        f"{got['bad']} bad signatures"
    )
    print("\n| workers | messages | steady msg/s | overall msg/s |\n|---|---|---|---|")
    for r in results:
        print(f"| {r['workers']} | {r['messages']} | {r['steady_per_s']} | {r['overall_per_s']} |")
    two = results[-1]["steady_per_s"]
    ok = two >= TARGET and got["bad"] == 0 and got["distinct"] == 2 * args.messages
    print(f"2 workers: {two} msg/s (target >= {TARGET:.0f}) -> {'PASS' if ok else 'FAIL'}")
    (out / "outbox_load.json").write_text(json.dumps({"results": results, "receiver": got}))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--receiver":
        receiver_main(int(sys.argv[2]), sys.argv[3])
    else:
        main()
