"""Seed a PostgreSQL database with N phones and N repair orders for the load benchmarks.

By default every repair is of one shop, one centre and one owner (the skewed case the
tracking benchmark was first run on); `--shops`, `--centres` and `--owners` spread them
evenly over many, as a real network is (the staff pages benchmark, bench/staff_pages.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import psycopg
from psycopg import sql

from aftersales.accounts.service import hash_password
from aftersales.db import make_engine
from aftersales.kernel.clock import utcnow
from aftersales.kernel.codes import ALPHABET, normalize_tracking_code
from aftersales.kernel.imei import make_imei
from aftersales.migrate import upgrade
from aftersales.repairs.sla_state import backfill

HERE = Path(__file__).resolve().parent
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432"
DEFAULT_DB = "aftersales_bench"
CHUNK = 100_000
DROP = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")

# One brand, five models with one TAC each; make_imei keeps 6 serial digits, so at most
# 1,000,000 distinct IMEIs per TAC.
MODELS = [
    (1, "Nova 10", "35410010", "2022-03-01"),
    (2, "Nova 11", "35410011", "2023-03-01"),
    (3, "Nova 12", "35410012", "2024-03-01"),
    (4, "Nova 12 Pro", "35410112", "2024-03-01"),
    (5, "Nova Fold", "35410201", "2024-09-01"),
]
FAULTS = [
    ("display", "Screen flickers and shows green lines"),
    ("battery", "Battery drains in a few hours"),
    ("charging", "Does not charge with the original cable"),
    ("camera", "Rear camera does not focus"),
    ("audio", "Caller cannot hear me"),
    ("connectivity", "Wi-Fi drops every few minutes"),
    ("software", "Restarts by itself during calls"),
    ("liquid_damage", "Fell into water, now does not turn on"),
    ("physical_damage", "Cracked back glass after a fall"),
    ("other", "Vibration motor is noisy"),
]
# Life-cycle paths, every move allowed by repairs.states.MOVES:
# (path, final status, outcome, step of 'ready' or None, step of 'closed' or None, statuses).
# Repairs opened in the last 30 days are in progress (paths 0-3, by id); older ones are closed
# (4, 5) or, one in 40, cancelled (6), as in a service that turns phones round in days. One in
# ten of the last 10 days' repairs is an online booking whose phone is not handed in yet (7).
PATHS = [
    (0, "diagnosing", None, None, None, ["registered", "received", "diagnosing"]),
    (1, "repairing", None, None, None, ["registered", "received", "diagnosing", "repairing"]),
    (
        2,
        "repairing",
        None,
        None,
        None,
        ["registered", "at_centre", "diagnosing", "awaiting_parts", "repairing"],
    ),
    (3, "ready", None, 4, None, ["registered", "received", "diagnosing", "testing", "ready"]),
    (4, "closed", "repaired", 3, 4, ["registered", "received", "diagnosing", "ready", "closed"]),
    (5, "closed", "repaired", 3, 4, ["registered", "at_centre", "diagnosing", "ready", "closed"]),
    (6, "cancelled", None, None, 2, ["registered", "received", "cancelled"]),
    (7, "registered", None, None, None, ["registered"]),
]
# Every centre and shop opens Monday to Friday and Saturday morning (catalog.places format).
HOURS = (
    '{"0": ["09:00", "19:00"], "1": ["09:00", "19:00"], "2": ["09:00", "19:00"],'
    ' "3": ["09:00", "19:00"], "4": ["09:00", "19:00"], "5": ["09:30", "13:00"]}'
)
NOTES = {"awaiting_parts": "A replacement part has been ordered."}
# Every bench staff account signs in with this password (bench/staff_pages.py).
STAFF_PASSWORD = "bench-staff-password"
FIRST_NAMES = ["Mario", "Giulia", "Luca", "Francesca", "Marco", "Chiara", "Paolo", "Sara",
               "Andrea", "Elena", "Nguyen", "Linh", "Minh", "Anh", "Thu", "Hoa"]  # fmt: skip
SURNAMES = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
            "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Costa", "Giordano",
            "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do"]  # fmt: skip


class Layout:
    """Account ids of a seeded network: owners, then technicians, managers and shop staff."""

    def __init__(self, owners: int, centres: int, shops: int) -> None:
        self.owners, self.centres, self.shops = owners, centres, shops

    def technician(self, centre: int) -> int:
        """Return the id of the centre's technician (centres are numbered from 1)."""
        return self.owners + centre

    def manager(self, centre: int) -> int:
        """Return the id of the centre's manager."""
        return self.owners + self.centres + centre

    def shop_staff(self, shop: int) -> int:
        """Return the id of the shop's staff account."""
        return self.owners + 2 * self.centres + shop

    def platform_admin(self) -> int:
        """Return the id of the platform's administrator (after every shop's staff)."""
        return self.owners + 2 * self.centres + self.shops + 1


