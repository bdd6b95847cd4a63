"""Time the staff pages and lists on a real server over 1,000,000 repairs, against /api/v1/ping.

Seeds (unless --no-seed) two PostgreSQL databases with bench/seed_repairs.py: "spread", the
repairs of many shops, centres and owners as a real network has them, and "skewed", every
repair of one shop, one centre and one owner (the case the issue was measured on). For each
it starts `uvicorn aftersales.web.asgi:app` (one worker), signs in as the shop's staff, a
technician and a manager of a centre, and an owner, then times each page: first one request
at a time, then 8 clients at once. It prints p50 and p95 per page next to /api/v1/ping's,
the server's peak memory (RSS of the uvicorn process), and PASS/FAIL against the targets
(p95 under 100 ms alone and under 300 ms with 8 clients, server under 500 MB). Everything
goes to 127.0.0.1; each run is bounded by its request counts. Drops the databases at the
end unless --keep.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
import psycopg
from PIL import Image, ImageDraw

from aftersales.counter.storage import LocalFolderStore
from aftersales.repairs.queries import encode_cursor

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
UVICORN = ROOT / ".venv" / "bin" / "uvicorn"
PYTHON = ROOT / ".venv" / "bin" / "python"
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432"
PASSWORD = "bench-staff-password"  # bench/seed_repairs.py STAFF_PASSWORD
SEQ_P95_MS, CONC_P95_MS, RSS_MB = 100.0, 300.0, 500.0
# A technician holds about 40 repairs in the spread case and about 40,000 in the skewed one.
LAYOUTS = {
    "spread": ["--shops", "2000", "--centres", "50", "--owners", "250000",
               "--assigned-permille", "25"],
    "skewed": ["--assigned-permille", "500"],
}  # fmt: skip


@dataclass
class Timing:
    """One page's figures in one run."""

    case: str
    role: str
    label: str
    path: str
    seq_p50: float = 0.0
    seq_p95: float = 0.0
    conc_p50: float = 0.0
    conc_p95: float = 0.0
    errors: list[str] = field(default_factory=list)


