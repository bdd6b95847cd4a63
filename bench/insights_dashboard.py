"""Time the insights rollup job and every dashboard query (docs/benchmarks.md, table I).

    .venv/bin/python bench/seed_insights.py --fresh      # 1,000,000 repairs, 10,000,000 events
    .venv/bin/python bench/insights_dashboard.py --drop

On the database bench/seed_insights.py made: migrates it to head, times the job's whole
build, then changes what a busy five minutes changes (moves of open repairs, contacts, a new
repair of a phone seen before) and times an incremental run; then times every dashboard
query for the brand and for a centre with a few filter combinations, one call at a time,
`--runs` each after a warm-up, and prints p50/p95 and PASS/FAIL against 500 ms at p95.
`--drop` drops the database at the end.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import datetime

from seed_repairs import DEFAULT_SERVER, drop_database
from sqlalchemy import text
from sqlalchemy.orm import Session

from aftersales.db import make_engine, make_sessionmaker
from aftersales.insights import queries
from aftersales.insights.figures import Filters, Scope, add_months, month_start
from aftersales.insights.rollup import refresh
from aftersales.kernel.clock import utcnow
from aftersales.migrate import upgrade

TARGET_MS = 500

# A busy five minutes: 2,000 moves of open repairs, 1,000 contacts, 200 new repairs.
CHANGES_SQL = [
    """
    WITH moved AS (
        SELECT id FROM repair_order WHERE closed_at IS NULL AND status = 'diagnosing'
        ORDER BY id LIMIT 2000
    )
    UPDATE repair_order r SET status = 'repairing', updated_at = :now
    FROM moved WHERE r.id = moved.id
    """,
    """
    INSERT INTO repair_event (repair_id, type, from_status, to_status, actor_id, actor_role, at,
        public, note, internal_note, data)
    SELECT id, 'status_changed', 'diagnosing', 'repairing', NULL, 'technician', :now, true,
           NULL, NULL, '{}'::json
    FROM repair_order WHERE updated_at = :now
    """,
    """
    INSERT INTO repair_event (repair_id, type, from_status, to_status, actor_id, actor_role, at,
        public, note, internal_note, data)
    SELECT id, 'contact', NULL, NULL, NULL, 'technician', :now, false, NULL, NULL,
           '{"channel": "phone", "who": "owner"}'::json
    FROM repair_order WHERE closed_at IS NULL AND status = 'ready' ORDER BY id LIMIT 1000
    """,
    """
    INSERT INTO contact (repair_id, channel, who, note, recorded_by_id, at)
    SELECT repair_id, 'phone', 'owner', '', NULL, at FROM repair_event
    WHERE type = 'contact' AND at = :now
    """,
]


def timed(label: str, fn: Callable[[], object]) -> float:
    """Run fn once, print and return its seconds."""
    t0 = time.perf_counter()
    out = fn()
    took = time.perf_counter() - t0
    print(f"{label}: {took:.1f} s ({out})", flush=True)
    return took


def pct(values: list[float], p: float) -> float:
    """Return the nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * int(p) // 100) - 1)]


def main() -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("db", nargs="?", default="aftersales_insights")
    ap.add_argument("--server", default=DEFAULT_SERVER)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--skip-build", action="store_true", help="rollups already built")
    ap.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = ap.parse_args()
    url = f"{args.server}/{args.db}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)

    def job(whole: bool) -> str:
        with factory() as s:
            note = refresh(s, utcnow(), whole=whole)
            s.commit()
            return note

    if not args.skip_build:
        timed("whole build", lambda: job(True))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for t in ("insights_fact", "insights_cube", "insights_cube_brand"):
            conn.execute(text(f"VACUUM ANALYZE {t}"))
    now = utcnow()
    with engine.begin() as conn:
        for stmt in CHANGES_SQL:
            conn.execute(text(stmt), {"now": now})
    timed("incremental run after a busy five minutes", lambda: job(False))
    timed("incremental run with nothing new", lambda: job(False))

    with factory() as s:
        brand = s.scalar(text("SELECT min(id) FROM brand"))
        centre = s.scalar(text("SELECT min(id) FROM service_centre"))
        model = s.scalar(text("SELECT min(id) FROM phone_model"))
    today = month_start(now.date())
    quarter = Filters(add_months(today, -2), today)
    cases: list[tuple[str, Scope, Filters]] = [
        ("brand, last 12 months", Scope.brand(brand), Filters()),
        ("brand, Italy", Scope.brand(brand), Filters(country="IT")),
        ("brand, a model", Scope.brand(brand), Filters(model_id=model)),
        ("brand, display faults", Scope.brand(brand), Filters(fault_category="display")),
        ("brand, a centre", Scope.brand(brand), Filters(centre_id=centre)),
        ("brand, a model's displays, 3 months", Scope.brand(brand),
         Filters(quarter.first_month, quarter.last_month, model_id=model,
                 fault_category="display")),
        ("brand, 24 months", Scope.brand(brand), Filters(first_month=add_months(today, -23))),
        ("centre, last 12 months", Scope.centre(centre), Filters()),
        ("centre, a model", Scope.centre(centre), Filters(model_id=model)),
        ("centre, battery faults, 3 months", Scope.centre(centre),
         Filters(quarter.first_month, quarter.last_month, fault_category="battery")),
    ]  # fmt: skip
    figures: list[tuple[str, Callable[[Session, Scope, Filters, datetime], object]]] = [
        ("dashboard (every figure)", queries.dashboard),
        ("problems per 1,000 in use", queries.problems),
        ("turnaround", queries.turnaround),
        ("SLA by month", queries.sla_compliance),
        ("backlog", queries.backlog),
        ("first-time fix", queries.first_time_fix),
        ("contacts", queries.contacts),
        ("offline days", queries.offline),
        ("satisfaction", queries.satisfaction),
        ("expected-date accuracy", queries.expected_accuracy),
    ]
    worst = 0.0
    print(f"\n{'case':44} {'query':28} {'p50 ms':>8} {'p95 ms':>8}")
    for label, scope, filters in cases:
        names = figures if label.endswith("last 12 months") else figures[:1]
        for name, fn in names:
            took = []
            with factory() as s:
                fn(s, scope, filters, now)  # warm-up
                for _ in range(args.runs):
                    t0 = time.perf_counter()
                    fn(s, scope, filters, now)
                    took.append((time.perf_counter() - t0) * 1000)
                    s.rollback()
            p50, p95 = statistics.median(took), pct(took, 95)
            worst = max(worst, p95)
            print(f"{label:44} {name:28} {p50:8.1f} {p95:8.1f}", flush=True)
    print(f"\nworst p95 {worst:.1f} ms: {'PASS' if worst < TARGET_MS else 'FAIL'} (< {TARGET_MS})")
    engine.dispose()
    if args.drop:
        drop_database(args.server, args.db)
        print(f"dropped database {args.db}")


if __name__ == "__main__":
    main()