def log(t0: float, msg: str) -> None:
    """Print one progress line with the elapsed time."""
    print(f"[{time.perf_counter() - t0:7.1f}s] {msg}", flush=True)


def tracking_codes(rng: np.random.Generator, n: int) -> list[str]:
    """Return n distinct random codes in kernel.codes format (12 symbols, 60 bits)."""
    vals = np.unique(rng.integers(0, 2**60, size=n, dtype=np.int64))
    while len(vals) < n:  # collision check: draw more until n distinct values
        more = rng.integers(0, 2**60, size=n - len(vals), dtype=np.int64)
        vals = np.unique(np.concatenate([vals, more]))
    vals = rng.permutation(vals)  # np.unique sorts; insert in random order like real intake
    shifts = np.arange(55, -1, -5, dtype=np.int64)
    digits = (vals[:, None] >> shifts) & 31
    chars = np.frombuffer(ALPHABET.encode(), dtype=np.uint8)[digits]
    dash = np.full((n, 1), ord("-"), dtype=np.uint8)
    joined = np.hstack([chars[:, 0:4], dash, chars[:, 4:8], dash, chars[:, 8:12]])
    codes = np.ascontiguousarray(joined).view("S14").ravel()
    return [c.decode() for c in codes]


def imeis(n: int) -> list[str]:
    """Return the IMEIs of phones 1..n: make_imei(tac of model (i-1) % 5, (i-1) // 5)."""
    k = np.arange(n, dtype=np.int64)
    tacs = np.array([int(m[2]) for m in MODELS], dtype=np.int64)
    body = tacs[k % len(MODELS)] * 1_000_000 + (k // len(MODELS)) % 1_000_000
    pos = np.arange(14, dtype=np.int64)  # digit positions from the right of the body
    d = (body[:, None] // (10**pos)) % 10
    d = np.where(pos % 2 == 0, d * 2, d)
    d = np.where(d > 9, d - 9, d)
    check = (10 - d.sum(axis=1) % 10) % 10
    return [f"{x:015d}" for x in body * 10 + check]


def create_database(server: str, name: str, fresh: bool) -> None:
    """Create the database, dropping it first when fresh is set."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and not fresh:
            sys.exit(f"database {name} exists: pass --fresh to drop and recreate it")
        conn.execute(DROP.format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(server: str, name: str) -> None:
    """Drop the database if it exists."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(DROP.format(sql.Identifier(name)))


def reference_data(cur: psycopg.Cursor, net: Layout) -> None:
    """Insert the brand, models, TACs, centres, shops, SLA policy and accounts."""
    cur.execute("INSERT INTO brand VALUES (1, 'nova', 'Nova Mobile', now())")
    for mid, name, tac, released in MODELS:
        cur.execute(
            "INSERT INTO phone_model (id, brand_id, name, release_date, end_of_sale_date) "
            "VALUES (%s, 1, %s, %s, NULL)",
            (mid, name, released),
        )
        cur.execute("INSERT INTO model_tac (tac, model_id) VALUES (%s, %s)", (tac, mid))
    cur.execute(
        "INSERT INTO service_centre (id, name, city, country, timezone, working_week, address,"
        " opening_hours)"
        " SELECT c, 'Nova Service ' || c, 'Milano', 'IT', 'Europe/Rome', '1111100',"
        "  'Via Gattamelata ' || c || ', 20149 Milano', %s::json FROM generate_series(1, %s) c",
        (HOURS, net.centres),
    )
    cur.execute(
        "INSERT INTO centre_brand (centre_id, brand_id) SELECT c, 1 FROM generate_series(1, %s) c",
        (net.centres,),
    )
    cur.execute(
        "INSERT INTO shop (id, name, city, country, timezone, address, opening_hours)"
        " SELECT s, 'Telefonia ' || s, 'Milano', 'IT', 'Europe/Rome', 'Corso Buenos Aires ' || s,"
        " %s::json FROM generate_series(1, %s) s",
        (HOURS, net.shops),
    )
    cur.execute(
        "INSERT INTO sla_policy (id, brand_id, country, channel, target_days, at_risk_days,"
        " loaner_days) VALUES (1, 1, 'IT', 'any', 10, 8, 5)"
    )
    cur.execute(
        "INSERT INTO account (id, email, phone_number, name, role, language, country,"
        " password_hash, shop_id, centre_id, brand_id, is_active, created_at)"
        " SELECT o, 'owner' || o || '@bench.invalid', '+39' || (3200000000 + o)::text,"
        " (%(first)s::text[])[1 + o %% cardinality(%(first)s::text[])] || ' ' ||"
        " (%(last)s::text[])[1 + (o / cardinality(%(first)s::text[]))"
        "                        %% cardinality(%(last)s::text[])] || ' ' || o,"
        " 'owner', 'it', 'IT', NULL, NULL, NULL, NULL, true, now()"
        " FROM generate_series(1, %(n)s) o",
        {"first": FIRST_NAMES, "last": SURNAMES, "n": net.owners},
    )
    staff_hash = hash_password(STAFF_PASSWORD)
    for role, first_id, count, col in (
        ("technician", net.technician(1), net.centres, "centre_id"),
        ("centre_manager", net.manager(1), net.centres, "centre_id"),
        ("shop_staff", net.shop_staff(1), net.shops, "shop_id"),
    ):
        cur.execute(
            "INSERT INTO account (id, email, phone_number, name, role, language, country,"
            " password_hash, shop_id, centre_id, brand_id, is_active, created_at)"
            " SELECT %(first)s + k, %(role)s || (k + 1) || '@bench.invalid', NULL,"
            " 'Bench ' || %(role)s || ' ' || (k + 1), %(role)s, 'it', 'IT', %(hash)s,"
            " CASE WHEN %(shop)s THEN k + 1 END, CASE WHEN NOT %(shop)s THEN k + 1 END,"
            " NULL, true, now() FROM generate_series(0, %(count)s - 1) k",
            {
                "first": first_id,
                "role": role,
                "hash": staff_hash,
                "count": count,
                "shop": col == "shop_id",
            },
        )
    cur.execute(
        "INSERT INTO account (id, email, phone_number, name, role, language, country,"
        " password_hash, shop_id, centre_id, brand_id, is_active, created_at)"
        " VALUES (%s, 'admin@bench.invalid', NULL, 'Bench platform admin', 'platform_admin',"
        " 'en', 'IT', %s, NULL, NULL, NULL, true, now())",
        (net.platform_admin(), staff_hash),
    )
    cur.execute(
        "CREATE TEMP TABLE bench_step (p int, step int, from_status text, to_status text,"
        " note text)"
    )
    cur.execute(
        "CREATE TEMP TABLE bench_path (p int, final text, outcome text, ready_step int,"
        " closed_step int, n int)"
    )
    for p, final, outcome, ready, closed, statuses in PATHS:
        cur.execute(
            "INSERT INTO bench_path VALUES (%s, %s, %s, %s, %s, %s)",
            (p, final, outcome, ready, closed, len(statuses)),
        )
        for step, status in enumerate(statuses):
            prev = statuses[step - 1] if step else None
            cur.execute(
                "INSERT INTO bench_step VALUES (%s, %s, %s, %s, %s)",
                (p, step, prev, status, NOTES.get(status)),
            )
    cur.execute("CREATE TEMP TABLE bench_fault (f int, category text, problem text)")
    for f, (category, problem) in enumerate(FAULTS):
        cur.execute("INSERT INTO bench_fault VALUES (%s, %s, %s)", (f, category, problem))


BULK_TABLES = [
    "phone",
    "repair_order",
    "repair_event",
    "intake_checklist",
    "repair_photo",
    "outbox_message",
]


def drop_secondary(cur: psycopg.Cursor) -> list[sql.Composed]:
    """Drop the bulk tables' foreign keys and plain indexes; return what recreates them."""
    restore_idx, restore_fk = [], []
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
        " AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        (BULK_TABLES,),
    )
    for name, definition in cur.fetchall():
        restore_idx.append(sql.SQL(definition))
        cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    cur.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
        (BULK_TABLES,),
    )
    for table, name, definition in cur.fetchall():
        t, c = sql.Identifier(table), sql.Identifier(name)
        restore_fk.append(
            sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(t, c) + sql.SQL(definition)
        )
        cur.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(t, c))
    return restore_idx + restore_fk  # indexes first: the foreign-key checks can use them


