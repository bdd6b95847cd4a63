"""Time the nightly defect alerts and the weekly digest at 1,000,000 repairs (table I3).

    .venv/bin/python bench/seed_insights.py --fresh      # 1,000,000 repairs, 10,000,000 events
    .venv/bin/python bench/seed_care.py aftersales_insights   # releases and software sightings
    .venv/bin/python bench/insights_pages.py             # counts the rollups, adds a brand admin
    .venv/bin/python bench/insights_jobs.py

On that database: times each detector over every brand (the rate rises, the release rises,
the complaint clusters), then the worker's `defect_alerts` job as it runs at night (detect,
keep, tell) and a second run the same day (which finds nothing new to tell); then the
`insights_digest` job (one e-mail per brand admin and centre manager) and the drawing of
every queued digest as the outbox sends it (words and three PNG charts). Each job commits as
the worker's does. `--drop` drops the database at the end.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from seed_repairs import DEFAULT_SERVER, drop_database
from sqlalchemy import delete, select

from aftersales.catalog.models import Brand
from aftersales.db import make_engine, make_sessionmaker
from aftersales.defects.detectors import DETECTORS
from aftersales.defects.jobs import defect_alerts
from aftersales.insights.digest import send_digests
from aftersales.insights.digest_words import KIND
from aftersales.kernel.clock import utcnow
from aftersales.migrate import upgrade
from aftersales.notifications.links import Links
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render


def timed(label: str, fn: Callable[[], object]) -> float:
    """Run fn once, print and return its seconds."""
    t0 = time.perf_counter()
    out = fn()
    took = time.perf_counter() - t0
    print(f"| {label} | {took:.1f} | {out} |", flush=True)
    return took


def main() -> None:
    """Time the jobs and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", nargs="?", default="aftersales_insights")
    ap.add_argument("--server", default=DEFAULT_SERVER)
    ap.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = ap.parse_args()
    url = f"{args.server}/{args.db}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    now = utcnow()
    print("| step | seconds | result |\n|---|---:|---|")
    with factory() as s:
        brands = list(s.scalars(select(Brand.id).order_by(Brand.id)))
        for detect in DETECTORS:
            found = lambda d=detect: sum(len(d(s, b, now.date())) for b in brands)  # noqa: E731
            timed(f"{detect.__name__}, {len(brands)} brands", lambda f=found: f"{f()} findings")
            s.rollback()

    def job() -> str:
        with factory() as s:
            out = str(defect_alerts(s, now))
            s.commit()
            return out

    timed("defect_alerts job (detect, keep, tell)", job)
    timed("defect_alerts job again the same day", job)

    def digest() -> str:
        with factory() as s:
            s.execute(delete(OutboxMessage).where(OutboxMessage.kind == KIND))  # a fresh week
            out = send_digests(s, now)
            s.commit()
            return out

    timed("insights_digest job (queue)", digest)
    links = Links("http://127.0.0.1:8000", "bench")
    with factory() as s:
        queued = list(s.scalars(select(OutboxMessage).where(OutboxMessage.kind == KIND)))

    def draw() -> str:
        pictures = 0
        for m in queued:
            pictures += len(render(m.kind, m.language, m.context, links).images)
        return f"{len(queued)} digests, {pictures} PNG charts"

    took = timed("drawing every queued digest (words and PNG charts)", draw)
    print(f"\n{took / max(1, len(queued)) * 1000:.0f} ms a digest")
    engine.dispose()
    if args.drop:
        drop_database(args.server, args.db)
        print(f"dropped database {args.db}")


if __name__ == "__main__":
    main()
