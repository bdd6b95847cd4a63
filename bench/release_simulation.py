"""Simulate releases and run `defects.release_rises` week by week: delay to detect, false alarms.

Each replicate is a brand with one model of `--phones` phones on version "A" that report their
version every 90 days. Version "B" is released; phones take it up over the following weeks
(half in two weeks, four in five by six). Repairs of four faults arrive as Poisson processes
per phone-day at everyday rates; on "B" the battery rate is multiplied by the rise (1 is the
stationary case). The real detector runs on the real schema (SQLite, or PostgreSQL with
`--url`) once a week for the 26 weeks a release is watched. Reported: the share of releases
whose battery rise is found, the weeks from release to the first finding (median and 90th
percentile), and the false findings (another fault, or any finding when nothing rose) per
release watched and per model-year at four releases a year.

    .venv/bin/python bench/release_simulation.py [--replicates 20] [--phones 1000] [--url URL]

With `--replay URL` it instead runs both detectors (releases and complaint clusters) on an
existing database, the demo's say, once a week for the last `--weeks` weeks, and lists every
episode (key) found with the weeks it was found in: on the demo, everything but its one
injected defect is a false alarm.

    .venv/bin/python bench/release_simulation.py --replay sqlite:///data/aftersales.db
"""

from __future__ import annotations

import argparse
import tempfile
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from statistics import median

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from aftersales.catalog import service as catalog
from aftersales.catalog.models import Brand, ServiceCentre
from aftersales.db import make_engine
from aftersales.defects.clusters import complaint_clusters
from aftersales.defects.releases import LOOKBACK_WEEKS, release_rises
from aftersales.devices.models import Phone
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.clock import utcnow
from aftersales.kernel.imei import make_imei
from aftersales.migrate import upgrade
from aftersales.repairs.models import RepairOrder
from aftersales.software.models import SoftwareRelease, SoftwareSighting

RELEASED = date(2026, 1, 12)  # a Monday
RATES = {"display": 0.004, "battery": 0.002, "charging": 0.0015, "software": 0.001}  # a week
RISES = (1.0, 1.5, 2.0, 3.0)
RELEASES_A_YEAR = 4
_tac = iter(range(35_100_000, 35_999_999, 7919))


def _brand(session: Session, centre: ServiceCentre | None, label: str) -> tuple[int, int, int, str]:
    brand = catalog.create_brand(session, SYSTEM, f"sim-{label}", f"Sim {label}")
    tac = f"{next(_tac):08d}"
    model = catalog.create_model(session, SYSTEM, brand.id, "Sim", [tac], None)
    if centre is None:
        centre = catalog.create_centre(
            session, SYSTEM, name="Sim centre", city="Napoli", country="IT", brand_ids=[brand.id],
            working_week="1111100", address="Via Roma 1", latitude=None, longitude=None,
        )  # fmt: skip
    else:
        centre.brands.append(brand)
    for version, day in (("A", RELEASED - timedelta(days=300)), ("B", RELEASED)):
        session.add(
            SoftwareRelease(
                model_id=model.id,
                version=version,
                release_date=day,
                security_patch_date=day,
                kind="security",
                notes_en="Simulated.",
            )
        )
    session.flush()
    return brand.id, model.id, centre.id, tac


def _seed(session: Session, rng: np.random.Generator, label: str, phones: int, rise: float,
          centre: ServiceCentre | None, end: date) -> tuple[int, int]:  # fmt: skip
    """Write one replicate: phones, their sightings and repairs; return brand and centre."""
    brand_id, model_id, centre_id, tac = _brand(session, centre, label)
    first = RELEASED - timedelta(weeks=LOOKBACK_WEEKS + 4)
    rows = []
    for i in range(phones):
        imei = make_imei(tac, i)
        rows.append({"imei": imei, "imei_reversed": imei[::-1], "model_id": model_id,
                     "country": "IT"})  # fmt: skip
    ids = list(session.scalars(insert(Phone).returning(Phone.id), rows))
    # Take-up: an exponential wait with a mean of three weeks; some never update.
    waits = rng.exponential(21.0, phones)
    sightings, repairs = [], []
    for phone_id, wait in zip(ids, waits, strict=True):
        update = RELEASED + timedelta(days=1 + int(wait)) if wait < 200 else None
        day = first - timedelta(days=int(rng.integers(0, 90)))
        while day <= end:
            version = "B" if update is not None and day >= update else "A"
            sightings.append({"phone_id": phone_id, "version": version, "seen_date": day,
                              "source": "import"})  # fmt: skip
            nxt = day + timedelta(days=90)
            if update is not None and day < update <= min(nxt, end):
                sightings.append({"phone_id": phone_id, "version": "B", "seen_date": update,
                                  "source": "import"})  # fmt: skip
                nxt = update + timedelta(days=90)
            day = nxt
        switch = update if update is not None else end + timedelta(days=1)
        for fault, weekly in RATES.items():
            for lo, hi, factor in ((first, switch, 1.0), (switch, end + timedelta(days=1), rise)):
                days = (hi - lo).days
                if days <= 0:
                    continue
                k = factor if fault == "battery" else 1.0
                for offset in rng.integers(0, days, rng.poisson(weekly * k * days / 7)):
                    repairs.append(_repair(phone_id, brand_id, model_id, centre_id, fault,
                                           lo + timedelta(days=int(offset))))  # fmt: skip
    session.execute(insert(SoftwareSighting), _unique(sightings))
    if repairs:
        session.execute(insert(RepairOrder), repairs)
    return brand_id, centre_id


