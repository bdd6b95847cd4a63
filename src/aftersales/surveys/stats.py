"""The satisfaction figures' statistics: top-2-box shares with Wilson intervals, a ranking with
ties, and what drives the overall rating (decisions 212 and 213). Pure: counts in, figures out.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from statsmodels.stats.proportion import proportion_confint
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

LEVEL = 0.95  # every interval on the reports
RANK_MIN = 30  # answers an entry needs to be ranked: fewer give an interval too wide to say
DRIVERS_MIN = 200  # answers rating every attribute that the drivers need


@dataclass(frozen=True)
class Share:
    """A top-2-box share: `top2` of `n` answers, with its 95% Wilson interval (None if n is 0)."""

    n: int
    top2: int
    share: float | None
    low: float | None
    high: float | None


def share(top2: int, n: int) -> Share:
    """Return the share of top-2-box answers with its Wilson score interval.

    Wilson, not the normal approximation: it stays inside 0..1 and holds for small n and shares
    near 0 or 1, which a centre's or a month's answers often are.
    """
    if n <= 0:
        return Share(0, 0, None, None, None)
    low, high = proportion_confint(top2, n, alpha=1 - LEVEL, method="wilson")
    return Share(n, top2, top2 / n, float(low), float(high))


def shares(pairs: Sequence[tuple[int, int]]) -> list[Share]:
    """Return `share(top2, n)` for many pairs at once (one vectorised call of statsmodels)."""
    counted = [(t, n) for t, n in pairs if n > 0]
    if not counted:
        return [share(t, n) for t, n in pairs]
    tops, ns = np.array([t for t, _ in counted]), np.array([n for _, n in counted])
    lows, highs = proportion_confint(tops, ns, alpha=1 - LEVEL, method="wilson")
    found = iter(zip(lows, highs, strict=True))
    out = []
    for t, n in pairs:
        if n <= 0:
            out.append(Share(0, 0, None, None, None))
        else:
            low, high = next(found)
            out.append(Share(n, t, t / n, float(low), float(high)))
    return out


@dataclass(frozen=True)
class Ranked:
    """One entry of a ranking: its key, its share, its rank and whether it is tied."""

    key: Hashable
    share: Share
    rank: int | None  # None: too few answers to rank
    tied: bool


def rank(entries: Sequence[tuple[Hashable, Share]]) -> list[Ranked]:
    """Rank entries by share; an entry's rank is 1 + the entries clearly above it.

    "Clearly above" means the other's interval lies wholly above this one's, so entries whose
    intervals overlap share a rank and are marked tied: the data cannot tell them apart.
    Entries with fewer than RANK_MIN answers are listed last, unranked.
    """
    able = [(k, s) for k, s in entries if s.n >= RANK_MIN]
    few = [(k, s) for k, s in entries if s.n < RANK_MIN]
    able.sort(key=lambda e: (-(e[1].share or 0.0), -e[1].n))
    ranked = []
    for key, s in able:
        above = sum(1 for _, o in able if (o.low or 0.0) > (s.high or 0.0))
        tied = any(
            o is not s and (o.low or 0.0) <= (s.high or 0.0) and (s.low or 0.0) <= (o.high or 0.0)
            for _, o in able
        )
        ranked.append(Ranked(key, s, 1 + above, tied))
    few.sort(key=lambda e: -e[1].n)
    return ranked + [Ranked(k, s, None, False) for k, s in few]


@dataclass(frozen=True)
class Driver:
    """One attribute's weight on the overall rating: the odds ratio of a top-2 overall rating
    when the attribute is rated top-2, the others held equal, with its 95% interval."""

    attribute: str
    odds_ratio: float
    low: float
    high: float
    p_value: float


@dataclass(frozen=True)
class Drivers:
    """The fitted drivers (strongest first), or why there are none (`reason`)."""

    n: int
    drivers: list[Driver]
    reason: str | None  # None, "too_few" or "not_fitted"


def drivers(
    attributes: Sequence[str], patterns: Sequence[tuple[tuple[int, ...], int, int]]
) -> Drivers:
    """Fit a logistic regression of overall top-2-box on each attribute's top-2-box.

    `patterns` are the answers grouped by which attributes were rated top-2 (a 0/1 per
    attribute), each with its count of answers and of top-2 overall ratings. A binomial GLM on
    these counts is the same fit, to the last digit, as a logit on the answers one by one.
    """
    n = sum(count for _, count, _ in patterns)
    if n < DRIVERS_MIN:
        return Drivers(n, [], "too_few")
    x = np.array([p for p, _, _ in patterns], dtype=float)
    hits = np.array([t for _, _, t in patterns], dtype=float)
    counts = np.array([c for _, c, _ in patterns], dtype=float)
    # An attribute rated the same by every answer, or an overall rating all one way, says
    # nothing about what drives it: the fit would not exist.
    varies = all(0 < counts[x[:, i] == 1].sum() < n for i in range(len(attributes)))
    if not varies or not 0 < hits.sum() < n:
        return Drivers(n, [], "not_fitted")
    endog = np.column_stack([hits, counts - hits])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PerfectSeparationWarning)
            fit = sm.GLM(
                endog, sm.add_constant(x, has_constant="add"), family=sm.families.Binomial()
            ).fit()
    except (PerfectSeparationWarning, np.linalg.LinAlgError, ValueError):
        return Drivers(n, [], "not_fitted")
    bounds = np.asarray(fit.conf_int(alpha=1 - LEVEL))
    params, pvalues = np.asarray(fit.params), np.asarray(fit.pvalues)
    if not np.all(np.isfinite(bounds)) or np.any(np.abs(params) > 30):
        return Drivers(n, [], "not_fitted")
    found = [
        Driver(
            a,
            math.exp(params[i + 1]),
            math.exp(bounds[i + 1][0]),
            math.exp(bounds[i + 1][1]),
            float(pvalues[i + 1]),
        )
        for i, a in enumerate(attributes)
    ]
    found.sort(key=lambda d: -d.odds_ratio)
    return Drivers(n, found, None)
