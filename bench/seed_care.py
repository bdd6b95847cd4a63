"""Add long-term care data to a database seeded by bench/seed_repairs.py.

On top of its phones and repairs (one brand, five models): a brand admin, a parts catalogue
(eight kinds of part per model), a stock location per centre and the brand's warehouse,
stock levels with reorder points, a ledger of receipts and uses, supply orders, the parts
that the repairs of matching faults used (some filled later than the legal delivery time),
software releases per model with the phones' versions spread over them, support commitments
in Italy, and software sightings. Everything is written with set-based SQL. Run after
seed_repairs.py and before timing the care and stock pages (bench/care_pages.py).
"""

from __future__ import annotations

import argparse
import time

import psycopg

from aftersales.accounts.service import hash_password

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432"
STAFF_PASSWORD = "bench-staff-password"  # bench/seed_repairs.py's
ADMIN_EMAIL = "brand-admin@bench.invalid"
# (kind, number suffix, the repairs' fault category that uses it or None)
KINDS = [
    ("display", "DSP", "display"),
    ("battery", "BAT", "battery"),
    ("charging_port", "CHG", "charging"),
    ("camera", "CAM", "camera"),
    ("speaker", "SPK", "audio"),
    ("back_cover", "BCK", "physical_damage"),
    ("microphone", "MIC", None),
    ("buttons", "BTN", None),
]
RELEASES_PER_MODEL = 36  # three years of monthly releases