def pct(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of the values."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def seed(args: argparse.Namespace, case: str, db: str) -> None:
    """Seed one database with bench/seed_repairs.py."""
    cmd = [str(PYTHON), str(HERE / "seed_repairs.py"), db, "--fresh", "--server", args.server]
    cmd += ["--repairs", str(args.repairs), "--seed", "7", *LAYOUTS[case]]
    cmd += ["--out", str(HERE / "out" / f"codes_{case}.txt")]
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def signature_png() -> bytes:
    """Return a signature as the counter's pad sends it: a PNG of a few strokes."""
    img = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(img).line([(20, 150), (120, 40), (220, 160), (330, 60), (560, 120)],
                             fill="black", width=4)  # fmt: skip
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def photo_dir(case: str) -> Path:
    """Return the server's photo folder for one case (the receipt's signature is there)."""
    return HERE / "out" / f"photos_{case}"


def pick(url: str, photos: Path) -> dict[str, str]:
    """Choose who signs in and what they look up: the busiest shop, centre and owner."""
    with psycopg.connect(url) as conn:

        def one(sql: str, *params: object) -> tuple:  # type: ignore[type-arg]
            row = conn.execute(sql, params).fetchone()
            assert row is not None, sql
            return row

        shop, centre = one(
            "SELECT shop_id, centre_id FROM repair_order WHERE id = 1"
        )  # shop 1 and its centre
        owner = one("SELECT owner_id FROM repair_order WHERE id = 1")[0]
        code, imei, name = one(
            "SELECT r.code, p.imei, a.name FROM repair_order r JOIN phone p ON p.id = r.phone_id"
            " JOIN account a ON a.id = r.owner_id WHERE r.shop_id = %s"
            " ORDER BY r.id DESC LIMIT 1",
            shop,
        )
        staff = {
            role: one(
                "SELECT email FROM account WHERE role = %s AND coalesce(shop_id, centre_id) = %s"
                " ORDER BY id LIMIT 1",
                role,
                shop if role == "shop_staff" else centre,
            )[0]
            for role in ("shop_staff", "technician", "centre_manager")
        }
        owner_email = one("SELECT email FROM account WHERE id = %s", owner)[0]
        conn.execute(  # owners are seeded without a password: this one signs in as staff do
            "UPDATE account SET password_hash = (SELECT password_hash FROM account"
            " WHERE role = 'technician' LIMIT 1) WHERE id = %s",
            (owner,),
        )
        # A cursor 100,000 rows deep into the technician's centre (or as deep as it goes).
        deep = conn.execute(
            "SELECT created_at, id FROM repair_order WHERE centre_id = %s"
            " ORDER BY created_at DESC, id DESC OFFSET 100000 LIMIT 1",
            (centre,),
        ).fetchone() or one(
            "SELECT created_at, id FROM repair_order WHERE centre_id = %s"
            " ORDER BY created_at, id LIMIT 1",
            centre,
        )
        total = one("SELECT count(*) FROM repair_order WHERE shop_id = %s", shop)[0]
        tech_id = one("SELECT id FROM account WHERE email = %s", staff["technician"])[0]
        # The technician's newest repair in hand (else the centre's newest open one).
        work_code = one(
            "SELECT code FROM repair_order WHERE centre_id = %s AND closed_at IS NULL"
            " ORDER BY assigned_to_id = %s DESC, id DESC LIMIT 1",
            centre,
            tech_id,
        )[0]
        # The owner's newest repair under way (else their newest), the page they come back to.
        owner_code = one(
            "SELECT code FROM repair_order WHERE owner_id = %s"
            " ORDER BY closed_at IS NULL AND status <> 'registered' DESC, id DESC LIMIT 1",
            owner,
        )[0]
        # The shop's newest intake at the counter: checklist, photos and a signature.
        counter_id, counter_code = one(
            "SELECT r.id, r.code FROM repair_order r JOIN intake_checklist c"
            " ON c.repair_id = r.id WHERE r.shop_id = %s ORDER BY r.id DESC LIMIT 1",
            shop,
        )
        conn.execute(
            "DELETE FROM repair_photo WHERE repair_id = %s AND kind = 'signature'", (counter_id,)
        )
        key = LocalFolderStore(photos).put(signature_png())
        conn.execute(
            "INSERT INTO repair_photo (repair_id, kind, storage_key, content_type, size_bytes,"
            " width, height, taken_by_id, at) SELECT %s, 'signature', %s, 'image/png', 4000,"
            " 600, 200, id, now() FROM account WHERE email = %s",
            (counter_id, key, staff["shop_staff"]),
        )
        admin = one("SELECT email FROM account WHERE role = 'platform_admin' ORDER BY id LIMIT 1")
        shops = one("SELECT count(*) FROM shop")[0]
    return {
        "shop": str(shop),
        "code": code,
        "imei_prefix": imei[:12],
        "surname": name.split()[1],
        "full_name": name,
        "deep_cursor": encode_cursor(deep[0], deep[1]),
        "last_page": str(min(400, (total + 24) // 25)),
        "owner": owner_email,
        "owner_id": str(owner),
        "owner_name": " ".join(name.split()[:2]),
        "technician_id": str(tech_id),
        "work_code": work_code,
        "owner_code": owner_code,
        "counter_code": counter_code,
        "admin": admin[0],
        "shops_last_page": str(max(1, (shops + 24) // 25)),
        **staff,
    }


def plan(p: dict[str, str]) -> list[tuple[str, str, str]]:
    """Return (role, label, path) of every page and list timed."""
    q = httpx.QueryParams
    return [
        ("anyone", "ping", "/api/v1/ping"),
        ("technician", "queue", "/centre/queue"),
        ("manager", "board", "/centre/board"),
        ("manager", "API SLA at risk", "/api/v1/sla/at-risk"),
        ("manager", "API SLA breached", "/api/v1/sla/breached"),
        ("manager", "API contacts report, 30 days", "/api/v1/reports/contacts?since=2026-10-31"),
        ("shop_staff", "shop list", "/shop/repairs"),
        ("shop_staff", "shop list, last page", f"/shop/repairs?page_no={p['last_page']}"),
        ("shop_staff", "shop list, a status", "/shop/repairs?status=diagnosing"),
        ("shop_staff", "search by code", "/shop/repairs?" + str(q(q=p["code"]))),
        ("shop_staff", "search by IMEI prefix", "/shop/repairs?" + str(q(q=p["imei_prefix"]))),
        ("shop_staff", "search by surname", "/shop/repairs?" + str(q(q=p["surname"]))),
        ("shop_staff", "search by full name", "/shop/repairs?" + str(q(q=p["full_name"]))),
        ("technician", "API repairs", "/api/v1/repairs"),
        ("technician", "API repairs, offset 10,000", "/api/v1/repairs?offset=10000"),
        (
            "technician",
            "API repairs, cursor 100,000 deep",
            "/api/v1/repairs?" + str(q(cursor=p["deep_cursor"])),
        ),
        ("technician", "API repairs, open only", "/api/v1/repairs?open_only=true"),
        (
            "technician",
            "API search by IMEI prefix",
            "/api/v1/repairs?" + str(q(q=p["imei_prefix"])),
        ),
        ("owner", "my phones", "/my/phones"),
        ("owner", "my repairs", "/my/repairs"),
        ("shop_staff", "repair detail", f"/repairs/{p['code']}"),
        # Added by the issue "complete flows and pages" (table D of docs/benchmarks.md).
        ("technician", "work page, technician", f"/repairs/{p['work_code']}"),
        ("technician", "API messages of a repair", f"/api/v1/repairs/{p['work_code']}/messages"),
        ("shop_staff", "work page, counter", f"/repairs/{p['counter_code']}"),
        ("shop_staff", "receipt A4 (PDF)", f"/repairs/{p['counter_code']}/receipt.pdf"),
        (
            "shop_staff",
            "receipt 80 mm (PDF)",
            f"/repairs/{p['counter_code']}/receipt.pdf?size=80mm",
        ),
        ("shop_staff", "box label (PDF)", f"/repairs/{p['counter_code']}/label.pdf"),
        ("owner", "owner's repair page", f"/repairs/{p['owner_code']}"),
        ("owner", "book a repair", "/book"),
        ("admin", "admin accounts, staff", "/admin/accounts"),
        ("admin", "admin accounts, owners", "/admin/accounts?role=owner"),
        ("admin", "admin accounts, owners, page 400", "/admin/accounts?role=owner&page_no=400"),
        (
            "admin",
            "admin accounts, search by name",
            "/admin/accounts?" + str(q(role="owner", q=p["owner_name"])),
        ),
        (
            "admin",
            "admin accounts, search by e-mail",
            "/admin/accounts?" + str(q(role="owner", q=p["owner"])),
        ),
        ("admin", "admin account, technician", f"/admin/accounts/{p['technician_id']}"),
        ("admin", "admin account, owner", f"/admin/accounts/{p['owner_id']}"),
        ("admin", "admin network", "/admin/network"),
        (
            "admin",
            "admin network, last shops page",
            f"/admin/network?shops_page={p['shops_last_page']}",
        ),
        ("admin", "admin shop's details", f"/network/shops/{p['shop']}"),
    ]


class Server:
    """uvicorn on the bench database, with its peak memory sampled while it runs."""

    def __init__(self, args: argparse.Namespace, url: str, log: Path, photos: Path) -> None:
        env = dict(
            os.environ,
            AFTERSALES_DATABASE_URL=url.replace("postgresql://", "postgresql+psycopg://", 1),
            AFTERSALES_PHOTO_DIR=str(photos),
            AFTERSALES_LOGIN_LIMIT_PER_MINUTE="1000000",
            AFTERSALES_TRACK_LIMIT_PER_MINUTE="1000000",
        )
        cmd = [str(UVICORN), "aftersales.web.asgi:app", "--host", "127.0.0.1",
               "--port", str(args.port), "--log-level", "warning"]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )
        self.base = f"http://127.0.0.1:{args.port}"
        self.peak_kb = 0
        self._stop = threading.Event()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"server exited with {self.proc.returncode}; see {log}")
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            self.stop()
            sys.exit(f"server not healthy within 60 s; see {log}")
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        status = Path(f"/proc/{self.proc.pid}/status")
        while not self._stop.is_set():
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            except OSError:
                return
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (its own process only) and the sampler."""
        self._stop.set()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def client_for(base: str, email: str | None) -> httpx.Client:
    """Return an HTTP client signed in as this account (or anonymous)."""
    client = httpx.Client(base_url=base, timeout=60)
    if email:
        r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert r.status_code == 200, (email, r.status_code, r.text)
    return client


def timed(client: httpx.Client, path: str) -> tuple[float, str | None]:
    """GET a path; return milliseconds and an error text if it did not answer 200."""
    start = time.perf_counter()
    r = client.get(path)
    ms = (time.perf_counter() - start) * 1000
    return ms, None if r.status_code == 200 else f"{r.status_code} {r.text[:120]}"


def measure(
    clients: list[httpx.Client], path: str, repeat: int, concurrent_repeat: int
) -> tuple[tuple[float, float, float, float], list[str]]:
    """Time a page alone and with every client at once: (p50, p95, p50 together, p95 together)."""
    for _ in range(3):  # warm the caches and the connection first
        timed(clients[0], path)
    seq, errors = [], []
    for _ in range(repeat):
        ms, err = timed(clients[0], path)
        seq.append(ms)
        errors += [err] if err else []

    def burst(c: httpx.Client) -> list[float]:
        return [timed(c, path)[0] for _ in range(concurrent_repeat)]

    with ThreadPoolExecutor(len(clients)) as pool:
        together = [ms for part in pool.map(burst, clients) for ms in part]
    row = (statistics.median(seq), pct(seq, 95), statistics.median(together), pct(together, 95))
    return row, errors


def worker_jobs(url: str) -> None:
    """Run the worker's periodic counts once, as a running worker keeps them (the board's)."""
    env = dict(
        os.environ, AFTERSALES_DATABASE_URL=url.replace("postgresql://", "postgresql+psycopg://", 1)
    )
    cmd = [str(ROOT / ".venv" / "bin" / "aftersales"), "jobs", "run", "count_backlogs"]
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def run_case(args: argparse.Namespace, case: str, url: str) -> tuple[list[Timing], float]:
    """Time every page of one database; return the timings and the server's peak RSS (MB)."""
    worker_jobs(url)
    p = pick(url, photo_dir(case))
    print(f"\n## {case}: " + json.dumps({k: p[k] for k in ("shop", "code", "surname")}))
    # The machine's load: other work on the same cores shows up in every figure below.
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    server = Server(args, url, HERE / "out" / f"staff_pages_{case}.log", photo_dir(case))
    roles = {"anyone": None, "shop_staff": p["shop_staff"], "technician": p["technician"],
             "manager": p["centre_manager"], "owner": p["owner"], "admin": p["admin"]}  # fmt: skip
    results = []
    try:
        pools = {
            role: [client_for(server.base, email) for _ in range(args.clients)]
            for role, email in roles.items()
        }
        for role, label, path in plan(p):
            if args.only and label != "ping" and not any(w in label for w in args.only):
                continue
            t = Timing(case, role, label, path)
            clients = pools[role]
            for _ in range(3):  # warm: templates, catalogues, plans
                timed(clients[0], path)
            seq = []
            for _ in range(args.repeat):
                ms, err = timed(clients[0], path)
                seq.append(ms)
                if err:
                    t.errors.append(err)
            conc: list[float] = []

            def burst(c: httpx.Client, path: str = path, t: Timing = t) -> list[float]:
                out = []
                for _ in range(args.concurrent_repeat):
                    ms, err = timed(c, path)
                    out.append(ms)
                    if err:
                        t.errors.append(err)
                return out

            with ThreadPoolExecutor(args.clients) as pool:
                for part in pool.map(burst, clients):
                    conc += part
            t.seq_p50, t.seq_p95 = statistics.median(seq), pct(seq, 95)
            t.conc_p50, t.conc_p95 = statistics.median(conc), pct(conc, 95)
            results.append(t)
            flag = " ERRORS: " + t.errors[0] if t.errors else ""
            print(
                f"| {case} | {role} | {label} | {t.seq_p50:.1f} | {t.seq_p95:.1f} |"
                f" {t.conc_p50:.1f} | {t.conc_p95:.1f} |{flag}",
                flush=True,
            )
        for clients in pools.values():
            for c in clients:
                c.close()
    finally:
        server.stop()
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    return results, server.peak_kb / 1024


def main() -> int:
    """Seed, measure, print, drop."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL URL without a database")
    ap.add_argument("--prefix", default="aftersales_staff", help="database names' prefix")
    ap.add_argument("--cases", default="spread,skewed", help="spread, skewed or both")
    ap.add_argument("--repairs", type=int, default=1_000_000)
    ap.add_argument("--no-seed", action="store_true", help="reuse databases seeded before")
    ap.add_argument("--keep", action="store_true", help="keep the databases for another run")
    ap.add_argument("--only", action="append", help="time only pages whose label has this")
    ap.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    ap.add_argument("--repeat", type=int, default=40, help="sequential requests per page")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients")
    ap.add_argument("--concurrent-repeat", type=int, default=10, help="requests per client")
    args = ap.parse_args()
    (HERE / "out").mkdir(exist_ok=True)
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    all_results, peaks = [], {}
    print("| case | role | page | p50 ms | p95 ms | p50 ms, 8 clients | p95 ms, 8 clients |")
    print("|---|---|---|---|---|---|---|")
    for case in args.cases.split(","):
        db = f"{args.prefix}_{case}"
        if not args.no_seed:
            seed(args, case, db)
        results, peak = run_case(args, case, f"{args.server}/{db}")
        all_results += results
        peaks[case] = peak
        print(f"\nserver peak RSS ({case}): {peak:.0f} MB", flush=True)
        if not args.keep:
            subprocess.run(
                [str(PYTHON), str(HERE / "seed_repairs.py"), db, "--server", args.server, "--drop"],
                check=True,
            )
    misses = [
        f"{t.case} {t.label}: p95 {t.seq_p95:.0f} ms alone, {t.conc_p95:.0f} ms with 8 clients"
        for t in all_results
        if t.seq_p95 >= SEQ_P95_MS or t.conc_p95 >= CONC_P95_MS or t.errors
    ] + [f"{case} server peak RSS {mb:.0f} MB" for case, mb in peaks.items() if mb >= RSS_MB]
    out = HERE / "out" / "staff_pages.json"
    out.write_text(json.dumps({"results": [asdict(t) for t in all_results], "peak_mb": peaks}))
    print("\n" + ("PASS" if not misses else "FAIL:\n  " + "\n  ".join(misses)))
    return 0 if not misses else 1


if __name__ == "__main__":
    sys.exit(main())