# One row per repair: its path, creation time c (evenly spread over the last 365 days, in id
# order), the spacing sp of its steps (1-3 days; squeezed so no step lies in the future) and
# a hash h of its id: bookings and assignments are drawn by h, so that they do not follow the
# id's residues that give each repair its shop and centre (shop 1 gets its share of both).
PLAN_SQL = """
CREATE TEMP TABLE plan AS
WITH b AS (
    SELECT s.i, s.code, s.imei, t.t0, t.t0 - (365 - s.i * 365.0 / %(n)s) * interval '1 day' AS c,
           abs(hashint4(s.i)::bigint) AS h
    FROM stage s, (SELECT now() AS t0) t
), q AS (
    SELECT b.*, CASE WHEN b.t0 - b.c < interval '10 days' AND mod(b.h, 10) = 0 THEN 7
                     WHEN b.t0 - b.c < interval '30 days' THEN mod(b.i, 4)
                     WHEN mod(b.i, 40) = 0 THEN 6
                     ELSE 4 + mod(b.i, 2) END AS p
    FROM b
)
SELECT q.i, q.code, q.imei, q.c, q.p, q.h,
       least((1 + mod(q.i, 3)) * interval '1 day' + interval '37 minutes',
             (q.t0 - q.c) / bp.n) AS sp
FROM q JOIN bench_path bp ON bp.p = q.p
"""