STEPS = [
    (
        "brand admin",
        "INSERT INTO account (email, name, role, language, country, password_hash, brand_id,"
        " is_active, created_at) VALUES (%(email)s, 'Bench brand admin', 'brand_admin', 'en',"
        " 'IT', %(hash)s, 1, true, now())",
    ),
    (
        "parts",
        "INSERT INTO part (brand_id, number, kind, names, cost_minor, price_minor, currency,"
        " lead_days, version, created_at)"
        " SELECT 1, 'NV' || m.id || '-' || k.code, k.kind,"
        " json_build_object('en', m.name || ' ' || replace(k.kind, '_', ' ')),"
        " 1500 + 100 * m.id, 3900 + 200 * m.id, 'EUR', 10, 1, now()"
        " FROM phone_model m CROSS JOIN bench_kind k",
    ),
    (
        "part fits",
        "INSERT INTO part_fit (part_id, model_id) SELECT p.id, m.id FROM part p"
        " JOIN phone_model m ON p.number LIKE 'NV' || m.id || '-%%'",
    ),
    (
        "stock locations",
        "INSERT INTO stock_location (centre_id, brand_id, country, name, created_at)"
        " SELECT id, NULL, country, name, now() FROM service_centre"
        " UNION ALL SELECT NULL, 1, 'IT', 'Nova warehouse Italy', now()",
    ),
    (
        "stock levels",
        "INSERT INTO stock_level (location_id, part_id, on_hand, reserved, reorder_point,"
        " updated_at)"
        " SELECT l.id, p.id, CASE WHEN l.brand_id IS NULL THEN mod(l.id * 7 + p.id * 3, 12)"
        " ELSE 400 + mod(p.id * 37, 300) END, 0,"
        " CASE WHEN l.brand_id IS NULL THEN 3 ELSE 100 END, now()"
        " FROM stock_location l CROSS JOIN part p",
    ),
    (
        "ledger: receipts",
        "INSERT INTO stock_movement (location_id, part_id, kind, quantity, on_hand_change,"
        " reserved_change, reason, actor_role, at)"
        " SELECT s.location_id, s.part_id, 'received', 10, 10, 0, NULL, 'system',"
        " now() - g * interval '7 days'"
        " FROM stock_level s CROSS JOIN generate_series(1, 100) g",
    ),
    (
        "parts used by repairs",
        "INSERT INTO repair_part (repair_id, part_id, location_id, quantity, state,"
        " requested_at, filled_at, done_at)"
        " SELECT r.id, p.id, l.id, 1, 'used', r.created_at + interval '1 day',"
        " r.created_at + (2 + mod(r.id, 9)) * interval '1 day', r.closed_at"
        " FROM repair_order r JOIN bench_kind k ON k.fault = r.fault_category"
        " JOIN part p ON p.number = 'NV' || r.model_id || '-' || k.code"
        " JOIN stock_location l ON l.centre_id = r.centre_id"
        " WHERE r.status = 'closed' AND r.outcome = 'repaired'",
    ),
    (
        "ledger: uses",
        "INSERT INTO stock_movement (location_id, part_id, kind, quantity, on_hand_change,"
        " reserved_change, repair_id, actor_role, at)"
        " SELECT location_id, part_id, 'used', 1, -1, 0, repair_id, 'technician', done_at"
        " FROM repair_part WHERE state = 'used'",
    ),
    (
        "balances from the ledger",
        "UPDATE stock_level s SET on_hand = greatest(0, m.total) FROM (SELECT location_id,"
        " part_id, sum(on_hand_change) AS total FROM stock_movement GROUP BY 1, 2) m"
        " WHERE m.location_id = s.location_id AND m.part_id = s.part_id",
    ),
    (
        "supply orders",
        "INSERT INTO supply_order (location_id, from_location_id, supplier, status,"
        " expected_date, first_expected_date, slips, reference, created_at, version)"
        " SELECT l.id, w.id, '', CASE WHEN g = 1 THEN 'open' ELSE 'received' END,"
        " current_date + (30 - g * 20), current_date + (30 - g * 20), 0,"
        " 'SO-' || l.id || '-' || g,"
        " now() - g * interval '20 days', 1"
        " FROM stock_location l CROSS JOIN generate_series(1, 20) g"
        " JOIN stock_location w ON w.brand_id = 1 WHERE l.centre_id IS NOT NULL",
    ),
    (
        "supply lines",
        "INSERT INTO supply_line (order_id, part_id, quantity, received)"
        " SELECT o.id, p.id, 5, CASE WHEN o.status = 'open' THEN 0 ELSE 5 END"
        " FROM supply_order o JOIN part p ON mod(p.id + o.id, 8) = 0",
    ),
    (
        "software releases",
        "INSERT INTO software_release (model_id, version, release_date, security_patch_date,"
        " kind, notes_en, created_at, row_version)"
        " SELECT m.id, 'NovaOS ' || m.id || '.' || g, current_date - (%(n)s - g) * 30,"
        " date_trunc('month', current_date - (%(n)s - g) * 30)::date,"
        " CASE WHEN mod(g, 6) = 0 THEN 'os_upgrade' ELSE 'security' END,"
        " 'Monthly security update ' || g, now(), 1"
        " FROM phone_model m CROSS JOIN generate_series(1, %(n)s) g",
    ),
    (
        "phones' versions",
        "UPDATE phone SET software_version = 'NovaOS ' || model_id || '.' ||"
        " (%(n)s - least(mod(id, 7), %(n)s - 1)),"
        " software_seen_date = current_date - mod(id, 400)",
    ),
    (
        "software sightings",
        "INSERT INTO software_sighting (phone_id, version, seen_date, source, release_id,"
        " recorded_at)"
        " SELECT ph.id, ph.software_version, ph.software_seen_date, 'import', s.id, now()"
        " FROM phone ph JOIN software_release s ON s.model_id = ph.model_id"
        " AND s.version = ph.software_version WHERE mod(ph.id, 4) = 0",
    ),
    (
        "support commitments",
        "INSERT INTO support_commitment (model_id, country, effective_from_date,"
        " end_of_sale_date, repair_until_date, parts_in_use, updates_until_date, created_at)"
        " SELECT id, 'IT', current_date, release_date + 730, release_date + 365 * 9,"
        " mod(id, 2) = 0, release_date + 365 * 7, now() FROM phone_model",
    ),
]


def main() -> None:
    """Run every step in one transaction, then analyse the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", help="a database seeded by bench/seed_repairs.py")
    ap.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL URL without a database")
    args = ap.parse_args()
    t0 = time.perf_counter()
    params = {"email": ADMIN_EMAIL, "hash": hash_password(STAFF_PASSWORD), "n": RELEASES_PER_MODEL}
    with psycopg.connect(f"{args.server}/{args.db}") as conn, conn.cursor() as cur:
        cur.execute("SET LOCAL work_mem = '256MB'")
        cur.execute("CREATE TEMP TABLE bench_kind (kind text, code text, fault text)")
        cur.executemany("INSERT INTO bench_kind VALUES (%s, %s, %s)", KINDS)
        for label, stmt in STEPS:
            cur.execute(stmt, params)
            print(f"[{time.perf_counter() - t0:7.1f}s] {label}: {cur.rowcount:,} rows", flush=True)
        conn.commit()
    with psycopg.connect(f"{args.server}/{args.db}", autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    print(f"[{time.perf_counter() - t0:7.1f}s] analysed", flush=True)


if __name__ == "__main__":
    main()
