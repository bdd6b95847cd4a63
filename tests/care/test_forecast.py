"""The parts forecast on hand-made histories: rates pooled by the one rule, demand computed
by hand, bounds in order, runway and last batch."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from scipy.stats import nbinom

from aftersales.care import forecast as fc
from aftersales.care.demand import Exposure, against_stock, outlooks
from aftersales.care.history import Used
from aftersales.inventory import ledger
from aftersales.inventory.ledger import Ref
from aftersales.inventory.locations import warehouse
from aftersales.inventory.models import Movement
from aftersales.inventory.supply import order_parts
from aftersales.kernel.actors import SYSTEM
from aftersales.support.exits import ExitFields, set_exit
from tests.factories import make_brand, make_model
from tests.inventory import make_part


def band0(value: float) -> np.ndarray:
    """Return per-band values with everything in the first year of a phone's life."""
    out = np.zeros(fc.BANDS)
    out[0] = value
    return out


def steady(phones: float, months: int) -> np.ndarray:
    """Return phones in use per month ahead and band: the same phones, in their first year."""
    return np.tile(band0(phones), (months, 1))


def test_the_expected_demand_is_rate_times_phone_years_in_use() -> None:
    # 10 uses in 100 phone-years, and a prior of the same 0.1 a year: 0.1 a year.
    r = fc.rate(band0(10), band0(100), np.full(fc.BANDS, 0.1))
    assert r.mean[0] == pytest.approx(0.1)
    assert r.shape[0] == 10 + fc.PRIOR_PHONE_YEARS * 0.1
    # 50 phones in use for 24 months: 100 phone-years, 10 uses expected.
    d = fc.demand(r, steady(50, 24), np.zeros(24))
    assert d.mean == pytest.approx(10.0) and d.monthly.sum() == pytest.approx(10.0)
    # Negative binomial: the Poisson variance plus the rate's own (mu^2 / shape).
    assert d.var == pytest.approx(10 + 10**2 / 15)
    expected, upper80, upper95 = fc.bounds(d)
    size = d.mean**2 / (d.var - d.mean)
    assert expected == 10
    assert upper80 == nbinom.ppf(0.8, size, d.mean / d.var) == 13
    assert upper95 == nbinom.ppf(0.95, size, d.mean / d.var)


def test_uncertain_phones_in_use_widen_the_bounds() -> None:
    r = fc.rate(band0(10), band0(100), np.full(fc.BANDS, 0.1))
    sure = fc.demand(r, steady(50, 24), np.zeros(24))
    unsure = fc.demand(r, steady(50, 24), np.full(24, 10.0))
    assert unsure.mean == sure.mean
    # 10 phones of doubt a month, at 0.1 a year, for 24 months: 2 uses of doubt.
    assert unsure.var == pytest.approx(sure.var + 2.0**2)
    assert fc.bounds(unsure)[2] > fc.bounds(sure)[2]


@pytest.mark.parametrize("uses", [0.0, 0.3, 1.0, 4.0, 25.0, 300.0])
@pytest.mark.parametrize("years", [0.0, 5.0, 80.0, 2000.0])
def test_bounds_are_in_order(uses: float, years: float) -> None:
    r = fc.rate(band0(uses), band0(years), np.full(fc.BANDS, 0.02))
    expected, upper80, upper95 = fc.bounds(fc.demand(r, steady(40, 36), np.full(36, 3.0)))
    assert 0 <= expected <= upper80 <= upper95


def test_pooling_leans_on_the_prior_as_much_as_the_data_is_thin() -> None:
    prior = 0.2
    assert fc.blend(np.array(0.0), np.array(0.0), prior) == pytest.approx(prior)
    half = fc.blend(np.array(5.0), np.array(fc.PRIOR_PHONE_YEARS), prior)
    assert half == pytest.approx((5 / fc.PRIOR_PHONE_YEARS + prior) / 2)
    lots = fc.blend(np.array(1000.0), np.array(10_000.0), prior)
    assert lots == pytest.approx(0.1, rel=0.01)


