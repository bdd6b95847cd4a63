"""Create a PostgreSQL database of 1,000,000 survey answers for the satisfaction reports.

    .venv/bin/python bench/seed_surveys.py --fresh            # aftersales_surveys

Ten brands (the first has a quarter of the answers, as a large brand would), 40 centres
serving every brand, 400 shops (each sends to one centre), 10 models per brand, 24 months
of answers up to today, written in the order they came; ratings drawn so that turnaround
and explanation weigh on the
overall rating, with 5% "does not apply" per attribute and a comment on one answer in ten.
Staff sign in with `bench-staff-password`: `admin@bench.invalid` (platform),
`brand-admin@bench.invalid` (brand 1), `manager1@bench.invalid` (centre 1),
`shop1@bench.invalid` (shop 1). Ends with the worker's first count of the rollups, timed.
Set-based SQL (`INSERT … SELECT` over generate_series); about a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
import time

import psycopg
from seed_repairs import DEFAULT_SERVER, create_database, drop_database
from sqlalchemy import text

from aftersales.accounts.service import hash_password
from aftersales.db import make_engine, make_sessionmaker
from aftersales.kernel.clock import utcnow
from aftersales.migrate import upgrade
from aftersales.surveys.rollup import refresh

DEFAULT_DB = "aftersales_surveys"
PASSWORD = "bench-staff-password"
BRANDS, CENTRES, SHOPS, MODELS_PER_BRAND, MONTHS = 10, 40, 400, 10, 24
HOURS = '{"mon": [["09:00", "18:00"]]}'

# One row per answer: h is a hash of its number, so every draw is repeatable without a seed.
ANSWERS_SQL = """
INSERT INTO survey_answer (brand_id, repair_id, source, channel, country, centre_id, shop_id,
    model_id, answered_at, answered_on, overall, explanation, solution, knowledge, soft_skills,
    turnaround, cost, comment, language, turnaround_days, contacts, created_at)
SELECT brand, NULL, 'survey', channel, CASE WHEN centre % 4 = 0 THEN 'VN' ELSE 'IT' END,
    centre, CASE WHEN channel = 'shop' THEN shop END, (brand - 1) * {mpb} + 1 + h % {mpb},
    day + time '12:00', day,
    LEAST(5, GREATEST(1, round(1.2 + 0.35 * tat + 0.25 * expl + 0.15 * sol + 0.1 * cost
        + 0.3 * (h % 7) / 6.0 - 0.05 * (brand % 5))))::int,
    NULLIF(expl, 0), NULLIF(sol, 0), CASE WHEN h % 13 <> 0 THEN 1 + h % 5 END,
    2 + h % 4, NULLIF(tat, 0), NULLIF(cost, 0),
    CASE WHEN i % 10 = 0 THEN 'Servizio ' || (ARRAY['ottimo', 'lento', 'gentile', 'caro',
        'chiaro'])[1 + h % 5] || ', riparazione ' || i END,
    CASE WHEN i % 10 = 0 THEN 'it' END, days, contacts, now() - interval '1 day'