def _unique(sightings: list[dict[str, object]]) -> list[dict[str, object]]:
    keyed = {(s["phone_id"], s["seen_date"], s["version"]): s for s in sightings}
    return list(keyed.values())


_code = iter(range(10**9))


def _repair(phone: int, brand: int, model: int, centre: int, fault: str, day: date) -> dict:
    at = datetime.combine(day, time(10), tzinfo=UTC)
    return {
        "code": f"S{next(_code):013d}", "phone_id": phone, "brand_id": brand, "model_id": model,
        "channel": "shop", "centre_id": centre, "country": "IT", "fault_category": fault,
        "problem": "Simulated", "status": "closed", "outcome": "repaired", "closed_at": at,
        "expected_date": day, "expected_low_date": day, "expected_high_date": day,
        "expected_basis": "simulated", "last_public_event_at": at, "created_at": at,
        "updated_at": at, "condition_notes": "", "loaner_given": False, "paused_workdays": 0,
        "version": 1,
    }  # fmt: skip


def replay(url: str, weeks: int) -> None:
    """Run both detectors weekly over a database's last weeks; print each episode found."""
    engine = make_engine(url)
    found: dict[str, list[int]] = {}
    seconds, runs = 0.0, 0
    with Session(engine) as session:
        brands = list(session.scalars(select(Brand.id).order_by(Brand.id)))
        today = utcnow().date()
        for back in range(weeks - 1, -1, -1):
            day = today - timedelta(weeks=back)
            for brand_id in brands:
                for detect in (release_rises, complaint_clusters):
                    t0 = clock.perf_counter()
                    for f in detect(session, brand_id, day):
                        found.setdefault(f"{f.key} {f.words}", []).append(-back)
                    seconds += clock.perf_counter() - t0
                    runs += 1
    print(f"{runs} runs over {weeks} weeks, {seconds / runs:.3f} s a run")
    for key, when in sorted(found.items()):
        print(f"{key}: weeks {sorted(set(when))}")


def main() -> None:
    """Run the simulation and print the table's rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", default="", help="a migrated database (default: a new SQLite)")
    parser.add_argument("--replay", default="", help="replay the detectors on this database")
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--rises", default=",".join(f"{r:g}" for r in RISES))
    args = parser.parse_args()
    if args.replay:
        replay(args.replay, args.weeks)
        return
    folder = tempfile.mkdtemp()
    url = args.url or f"sqlite:///{Path(folder) / 'sim.db'}"
    upgrade(url)
    engine = make_engine(url)
    rng = np.random.default_rng(args.seed)
    runs = [RELEASED + timedelta(weeks=w) for w in range(1, LOOKBACK_WEEKS + 1)]
    head = "rise | releases | found | weeks to find, median | 90th pct | false per release"
    print(f"| {head} | false per model-year | s per run |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for rise in (float(r) for r in args.rises.split(",")):
        delays: list[int] = []
        false_keys = 0
        seconds = 0.0
        with Session(engine) as session:
            centre = None
            for r in range(args.replicates):
                label = f"{rise:g}-{r}-{args.seed}".replace(".", "p")
                brand_id, centre_id = _seed(
                    session, rng, label, args.phones, rise, centre, runs[-1]
                )
                centre = session.get(ServiceCentre, centre_id)
                session.flush()
                keys: set[str] = set()
                found_at = None
                for week, today in enumerate(runs, start=1):
                    t0 = clock.perf_counter()
                    findings = release_rises(session, brand_id, today)
                    seconds += clock.perf_counter() - t0
                    for f in findings:
                        real = rise > 1 and f.fault_category == "battery"
                        if real and found_at is None:
                            found_at = week
                        if not real:
                            keys.add(f.key)
                false_keys += len(keys)
                if found_at is not None:
                    delays.append(found_at)
            session.rollback()
        n = args.replicates
        per_release = false_keys / n
        found = f"{len(delays)}/{n}" if rise > 1 else "-"
        med = f"{median(delays):.0f}" if delays else "-"
        p90 = f"{np.percentile(delays, 90):.0f}" if delays else "-"
        print(
            f"| x{rise:g} | {n} | {found} | {med} | {p90} | {per_release:.2f} | "
            f"{per_release * RELEASES_A_YEAR:.2f} | {seconds / (n * len(runs)):.3f} |"
        )


if __name__ == "__main__":
    main()
