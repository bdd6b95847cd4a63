"""Phones still in use: a Weibull life fitted with lifelines on the platform's own phones.

A phone's life runs from its sale (else its registration) to its last sign of life. One
not seen for more than `WINDOW_MONTHS` counts as retired at its last sign; one seen within
it is right-censored `WINDOW_MONTHS` before the day (known in use then: a retirement since
cannot be told yet, so the fit looks no later); one never seen after its sale or
registration tells nothing (decision 171). The fit is per model when it has `MIN_EVENTS`
retired phones, else pooled over the brand, else the stated default life.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

WINDOW_MONTHS = 12  # not seen for longer than this: retired at its last sign
MIN_EVENTS = 30  # retired phones a fit needs
# Default life where data is thin: a median of 36 months (the 2.5-3 years of use usually
# quoted in the EU, plus a second owner's months), shape 2 (wear-out); its median is known
# to a factor of about 1.3 either way (80%), which the range carries (decision 171).
DEFAULT_MEDIAN_MONTHS, DEFAULT_SHAPE, DEFAULT_LOG_SD = 36.0, 2.0, 0.25
Z80 = 1.2815515655446004  # the normal's 90th percentile: 80% between -Z80 and +Z80


@dataclass(frozen=True)
class Groups:
    """Phones grouped by their months: at registration, at the last sign, on the day; counts."""

    entry: np.ndarray
    last: np.ndarray
    now: np.ndarray
    seen: np.ndarray
    n: np.ndarray

    @property
    def phones(self) -> int:
        """Return how many phones the groups hold."""
        return int(self.n.sum())

    def retired(self) -> np.ndarray:
        """Return which groups count as retired at their last sign."""
        return self.seen & (self.now - self.last > WINDOW_MONTHS)

    def events(self) -> int:
        """Return how many phones count as retired."""
        return int(self.n[self.retired()].sum())

    def select(self, mask: np.ndarray) -> Groups:
        """Return the groups a mask picks."""
        return Groups(self.entry[mask], self.last[mask], self.now[mask], self.seen[mask],
                      self.n[mask])  # fmt: skip


@dataclass(frozen=True)
class Life:
    """A Weibull life in months, S(t) = exp(-(t/scale)^shape), and how it was found.

    `cov`: covariance of (log scale, log shape), from the fit's (the same lifelines draws
    its confidence intervals from) or the default's stated spread.
    """

    scale: float
    shape: float
    cov: np.ndarray
    method: str  # "fitted_model" | "fitted_brand" | "default"
    events: int

    @property
    def median(self) -> float:
        """Return the median life in months."""
        return self.scale * math.log(2) ** (1 / self.shape)

    def shifted(self, d_log_scale: float, d_log_shape: float) -> Life:
        """Return the life with its log parameters moved a little (for the delta method)."""
        return Life(self.scale * math.exp(d_log_scale), self.shape * math.exp(d_log_shape),
                    self.cov, self.method, self.events)  # fmt: skip

    def survival(self, months: np.ndarray) -> np.ndarray:
        """Return the share of phones alive at these ages (months, mid-month)."""
        return np.exp(-(((months + 0.5) / self.scale) ** self.shape))


def default_life() -> Life:
    """Return the stated default life (no data of the model or its brand)."""
    scale = DEFAULT_MEDIAN_MONTHS / math.log(2) ** (1 / DEFAULT_SHAPE)
    cov = np.diag([DEFAULT_LOG_SD**2, 0.0])
    return Life(scale, DEFAULT_SHAPE, cov, "default", 0)


def fit(groups: Groups, method: str) -> Life | None:
    """Fit a Weibull life on the groups; None with too few retired phones or no convergence."""
    from lifelines import WeibullFitter  # heavy (pandas, scipy): only when the job runs

    events = groups.events()
    if events < MIN_EVENTS:
        return None
    retired = groups.retired()
    # A retired phone's life ends at its last sign; the others are known in use until the
    # window's start (censoring them at their last sign would miss the retirements of the
    # window, which cannot be seen yet, and read lives longer than they are). Mid-month.
    duration = np.where(retired, groups.last, groups.now - WINDOW_MONTHS) + 0.5
    keep = (retired | groups.seen) & (duration > groups.entry)
    entry = groups.entry.astype(float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f = WeibullFitter().fit(duration[keep], retired[keep], entry=entry[keep],
                                    weights=groups.n[keep])  # fmt: skip
    except Exception:  # lifelines raises its own convergence errors; the next level applies
        return None
    scale, shape = float(f.lambda_), float(f.rho_)
    if not (np.isfinite(scale) and np.isfinite(shape) and scale > 0 and shape > 0):
        return None
    jac = np.diag([1 / scale, 1 / shape])
    cov = jac @ np.asarray(f.variance_matrix_, dtype=float) @ jac
    if not np.all(np.isfinite(cov)):
        return None
    return Life(scale, shape, cov, method, events)


def choose(model: Groups, brand: Groups, brand_fit: dict[str, Life | None]) -> Life:
    """Return the model's fit, else the brand's (fitted once into `brand_fit`), else the default."""
    own = fit(model, "fitted_model")
    if own is not None:
        return own
    if "life" not in brand_fit:
        brand_fit["life"] = fit(brand, "fitted_brand")
    return brand_fit["life"] or default_life()


@dataclass(frozen=True)
class Alive:
    """Expected phones in use per month (t from `first`; 0 is the forecast's day), by age band.

    `by_band[t, b]`: phones expected in use in month t aged in band b (yearly bands).
    """

    first: int
    expected: np.ndarray
    low: np.ndarray
    high: np.ndarray
    by_band: np.ndarray

    def at(self, t: int) -> tuple[float, float, float]:
        """Return expected, low and high in month t."""
        i = t - self.first
        return float(self.expected[i]), float(self.low[i]), float(self.high[i])

    def sd(self, t: np.ndarray) -> np.ndarray:
        """Return the standard deviation behind the 80% range in months t."""
        i = t - self.first
        return (self.high[i] - self.low[i]) / (2 * Z80)


def _expected(g: Groups, life: Life, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return per group and month: P(in use | in use when last seen), and the phones' ages.

    A phone counted retired is out of use after its last sign: the rule the life was fitted
    by says so, and giving it a chance as well would count its retirement twice.
    """
    age = g.now[:, None] + t[None, :]
    bought = age >= 0
    later = age > g.last[:, None]
    s_last = life.survival(g.last.astype(float))[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(later, life.survival(np.maximum(age, 0).astype(float)) / s_last, 1.0)
    p = np.where(later & g.retired()[:, None], 0.0, p)
    p = np.where(bought, np.nan_to_num(p, nan=0.0), 0.0)
    return p, age


def alive(g: Groups, life: Life, first: int, last: int, bands: int) -> Alive:
    """Return the phones expected in use from month `first` to `last` (inclusive), with an 80%
    range from the fit's parameters (delta method) and each phone's own chance (binomial)."""
    t = np.arange(first, last + 1)
    p, age = _expected(g, life, t)
    expected = g.n @ p
    h = 1e-4
    grad = np.stack([(g.n @ _expected(g, life.shifted(*d), t)[0] - expected) / h
                     for d in ((h, 0.0), (0.0, h))])  # fmt: skip
    var = np.einsum("it,ij,jt->t", grad, life.cov, grad) + g.n @ (p * (1 - p))
    spread = Z80 * np.sqrt(np.maximum(var, 0))
    cap = g.n @ (p > 0)  # the phones that may be in use: bought, and not counted retired
    band = np.clip(age // 12, 0, bands - 1)
    by_band = np.zeros((len(t), bands))
    cols = np.broadcast_to(np.arange(len(t))[None, :], band.shape)
    np.add.at(by_band, (cols, band), g.n[:, None] * p)
    low = np.clip(expected - spread, 0, cap)
    high = np.clip(expected + spread, 0, cap)
    return Alive(first, expected, low, high, by_band)
