"""The parts forecast's arithmetic: failure rates by phone age, demand, bounds, runway, batch.

A part's rate is its uses per phone-year in use, by yearly age band, learned from repair
history. A model's rate leans on its brand's in proportion to how little it has seen:
rate = (uses + K x brand rate) / (phone-years + K), K = `PRIOR_PHONE_YEARS`, the mean of a
gamma posterior whose prior is the brand's rate worth K phone-years; the brand's rate of a
band leans the same way on the brand's rate at all ages, and that on the platform's.
Demand is then gamma-Poisson (negative binomial), so its bounds carry the rate's
uncertainty (decision 172).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

BANDS = 7  # yearly age bands: 0-1, 1-2, ... 5-6 years and 6 years or more
PRIOR_PHONE_YEARS = 50.0
HORIZON_CAP_MONTHS = 120  # "until no longer in use": at most 10 years ahead


def by_band(ages_in_months: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Return counts summed into the yearly age bands."""
    band = np.clip(np.asarray(ages_in_months, dtype=np.int64) // 12, 0, BANDS - 1)
    return np.bincount(band, weights=counts, minlength=BANDS)[:BANDS]


def blend(uses: np.ndarray, years: np.ndarray, prior: np.ndarray | float) -> np.ndarray:
    """Return uses per phone-year leaning on a prior rate worth K phone-years: the one rule
    of pooling, applied at every level (model band <- brand band <- brand <- platform)."""
    return (uses + PRIOR_PHONE_YEARS * prior) / (years + PRIOR_PHONE_YEARS)


@dataclass(frozen=True)
class Rate:
    """A gamma posterior of uses per phone-year per band: shape and rate (phone-years)."""

    shape: np.ndarray
    years: np.ndarray

    @property
    def mean(self) -> np.ndarray:
        """Return the expected uses per phone-year per band."""
        return np.where(self.years > 0, self.shape / np.where(self.years > 0, self.years, 1), 0)


def rate(uses: np.ndarray, phone_years: np.ndarray, prior: np.ndarray) -> Rate:
    """Return a model's rate: its own uses and phone-years plus the prior's K phone-years."""
    return Rate(uses + PRIOR_PHONE_YEARS * prior, phone_years + PRIOR_PHONE_YEARS)


@dataclass(frozen=True)
class Demand:
    """Expected uses per month ahead (the first is the month after the day), mean, variance."""

    monthly: np.ndarray
    mean: float
    var: float

    def __add__(self, other: Demand) -> Demand:
        n = max(len(self.monthly), len(other.monthly))
        monthly = np.zeros(n)
        monthly[: len(self.monthly)] += self.monthly
        monthly[: len(other.monthly)] += other.monthly
        return Demand(monthly, self.mean + other.mean, self.var + other.var)


NO_DEMAND = Demand(np.zeros(0), 0.0, 0.0)


def demand(r: Rate, in_use: np.ndarray, in_use_sd: np.ndarray) -> Demand:
    """Return the demand of phones in use per future month and band (`in_use[k, b]`).

    Per band, uses are Poisson given the rate and the rate is gamma: negative binomial,
    variance mu + mu^2 / shape. The phones-in-use range adds (sum of sd x rate)^2, as if
    every month erred the same way (the error of a life fit does).
    """
    per_year = r.mean
    monthly = in_use @ per_year / 12
    mu = in_use.sum(axis=0) / 12 * per_year
    with np.errstate(divide="ignore", invalid="ignore"):
        extra = np.where(r.shape > 0, mu**2 / np.where(r.shape > 0, r.shape, 1), 0.0)
    share = in_use / np.maximum(in_use.sum(axis=1, keepdims=True), 1e-12)
    spread = float(in_use_sd @ (share @ per_year) / 12)
    return Demand(monthly, float(mu.sum()), float(mu.sum() + extra.sum() + spread**2))


def bounds(d: Demand) -> tuple[int, int, int]:
    """Return the expected demand (rounded) and its 80% and 95% upper bounds.

    The sum of the bands' negative binomials is matched by one with the same mean and
    variance; the bounds are its 80th and 95th percentiles, never below the expected.
    """
    from scipy.stats import nbinom, poisson

    expected = math.floor(d.mean + 0.5)
    if d.mean <= 0:
        return 0, 0, 0
    if d.var <= d.mean * (1 + 1e-9):
        u80, u95 = poisson.ppf([0.8, 0.95], d.mean)
    else:
        size = d.mean**2 / (d.var - d.mean)
        u80, u95 = nbinom.ppf([0.8, 0.95], size, d.mean / d.var)
    upper80 = max(expected, int(u80))
    return expected, upper80, max(upper80, int(u95))


def runway(monthly: np.ndarray, supply: int) -> float | None:
    """Return the months the supply lasts at the expected demand; None: past the horizon."""
    if monthly.sum() <= supply:
        return None
    used = np.cumsum(monthly)
    k = int(np.searchsorted(used, supply, side="right"))  # the month it runs out in
    before = used[k - 1] if k else 0.0
    return round(k + (supply - before) / monthly[k], 1)


def last_batch(upper95: int, available: int, on_order: int) -> int:
    """Return the last production batch: the 95% bound less what is had and coming, not below 0."""
    return max(0, upper95 - available - on_order)
