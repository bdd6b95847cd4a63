"""Benchmark J: the age-adjusted rate detector on simulated brands (docs/benchmarks.md).

A brand of `--models` models launched over four years, each sold for eighteen months; its
phones retire by care's default life; each of the ten faults has its own hazard by age
(early failures, then wear-out), each model its own factor for each fault (log-normal, the
models differ) and each week a little extra noise (gamma, 10%), so the background is not
the detector's own model. Every evaluation week the detector reads the last two years, as
the nightly job does.

- False alarms: stationary brands watched for a year each; every model x fault flagged is a
  false alarm (one per episode, as the alerts keep them), counted per brand-year.
- Detection delay: one model x fault, drawn among the series with at least one repair a
  month, rises by a factor from a week on; the delay is the complete weeks of the rise
  before the detector flags it (26: not found within half a year).

    .venv/bin/python bench/defect_simulation.py --brands 20 --trials 40
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from aftersales.defects import scan

FAULTS = 10
WEEKS_TOTAL = scan.WEEKS + 52 + 30  # the history, a year watched, and room for a rise
MAX_DELAY = 26


def brand(rng: np.random.Generator, models: int) -> tuple[np.ndarray, np.ndarray]:
    """Return a brand's exposure [m, w, b] and expected repairs [m, f, w, b] (no rise)."""
    span = scan.MAX_AGE_WEEKS + WEEKS_TOTAL
    alive = scan.survival(36.0, 2.0)
    exposure = np.zeros((models, WEEKS_TOTAL, scan.BANDS))
    for m in range(models):
        launch = int(rng.integers(0, span - 40))
        peak = rng.lognormal(np.log(400), 0.8)
        weeks = np.arange(span) - launch
        sales = np.where((weeks >= 0) & (weeks < 78), peak * np.exp(-weeks / 40), 0.0)
        sales = np.where(weeks < 8, sales * (weeks + 1) / 8, sales)  # the launch ramps up
        exposure[m] = scan.exposure(rng.poisson(sales).astype(float), alive, WEEKS_TOTAL)
    mid = np.array(
        [(a + b) / 2 for a, b in zip(scan.BAND_EDGES, (*scan.BAND_EDGES[1:], 260), strict=True)]
    )
    yearly = rng.uniform(0.003, 0.03, FAULTS)  # repairs per phone-year of each fault
    early = rng.uniform(0.5, 3.0, FAULTS)  # the first weeks' excess
    wear = rng.uniform(0.0, 1.5, FAULTS)  # the rise with age
    hazard = (yearly[:, None] / 52) * (1 + early[:, None] * np.exp(-mid[None, :] / 8)
                                       + wear[:, None] * mid[None, :] / 104)  # fmt: skip
    factor = rng.lognormal(0.0, 0.3, (models, FAULTS))
    mean = np.einsum("mwb,fb,mf->mfwb", exposure, hazard, factor)
    return exposure, mean


def draw(rng: np.random.Generator, mean: np.ndarray) -> np.ndarray:
    """Return repairs drawn around their means, with a week-to-week gamma noise of 10%."""
    noise = rng.gamma(100.0, 0.01, mean.shape[:3])[..., None]
    return rng.poisson(mean * noise).astype(float)


def watch(
    exposure: np.ndarray,
    repairs: np.ndarray,
    first: int,
    last: int,
    fdr: float,
    min_repairs: int,
    stop: tuple[int, int] | None = None,
) -> dict[tuple[int, int], int]:
    """Run the detector at each week from `first` to `last`; return each series' first flag."""
    found: dict[tuple[int, int], int] = {}
    for t in range(first, last + 1):
        window = slice(t - scan.WEEKS, t)
        s = scan.Series(tuple(range(exposure.shape[0])), tuple(map(str, range(FAULTS))),
                        exposure[:, window], repairs[:, :, window])  # fmt: skip
        for flag in scan.scan(s, fdr, min_repairs):
            found.setdefault((flag.model, flag.fault), t)
        if stop is not None and stop in found:
            break
    return found


def false_alarms(brands: int, models: int, fdr: float, min_repairs: int, seed: int) -> float:
    """Return false alarms per brand-year on stationary brands."""
    rng = np.random.default_rng(seed)
    alarms = 0
    for _ in range(brands):
        exposure, mean = brand(rng, models)
        found = watch(exposure, draw(rng, mean), scan.WEEKS, scan.WEEKS + 51, fdr, min_repairs)
        alarms += len(found)
    return alarms / brands


def delays(
    trials: int, models: int, size: float, fdr: float, min_repairs: int, seed: int
) -> list[int]:
    """Return the detection delay in weeks of each trial's rise of the given size."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(trials):
        exposure, mean = brand(rng, models)
        start = scan.WEEKS + 20
        monthly = mean[:, :, start - 4 : start].sum(axis=(2, 3))
        m, f = np.argwhere(monthly >= 1.0)[rng.integers(0, int((monthly >= 1.0).sum()))]
        mean[m, f, start:] *= size
        found = watch(exposure, draw(rng, mean), start + 1, start + MAX_DELAY, fdr, min_repairs,
                      (int(m), int(f)))  # fmt: skip
        out.append(found.get((int(m), int(f)), start + MAX_DELAY) - start)
    return out


def main() -> None:
    """Print table J: delay per rise size and false alarms per brand-year, per threshold."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brands", type=int, default=20)
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--models", type=int, default=30)
    parser.add_argument("--fdr", type=float, nargs="+", default=[0.001, 0.01, 0.05])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.5, 2.0, 3.0, 5.0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    began = time.perf_counter()
    print(f"{args.models} models x {FAULTS} faults per brand; {args.brands} stationary "
          f"brand-years; {args.trials} rises per size")  # fmt: skip
    head = " | ".join(f"x{s:g} median (found ≤13 wk)" for s in args.sizes)
    print(f"| FDR | false alarms / year | {head} |")
    for fdr in args.fdr:
        fa = false_alarms(args.brands, args.models, fdr, scan.MIN_REPAIRS, args.seed)
        cells = []
        for size in args.sizes:
            d = np.array(delays(args.trials, args.models, size, fdr, scan.MIN_REPAIRS, args.seed))
            cells.append(f"{np.median(d):.0f} ({(d <= 13).mean():.0%})")
        print(f"| {fdr:g} | {fa:.2f} | " + " | ".join(cells) + " |", flush=True)
    print(f"{time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
