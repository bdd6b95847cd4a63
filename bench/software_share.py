"""Time the share of phones on the latest release (the brand page's software section) with
1,000,000 phones on PostgreSQL: half of them one brand's ten models, the rest spread over 90.

    .venv/bin/python bench/software_share.py [--server postgresql://postgres@127.0.0.1:5432/postgres]

It makes a scratch database, fills it with SQL (generate_series), times `software.queries.shares`
for the big brand, a small brand and one model (30 runs each), prints the plan of the big
brand's count, and drops the database.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from aftersales import migrate
from aftersales.catalog.models import PhoneModel
from aftersales.db import make_engine, make_sessionmaker
from aftersales.software.queries import shares

FILL = """
INSERT INTO brand (id, slug, name, created_at)
  SELECT b, 'b' || b, 'Brand ' || b, now() FROM generate_series(1, 10) b;
INSERT INTO phone_model (id, brand_id, name, version)
  SELECT m, 1 + (m - 1) / 10, 'Model ' || m, 1 FROM generate_series(1, 100) m;
INSERT INTO software_release (model_id, version, release_date, security_patch_date, kind,
                              notes_en, created_at, row_version)
  SELECT m, 'V' || r, date '2020-01-01' + r * 90, date '2020-01-01' + r * 90, 'security', 'n',
         now(), 1
  FROM generate_series(1, 100) m, generate_series(1, 12) r;
INSERT INTO phone (imei, imei_reversed, model_id, country, software_version,
                   software_seen_date, created_at)
  SELECT lpad(i::text, 15, '0'), reverse(lpad(i::text, 15, '0')),
         CASE WHEN i <= 500000 THEN 1 + i % 10 ELSE 11 + i % 90 END, 'IT',
         CASE WHEN i % 7 = 0 THEN NULL ELSE 'V' || (1 + (i::bigint * 7919) % 12) END,
         date '2025-01-01', now()
  FROM generate_series(1, 1000000) i;
"""


def timed(run: object, n: int = 30) -> tuple[float, float]:
    """Return the median and p95 in ms of n calls."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * n) - 1]


def main() -> None:
    """Fill a scratch database, time the shares, drop it."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    server = parser.parse_args().server
    name = f"aftersales_bench_software_{secrets.token_hex(3)}"
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
        with make_sessionmaker(engine)() as s:
            for brand in (1, 5):
                ids = list(s.scalars(select(PhoneModel.id).where(PhoneModel.brand_id == brand)))
                phones = sum(x.phones for x in shares(s, ids).values())
                med, p95 = timed(lambda ids=ids: shares(s, ids))
                print(f"brand {brand}: {len(ids)} models, {phones:,} phones: "
                      f"median {med:.1f} ms, p95 {p95:.1f} ms")  # fmt: skip
            med, p95 = timed(lambda: shares(s, [1]))
            print(f"one model of 50,000 phones: median {med:.1f} ms, p95 {p95:.1f} ms")
            plan = s.execute(text(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT model_id, software_version, count(*) FROM "
                "phone WHERE model_id IN (1,2,3,4,5,6,7,8,9,10) GROUP BY 1, 2"
            )).scalars()  # fmt: skip
            print("\n".join(plan))
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
