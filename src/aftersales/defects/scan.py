"""A model's repair rate for a fault, adjusted for its phones' age, watched week by week.

Expected repairs of a model and fault in a week are the model's phones in use at each age
(sales by week, thinned by care's fitted life) times the brand's hazard of the fault at that
age (its repairs per phone-week in use, learned from its history before the weeks tested),
times the model's own factor for the fault (a gamma posterior, shrunk to the brand's rate
with the weight of `PRIOR_REPAIRS`). The count in each of the last `WINDOWS` weeks is then
tested against its gamma-Poisson (negative binomial) predictive, which carries the factor's
uncertainty: the smallest p-value of the windows, Bonferroni-corrected for their number, is
the series' p-value; Benjamini-Hochberg over every model x fault of the brand keeps the
false discovery rate at `FDR` (decision 270). A flagged series' start is the Poisson change
point of the last `LOOKBACK` weeks; its size is observed / expected since then, with an exact
(Garwood) 95% interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests

WEEKS = 104  # the weeks read: two years of complete weeks up to the last Sunday
GUARD = 13  # the last weeks are tested, never learned from (the longest window)
MIN_WEEKS = GUARD + 26  # half a year to learn from, at least
WINDOWS = (2, 4, 8, 13)  # weeks ending with the last complete week, each tested
LOOKBACK = 26  # the weeks a flagged rise's start is searched in
FDR = 0.01  # Benjamini-Hochberg level over a brand's models x faults (bench J)
MIN_REPAIRS = 5  # a window with fewer repairs is never a rise, whatever its p-value
MIN_RATIO = 1.25  # nor one less than a quarter above what was expected
PRIOR_REPAIRS = 10.0  # weight of the brand's rate in a model's factor, in repairs
# A model's rate is known to 10% at best (1 / 0.1^2): rates drift with seasons, campaigns
# and the mix of centres, which no history pins down better.
MAX_SHAPE = 100.0
FIT_ROUNDS = 10
MAX_AGE_WEEKS = 260  # older phones count in the last age band
# Age bands in weeks: failures cluster early (dead on arrival, first months) and at wear-out.
BAND_EDGES = (0, 4, 13, 26, 39, 52, 78, 104, 156, 208)
METHOD = "negbin_fdr"
MONTH_DAYS = 30.4375


def band_of(age_weeks: np.ndarray) -> np.ndarray:
    """Return each age's band index."""
    return np.searchsorted(np.array(BAND_EDGES[1:]), age_weeks, side="right")


BANDS = len(BAND_EDGES)


def survival(median_months: float, shape: float) -> np.ndarray:
    """Return the share of a week's sales still in use at each age in weeks (Weibull)."""
    scale = median_months / np.log(2) ** (1 / shape)
    months = (np.arange(MAX_AGE_WEEKS + 1) + 0.5) * 7 / MONTH_DAYS
    return np.exp(-((months / scale) ** shape))


def exposure(sales: np.ndarray, alive: np.ndarray, weeks: int) -> np.ndarray:
    """Return phone-weeks in use per week and age band, [weeks, BANDS].

    `sales[i]`: phones that started in week i - MAX_AGE_WEEKS (the first MAX_AGE_WEEKS
    entries are older weeks; phones older still count at MAX_AGE_WEEKS).
    """
    bands = band_of(np.arange(MAX_AGE_WEEKS + 1))
    out = np.zeros((weeks, BANDS))
    for b in range(BANDS):
        kernel = np.where(bands == b, alive, 0.0)
        full = np.convolve(sales, kernel)
        out[:, b] = full[MAX_AGE_WEEKS : MAX_AGE_WEEKS + weeks]
    return out


@dataclass(frozen=True)
class Series:
    """What a brand's history holds: per model, exposure by week and band; repairs by fault.

    `repairs[m, f, w, b]`: repairs of model m and fault f opened in week w, phone in band b.
    """

    models: tuple[int, ...]
    faults: tuple[str, ...]
    exposure: np.ndarray  # [m, w, b]
    repairs: np.ndarray  # [m, f, w, b]

    @property
    def weeks(self) -> int:
        """Return how many weeks the series hold."""
        return int(self.exposure.shape[1])


@dataclass(frozen=True)
class Flag:
    """One model x fault whose last weeks rose past what its phones' ages predict."""

    model: int  # index into Series.models
    fault: int  # index into Series.faults
    p_value: float  # BH-adjusted
    start: int  # week index of the rise's first week
    observed: int
    expected: float
    low: float
    high: float
    expected_weeks: np.ndarray  # per week, the model's expected repairs

    @property
    def ratio(self) -> float:
        """Return observed / expected since the start."""
        return self.observed / self.expected if self.expected > 0 else float("inf")