PHONES_SQL = """
INSERT INTO phone (id, imei, imei_reversed, serial, model_id, owner_id, purchase_date, shop_id,
                   country, software_version, created_at)
SELECT i, imei, reverse(imei), 'SN' || lpad(i::text, 10, '0'), 1 + mod(i - 1, 5),
       1 + mod((i - 1)::bigint * 7919, %(owners)s),
       (c - (30 + mod(i, 700)) * interval '1 day')::date, 1 + mod(i - 1, %(shops)s), 'IT',
       '14.2.1', c
FROM plan
ORDER BY i
"""

# Open repairs expect their phone back in 1-5 days (what the nightly refresh_open_repairs
# keeps true), except --overdue-permille of them whose date has passed: those make the
# tracking page recompute the estimate. Bookings (path 7) were made online; half are to be
# handed in at the centre itself (no shop), the others at the shop, on a drop-off day from 2
# days ago to 9 days ahead. --assigned-permille of the repairs in progress are the centre
# technician's. Column order follows the table: no NOT NULL left out.
REPAIRS_SQL = """
INSERT INTO repair_order (id, code, phone_id, owner_id, brand_id, model_id, channel, shop_id,
    centre_id, country, fault_category, problem, dropoff_date, condition_notes, status, outcome,
    warranty_decision, warranty_reason, loaner_given, assigned_to_id, received_at, ready_at,
    closed_at, paused_since, paused_workdays, tat_workdays, expected_date, expected_low_date,
    expected_high_date, expected_basis, last_public_event_at, created_at, updated_at, version)
SELECT x.i, x.code, x.i, 1 + mod((x.i - 1)::bigint * 7919, %(owners)s), 1,
       1 + mod(x.i - 1, 5), CASE WHEN x.p = 7 THEN 'online' ELSE 'shop' END,
       CASE WHEN x.p <> 7 OR mod(x.h / 10, 2) = 1 THEN 1 + mod(x.i - 1, %(shops)s) END,
       x.centre, 'IT', f.category, f.problem,
       CASE WHEN x.p = 7 THEN current_date - 2 + mod(x.h / 20, 12)::int END,
       'Light scratches on the frame', p.final, p.outcome, NULL, NULL, false,
       CASE WHEN x.p <= 3 AND mod(x.h / 20, 1000) < %(assigned)s
            THEN %(tech0)s + x.centre - 1 END,
       CASE WHEN x.p <> 7 THEN x.c + x.sp END, x.c + p.ready_step * x.sp,
       x.c + p.closed_step * x.sp, NULL, 0,
       round(extract(epoch FROM (p.ready_step - 1) * x.sp) / 86400 * 5 / 7)::int,
       x.e, x.e - 3, x.e + 5, 'SLA target of 10 working days',
       x.c + (p.n - 1) * x.sp, x.c, x.c + (p.n - 1) * x.sp, 1
FROM (
    SELECT pl.*, 1 + mod(mod(pl.i - 1, %(shops)s), %(centres)s) AS centre, CASE
        WHEN pl.p BETWEEN 4 AND 6 THEN (pl.c + interval '14 days')::date
        WHEN mod(pl.i, 1000) < %(overdue)s THEN current_date - 1 - mod(pl.i, 3)
        ELSE current_date + 1 + mod(pl.i, 5) END AS e
    FROM plan pl
) x
JOIN bench_path p ON p.p = x.p
JOIN bench_fault f ON f.f = mod(x.i * 7, 10)
ORDER BY x.i
"""