FROM (
    SELECT i, h,
        CASE WHEN i % 4 = 0 THEN 1 ELSE 2 + h % ({brands} - 1) END AS brand,
        1 + (h / 7) % {centres} AS centre,
        1 + (h / 7) % {centres} + {centres} * ((h / 311) % ({shops} / {centres})) AS shop,
        (ARRAY['shop', 'shop', 'shop', 'walk_in', 'online'])[1 + (h / 13) % 5] AS channel,
        start + ((i - 1) * (current_date - start + 1) / {total})::int AS day,
        (h / 19) % 16 AS days, LEAST(6, ((h / 23) % 100) / 30) AS contacts,
        CASE WHEN (h / 29) % 20 = 0 THEN 0 ELSE 1 + (h / 31) % 5 END AS expl,
        CASE WHEN (h / 37) % 20 = 0 THEN 0 ELSE 1 + (h / 41) % 5 END AS sol,
        CASE WHEN (h / 43) % 20 = 0 THEN 0
             ELSE GREATEST(1, 5 - ((h / 19) % 16) / 4 - (h / 47) % 2) END AS tat,
        CASE WHEN (h / 53) % 20 = 0 THEN 0 ELSE 1 + (h / 59) % 5 END AS cost
    FROM (SELECT i, abs(hashint8(i::bigint)) AS h,
                 (date_trunc('month', current_date) - interval '{months} months')::date AS start
          FROM generate_series({lo}, {hi}) i) x
) y
"""


def log(t0: float, msg: str) -> None:
    """Print a step with the seconds since the start."""
    print(f"[{time.perf_counter() - t0:6.1f} s] {msg}", flush=True)


def reference(cur: psycopg.Cursor) -> None:
    """Insert the brands, models, centres, shops and the staff who read the reports."""
    cur.execute(
        "INSERT INTO brand (id, slug, name, created_at) SELECT b, 'brand-' || b,"
        " 'Brand ' || b, now() FROM generate_series(1, %s) b",
        (BRANDS,),
    )
    cur.execute(
        "INSERT INTO phone_model (id, brand_id, name, release_date) SELECT m,"
        " 1 + (m - 1) / %(mpb)s, 'Model ' || m, date '2024-01-01'"
        " FROM generate_series(1, %(n)s) m",
        {"mpb": MODELS_PER_BRAND, "n": BRANDS * MODELS_PER_BRAND},
    )
    cur.execute(
        "INSERT INTO service_centre (id, name, city, country, timezone, working_week, address,"
        " opening_hours) SELECT c, 'Centre ' || c, 'Milano', 'IT', 'Europe/Rome', '1111100',"
        " 'Via ' || c, %s::json FROM generate_series(1, %s) c",
        (HOURS, CENTRES),
    )
    cur.execute(
        "INSERT INTO centre_brand (centre_id, brand_id) SELECT c, b"
        " FROM generate_series(1, %s) c, generate_series(1, %s) b",
        (CENTRES, BRANDS),
    )
    cur.execute(
        "INSERT INTO shop (id, name, city, country, timezone, address, opening_hours)"
        " SELECT s, 'Shop ' || s, 'Milano', 'IT', 'Europe/Rome', 'Corso ' || s, %s::json"
        " FROM generate_series(1, %s) s",
        (HOURS, SHOPS),
    )
    staff = hash_password(PASSWORD)
    for email, role, shop, centre, brand in (
        ("admin@bench.invalid", "platform_admin", None, None, None),
        ("brand-admin@bench.invalid", "brand_admin", None, None, 1),
        ("manager1@bench.invalid", "centre_manager", None, 1, None),
        ("shop1@bench.invalid", "shop_staff", 1, None, None),
    ):
        cur.execute(
            "INSERT INTO account (email, name, role, language, country, password_hash, shop_id,"
            " centre_id, brand_id, is_active, created_at) VALUES (%s, %s, %s, 'en', 'IT', %s,"
            " %s, %s, %s, true, now())",
            (email, f"Bench {role}", role, staff, shop, centre, brand),
        )


def main() -> int:
    """Create, migrate, fill, count."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", nargs="?", default=DEFAULT_DB)
    ap.add_argument("--server", default=DEFAULT_SERVER)
    ap.add_argument("--answers", type=int, default=1_000_000)
    ap.add_argument("--fresh", action="store_true", help="drop the database first if it exists")
    ap.add_argument("--drop", action="store_true", help="only drop the database")
    args = ap.parse_args()
    if args.drop:
        drop_database(args.server, args.db)
        return 0
    t0 = time.perf_counter()
    create_database(args.server, args.db, args.fresh)
    url = f"{args.server}/{args.db}"
    upgrade(url)
    log(t0, f"created and migrated {args.db}")
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        reference(cur)
        params = {"mpb": MODELS_PER_BRAND, "brands": BRANDS, "centres": CENTRES,
                  "shops": SHOPS, "months": MONTHS}  # fmt: skip
        for lo in range(1, args.answers + 1, 250_000):
            hi = min(args.answers, lo + 249_999)
            cur.execute(ANSWERS_SQL.format(**params, lo=lo, hi=hi, total=args.answers).encode())
            log(t0, f"answers {lo:,}-{hi:,}")
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE survey_answer")
    log(t0, "analysed")
    engine = make_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with make_sessionmaker(engine)() as session:
        start = time.perf_counter()
        said = refresh(session, utcnow(), whole=True)
        session.commit()
        log(t0, f"rollups: {said} in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        # A thousand answers of this month come in: the worker counts their brand-months again.
        session.execute(
            text(
                "UPDATE survey_answer SET created_at = now() WHERE id IN (SELECT id"
                " FROM survey_answer ORDER BY answered_on DESC LIMIT 1000)"
            )
        )
        said = refresh(session, utcnow())
        session.commit()
        log(t0, f"the worker's next count after 1,000 new answers: {said} in "
                f"{time.perf_counter() - start:.1f} s")  # fmt: skip
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    engine.dispose()
    log(t0, "done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