def test_the_runway_is_how_long_supply_lasts_at_the_expected_pace() -> None:
    monthly = np.full(24, 2.0)
    assert fc.runway(monthly, 5) == 2.5
    assert fc.runway(monthly, 0) == 0.0
    assert fc.runway(monthly, 48) is None  # lasts the horizon
    assert fc.runway(np.zeros(0), 0) is None


def test_the_last_batch_is_the_95_bound_less_what_is_had_never_below_zero() -> None:
    assert fc.last_batch(40, 12, 5) == 23
    assert fc.last_batch(10, 12, 5) == 0


def test_age_bands_are_years_and_the_last_is_open() -> None:
    counts = fc.by_band(np.array([0, 11, 12, 30, 200]), np.array([1.0, 1.0, 1.0, 1.0, 1.0]))
    assert counts.tolist() == [2, 1, 1, 0, 0, 0, 1]


def test_a_hand_made_history_gives_the_demand_counted_by_hand(session, now) -> None:  # type: ignore[no-untyped-def]
    brand = make_brand(session)
    model = make_model(session, brand)
    # Two displays fit the model; a battery too.
    a = make_part(session, [model], now, kind="display")
    b = make_part(session, [model], now, kind="display")
    battery = make_part(session, [model], now, kind="battery")
    # 6 repairs used display A (tracked); 4 older repairs had a display fault (counted half
    # to each display); all in the phones' first year, over 100 phone-years in use.
    used = Used([(model.id, a.id, 5, 6.0)], [(model.id, "display", 6, 4.0)])
    # Ahead: 50 phones in use for 24 months, still in their first year: 100 phone-years.
    ahead = Exposure(brand.id, band0(100), steady(50, 24), np.zeros(24), date(2028, 3, 1), "date")
    found, demands = outlooks(session, {model.id: ahead}, used)
    by_part = {o.part_id: o for o in found}
    # The brand's display rate is 10 / 100 a year, so each display's prior is half of it:
    # A: (6 + 2 + 50 x 0.05) / (100 + 50) a year, B: (2 + 50 x 0.05) / 150; x 100 phone-years.
    assert demands[(model.id, a.id)].mean == pytest.approx(7.0)
    assert demands[(model.id, b.id)].mean == pytest.approx(3.0)
    assert (by_part[a.id].expected, by_part[b.id].expected) == (7, 3)
    assert by_part[a.id].uses_seen == 8 and by_part[a.id].phone_years == 100
    # No battery was ever used on the platform: none expected, none feared.
    assert (by_part[battery.id].expected, by_part[battery.id].upper95) == (0, 0)
    assert by_part[a.id].horizon_end == date(2028, 3, 1) and by_part[a.id].horizon_basis == "date"
    for o in found:
        assert o.expected <= o.upper80 <= o.upper95


def test_stock_gives_the_runway_and_a_brand_that_left_a_last_batch(session, now) -> None:  # type: ignore[no-untyped-def]
    brand = make_brand(session)
    model = make_model(session, brand)
    display = make_part(session, [model], now, kind="display")
    depot = warehouse(session, brand, "IT")
    ledger.move(session, depot.id, display.id, Movement.received, 4, SYSTEM, now, Ref(reason="x"))
    order_parts(session, SYSTEM, depot.id, {display.id: 3}, now.date(), now)
    used = Used([(model.id, display.id, 5, 10.0)], [])
    ahead = Exposure(brand.id, band0(100), steady(50, 24), np.zeros(24), None, "in_use")
    found, demands = outlooks(session, {model.id: ahead}, used)
    [before] = against_stock(session, found, demands)
    assert (before.available, before.on_order, before.last_batch) == (4, 3, None)
    # 10 expected over 24 months, evenly: 7 parts last 16.8 months.
    assert before.runway_months == pytest.approx(16.8)
    set_exit(session, SYSTEM, brand.id, ExitFields(date(2026, 1, 31), "We leave."), now=now)
    [after] = against_stock(session, found, demands)
    assert after.last_batch_reason == "brand_exit"
    assert after.last_batch == after.part_upper95 - 4 - 3 > 0
    assert after.part_upper95 == after.upper95  # one model: the part's bound is the model's
    assert math.isclose(after.runway_months or 0, 16.8)