# Events are inserted in time order, so one repair's events are spread over the table as in
# real life rather than stored side by side.
EVENTS_SQL = """
INSERT INTO repair_event (repair_id, type, from_status, to_status, actor_id, actor_role, at,
                          public, note, internal_note, data)
SELECT pl.i, CASE WHEN st.step = 0 THEN 'created' ELSE 'status_changed' END,
       st.from_status, st.to_status,
       CASE WHEN pl.p = 7 THEN 1 + mod((pl.i - 1)::bigint * 7919, %(owners)s)
            WHEN st.step = 0 THEN %(staff0)s + mod(pl.i - 1, %(shops)s)
            ELSE %(tech0)s + mod(mod(pl.i - 1, %(shops)s), %(centres)s) END,
       CASE WHEN pl.p = 7 THEN 'owner' WHEN st.step = 0 THEN 'shop_staff'
            ELSE 'technician' END,
       pl.c + st.step * pl.sp, true, st.note, NULL,
       CASE WHEN st.to_status = 'closed' THEN '{"outcome": "repaired"}' ELSE '{}' END::json
FROM plan pl
JOIN bench_step st ON st.p = pl.p
ORDER BY pl.c + st.step * pl.sp, pl.i
"""

# The technician took each assigned repair two hours after it was received (a staff-only
# event, as repairs.assignment writes it).
ASSIGNED_SQL = """
INSERT INTO repair_event (repair_id, type, from_status, to_status, actor_id, actor_role, at,
                          public, note, internal_note, data)
SELECT r.id, 'assigned', NULL, NULL, r.assigned_to_id, 'technician',
       least(r.received_at + interval '2 hours', now()), false, NULL, NULL,
       json_build_object('from_id', NULL, 'from_name', NULL, 'to_id', r.assigned_to_id,
                         'to_name', a.name, 'taken', true)
FROM repair_order r JOIN account a ON a.id = r.assigned_to_id
WHERE r.assigned_to_id IS NOT NULL
ORDER BY r.id
"""

# The counter's records of the phones taken in over the last 30 days (bookings are not
# handed in yet): a checklist and two condition photos each. The photos' files are not
# written (the work page lists them; each is fetched by its own request, not measured).
CHECKLIST_SQL = """
INSERT INTO intake_checklist (repair_id, accessories, accessories_note, sim_removed,
    memory_card_removed, screen_lock, passcode_secret, passcode_erased_at, recorded_by_id,
    recorded_at)
SELECT pl.i, CASE WHEN mod(pl.i, 2) = 0 THEN '["charger", "case"]' ELSE '[]' END::json, '',
       mod(pl.i, 3) > 0, mod(pl.i, 5) > 0,
       CASE WHEN mod(pl.i, 2) = 0 THEN 'none' ELSE 'code_withheld' END, NULL, NULL,
       %(staff0)s + mod(pl.i - 1, %(shops)s), pl.c
FROM plan pl
WHERE pl.c > now() - interval '30 days' AND pl.p <> 7
ORDER BY pl.i
"""
PHOTOS_SQL = """
INSERT INTO repair_photo (repair_id, kind, storage_key, content_type, size_bytes, width,
                          height, taken_by_id, at)
SELECT pl.i, 'condition', 'bench' || pl.i || 'p' || k, 'image/jpeg', 180000, 1600, 1200,
       %(staff0)s + mod(pl.i - 1, %(shops)s), pl.c
FROM plan pl, generate_series(1, 2) k
WHERE pl.c > now() - interval '30 days' AND pl.p <> 7
ORDER BY pl.i, k
"""

