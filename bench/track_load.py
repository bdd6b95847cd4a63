"""Load-test public tracking against /api/v1/ping on a real uvicorn server; check the targets."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
UVICORN = ROOT / ".venv" / "bin" / "uvicorn"
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432"
DEFAULT_DB = "aftersales_bench"
HUGE_LIMIT = "1000000000"  # AFTERSALES_TRACK_LIMIT_PER_MINUTE: all load comes from 127.0.0.1
MIN_RATIO, MAX_P99_MS = 0.5, 50.0

# wrk script: "ping" hits /api/v1/ping, "track" a random (code, imei_last4) of the sample file
# per request; done() prints one JSON line with the counts and latency percentiles.
LUA = r"""
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0))
  if args[1] == "track" then
    paths = {}
    for line in io.lines(args[2]) do
      local code, last4 = line:match("^(%S+)%s+(%d%d%d%d)%s*$")
      if code then
        paths[#paths + 1] = "/api/v1/track/" .. code .. "?imei_last4=" .. last4
      end
    end
  end
end

function request()
  if paths then
    return wrk.format("GET", paths[math.random(#paths)])
  end
  return wrk.format("GET", "/api/v1/ping")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
      .. '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
      .. '"max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


@dataclass
class Result:
    """One measured run of one endpoint."""

    endpoint: str
    workers: int
    tool: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    server_cores: float = 0.0
    postgres_cores: float = 0.0
    loadgen_cores: float = 0.0
    other_cores: float = 0.0
    steal_cores: float = 0.0
    cpu_ms_per_req: float = 0.0
    pg_connections: int = 0


TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class CpuSnap:
    """CPU time so far: the machine's busy and steal time, and each process's own."""

    busy: int
    steal: int
    procs: dict[int, tuple[str, int, int]]  # pid -> (comm, ppid, CPU ticks incl. reaped children)
    children: float  # seconds used by waited-for children (wrk) and by this process
    wall: float


def cpu_snap() -> CpuSnap:
    """Read /proc: where the CPU time went, to tell our load from other processes'."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    procs = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                text = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            rest = text[text.rindex(")") + 2 :].split()
            comm = text[text.index("(") + 1 : text.rindex(")")]
            # utime + stime + cutime + cstime: a parent also owns the CPU of children it reaped
            # during the run (PostgreSQL backends of connections opened and closed meanwhile)
            ticks = sum(int(x) for x in rest[11:15])
            procs[int(d)] = (comm, int(rest[1]), ticks)
    ru_c, ru_s = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(0)
    own = ru_c.ru_utime + ru_c.ru_stime + ru_s.ru_utime + ru_s.ru_stime
    return CpuSnap(v[0] + v[1] + v[2] + v[5] + v[6], v[7], procs, own, time.monotonic())


def cpu_split(a: CpuSnap, b: CpuSnap, server_pid: int) -> dict[str, float]:
    """Return the average cores used between two snapshots by server, postgres, us, others."""
    tree, grew = {server_pid}, True
    while grew:
        kids = {pid for pid, (_, ppid, _) in b.procs.items() if ppid in tree} - tree
        grew, tree = bool(kids), tree | kids
    ticks = {"server": 0, "postgres": 0}
    for pid, (comm, _, t) in b.procs.items():
        used = t - a.procs[pid][2] if pid in a.procs and a.procs[pid][0] == comm else t
        if pid in tree:
            ticks["server"] += used
        elif comm.startswith("postgres"):
            ticks["postgres"] += used
    secs = b.wall - a.wall
    out = {k: v / TCK / secs for k, v in ticks.items()}
    out["loadgen"] = (b.children - a.children) / secs
    busy = (b.busy - a.busy) / TCK / secs
    out["other"] = max(0.0, busy - out["server"] - out["postgres"] - out["loadgen"])
    out["steal"] = (b.steal - a.steal) / TCK / secs
    return out


def wait_idle(limit: float, max_seconds: float) -> float:
    """Wait (at most max_seconds) until other processes use under `limit` cores; return it."""
    deadline = time.monotonic() + max_seconds
    while True:
        a = cpu_snap()
        time.sleep(2.0)
        b = cpu_snap()
        busy = (b.busy - a.busy) / TCK / (b.wall - a.wall)
        if busy < limit or time.monotonic() >= deadline:
            return busy


def free_port(port: int) -> None:
    """Exit if something already listens on 127.0.0.1:port."""
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            sys.exit(f"port {port} is in use; pass --port")


def get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    """GET a URL; return the status and body."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def start_server(
    args: argparse.Namespace, db_url: str, workers: int, log: Path
) -> subprocess.Popen[bytes]:
    """Start uvicorn on the bench database and wait until /healthz says ok."""
    env = dict(
        os.environ,
        AFTERSALES_DATABASE_URL=db_url,
        AFTERSALES_TRACK_LIMIT_PER_MINUTE=HUGE_LIMIT,
    )
    cmd = [
        str(UVICORN),
        args.app,
        "--host", "127.0.0.1",
        "--port", str(args.port),
        "--workers", str(workers),
        "--log-level", "warning",
    ]  # fmt: skip
    if args.app_dir:
        cmd += ["--app-dir", args.app_dir]
    print("$ " + " ".join(cmd), flush=True)
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited with {proc.returncode}; see {log}")
        try:
            status, body = get(f"http://127.0.0.1:{args.port}/healthz", timeout=2)
            if status == 200 and json.loads(body).get("database") == "ok":
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(proc)
    sys.exit(f"server not healthy within 60 s; see {log}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server we started (SIGTERM, then SIGKILL to its own process group)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def run_wrk(args: argparse.Namespace, endpoint: str, seconds: float) -> dict[str, float]:
    """Run wrk for `seconds` and return its JSON summary."""
    script = Path(args.out_dir) / "track.lua"
    script.write_text(LUA)
    cmd = [
        "wrk",
        "-t", str(args.wrk_threads),
        "-c", str(args.clients),
        "-d", f"{seconds:g}s",
        "--timeout", "5s",
        "--latency",
        "-s", str(script),
        f"http://127.0.0.1:{args.port}/",
        "--", endpoint, str(Path(args.codes).resolve()),
    ]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON "))
    data: dict[str, float] = json.loads(line.removeprefix("WRKJSON "))
    return data


async def _httpx_load(
    args: argparse.Namespace, paths: list[str], seconds: float
) -> dict[str, float]:
    """Run args.clients closed-loop httpx clients until the deadline or the request cap."""
    import httpx  # fallback only: a Python client competes with the server for the 2 cores

    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    base = f"http://127.0.0.1:{args.port}"
    start = time.perf_counter()
    deadline = start + seconds
    cap = args.max_requests

    async def client(http: httpx.AsyncClient) -> None:
        """Send one request after another, timing each."""
        nonlocal errors
        while time.perf_counter() < deadline and len(latencies) + errors < cap:
            t = time.perf_counter()
            try:
                r = await http.get(random.choice(paths))
                ok = r.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - t)
            else:
                errors += 1

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=5.0) as http:
        await asyncio.gather(*(client(http) for _ in range(args.clients)))
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(q: float) -> float:
        """Return the q-quantile latency in microseconds."""
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1e6

    return {
        "requests": len(latencies) + errors,
        "duration_us": elapsed * 1e6,
        "status": errors,
        "p50_us": pct(0.50) if latencies else 0.0,
        "p90_us": pct(0.90) if latencies else 0.0,
        "p99_us": pct(0.99) if latencies else 0.0,
        "max_us": latencies[-1] * 1e6 if latencies else 0.0,
    }


def run_httpx(args: argparse.Namespace, endpoint: str, seconds: float) -> dict[str, float]:
    """Run the asyncio httpx client for `seconds` (or --max-requests) and summarise."""
    if endpoint == "ping":
        paths = ["/api/v1/ping"]
    else:
        pairs = [ln.split() for ln in Path(args.codes).read_text().splitlines() if ln.strip()]
        paths = [f"/api/v1/track/{code}?imei_last4={last4}" for code, last4 in pairs]
    return asyncio.run(_httpx_load(args, paths, seconds))


def measure(args: argparse.Namespace, endpoint: str, workers: int, server_pid: int) -> Result:
    """Warm up, then measure one endpoint with the chosen load generator."""
    runner = run_wrk if args.tool == "wrk" else run_httpx
    runner(args, endpoint, args.warmup)
    sessions = pg_sessions(args)
    before = cpu_snap()
    d = runner(args, endpoint, args.duration)
    cpu = cpu_split(before, cpu_snap(), server_pid)
    sessions = pg_sessions(args) - sessions
    errors = int(sum(d.get(k, 0) for k in ("connect", "read", "write", "status", "timeout")))
    seconds = d["duration_us"] / 1e6
    res = Result(
        endpoint=endpoint,
        workers=workers,
        tool=args.tool,
        requests=int(d["requests"]),
        seconds=round(seconds, 2),
        rps=round(d["requests"] / seconds, 1),
        p50_ms=round(d["p50_us"] / 1000, 2),
        p90_ms=round(d["p90_us"] / 1000, 2),
        p99_ms=round(d["p99_us"] / 1000, 2),
        max_ms=round(d["max_us"] / 1000, 2),
        errors=errors,
        server_cores=round(cpu["server"], 2),
        postgres_cores=round(cpu["postgres"], 2),
        loadgen_cores=round(cpu["loadgen"], 2),
        other_cores=round(cpu["other"], 2),
        steal_cores=round(cpu["steal"], 2),
        pg_connections=sessions,
    )
    if res.rps:
        res.cpu_ms_per_req = round(1000 * (cpu["server"] + cpu["postgres"]) / res.rps, 3)
    print(
        f"  {endpoint:5s} workers={workers}: {res.rps:8.1f} req/s  p50 {res.p50_ms:7.2f} ms  "
        f"p90 {res.p90_ms:7.2f} ms  p99 {res.p99_ms:7.2f} ms  errors {res.errors}\n"
        f"        cores used: server {res.server_cores:.2f}  postgres {res.postgres_cores:.2f}  "
        f"{args.tool} {res.loadgen_cores:.2f}  other processes {res.other_cores:.2f}  "
        f"steal {res.steal_cores:.2f}; server+postgres CPU {res.cpu_ms_per_req:.2f} ms/request; "
        f"new PostgreSQL connections {res.pg_connections}",
        flush=True,
    )
    if res.loadgen_cores >= 0.8:
        print(
            f"        WARNING: {args.tool} used {res.loadgen_cores:.2f} cores: the client, not the "
            "server, limits these figures (install wrk: apt-get install -y wrk)"
        )
    if res.other_cores > args.noisy:
        print(
            f"        WARNING: other processes used {res.other_cores:.2f} cores: figures are "
            "disturbed; rerun on a quiet machine"
        )
    return res


def pg_sessions(args: argparse.Namespace) -> int:
    """Return how many connections the bench database has accepted so far."""
    import psycopg

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = %s", (args.db,)
        ).fetchone()
    return int(row[0]) if row else 0


def verdict(ping: Result, track: Result) -> tuple[float, bool]:
    """Return track/ping throughput and whether both targets are met."""
    ratio = track.rps / ping.rps if ping.rps else 0.0
    ok = ratio >= MIN_RATIO and track.p99_ms < MAX_P99_MS and track.errors == 0
    return ratio, ok


def drop_database(server: str, name: str) -> None:
    """Drop the bench database (frees about 1.5 GB for 1,000,000 repairs)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    print(f"dropped database {name} (pass --keep to keep it)")


def prewarm(db_url: str) -> None:
    """Read the database's tables and indexes into the OS cache before measuring.

    Other work on the machine (test suites, builds) pushes the 1.3 GB database out of the
    page cache; the first seconds of tracking then wait on the disk, which is not what the
    targets are about. pg_prewarm in 'read' mode loads the files the way a running service
    has them.
    """
    import psycopg

    start = time.monotonic()
    with psycopg.connect(db_url, autocommit=True) as conn:
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except psycopg.Error as exc:
            print(f"  no pg_prewarm ({exc}); measuring with whatever is cached")
            return
        blocks = conn.execute(
            "SELECT sum(pg_prewarm(c.oid::regclass, 'read')) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"
        ).fetchone()
    mb = (blocks[0] or 0) * 8 / 1024 if blocks else 0
    print(f"  prewarmed {mb:,.0f} MB of tables and indexes in {time.monotonic() - start:.1f} s")


def main() -> int:
    """Run ping and track for each worker count, print the table and the verdict."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("db", nargs="?", default=DEFAULT_DB, help=f"database name ({DEFAULT_DB})")
    ap.add_argument("--server", default=DEFAULT_SERVER, help="PostgreSQL URL without a database")
    ap.add_argument("--codes", default=str(HERE / "out" / "codes.txt"), help="sample file")
    ap.add_argument("--out-dir", default=str(HERE / "out"), help="logs, Lua script, JSON")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--app", default="aftersales.web.asgi:app", help="ASGI app to serve")
    ap.add_argument("--app-dir", default="", help="extra import path for --app (A/B tests)")
    ap.add_argument("--workers", default="1,2", help="uvicorn worker counts to try")
    ap.add_argument("--clients", type=int, default=32, help="concurrent connections")
    ap.add_argument("--duration", type=float, default=20.0, help="measured seconds per run")
    ap.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds per run")
    ap.add_argument("--tool", choices=["auto", "wrk", "httpx"], default="auto")
    ap.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (1 leaves CPU)")
    ap.add_argument("--max-requests", type=int, default=2_000_000, help="httpx cap per run")
    ap.add_argument("--idle-wait", type=float, default=120.0, help="max s to wait for quiet")
    ap.add_argument("--noisy", type=float, default=0.15, help="cores of others that disturb")
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = ap.parse_args()
    if args.tool == "auto":
        args.tool = "wrk" if shutil.which("wrk") else "httpx"
    if not Path(args.codes).is_file():
        sys.exit(f"{args.codes} missing: run bench/seed_repairs.py first")
    Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    free_port(args.port)
    db_url = f"{args.server}/{args.db}"
    code, last4 = Path(args.codes).read_text().split("\n", 1)[0].split()
    print(
        f"load generator: {args.tool}; {args.clients} clients; {args.warmup:g} s warm-up + "
        f"{args.duration:g} s per run; cores: {os.cpu_count()}"
    )

    results: list[Result] = []
    prewarm(db_url)
    try:
        for workers in [int(w) for w in args.workers.split(",")]:
            log = Path(args.out_dir) / f"server-w{workers}.log"
            proc = start_server(args, db_url, workers, log)
            try:
                status, body = get(
                    f"http://127.0.0.1:{args.port}/api/v1/track/{code}?imei_last4={last4}"
                )
                if status != 200:
                    sys.exit(f"sample code {code} answered {status}: {body[:200]}")
                for endpoint in ("ping", "track"):
                    busy = wait_idle(args.noisy, args.idle_wait)
                    print(f"  machine busy before the run: {busy:.2f} cores", flush=True)
                    results.append(measure(args, endpoint, workers, proc.pid))
            finally:
                stop_server(proc)
    finally:
        if not args.keep:
            drop_database(args.server, args.db)

    print(
        "\n| workers | endpoint | req/s | p50 ms | p90 ms | p99 ms | errors | server cores "
        "| postgres cores | load-gen cores | other cores | CPU ms/req | new PG conns |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r.workers} | {r.endpoint} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p90_ms:.1f} "
            f"| {r.p99_ms:.1f} | {r.errors} | {r.server_cores:.2f} | {r.postgres_cores:.2f} "
            f"| {r.loadgen_cores:.2f} | {r.other_cores:.2f} | {r.cpu_ms_per_req:.2f} "
            f"| {r.pg_connections} |"
        )
    verdicts = []
    for workers in sorted({r.workers for r in results}):
        ping = next(r for r in results if r.workers == workers and r.endpoint == "ping")
        track = next(r for r in results if r.workers == workers and r.endpoint == "track")
        ratio, ok = verdict(ping, track)
        verdicts.append({"workers": workers, "ratio": round(ratio, 3), "pass": ok})
        print(
            f"workers={workers}: track/ping = {ratio:.1%} (target >= {MIN_RATIO:.0%}), "
            f"track p99 = {track.p99_ms:.1f} ms (target < {MAX_P99_MS:g} ms), "
            f"errors = {track.errors} -> {'PASS' if ok else 'FAIL'}"
        )
    best = max(verdicts, key=lambda v: (v["pass"], v["ratio"]))
    report = Path(args.out_dir) / "track_load.json"
    report.write_text(
        json.dumps({"results": [asdict(r) for r in results], "verdicts": verdicts}, indent=2)
    )
    print(
        f"best: workers={best['workers']} -> {'PASS' if best['pass'] else 'FAIL'}; "
        f"details in {report}"
    )
    return 0 if best["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