def baseline(s: Series, learn_until: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the brand's expected repairs per model, fault and week before the model's own
    factor, and that factor's gamma posterior (shape, rate), all learned before `learn_until`.

    Repairs ~ Poisson(exposure x hazard[fault, band] x factor[model, fault]), fitted by
    alternating the two (the log-linear model's maximum likelihood): the hazard of a band
    is not confounded by which models happen to be that age.
    """
    exposure = s.exposure[:, :learn_until, :].sum(axis=1)  # [m, b]
    repairs = s.repairs[:, :, :learn_until, :].sum(axis=2)  # [m, f, b]
    factor = np.ones(repairs.shape[:2])
    by_band = repairs.sum(axis=0)  # [f, b]
    all_ages = by_band.sum(axis=1) / max(exposure.sum(), 1e-9)  # [f]
    # Thin bands borrow from the fault's rate at all ages, with the weight of three repairs.
    weight = 3.0 / np.maximum(all_ages, 1e-12)
    for _ in range(FIT_ROUNDS):
        at_risk = np.einsum("mb,mf->fb", exposure, factor)
        hazard = (by_band + 3.0) / (at_risk + weight[:, None])
        expected = np.einsum("mb,fb->mf", exposure, hazard)
        factor = (repairs.sum(axis=2) + PRIOR_REPAIRS) / (expected + PRIOR_REPAIRS)
    hazard = np.where(all_ages[:, None] > 0, hazard, 0.0)
    base = np.einsum("mwb,fb->mfw", s.exposure, hazard)  # [m, f, w]
    seen = repairs.sum(axis=2)
    expected = base[:, :, :learn_until].sum(axis=2)
    shape = np.minimum(PRIOR_REPAIRS + seen, MAX_SHAPE)
    return base, shape, shape * (PRIOR_REPAIRS + expected) / (PRIOR_REPAIRS + seen)


def change_point(obs: np.ndarray, exp: np.ndarray) -> int:
    """Return the first week of the most likely step rise in the weeks given (Poisson)."""
    o = np.cumsum(obs[::-1])[::-1].astype(float)  # repairs from each week to the end
    e = np.cumsum(exp[::-1])[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        ll = np.where((o > e) & (e > 0), o * np.log(o / e) - (o - e), -np.inf)
    return int(np.argmax(ll)) if np.isfinite(ll).any() else len(obs) - 1


def garwood(observed: int) -> tuple[float, float]:
    """Return the exact 95% interval of a Poisson mean given a count."""
    low = stats.chi2.ppf(0.025, 2 * observed) / 2 if observed > 0 else 0.0
    high = stats.chi2.ppf(0.975, 2 * observed + 2) / 2
    return float(low), float(high)


def scan(s: Series, fdr: float = FDR, min_repairs: int = MIN_REPAIRS) -> list[Flag]:
    """Return the series whose last weeks rose, the false discovery rate kept at `fdr`."""
    weeks = s.weeks
    if weeks <= GUARD or not s.models:
        return []
    base, shape, rate = baseline(s, weeks - GUARD)
    counts = s.repairs.sum(axis=3)  # [m, f, w]
    pvals = np.ones(counts.shape[:2])
    for length in WINDOWS:
        o = counts[:, :, weeks - length :].sum(axis=2)
        e0 = base[:, :, weeks - length :].sum(axis=2)
        # The count's predictive: Poisson with a gamma(shape, rate) factor on e0, i.e.
        # negative binomial with n = shape and p = rate / (rate + e0).
        with np.errstate(divide="ignore", invalid="ignore"):
            p = stats.nbinom.sf(o - 1, shape, rate / (rate + e0))
        big = (o >= min_repairs) & (o >= MIN_RATIO * e0 * shape / rate) & (e0 > 0)
        pvals = np.minimum(pvals, np.where(big, np.nan_to_num(p, nan=1.0), 1.0))
    pvals = np.minimum(pvals * len(WINDOWS), 1.0)
    flat = pvals.ravel()
    reject, adjusted, _, _ = multipletests(flat, alpha=fdr, method="fdr_bh")
    flags = []
    for i in np.flatnonzero(reject):
        m, f = np.unravel_index(i, pvals.shape)
        expected = base[m, f] * shape[m, f] / rate[m, f]
        first = weeks - LOOKBACK
        start = first + change_point(counts[m, f, first:], expected[first:])
        observed = int(counts[m, f, start:].sum())
        exp_sum = float(expected[start:].sum())
        low, high = garwood(observed)
        flags.append(
            Flag(
                int(m),
                int(f),
                float(adjusted[i]),
                start,
                observed,
                exp_sum,
                low / exp_sum,
                high / exp_sum,
                expected,
            )
        )
    return flags


def monday(day: date) -> date:
    """Return the Monday of a day's week."""
    return day - timedelta(days=day.weekday())


def first_week(today: date, weeks: int = WEEKS) -> date:
    """Return the Monday of the first week read: `weeks` complete weeks end last Sunday."""
    return monday(today) - timedelta(weeks=weeks)