# What was told about the last 30 days' repairs: an e-mail to the owner and one to the shop
# for each move after intake (status_changed; ready when the phone is ready). Almost all
# were sent; one in 997 is dead (its error kept), and one repair in 50 has its last day's
# messages still waiting. Older repairs' messages are not seeded (see docs/benchmarks.md).
OUTBOX_SQL = """
INSERT INTO outbox_message (key, kind, channel, recipient, language, account_id, endpoint_id,
    about_id, timezone, country, context, batch_key, status, attempts, next_attempt_at,
    claim_token, last_error, created_at, sent_at)
SELECT 'bench:' || m.i || ':' || m.step || ':' || m.aud,
       CASE WHEN m.to_status = 'ready' THEN 'ready' ELSE 'status_changed' END, 'email',
       CASE WHEN m.aud = 'owner' THEN 'owner' || m.owner || '@bench.invalid'
            ELSE 'shop' || m.shop || '@bench.invalid' END,
       'it', CASE WHEN m.aud = 'owner' THEN m.owner END, NULL, m.i, 'Europe/Rome', 'IT',
       json_build_object('audience', m.aud, 'code', m.code, 'status', m.to_status), NULL,
       m.status, CASE WHEN m.status = 'dead' THEN 8 WHEN m.status = 'sent' THEN 1 ELSE 0 END,
       m.at + interval '1 minute', NULL,
       CASE WHEN m.status = 'dead' THEN '550 5.1.1 mailbox unavailable' END, m.at,
       CASE WHEN m.status = 'sent' THEN m.at + interval '1 minute' END
FROM (
    SELECT pl.i, pl.code, st.step, st.to_status, a.aud, pl.c + st.step * pl.sp AS at,
           1 + mod((pl.i - 1)::bigint * 7919, %(owners)s) AS owner,
           1 + mod(pl.i - 1, %(shops)s) AS shop,
           CASE WHEN mod(pl.i * 31 + st.step, 997) = 0 THEN 'dead'
                WHEN mod(pl.i, 50) = 0 AND pl.c + st.step * pl.sp > now() - interval '1 day'
                THEN 'pending' ELSE 'sent' END AS status
    FROM plan pl
    JOIN bench_step st ON st.p = pl.p AND st.step > 0
    CROSS JOIN (VALUES ('owner'), ('shop')) a (aud)
    WHERE pl.c > now() - interval '30 days'
) m
ORDER BY m.at, m.i, m.aud
"""


