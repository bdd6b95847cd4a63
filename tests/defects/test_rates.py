"""The age-adjusted rate detector: a rise injected is found with its size and start; a steady
background stays silent week after week; the false discovery rate holds over many series."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from scipy import stats

from aftersales.defects import scan
from aftersales.defects.rates import rate_rises
from tests.defects.data import TODAY, Background


def test_an_injected_rise_is_found_with_its_size_and_start(session):
    world = Background(session, seed=3, rise=3.0, rise_weeks=8)
    found = rate_rises(session, world.brand.id, TODAY)
    assert [(f.model_id, f.fault_category) for f in found] == [(world.models[0].id, "display")]
    f = found[0]
    assert f.kind == "rate" and f.key == f"rate:{world.models[0].id}:display"
    assert f.method == "negbin_fdr" and f.p_value is not None and f.p_value < scan.FDR
    # The start is the injected week, give or take two (a count's noise moves it).
    assert abs((f.started_on - world.rise_start).days) <= 14, (f.started_on, world.rise_start)
    assert f.started_on.weekday() == 0
    assert f.low < 3.0 < f.high and 2.0 < f.ratio < 4.5
    assert f.observed == len(f.repair_ids) and f.observed > 20
    assert f.weeks[-1].start == TODAY - timedelta(days=TODAY.weekday() + 7)
    assert sum(w.observed for w in f.weeks if w.start >= f.started_on) == f.observed


@pytest.mark.parametrize("seed", [5, 6])
def test_a_steady_background_stays_silent_week_after_week(session, seed):
    world = Background(session, seed=seed)
    for back in range(0, 26, 5):  # half a year of weekly runs, as the job sees them
        assert rate_rises(session, world.brand.id, TODAY - timedelta(weeks=back)) == []


def test_a_brand_with_too_short_a_history_is_not_scanned(session):
    world = Background(session, seed=2, rise=5.0)
    assert rate_rises(session, world.brand.id, TODAY - timedelta(weeks=80)) == []


def _series(rng: np.random.Generator, count: int, rises: dict[int, float]) -> scan.Series:
    """Return `count` models, one fault each, steady but for the rises (index: factor)."""
    weeks = 80
    exposure = np.zeros((count, weeks, scan.BANDS))
    exposure[:, :, 5] = 2000.0  # phones a year old, the same every week
    mean = np.full((count, 1, weeks, scan.BANDS), 0.0)
    mean[:, 0, :, 5] = 2000.0 * 0.001
    for i, k in rises.items():
        mean[i, 0, weeks - 8 :, 5] *= k
    return scan.Series(tuple(range(count)), ("display",), exposure,
                       rng.poisson(mean).astype(float))  # fmt: skip


def test_the_false_discovery_rate_holds_across_many_series():
    rng = np.random.default_rng(11)
    rises = {i: 4.0 for i in range(5)}
    s = _series(rng, 400, rises)
    flagged = {f.model for f in scan.scan(s)}
    assert set(rises) <= flagged  # every rise is found
    assert len(flagged - set(rises)) <= 1  # and at most one steady series among 395
    # Tested one by one at 1%, the steady series would raise several alarms: the
    # correction is what keeps them quiet.
    counts = s.repairs.sum(axis=3)[:, 0]
    naive = stats.poisson.sf(counts[:, -4:].sum(axis=1) - 1, 2.0 * 4) < 0.01
    assert naive[5:].sum() >= 2


def test_steady_series_raise_nothing_over_many_weeks():
    rng = np.random.default_rng(12)
    s = _series(rng, 300, {})
    alarms = 0
    for end in range(60, 80):
        cut = scan.Series(s.models, s.faults, s.exposure[:, :end], s.repairs[:, :, :end])
        alarms += len(scan.scan(cut))
    assert alarms == 0
