"""Seed a PostgreSQL database of 1,000,000 repairs and 10,000,000 events for the insights.

    .venv/bin/python bench/seed_insights.py --fresh          # aftersales_insights

The repairs, phones and status events of bench/seed_repairs.py (50 centres, 500 shops,
100,000 owners; about 4.9 million events), then, set-based: contacts (0 to 3 a repair, each
a contact row and its event), two staff notes a repair (three on one in eight), an expected
date moved later on every repair, part events on one in two, loaners on one in twenty, a
survey answer on one closed repair in five and one closed repair in fifty brought back
within 90 days (the same phone as a repair closed 50,001 repairs earlier): 10.0 million
events. The created events carry the expected date given at intake, as repairs.intake
writes it; the care forecast gives each model its phones in use. Centres and faults are
drawn by a hash of the id, so every centre sees every model and fault. Ends with VACUUM.
"""

from __future__ import annotations

import argparse
import time

import psycopg
from seed_repairs import DEFAULT_SERVER, drop_database
from seed_repairs import seed as seed_repairs

DEFAULT_DB = "aftersales_insights"

FAULTS = (
    "ARRAY['display', 'battery', 'charging', 'camera', 'audio', 'connectivity', 'software',"
    " 'liquid_damage', 'physical_damage', 'other']"
)
EXTRA_SQL = [
    (
        "repairs spread over centres and faults independently of their model",
        f"""
        UPDATE repair_order SET centre_id = 1 + abs(hashint4(id * 11)) % 50,
            fault_category = ({FAULTS})[1 + abs(hashint4(id * 13)) % 10]
        """,
    ),
    (
        "created events carry the expected date",
        """
        UPDATE repair_event e SET data = json_build_object('expected', (r.created_at
            + interval '10 days')::date)
        FROM repair_order r WHERE r.id = e.repair_id AND e.type = 'created'
        """,
    ),
    (
        "contacts",
        """
        INSERT INTO contact (repair_id, channel, who, note, recorded_by_id, at)
        SELECT r.id, 'phone', CASE WHEN k = 1 THEN 'owner' ELSE 'shop' END, '', NULL,
               r.created_at + k * interval '20 hours'
        FROM repair_order r, generate_series(1, 3) k
        WHERE k <= abs(hashint4(r.id * 3)) % 4 AND r.created_at + k * interval '20 hours' < now()
        """,
    ),
    (
        "contact events",
        """
        INSERT INTO repair_event (repair_id, type, from_status, to_status, actor_id, actor_role,
            at, public, note, internal_note, data)
        SELECT c.repair_id, 'contact', NULL, NULL, NULL, 'technician', c.at, false, NULL, NULL,
               json_build_object('channel', c.channel, 'who', c.who)
        FROM contact c ORDER BY c.at
        """,
    ),
    (
        "staff notes",
        """
        INSERT INTO repair_event (repair_id, type, from_status, to_status, actor_id, actor_role,
            at, public, note, internal_note, data)
        SELECT r.id, 'note', NULL, NULL, NULL, 'technician',
               least(r.created_at + k * interval '7 hours', now()), false, NULL,
               'Checked the board', '{}'::json
        FROM repair_order r, generate_series(1, 3) k
        WHERE k < 3 OR r.id % 8 = 0
        """,
    ),
    (
        "expected dates moved later",
        """
        INSERT INTO repair_event (repair_id, type, from_status, to_status, actor_id, actor_role,
            at, public, note, internal_note, data)
        SELECT r.id, 'expected_date_changed', NULL, NULL, NULL, 'system',
               least(r.created_at + interval '2 days', now()), true, 'Waiting for parts',
               NULL, json_build_object('old', (r.created_at + interval '10 days')::date,
                                       'new', (r.created_at + interval '13 days')::date)
        FROM repair_order r
        """,
    ),
    (
        "part events",
        """
        INSERT INTO repair_event (repair_id, type, from_status, to_status, actor_id, actor_role,
            at, public, note, internal_note, data)
        SELECT r.id, 'part', NULL, NULL, NULL, 'technician',
               least(r.created_at + interval '1 day', now()), false, NULL, NULL,
               '{"state": "reserved"}'::json
        FROM repair_order r WHERE r.id % 2 = 0
        """,
    ),
    (
        "loaners",
        """
        INSERT INTO loaner (repair_id, label, given_at, given_by_id, returned_at, returned_by_id)
        SELECT r.id, 'LOANER-' || r.id, r.received_at, NULL, r.closed_at, NULL
        FROM repair_order r WHERE r.id % 20 = 0 AND r.received_at IS NOT NULL
        """,
    ),
    (
        "survey answers",
        """
        INSERT INTO survey_answer (brand_id, repair_id, source, channel, country, centre_id,
            shop_id, model_id, answered_at, answered_on, overall, turnaround_days, contacts,
            created_at)
        SELECT r.brand_id, r.id, 'survey', 'shop', r.country, r.centre_id, r.shop_id,
               r.model_id, r.closed_at + interval '1 day', (r.closed_at + interval '1 day')::date,
               1 + abs(hashint4(r.id * 5)) % 5, r.tat_workdays, 0,
               r.closed_at + interval '1 day'
        FROM repair_order r
        WHERE r.status = 'closed' AND r.id % 5 = 1 AND r.closed_at < now() - interval '1 day'
        """,
    ),
    (
        "phones brought back",
        """
        UPDATE repair_order r SET phone_id = e.phone_id
        FROM repair_order e
        WHERE e.id = r.id - 50001 AND r.id % 50 = 7 AND r.status = 'closed'
          AND e.status = 'closed'
        """,
    ),
    (
        "phones in use (the care forecast's curve)",
        """
        INSERT INTO care_in_use (model_id, computed_on, expected, low, high, method,
            phones_seen, events, median_months, shape, computed_at)
        SELECT id, current_date, 150000, 140000, 160000, 'fitted_model', 200000, 50000, 30, 1.5,
               now() FROM phone_model
        """,
    ),
    (
        "phones in use, month by month",
        """
        INSERT INTO care_in_use_point (model_id, day, expected, low, high)
        SELECT m.id, (date_trunc('month', current_date) - k * interval '1 month')::date,
               150000 + 2000 * k, 140000 + 2000 * k, 160000 + 2000 * k
        FROM phone_model m, generate_series(0, 24) k
        """,
    ),
]


