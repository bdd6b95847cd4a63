"""Back-test the expected ready date on the demo history and on a real event log.

Protocol (the log's README): cases ordered by their first event; the first 66% train, the
rest test; every prefix of a test case (each event but the last) is a moment to predict the
time left until the case ends. Reported: mean absolute error of the likely value in days, the
share of true values inside the 80% range, and the range's median width.

Methods, side by side on the same prefixes:
- sla: the plain SLA fallback (`repairs.eta.sla_band`), target 10 working days;
- today: the method before decision 140 (whole turnarounds conditioned on time elapsed);
- global median: the 10/50/90th percentiles of the time left over all training prefixes;
- last-step median: the same per last activity (a transition system on the log's own codes);
- steps: `repairs.eta.remaining_after`, the product's estimator, on the steps the log's
  activities map to (STEPS below), learned from the RECENT most recently ended training cases.

The log's times are in calendar days (its SLA target is 10 working days = 14 calendar days);
the demo's are in working days of each repair's centre, as the product counts them.

    .venv/bin/python bench/eta_backtest.py                 # both
    .venv/bin/python bench/eta_backtest.py --no-demo       # the log only
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aftersales.repairs.eta import (
    MIN_CONDITIONAL,
    RECENT,
    Band,
    Visit,
    band,
    quantile,
    remaining_after,
    sla_band,
)
from aftersales.repairs.states import PROGRESS, Status

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT.parent / "shared" / "data" / "event-logs" / "helpdesk.csv"
DAY = 86400.0
SPLIT = 0.66

# The help desk's anonymised activity codes, mapped to repair steps by where each sits in
# the flow (the log names no activity): 1 opens 96% of the tickets; 3 comes before 1 when it
# appears; 8 follows 1 in nearly every ticket (a person takes the ticket in hand); 9 sits
# between two 8s or before the end (waiting for someone else); 2, 4, 5 and 7 are rare
# detours between 8 and the end; 6 ends every ticket and, when it is not the last event,
# is followed by 6 or 8 again (resolved, then checked or reopened).
STEPS = {
    "3": Status.registered,
    "1": Status.received,
    "8": Status.diagnosing,
    "9": Status.awaiting_parts,
    "2": Status.awaiting_parts,
    "4": Status.awaiting_parts,
    "5": Status.awaiting_parts,
    "7": Status.awaiting_parts,
    "6": Status.testing,
}


@dataclass(frozen=True)
class Case:
    """One case: its events as (activity, step, time in days), the last one ending it."""

    events: tuple[tuple[str, str, float], ...]

    @property
    def start(self) -> float:
        """Return the time of the first event."""
        return self.events[0][2]

    @property
    def end(self) -> float:
        """Return the time of the last event."""
        return self.events[-1][2]


@dataclass(frozen=True)
class Prefix:
    """A moment to predict: the last activity and step so far, elapsed and true time left."""

    activity: str
    step: str
    elapsed: float
    left: float


Method = Callable[[Prefix], Band]


def prefixes(case: Case) -> list[Prefix]:
    """Return every prefix of a case but the whole case."""
    return [Prefix(act, step, at - case.start, case.end - at) for act, step, at in case.events[:-1]]


def visits(cases: Sequence[Case]) -> list[Visit]:
    """Return the product's stays (repairs.history) of training cases: every event but the last."""
    out = []
    for case in cases:
        ev = case.events
        for (_, step, at), (_, _, nxt) in itertools.pairwise(ev):
            out.append(Visit(step, nxt - at, case.end - at))
    return out


def methods(train: Sequence[Case], sla_days: float, unit_per_workday: float) -> dict[str, Method]:
    """Return the methods compared, each trained on `train`."""
    seen = [p for c in train for p in prefixes(c)]
    overall = band([p.left for p in seen], len(seen))
    by_act: dict[str, list[float]] = defaultdict(list)
    for p in seen:
        by_act[p.activity].append(p.left)
    last_step = {a: band(v, len(v)) for a, v in by_act.items()}
    totals = [c.end - c.start for c in train]
    recent = sorted(train, key=lambda c: c.end)[-RECENT:]
    stays = visits(recent[::-1])  # newest first, as repairs.history gives them
    target = round(sla_days / unit_per_workday)

    def sla(p: Prefix) -> Band:
        b = sla_band(target, PROGRESS[Status(p.step)], p.elapsed / unit_per_workday)
        return Band(*(x * unit_per_workday for x in (b.low, b.mid, b.high)))

    def steps(p: Prefix) -> Band:
        timed_as = Status.received if p.step == Status.registered else Status(p.step)
        return remaining_after(stays, timed_as.value, 0.0) or sla(p)

    return {
        "sla": sla,
        "today": lambda p: todays_method(totals, Status(p.step), p.elapsed),
        "global median": lambda p: overall,
        "last-step median": lambda p: last_step.get(p.activity, overall),
        "steps": steps,
    }


def todays_method(samples: Sequence[float], status: Status, elapsed: float) -> Band:
    """Return the band of repairs.eta.from_history before decision 140, in days."""
    longer = [s for s in samples if s > elapsed]
    if len(longer) >= MIN_CONDITIONAL:
        rem = [s - elapsed for s in longer]
    else:
        typical = quantile(samples, 0.5)
        left = max(1.0, (1 - PROGRESS[status]) * typical)
        rem = [max(1, round(left * f)) for f in (0.5, 1.0, 1.6)]
    return band(rem, len(samples))


