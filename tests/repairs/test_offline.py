"""The owner's offline days: calendar days without a phone, minus those with a loaner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from aftersales.repairs.offline import offline_days
from tests.repairs import on

ROME = "Europe/Rome"


def test_nothing_counts_before_the_phone_is_handed_in():
    days = offline_days(None, None, [], on(20), ROME)
    assert (days.without_phone, days.with_loaner, days.offline, days.counting) == (0, 0, 0, False)


def test_every_calendar_day_counts_weekends_too():
    # Friday 13 March to Monday 16 March: three days without the phone, two of them a weekend.
    days = offline_days(on(13), on(16, hour=17), [], on(20), ROME)
    assert (days.without_phone, days.offline, days.counting) == (3, 3, False)


def test_an_open_repair_counts_to_today():
    days = offline_days(on(10), None, [], on(12, hour=8), ROME)
    assert (days.without_phone, days.counting) == (2, True)


def test_a_loaner_from_the_hand_in_to_the_collection_leaves_no_day_offline():
    days = offline_days(on(10), on(13), [(on(10, hour=10), on(13, hour=16))], on(20), ROME)
    assert (days.without_phone, days.with_loaner, days.offline) == (3, 3, 0)


def test_a_loaner_given_a_day_late_and_one_still_out():
    # handed in on the 10th; a loaner from the 11th to the 12th, another from the 14th, still out
    loans = [(on(11), on(12)), (on(14), None)]
    days = offline_days(on(10), None, loans, on(16), ROME)
    assert (days.without_phone, days.with_loaner, days.offline) == (6, 3, 3)


def test_days_are_the_centre_s():
    # 22:30 UTC on the 10th is still the 10th in Rome, already the 11th in Ho Chi Minh City
    late = datetime(2026, 3, 10, 22, 30, tzinfo=UTC)
    assert offline_days(late, on(12), [], on(20), "Asia/Ho_Chi_Minh").without_phone == 1
    assert offline_days(late, on(12), [], on(20), ROME).without_phone == 2


@given(
    st.integers(0, 40),
    st.integers(0, 40),
    st.lists(st.tuples(st.integers(-5, 45), st.integers(0, 10)), max_size=4),
)
def test_loaner_days_never_exceed_the_days_without_a_phone(start, length, loans):  # type: ignore[no-untyped-def]
    base = on(1)
    handed = base + timedelta(days=start)
    back = handed + timedelta(days=length)
    spans = [(base + timedelta(days=a), base + timedelta(days=a + b)) for a, b in loans]
    days = offline_days(handed, back, spans, back, ROME)
    assert 0 <= days.with_loaner <= days.without_phone == length
    assert days.offline == days.without_phone - days.with_loaner
