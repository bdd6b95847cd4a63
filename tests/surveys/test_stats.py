"""The statistics: Wilson intervals checked by hand, ties in a ranking, drivers that find the
attribute that truly drives the overall rating (and agree with a logit on single answers)."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
import statsmodels.api as sm

from aftersales.surveys import stats
from aftersales.surveys.models import ATTRIBUTES


def test_the_wilson_interval_of_81_in_100_is_the_one_computed_by_hand():
    # p = 0.81, n = 100, z = 1.959964 (95%), z² = 3.841459
    # centre = (p + z²/2n) / (1 + z²/n) = (0.81 + 0.019207) / 1.038415 = 0.798532
    # half   = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)
    #        = 1.959964 · sqrt(0.001539 + 0.000096) / 1.038415 = 0.076321
    # interval = 0.798532 ∓ 0.076321 = [0.722211, 0.874853]
    s = stats.share(81, 100)
    assert (s.n, s.top2, s.share) == (100, 81, 0.81)
    assert s.low == pytest.approx(0.722211, abs=1e-6)
    assert s.high == pytest.approx(0.874853, abs=1e-6)


def test_a_share_at_the_edges_stays_inside_zero_and_one_and_none_has_no_interval():
    all_good = stats.share(10, 10)
    assert all_good.high == pytest.approx(1.0) and 0.69 < (all_good.low or 0) < 0.73
    assert stats.share(0, 0) == stats.Share(0, 0, None, None, None)


def test_entries_whose_intervals_overlap_share_a_rank_and_are_marked_tied():
    ranked = stats.rank(
        [
            ("vivo", stats.share(870, 1000)),
            ("OPPO", stats.share(930, 1000)),
            ("Xiaomi", stats.share(810, 1000)),
            ("Samsung", stats.share(812, 1000)),
            ("tiny", stats.share(29, 29)),
        ]
    )
    got = [(r.key, r.rank, r.tied) for r in ranked]
    assert got == [
        ("OPPO", 1, False),  # clearly above every other
        ("vivo", 2, False),  # [0.848, 0.889] lies above Samsung's and Xiaomi's intervals
        ("Samsung", 3, True),  # [0.787, 0.835] and Xiaomi's overlap: tied third
        ("Xiaomi", 3, True),
        ("tiny", None, False),  # fewer than 30 answers: listed, not ranked
    ]


def _synthetic(seed: int = 7, n: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """Answers whose overall top-2 depends on turnaround strongly, on cost a little."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 2, size=(n, len(ATTRIBUTES)))
    logit = -1.0 + 2.0 * x[:, ATTRIBUTES.index("turnaround")] + 0.4 * x[:, ATTRIBUTES.index("cost")]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return x, y


def test_the_drivers_find_the_attribute_that_drives_the_overall_rating():
    x, y = _synthetic()
    groups: Counter[tuple[int, ...]] = Counter()
    hits: Counter[tuple[int, ...]] = Counter()
    for row, good in zip(x, y, strict=True):
        groups[tuple(int(v) for v in row)] += 1
        hits[tuple(int(v) for v in row)] += int(good)
    found = stats.drivers(ATTRIBUTES, [(p, c, hits[p]) for p, c in groups.items()])
    assert found.reason is None and found.n == 4000
    top = found.drivers[0]
    assert top.attribute == "turnaround" and 1 < top.low < math.exp(2.0) < top.high
    assert found.drivers[1].attribute == "cost" and found.drivers[1].low > 1
    for d in found.drivers[2:]:  # no effect: the interval holds an odds ratio of 1
        assert d.low < 1 < d.high
    # The grouped fit is the logit on the answers one by one.
    logit = sm.Logit(y, sm.add_constant(x.astype(float))).fit(disp=0)
    by_name = {d.attribute: d for d in found.drivers}
    for i, a in enumerate(ATTRIBUTES):
        assert by_name[a].odds_ratio == pytest.approx(math.exp(logit.params[i + 1]), rel=1e-6)


def test_too_few_answers_or_no_variation_give_no_drivers():
    assert stats.drivers(ATTRIBUTES, [((1,) * 6, 150, 140)]).reason == "too_few"
    same = [((1, 1, 1, 1, 1, 1), 300, 200), ((0, 1, 1, 1, 1, 1), 300, 100)]
    assert stats.drivers(ATTRIBUTES, same).reason == "not_fitted"  # five never vary


def test_many_shares_at_once_are_each_the_same_as_one_by_one():
    pairs = [(81, 100), (0, 0), (10, 10), (3, 7), (0, 5)]
    assert stats.shares(pairs) == [stats.share(t, n) for t, n in pairs]
