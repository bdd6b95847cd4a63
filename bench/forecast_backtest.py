"""Back-test the parts forecast (care) on the demo history: a forecast made at a past date,
with only what was known then, against the parts the following months used.

    .venv/bin/python bench/forecast_backtest.py [--back 12] [--seed 2026]

Loads the demo into a scratch SQLite database, makes the forecast `--back` months before the
demo's day for the `--back` months that follow (care.compute with `months`), and counts the
parts used in those months by the phones known on the forecast's day, as the forecast counts
uses (parts used where tracked, else closed repairs whose fault maps to the part's kind,
care.faults). Prints, per model and part and overall, the expected and actual uses, the mean
absolute error, and the share of actuals at or under the 80% and 95% upper bounds; beside
it the naive run rate (the uses seen before the forecast, scaled to the same length).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from aftersales import migrate
from aftersales.care.compute import MONTH_DAYS, compute
from aftersales.care.demand import uses_by_part
from aftersales.care.history import history_starts, parts_used
from aftersales.catalog.models import PhoneModel
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.demo.generate import load_demo
from aftersales.inventory.models import Part
from aftersales.kernel.clock import utcnow

Row = tuple[str, str, int, int, int, float, float]  # model, part, expected, u80, u95, actual, naive


def backtest(session: Session, today: date, back: int) -> list[Row]:
    """Return, per (model, part), the forecast made `back` months ago and what was used."""
    as_of = today - timedelta(days=round(back * MONTH_DAYS))
    fcst = compute(session, as_of, months=back)
    models = {m.id: m for m in session.scalars(select(PhoneModel))}
    ids = set(models)
    later = uses_by_part(session, parts_used(session, as_of, today, phones_by=as_of), ids)
    before = uses_by_part(session, parts_used(session, None, as_of), ids)
    starts = history_starts(session, as_of)
    parts = {p.id: p for p in session.scalars(select(Part))}
    rows = []
    for o in fcst.outlooks:
        model = models[o.model_id]
        start = starts.get(model.brand_id, as_of)
        seen_months = max((as_of - start).days / MONTH_DAYS, 1.0)
        naive = before.get((o.model_id, o.part_id), 0.0) * back / seen_months
        rows.append((model.name, parts[o.part_id].kind, o.expected, o.upper80, o.upper95,
                     later.get((o.model_id, o.part_id), 0.0), naive))  # fmt: skip
    return rows


def scores(rows: list[Row]) -> tuple[float, float, float, float, float, float]:
    """Return MAE, naive MAE, share under the 80% and 95% bounds, total expected and actual."""
    return (
        statistics.fmean(abs(e - a) for _, _, e, _, _, a, _ in rows),
        statistics.fmean(abs(nv - a) for *_, a, nv in rows),
        statistics.fmean(a <= u80 for _, _, _, u80, _, a, _ in rows),
        statistics.fmean(a <= u95 for _, _, _, _, u95, a, _ in rows),
        sum(r[2] for r in rows),
        sum(r[5] for r in rows),
    )


def report(rows: list[Row], back: int, today: date) -> str:
    """Return the table per model and part, then per kind and overall."""
    lines = [f"Forecast made {back} months before {today} for the {back} months that followed",
             "", f"{'model':14} {'part':14} {'expected':>8} {'upper80':>8} {'upper95':>8} "
             f"{'actual':>7} {'run rate':>8}"]  # fmt: skip
    for model, kind, e, u80, u95, a, nv in sorted(rows):
        lines.append(f"{model:14} {kind:14} {e:8d} {u80:8d} {u95:8d} {a:7.1f} {nv:8.1f}")
    lines += ["", f"{'':29} {'pairs':>5} {'MAE':>6} {'run rate MAE':>12} {'<= u80':>7} "
              f"{'<= u95':>7} {'expected':>8} {'actual':>7}"]  # fmt: skip
    groups = {kind: [r for r in rows if r[1] == kind] for kind in sorted({r[1] for r in rows})}
    for label, chosen in [*groups.items(), ("overall", rows)]:
        mae, naive, c80, c95, e, a = scores(chosen)
        lines.append(f"{label:29} {len(chosen):5d} {mae:6.2f} {naive:12.2f} {c80:7.0%} "
                     f"{c95:7.0%} {e:8.0f} {a:7.1f}")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    """Load the demo into a scratch database, back-test, print the report."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--back", type=int, default=12, help="months before the demo's day (12)")
    ap.add_argument("--seed", type=int, default=2026, help="the demo's seed (2026)")
    args = ap.parse_args()
    now = utcnow()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/demo.db"
        migrate.upgrade(url)
        factory = make_sessionmaker(make_engine(url))
        with session_scope(factory) as session:
            load_demo(session, seed=args.seed, now=now)
        with session_scope(factory) as session:
            print(report(backtest(session, now.date(), args.back), args.back, now.date()))


if __name__ == "__main__":
    main()