def seed(args: argparse.Namespace) -> None:
    """Create, migrate and fill the database, then write the sample of codes."""
    t0 = time.perf_counter()
    n = args.repairs
    if n > len(MODELS) * 1_000_000:
        sys.exit(f"at most {len(MODELS) * 1_000_000} repairs (distinct IMEIs per TAC)")
    create_database(args.server, args.db, args.fresh)
    url = f"{args.server}/{args.db}"
    log(t0, f"created database {args.db}")
    upgrade(url)
    log(t0, "migrated to head")

    rng = np.random.default_rng(args.seed)
    codes = tracking_codes(rng, n)
    phone_imeis = imeis(n)
    for k in rng.choice(n, size=min(n, 1000), replace=False):  # spot-check the fast paths
        assert normalize_tracking_code(codes[k].lower().replace("-", "")) == codes[k]
        assert phone_imeis[k] == make_imei(MODELS[k % len(MODELS)][2], k // len(MODELS))
    log(t0, f"generated {n:,} distinct tracking codes and IMEIs")

    net = Layout(args.owners, args.centres, args.shops)
    spread = {"owners": net.owners, "shops": net.shops, "centres": net.centres}
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SET LOCAL work_mem = '256MB'")
        cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
        reference_data(cur, net)
        cur.execute("CREATE TEMP TABLE stage (i int, code text, imei text)")
        with cur.copy("COPY stage (i, code, imei) FROM STDIN") as copy:
            for start in range(0, n, CHUNK):
                stop = min(n, start + CHUNK)
                copy.write(
                    "".join(f"{k + 1}\t{codes[k]}\t{phone_imeis[k]}\n" for k in range(start, stop))
                )
                log(t0, f"  COPY staged {stop:,}/{n:,}")
        # Bulk-load without the foreign keys and plain indexes, then rebuild them (the same
        # definitions, read back from the catalogue): much faster than row-by-row upkeep.
        restore = drop_secondary(cur)
        cur.execute(PLAN_SQL, {"n": n})
        cur.execute(PHONES_SQL, spread)
        log(t0, f"inserted {cur.rowcount:,} phones")
        knobs = {"overdue": args.overdue_permille, "assigned": args.assigned_permille}
        cur.execute(REPAIRS_SQL, knobs | spread | {"tech0": net.technician(1)})
        log(t0, f"inserted {cur.rowcount:,} repair orders")
        cur.execute("SELECT status, count(*) FROM repair_order GROUP BY 1 ORDER BY 2 DESC")
        log(t0, "  by status: " + ", ".join(f"{st} {k:,}" for st, k in cur.fetchall()))
        staff = {"staff0": net.shop_staff(1), "tech0": net.technician(1)}
        cur.execute(EVENTS_SQL, spread | staff)
        log(t0, f"inserted {cur.rowcount:,} public repair events")
        cur.execute(ASSIGNED_SQL)
        log(t0, f"inserted {cur.rowcount:,} assignments (staff-only events)")
        cur.execute(CHECKLIST_SQL, spread | staff)
        log(t0, f"inserted {cur.rowcount:,} intake checklists")
        cur.execute(PHOTOS_SQL, spread | staff)
        log(t0, f"inserted {cur.rowcount:,} condition photos (rows only)")
        cur.execute(OUTBOX_SQL, spread)
        log(t0, f"inserted {cur.rowcount:,} messages about repairs")
        for stmt in restore:
            cur.execute(stmt)
        log(t0, f"rebuilt {len(restore)} indexes and foreign keys (foreign keys validated)")
        for table in (
            "brand",
            "phone_model",
            "service_centre",
            "shop",
            "sla_policy",
            "account",
            "phone",
            "repair_order",
            "repair_event",
            "repair_photo",
            "outbox_message",
        ):
            cur.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({t}, 'id'), max(id)) FROM {i}"
                ).format(t=sql.Literal(table), i=sql.Identifier(table))
            )
        conn.commit()
    log(t0, "committed")

    # The SLA read model, as the migration fills it on an upgrade: same code, same clock.
    engine = make_engine(url)
    with engine.begin() as sa_conn:
        filled = backfill(sa_conn, utcnow(), batch=20_000)
    engine.dispose()
    log(t0, f"stored the SLA state and due date of {filled:,} repairs")

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        conn.execute("VACUUM (ANALYZE)")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        log(t0, f"VACUUM ANALYZE done; database size {size.fetchone()[0]}")  # type: ignore[index]

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    picks = rng.choice(n, size=min(n, args.sample), replace=False)
    out.write_text("".join(f"{codes[k]} {phone_imeis[k][-4:]}\n" for k in picks))
    log(t0, f"wrote {len(picks):,} (code, imei_last4) pairs to {out}")


def main() -> None:
    """Parse the command line and seed (or drop) the benchmark database."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("db", nargs="?", default=DEFAULT_DB, help=f"database name ({DEFAULT_DB})")
    ap.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL URL without a database")
    ap.add_argument("--repairs", type=int, default=1_000_000, help="phones and repair orders")
    ap.add_argument("--sample", type=int, default=100_000, help="pairs written to --out")
    ap.add_argument("--out", default=str(HERE / "out" / "codes.txt"), help="sample file")
    ap.add_argument(
        "--overdue-permille",
        type=int,
        default=0,
        help="open repairs (per 1000) whose expected date has passed (default 0)",
    )
    ap.add_argument(
        "--assigned-permille",
        type=int,
        default=25,
        help="repairs in progress (per 1000) assigned to their centre's technician (25)",
    )
    ap.add_argument("--shops", type=int, default=1, help="shops, repairs spread evenly (1)")
    ap.add_argument("--centres", type=int, default=1, help="service centres (1)")
    ap.add_argument("--owners", type=int, default=1, help="owner accounts (1)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: fresh)")
    ap.add_argument("--fresh", action="store_true", help="drop and recreate an existing db")
    ap.add_argument("--drop", action="store_true", help="only drop the database and exit")
    args = ap.parse_args()
    if args.drop:
        drop_database(args.server, args.db)
        print(f"dropped database {args.db}")
        return
    seed(args)


if __name__ == "__main__":
    main()
