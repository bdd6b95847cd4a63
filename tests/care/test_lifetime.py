"""Phones in use: the Weibull life fitted on hand-made histories, the brand and the default
where data is thin, and the 80% range around the expected count."""

from __future__ import annotations

import math

import numpy as np

from aftersales.care import lifetime
from aftersales.care.lifetime import MIN_EVENTS, WINDOW_MONTHS, alive, choose, default_life, fit
from tests.care import groups, simulated


def test_the_fit_finds_a_known_life_when_phones_are_seen_often() -> None:
    g, _ = simulated(median=40, shape=2.0, phones=3000, gap=1)
    life = fit(g, "fitted_model")
    assert life is not None and life.method == "fitted_model"
    assert life.events == g.events() > MIN_EVENTS
    assert 38 < life.median < 42 and 1.85 < life.shape < 2.15


def test_the_phones_in_use_come_close_when_phones_are_seen_twice_a_year() -> None:
    # How often phones are seen decides the error (decision 171): phones silent for longer
    # than the window count as retired, those retired within it keep their chance.
    g, truly = simulated(median=40, shape=2.0, phones=3000, gap=6)
    life = choose(g, g, {})
    expected, low, high = alive(g, life, 0, 0, 7).at(0)
    assert low < expected < high <= g.phones
    assert abs(expected - truly) / truly < 0.06


def test_phones_seen_lately_are_censored_so_the_life_reads_longer() -> None:
    # 300 phones bought 48 months ago and last seen at 12, 24 or 36 months: all retired...
    retired = groups([(0, 12, 48, True, 100), (0, 24, 48, True, 100), (0, 35, 48, True, 100)])
    # ...or the same phones, of which those of the last group were seen last month.
    censored = groups([(0, 12, 48, True, 100), (0, 24, 48, True, 100), (0, 47, 48, True, 100)])
    short, long = fit(retired, "fitted_model"), fit(censored, "fitted_model")
    assert short is not None and long is not None
    assert long.median > short.median
    in_use_short = alive(retired, short, 0, 0, 7).at(0)
    in_use_long = alive(censored, long, 0, 0, 7).at(0)
    assert in_use_long[0] > in_use_short[0]
    # The phones seen last month are nearly all still in use; those counted retired are not.
    assert 85 < in_use_long[0] < 100
    for expected, low, high in (in_use_short, in_use_long):
        assert 0 <= low <= expected <= high <= 300


def test_a_phone_not_seen_for_the_window_counts_retired_one_seen_within_it_does_not() -> None:
    g = groups([(0, 10, 10 + WINDOW_MONTHS, True, 5), (0, 10, 11 + WINDOW_MONTHS, True, 7)])
    assert g.events() == 7


def test_thin_data_takes_the_brand_then_the_stated_default() -> None:
    thin = groups([(0, 6, 30, True, 10), (0, 29, 30, True, 10)])
    rich = groups([(0, 6, 30, True, 60), (0, 17, 30, True, 60), (0, 29, 30, True, 60)])
    brand = choose(thin, rich, {})
    assert (brand.method, brand.events) == ("fitted_brand", 120)
    life = choose(thin, thin, {})
    assert (life.method, life.events) == ("default", 0)
    assert math.isclose(life.median, lifetime.DEFAULT_MEDIAN_MONTHS)
    assert life.shape == lifetime.DEFAULT_SHAPE
    # The brand is fitted once for all its models.
    cache: dict[str, lifetime.Life | None] = {}
    first = choose(thin, rich, cache)
    assert choose(thin, groups([(0, 1, 2, True, 1)]), cache) is first


def test_phones_never_seen_after_their_sale_are_not_counted_dead() -> None:
    # 100 phones sold 30 months ago and never seen since: no retired phone to fit on, so
    # the default life says how many are still in use: S(30) of each.
    g = groups([(0, 0, 30, False, 100)])
    assert g.events() == 0
    life = choose(g, g, {})
    expected, low, high = alive(g, life, 0, 0, 7).at(0)
    by_hand = 100 * default_life().survival(np.array([30.0]))[0] / life.survival(np.array([0.0]))[0]
    assert math.isclose(expected, by_hand)
    # The default's median is only known to a factor: the range is wider than chance alone.
    chance = lifetime.Z80 * math.sqrt(by_hand * (1 - by_hand / 100))
    assert high - low > 2 * chance


def test_the_curve_runs_from_the_first_sale_and_falls_ahead() -> None:
    # 20 phones sold 24 months ago, retired at 2 months; 60 sold a year ago, seen last month.
    g = groups([(0, 2, 24, True, 20), (0, 11, 12, True, 60)])
    life = choose(g, g, {})
    assert life.method == "default"
    a = alive(g, life, -24, 60, 7)
    assert a.at(-24)[0] == 20  # the first sale: only the first 20
    assert a.at(-22)[0] == 20 and a.at(-21)[0] == 0  # retired after month 2 of their lives
    assert a.at(-12)[0] == 60 and a.at(-1)[0] == 60  # the others, seen since
    ahead = a.expected[24:]
    assert np.all(np.diff(ahead) <= 1e-9) and 0 < ahead[-1] < ahead[0] < 60
    # Phones in use by age band add up to the curve.
    assert np.allclose(a.by_band.sum(axis=1), a.expected)
