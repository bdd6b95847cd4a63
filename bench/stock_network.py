"""Time the stock pages' reads (the brand's network stock, a centre's low parts) on PostgreSQL
with 3,000 centres, 20 brands of 400 parts and about 1.5 million balances: brand 1 is stocked
at every centre (200 of its parts each), the others at the centres serving them; 2% are low.

    .venv/bin/python bench/stock_network.py [--server postgresql://postgres@127.0.0.1:5432/postgres]

It makes a scratch database, fills it with SQL (generate_series), times each read of
`inventory.network` and `inventory.queries` the pages make (30 runs each: median and p95),
prints the plan of the first page of brand 1, and drops the database.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from aftersales import migrate
from aftersales.db import make_engine, make_sessionmaker
from aftersales.inventory import network, queries

CENTRES, BRANDS, PARTS = 3000, 20, 400
FILL = f"""
INSERT INTO brand (id, name, slug, created_at)
  SELECT b, 'Brand ' || b, 'b' || b, now() FROM generate_series(1, {BRANDS}) b;
INSERT INTO service_centre (id, name, city, country, timezone, working_week, address)
  SELECT c, 'Centro ' || c, 'Citta ' || (c % 300), 'IT', 'Europe/Rome', '1111100', ''
  FROM generate_series(1, {CENTRES}) c;
INSERT INTO centre_brand SELECT c, 1 FROM generate_series(1, {CENTRES}) c;
INSERT INTO centre_brand
  SELECT c, b FROM generate_series(1, {CENTRES}) c,
  LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[2 + c % 19, 2 + (c + 7) % 19]) x) s(b);
INSERT INTO part (id, brand_id, number, kind, names, cost_minor, price_minor, currency,
                  lead_days, created_at)
  SELECT (b - 1) * {PARTS} + p, b, 'P' || b || '-' || lpad(p::text, 4, '0'), 'display',
         '{{"en": "Display"}}', 100, 200, 'EUR', 5, now()
  FROM generate_series(1, {BRANDS}) b, generate_series(1, {PARTS}) p;
INSERT INTO stock_location (id, centre_id, country, name, created_at)
  SELECT c, c, 'IT', 'Centro ' || c, now() FROM generate_series(1, {CENTRES}) c;
INSERT INTO stock_location (id, brand_id, country, name, created_at)
  SELECT {CENTRES} + b * 10 + k, b, c, 'Brand ' || b || ' ' || c, now()
  FROM generate_series(1, {BRANDS}) b, (VALUES (0, 'IT'), (1, 'VN'), (2, 'DE')) v(k, c);
INSERT INTO stock_level (location_id, part_id, on_hand, reserved, reorder_point, updated_at)
  SELECT c, p, 5 + (c * p) % 7, 0, 2, now()
  FROM generate_series(1, {CENTRES}) c, generate_series(1, {PARTS}) p WHERE (c + p) % 2 = 0;
INSERT INTO stock_level (location_id, part_id, on_hand, reserved, reorder_point, updated_at)
  SELECT cb.centre_id, (cb.brand_id - 1) * {PARTS} + p, 5, 0, 2, now()
  FROM centre_brand cb, generate_series(1, {PARTS}) p
  WHERE cb.brand_id > 1 AND (cb.centre_id + p) % 4 = 0;
INSERT INTO stock_level (location_id, part_id, on_hand, reserved, reorder_point, updated_at)
  SELECT l.id, (l.brand_id - 1) * {PARTS} + p, 50, 0, 10, now()
  FROM stock_location l, generate_series(1, {PARTS}) p WHERE l.brand_id IS NOT NULL;
UPDATE stock_level SET on_hand = 1, low_since = now()
  WHERE (location_id * 31 + part_id) % 50 = 0
"""


def timed(run: Callable[[], Any], n: int = 30) -> tuple[float, float]:
    """Return the median and p95 in ms of n calls."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * n) - 1]


def reads(s: Session) -> dict[str, Callable[[], Any]]:
    """Return the reads the stock pages make, by what they show."""
    found = network.centres(s, 1, "citta 12")
    ids = [p.location_id for p in found if p.location_id is not None]
    return {
        "brand 1, page 1": lambda: network.levels(s, 1, 26, 0),
        "brand 1, page 400 (the last)": lambda: network.levels(s, 1, 26, 399 * 25),
        "brand 1, low only, page 1": lambda: network.levels(s, 1, 26, 0, low_only=True),
        "brand 1, low only, page 40": lambda: network.levels(s, 1, 26, 975, low_only=True),
        "brand 1, part number contains P1-02": lambda: network.levels(s, 1, 26, 0, part_q="P1-02"),
        "brand 1, one part": lambda: network.levels(s, 1, 26, 0, part_q="P1-0399"),
        "brand 5, page 1": lambda: network.levels(s, 5, 26, 0),
        "centres found by 'citta 12'": lambda: network.centres(s, 1, "citta 12"),
        "brand 1 at those centres": lambda: network.levels(s, 1, 26, 0, location_ids=ids),
        "brand 1 low at those centres": lambda: network.levels(
            s, 1, 26, 0, location_ids=ids, low_only=True
        ),
        "brand 1, low count (capped)": lambda: network.low_count(s, 1),
        "parts offered for 'P1-03'": lambda: network.find_parts(s, 1, "P1-03"),
        "a centre's low parts": lambda: queries.levels(s, 7, 26, 0, low_only=True),
        "a centre's low count": lambda: queries.low_count(s, 7),
    }


def main() -> None:
    """Fill a scratch database, time the reads, drop it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    server = parser.parse_args().server
    name = f"aftersales_bench_stock_{secrets.token_hex(3)}"
    admin = make_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        migrate.upgrade(url)
        engine = make_engine(url)
        with engine.begin() as conn:
            for statement in FILL.split(";"):
                if statement.strip():
                    conn.execute(text(statement))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
            balances = conn.execute(text("SELECT count(*) FROM stock_level")).scalar_one()
        print(f"{balances:,} balances")
        with make_sessionmaker(engine)() as s:
            for label, run in reads(s).items():
                med, p95 = timed(run)
                print(f"{label}: median {med:.1f} ms, p95 {p95:.1f} ms")
                s.expunge_all()
            plan = s.execute(text(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT stock_level.*, part.number FROM stock_level"
                " JOIN part ON part.id = stock_level.part_id WHERE part.brand_id = 1"
                " ORDER BY part.number, stock_level.location_id LIMIT 26"
            )).scalars()  # fmt: skip
            print("\n".join(plan))
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