def evaluate(cases: Sequence[Case], sla_days: float, per_workday: float) -> dict[str, tuple]:
    """Split, train, and score every method on every test prefix."""
    ordered = sorted(cases, key=lambda c: c.start)
    cut = int(len(ordered) * SPLIT)
    train, test = ordered[:cut], ordered[cut:]
    tests = [p for c in test for p in prefixes(c)]
    out = {}
    for name, method in methods(train, sla_days, per_workday).items():
        errors, inside, widths = [], 0, []
        for p in tests:
            b = method(p)
            errors.append(abs(b.mid - p.left))
            inside += b.low <= p.left <= b.high
            widths.append(b.high - b.low)
        out[name] = (
            statistics.fmean(errors),
            inside / len(tests),
            statistics.median(widths),
        )
    out["_sizes"] = (len(train), len(test), len(tests))
    return out


def read_log(path: Path) -> list[Case]:
    """Read the event log (CaseID, ActivityID, CompleteTimestamp) into cases, in days."""
    events: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            at = (
                datetime.fromisoformat(row["CompleteTimestamp"]).replace(tzinfo=UTC).timestamp()
                / DAY
            )
            act = row["ActivityID"]
            events[row["CaseID"]].append((act, STEPS[act].value, at))
    return [Case(tuple(sorted(ev, key=lambda e: e[2]))) for ev in events.values() if ev]


def demo_cases() -> list[Case]:
    """Load the demo into a scratch SQLite database; return its ready repairs as cases."""
    from aftersales import migrate
    from aftersales.db import make_engine, make_sessionmaker, session_scope
    from aftersales.demo.generate import load_demo
    from aftersales.kernel.clock import utcnow

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.db"
        migrate.upgrade(url)
        engine = make_engine(url)
        factory = make_sessionmaker(engine)
        with session_scope(factory) as session:
            load_demo(session, now=utcnow())
        with session_scope(factory) as session:
            cases = _ready_repairs(session)
        engine.dispose()
    return cases


def _ready_repairs(session: object) -> list[Case]:
    """Return the repairs that reached ready: their steps on a working-day axis, then ready."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from aftersales.catalog.models import ServiceCentre
    from aftersales.kernel.clock import local_date
    from aftersales.kernel.workdays import workdays_between_many
    from aftersales.repairs.models import RepairEvent, RepairOrder
    from aftersales.repairs.states import READY_STATES

    assert isinstance(session, Session)
    repairs = {
        rid: (country, week, tz, ready)
        for rid, country, week, tz, ready in session.execute(
            select(
                RepairOrder.id,
                RepairOrder.country,
                ServiceCentre.working_week,
                ServiceCentre.timezone,
                RepairOrder.ready_at,
            )
            .join(ServiceCentre, ServiceCentre.id == RepairOrder.centre_id)
            .where(RepairOrder.ready_at.is_not(None))
        )
    }
    steps: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for rid, status, at in session.execute(
        select(RepairEvent.repair_id, RepairEvent.to_status, RepairEvent.at)
        .where(RepairEvent.to_status.is_not(None))
        .order_by(RepairEvent.repair_id, RepairEvent.at, RepairEvent.id)
    ):
        if rid in repairs and at < repairs[rid][3] and status not in READY_STATES:
            steps[rid].append((str(status), at))
    cases = []
    origin = datetime(2015, 1, 1).date()
    for rid, own in steps.items():
        country, week, tz, ready = repairs[rid]
        days = [local_date(at, tz) for _, at in own] + [local_date(ready, tz)]
        axis = workdays_between_many([origin] * len(days), days, country, week)
        events = [(s, s, float(t)) for (s, _), t in zip(own, axis, strict=False)]
        cases.append(Case((*events, ("ready", "ready", float(axis[-1])))))
    return cases


def table(title: str, scores: dict[str, tuple], unit: str) -> str:
    """Return one data set's results as a Markdown table."""
    n_train, n_test, n_prefixes = scores["_sizes"]
    lines = [
        f"**{title}** — {n_train} training cases, {n_test} test cases, {n_prefixes} prefixes;"
        f" {unit}",
        "",
        "| method | mean absolute error | true value inside the 80% range | median range width |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, value in scores.items():
        if name.startswith("_"):
            continue
        mae, cov, width = value
        lines.append(f"| {name} | {mae:.2f} | {cov:.1%} | {width:.1f} |")
    return "\n".join(lines)


def main() -> None:
    """Run the back-test and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, default=LOG, help="event log CSV")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo history")
    args = parser.parse_args()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    print(f"commit {commit}, load average {os.getloadavg()[0]:.2f}, RECENT={RECENT}\n")
    started = time.perf_counter()
    cases = read_log(args.log)
    print(table("Help desk log", evaluate(cases, 14.0, 1.4), "calendar days"), "\n")
    if not args.no_demo:
        demo = demo_cases()
        print(table("Demo history", evaluate(demo, 10.0, 1.0), "working days"), "\n")
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
