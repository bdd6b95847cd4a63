"""Time the nightly forecast (care.nightly) on PostgreSQL with 1,000,000 phones and repairs.

    .venv/bin/python bench/forecast_nightly.py [--no-seed] [--keep] [--runs 3] [--db NAME]

Seeds `aftersales_bench_forecast` with bench/seed_repairs.py (1,000,000 phones and repair
orders, one brand, five models), then spreads the phones over 200 models of 20 brands (their
repairs follow), gives 70% of the phones a software sighting, each model a display, a battery
and a charging port with stock in its brand's warehouse and an open supply order, the last
90 days' display and battery repairs a part used (tracked), half the models a commitment
("until no longer in use" or a day) and two brands an exit. Then runs the job `--runs`
times (each run replaces the stored results and commits, as the worker does) and prints the
time of each and PASS/FAIL against 60 s. Drops the database unless `--keep`. `--no-seed
--db NAME --keep` times the job on any migrated database as it is (e.g. one seeded by
seed_repairs.py and seed_care.py for the dashboard's bench).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from aftersales.care.nightly import nightly_forecast
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.kernel.clock import utcnow

HERE = Path(__file__).resolve().parent
PYTHON = Path(sys.executable)
DB = "aftersales_bench_forecast"
TARGET_S = 60.0

SPREAD = """
INSERT INTO brand (id, slug, name, created_at)
  SELECT b, 'brand' || b, 'Brand ' || b, now() FROM generate_series(2, 20) b;
INSERT INTO phone_model (id, brand_id, name, release_date, end_of_sale_date, version)
  SELECT m, 1 + (m - 1) / 10, 'Model ' || m, date '2022-01-01' + (m % 30) * 30,
         CASE WHEN m % 3 = 0 THEN current_date - (m % 12) * 30 END, 1
  FROM generate_series(6, 200) m;
UPDATE phone SET model_id = 1 + (id::bigint * 7919) % 200;
UPDATE repair_order r SET model_id = p.model_id, brand_id = 1 + (p.model_id - 1) / 10
  FROM phone p WHERE p.id = r.phone_id;
"""
SOFTWARE = """
INSERT INTO software_release (id, model_id, version, release_date, security_patch_date, kind,
                              notes_en, created_at, row_version)
  SELECT m, m, 'V1', date '2023-01-01', date '2023-01-01', 'security', 'n', now(), 1
  FROM generate_series(1, 200) m;
INSERT INTO software_sighting (phone_id, version, seen_date, source, release_id, recorded_at)
  SELECT id, 'V1', least(current_date, purchase_date + ((id::bigint * 104729) % 1100)::int),
         'import', model_id, now()
  FROM phone WHERE id % 10 < 7;
UPDATE phone p SET software_seen_date = s.seen_date, software_version = 'V1'
  FROM software_sighting s WHERE s.phone_id = p.id;
"""
PARTS = """
INSERT INTO stock_location (id, centre_id, brand_id, country, name, created_at)
  SELECT b, NULL, b, 'IT', 'Warehouse ' || b, now() FROM generate_series(1, 20) b;
INSERT INTO part (id, brand_id, number, kind, names, cost_minor, price_minor, currency,
                  lead_days, production_ends_on, version, created_at)
  SELECT m * 3 + k, 1 + (m - 1) / 10, 'P-' || m || '-' || k,
         (ARRAY['display', 'battery', 'charging_port'])[k + 1], '{"en": "Part"}'::json,
         1000, 2000, 'EUR', 5, CASE WHEN m % 17 = 0 AND k = 0 THEN current_date + 60 END,
         1, now()
  FROM generate_series(1, 200) m, generate_series(0, 2) k;
INSERT INTO part_fit (part_id, model_id) SELECT id, (id / 3) FROM part;
INSERT INTO stock_level (location_id, part_id, on_hand, reserved, reorder_point, updated_at)
  SELECT brand_id, id, 50 + id % 400, 0, 10, now() FROM part;