def seed(args: argparse.Namespace) -> None:
    """Seed the repairs, then add the events and rows the insights read."""
    t0 = time.perf_counter()
    seed_repairs(args)
    url = f"{args.server}/{args.db}"
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SET LOCAL work_mem = '256MB'")
        for what, stmt in EXTRA_SQL:
            cur.execute(stmt)
            print(f"[{time.perf_counter() - t0:7.1f}s] {what}: {cur.rowcount:,}", flush=True)
        for table in ("repair_event", "contact", "loaner", "survey_answer"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT max(id) FROM {table}))"
            )
        cur.execute("SELECT count(*) FROM repair_event")
        print(f"[{time.perf_counter() - t0:7.1f}s] events: {cur.fetchone()[0]:,}", flush=True)  # type: ignore[index]
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    print(f"[{time.perf_counter() - t0:7.1f}s] VACUUM ANALYZE done", flush=True)


def main() -> None:
    """Parse the command line and seed (or drop) the insights benchmark database."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("db", nargs="?", default=DEFAULT_DB)
    ap.add_argument("--server", default=DEFAULT_SERVER)
    ap.add_argument("--repairs", type=int, default=1_000_000)
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--drop", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.drop:
        drop_database(args.server, args.db)
        return
    ns = argparse.Namespace(
        db=args.db, server=args.server, repairs=args.repairs, fresh=args.fresh, seed=args.seed,
        sample=1000, out=f"/tmp/{args.db}_codes.txt", overdue_permille=0, assigned_permille=25,
        shops=500, centres=50, owners=100_000,
    )  # fmt: skip
    seed(ns)


if __name__ == "__main__":
    main()
