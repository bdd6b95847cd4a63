"""Time the dashboards over HTTP at 1,000,000 repairs and 10,000,000 events (table I2).

    .venv/bin/python bench/seed_insights.py --fresh      # 1,000,000 repairs, 10,000,000 events
    .venv/bin/python bench/insights_pages.py

On the database bench/seed_insights.py made: migrates it, counts the rollups once if no run
of the worker's `insights_rollup` is kept (as a running worker keeps them), adds the brand's
admin (`brand-admin@bench.invalid`), starts `uvicorn` (one worker), signs in as the platform
admin, the brand's admin and a centre's manager, and times each dashboard page, the API, the
CSVs and chart pictures with the filters people use, one request at a time and with a few
clients at once, like bench/survey_report.py. Prints p50/p95 and PASS/FAIL against 500 ms at
p95 (the issue's target). Everything goes to 127.0.0.1; each run is bounded by its counts.
`--drop` drops the database at the end.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import time
from datetime import date
from pathlib import Path

import psycopg
from seed_repairs import DEFAULT_SERVER, STAFF_PASSWORD, drop_database
from staff_pages import ROOT, Server, client_for, measure, timed

from aftersales.accounts.service import hash_password
from aftersales.db import make_engine, make_sessionmaker
from aftersales.insights.figures import add_months
from aftersales.insights.rollup import refresh
from aftersales.kernel.clock import utcnow
from aftersales.migrate import upgrade

TARGET_MS = 500
EXPORTS = ("an export",)  # a printable file: timed and shown, not held to the target
BRAND_ADMIN = "brand-admin@bench.invalid"
WHO = {
    "platform": "admin@bench.invalid",
    "brand": BRAND_ADMIN,
    "manager": "centre_manager1@bench.invalid",  # bench/seed_repairs.py: centre 1's manager
}


def prepare(url: str) -> dict[str, str]:
    """Migrate, count the rollups if never counted, add the brand admin; return ids to ask."""
    upgrade(url)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM insights_fact")
        counted = cur.fetchone()[0]  # type: ignore[index]
    if not counted:
        engine = make_engine(url)
        t0 = time.perf_counter()
        with make_sessionmaker(engine)() as s:
            note = refresh(s, utcnow(), whole=True)
            s.commit()
        print(f"rollups counted in {time.perf_counter() - t0:.0f} s ({note})", flush=True)
        engine.dispose()
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO account (email, name, role, language, country, password_hash, brand_id,"
            " is_active, created_at) SELECT %s, 'Bench brand admin', 'brand_admin', 'it', 'IT',"
            " %s, 1, true, now() WHERE NOT EXISTS (SELECT 1 FROM account WHERE email = %s)",
            (BRAND_ADMIN, hash_password(STAFF_PASSWORD), BRAND_ADMIN),
        )
        cur.execute("SELECT min(id) FROM phone_model WHERE brand_id = 1")
        model = cur.fetchone()[0]  # type: ignore[index]
        cur.execute("SELECT min(centre_id) FROM insights_cube WHERE brand_id = 1")
        centre = cur.fetchone()[0]  # type: ignore[index]
        conn.commit()
    this = date.today().replace(day=1)
    return {
        "model": str(model),
        "centre": str(centre),
        "quarter": f"from={add_months(this, -2):%Y-%m}&to={this:%Y-%m}",
        "two_years": f"from={add_months(this, -23):%Y-%m}",
    }


def plan(p: dict[str, str]) -> list[tuple[str, str, str]]:
    """Return (role, label, path) of every page timed."""
    model, centre, quarter = p["model"], p["centre"], p["quarter"]
    return [
        ("platform", "brand page, brand chosen", "/brand/insights?brand_id=1"),
        ("brand", "brand page, last 12 months", "/brand/insights"),
        ("brand", "brand page, Italy", "/brand/insights?country=IT"),
        ("brand", "brand page, a model", f"/brand/insights?model_id={model}"),
        ("brand", "brand page, display faults", "/brand/insights?fault_category=display"),
        ("brand", "brand page, a centre", f"/brand/insights?centre_id={centre}"),
        ("brand", "brand page, a model's displays, 3 months",
         f"/brand/insights?{quarter}&model_id={model}&fault_category=display"),
        ("brand", "brand page, 24 months", f"/brand/insights?{p['two_years']}"),
        ("brand", "API, last 12 months", "/api/v1/insights"),
        ("brand", "API, Italy, display faults",
         "/api/v1/insights?country=IT&fault_category=display"),
        ("brand", "CSV problems per 1,000", "/api/v1/insights/problems.csv"),
        ("brand", "CSV turnaround", "/api/v1/insights/turnaround.csv"),
        ("brand", "CSV backlog", "/api/v1/insights/backlog.csv"),
        ("brand", "CSV expected-date accuracy", "/api/v1/insights/expected.csv"),
        ("brand", "chart SVG: problems", "/brand/insights/charts/problems.svg"),
        ("brand", "chart SVG: steps", "/brand/insights/charts/steps.svg"),
        ("manager", "centre page, last 12 months", "/centre/insights"),
        ("manager", "centre page, a model", f"/centre/insights?model_id={model}"),
        ("manager", "centre page, battery faults, 3 months",
         f"/centre/insights?{quarter}&fault_category=battery"),
        ("manager", "API centre", "/api/v1/insights"),
        ("manager", "CSV centre SLA by month", "/api/v1/insights/sla.csv"),
        ("manager", "chart SVG: turnaround", "/centre/insights/charts/turnaround.svg"),
        ("brand", "PDF, last 12 months, an export", "/brand/insights.pdf"),
        ("manager", "PDF centre, an export", "/centre/insights.pdf"),
    ]  # fmt: skip


def main() -> int:
    """Prepare, serve, time, print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", nargs="?", default="aftersales_insights")
    ap.add_argument("--server", default=DEFAULT_SERVER)
    ap.add_argument("--repeat", type=int, default=30, help="sequential requests per page")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--concurrent-repeat", type=int, default=5, help="requests per client")
    ap.add_argument("--only", action="append", help="time only pages whose label has this")
    ap.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = ap.parse_args()
    url = f"{args.server}/{args.db}"
    picked = prepare(url)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        args.port = probe.getsockname()[1]
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    server = Server(args, url, out / "insights_pages.log", Path(out / "photos"))
    misses = []
    n = args.clients
    print(
        f"| role | page | first ms | p50 ms | p95 ms | p50 ms, {n} clients | p95 ms, {n} clients |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    try:
        pools = {role: [client_for(server.base, email) for _ in range(n)]
                 for role, email in WHO.items()}  # fmt: skip
        for role, label, path in plan(picked):
            if args.only and not any(w in label for w in args.only):
                continue
            first, _ = timed(pools[role][0], path)  # charts not yet drawn and kept
            row, errors = measure(pools[role], path, args.repeat, args.concurrent_repeat)
            flag = f" ERRORS: {errors[0]}" if errors else ""
            print(f"| {role} | {label} | {first:.0f} | " + " | ".join(f"{x:.1f}" for x in row)
                  + f" |{flag}", flush=True)  # fmt: skip
            if errors or (row[1] >= TARGET_MS and not any(w in label for w in EXPORTS)):
                misses.append(f"{label}: p95 {row[1]:.0f} ms alone")
    finally:
        server.stop()
        if args.drop:
            drop_database(args.server, args.db)
    print(f"\nserver peak RSS: {server.peak_kb / 1024:.0f} MB")
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print("PASS" if not misses else "FAIL:\n  " + "\n  ".join(misses))
    return 0 if not misses else 1


if __name__ == "__main__":
    sys.exit(main())