INSERT INTO supply_order (id, location_id, from_location_id, supplier, status, expected_date,
                          first_expected_date, slips, reference, created_at, version)
  SELECT b, b, NULL, 'Supplier', 'open', current_date + 20, current_date + 20, 0, 'SO' || b,
         now(), 1 FROM generate_series(1, 20) b;
INSERT INTO supply_line (order_id, part_id, quantity, received)
  SELECT brand_id, id, 100, 0 FROM part WHERE id % 2 = 0;
INSERT INTO stock_location (id, centre_id, brand_id, country, name, created_at)
  SELECT 100 + c, c, NULL, 'IT', 'Centre ' || c, now()
  FROM generate_series(1, (SELECT max(id) FROM service_centre)) c;
INSERT INTO repair_part (repair_id, part_id, location_id, quantity, state, requested_at,
                         filled_at, done_at)
  SELECT r.id, r.model_id * 3 + CASE r.fault_category WHEN 'display' THEN 0 ELSE 1 END,
         100 + r.centre_id, 1, 'used', r.created_at, r.created_at, r.closed_at
  FROM repair_order r
  WHERE r.status = 'closed' AND r.fault_category IN ('display', 'battery')
    AND r.created_at > now() - interval '90 days';
INSERT INTO support_commitment (model_id, country, effective_from_date, warranty_in_use,
                                repair_in_use, parts_in_use, parts_until_date, updates_in_use,
                                created_at)
  SELECT m, 'IT', current_date, false, false, m % 4 = 0,
         CASE WHEN m % 4 = 2 THEN date '2032-06-30' END, false, now()
  FROM generate_series(1, 200) m WHERE m % 2 = 0;
INSERT INTO brand_exit (brand_id, exit_date, statement_en, updated_at)
  VALUES (7, date '2026-01-31', 'We leave.', now()), (13, date '2027-06-30', 'We leave.', now());
"""


def run_sql(url: str, script: str, label: str) -> None:
    """Run a script of statements in one transaction, timing it."""
    start = time.perf_counter()
    with psycopg.connect(url) as conn:
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)  # type: ignore[arg-type]
    print(f"{label}: {time.perf_counter() - start:.1f} s", flush=True)


def main() -> None:
    """Seed (unless --no-seed), add the forecast's data, time the job, drop the database."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    ap.add_argument("--db", default=DB, help=f"database name ({DB})")
    ap.add_argument("--no-seed", action="store_true", help="time on the database as it is")
    ap.add_argument("--keep", action="store_true", help="keep the database at the end")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    url = f"{args.server}/{args.db}"
    if not args.no_seed:
        cmd = [str(PYTHON), str(HERE / "seed_repairs.py"), args.db, "--fresh", "--server",
               args.server, "--centres", "50", "--shops", "500"]  # fmt: skip
        subprocess.run(cmd, check=True)
        run_sql(url, SPREAD, "phones spread over 200 models of 20 brands")
        run_sql(url, SOFTWARE, "software sightings of 70% of the phones")
        run_sql(url, PARTS, "parts, stock, supply orders, parts used, commitments, exits")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE)")
    factory = make_sessionmaker(make_engine(url))
    times = []
    for i in range(args.runs):
        start = time.perf_counter()
        with session_scope(factory) as session:
            summary = nightly_forecast(session, utcnow())
        times.append(time.perf_counter() - start)
        print(f"run {i + 1}: {times[-1]:.1f} s ({summary})", flush=True)
    best, median = min(times), statistics.median(times)
    verdict = "PASS" if median < TARGET_S else "FAIL"
    print(f"nightly forecast: median {median:.1f} s, best {best:.1f} s, target {TARGET_S:.0f} s: "
          f"{verdict}")  # fmt: skip
    if not args.keep:
        subprocess.run([str(PYTHON), str(HERE / "seed_repairs.py"), args.db, "--drop", "--server",
                        args.server], check=True)  # fmt: skip
    sys.exit(0 if verdict == "PASS" else 1)


if __name__ == "__main__":
    main()
