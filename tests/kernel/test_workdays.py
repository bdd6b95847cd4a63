"""Working days from real holiday calendars: Italy Monday-Friday, Vietnam with Saturdays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.workdays import (
    add_workdays,
    check_week,
    is_workday,
    public_holidays,
    workdays_between,
)

MON_SAT = "1111110"

# Italian national holidays on weekdays (independently known dates).
ITALIAN_WEEKDAY_HOLIDAYS = [
    date(2025, 8, 15),  # Ferragosto, a Friday
    date(2025, 12, 25),  # Christmas, a Thursday
    date(2025, 12, 26),  # Santo Stefano, a Friday
    date(2026, 1, 1),  # New Year's Day
    date(2026, 1, 6),  # Epiphany
    date(2026, 4, 6),  # Easter Monday 2026
    date(2025, 4, 25),  # Liberation Day 2025, a Friday
    date(2026, 5, 1),  # Labour Day, a Friday
    date(2026, 6, 2),  # Republic Day, a Tuesday
    date(2026, 12, 8),  # Immaculate Conception, a Tuesday
]

# Tết 2026: the lunar new year falls on Tuesday 17 February 2026; Vietnam's five days
# off run from the eve (Monday 16) to the fourth day (Friday 20).
TET_2026 = [date(2026, 2, d) for d in range(16, 21)]


def count_one_by_one(start: date, end: date, country: str, week: str) -> int:
    """Count working days in (start, end] by walking the calendar a day at a time."""
    days = (end - start).days
    return sum(is_workday(start + timedelta(i), country, week) for i in range(1, days + 1))


@pytest.mark.parametrize("day", ITALIAN_WEEKDAY_HOLIDAYS, ids=str)
def test_italian_holidays_are_not_working_days(day: date) -> None:
    assert day.weekday() < 5  # a weekday: only the holiday makes it a day off
    assert day in public_holidays("IT")
    assert not is_workday(day, "IT")


def test_ferragosto_is_15_august_every_year() -> None:
    holidays_it = public_holidays("it")  # lower-case country codes are accepted
    for year in range(2020, 2031):
        assert date(year, 8, 15) in holidays_it


def test_easter_monday_2026_is_6_april() -> None:
    assert public_holidays("IT")[date(2026, 4, 6)] == "Easter Monday"
    assert is_workday(date(2026, 4, 7), "IT")  # the Tuesday after is an ordinary day


def test_weekends_are_off_and_ordinary_weekdays_are_working_days_in_italy() -> None:
    week = [date(2026, 3, 9) + timedelta(days=i) for i in range(7)]  # Mon 9 .. Sun 15 March
    assert [is_workday(d, "IT") for d in week] == [True] * 5 + [False] * 2


@pytest.mark.parametrize("day", TET_2026, ids=str)
def test_tet_2026_days_are_not_working_days(day: date) -> None:
    assert day in public_holidays("VN")
    assert not is_workday(day, "VN")
    assert not is_workday(day, "VN", MON_SAT)


def test_tet_is_17_february_2026() -> None:
    assert public_holidays("VN")[date(2026, 2, 17)] == "Lunar New Year"


def test_saturday_is_a_working_day_for_a_monday_to_saturday_week() -> None:
    saturday = date(2026, 3, 14)
    assert saturday.weekday() == 5
    assert is_workday(saturday, "VN", MON_SAT)
    assert not is_workday(saturday, "VN")  # default week: Monday to Friday
    assert not is_workday(saturday + timedelta(days=1), "VN", MON_SAT)  # Sunday


def test_italian_holidays_are_not_vietnamese_ones() -> None:
    assert is_workday(date(2025, 8, 15), "VN")
    assert is_workday(date(2026, 6, 2), "VN")


# --- workdays_between counts (start, end] -------------------------------------------


def test_friday_to_monday_is_one_working_day() -> None:
    assert workdays_between(date(2026, 3, 13), date(2026, 3, 16), "IT") == 1


def test_same_day_and_backwards_count_nothing() -> None:
    assert workdays_between(date(2026, 3, 10), date(2026, 3, 10), "IT") == 0
    assert workdays_between(date(2026, 3, 16), date(2026, 3, 13), "IT") <= 0


@pytest.mark.parametrize(
    ("start", "end", "country", "week", "expected"),
    [
        # Wed 24 Dec 2025 -> Mon 29 Dec: Christmas, Santo Stefano, weekend; only Monday counts.
        (date(2025, 12, 24), date(2025, 12, 29), "IT", "1111100", 1),
        # Thu 14 Aug 2025 -> Mon 18 Aug: Ferragosto (Fri) and the weekend; Monday counts.
        (date(2025, 8, 14), date(2025, 8, 18), "IT", "1111100", 1),
        # Thu 2 Apr 2026 -> Tue 7 Apr: Fri 3, then weekend, Easter Monday; Fri and Tue count.
        (date(2026, 4, 2), date(2026, 4, 7), "IT", "1111100", 2),
        # Thu 30 Apr 2026 -> Wed 3 Jun 2026: May 2026 starts on a Friday and has 21
        # weekdays, less 1 May; then Mon 1 and Wed 3 June (2 June is off): 20 + 2.
        (date(2026, 4, 30), date(2026, 6, 3), "IT", "1111100", 22),
        # Fri 13 Feb 2026 -> Mon 23 Feb in Vietnam: Tết takes Mon-Fri; only Mon 23 counts.
        (date(2026, 2, 13), date(2026, 2, 23), "VN", "1111100", 1),
        # Same span, Saturdays worked: Sat 14, Sat 21 and Mon 23 count.
        (date(2026, 2, 13), date(2026, 2, 23), "VN", MON_SAT, 3),
    ],
)
def test_workdays_between_across_holidays_and_weekends(
    start: date, end: date, country: str, week: str, expected: int
) -> None:
    assert workdays_between(start, end, country, week) == expected
    assert count_one_by_one(start, end, country, week) == expected


# --- add_workdays returns the first date by which n working days have elapsed --------


@pytest.mark.parametrize(
    ("start", "n", "country", "week", "expected"),
    [
        (date(2025, 12, 24), 1, "IT", "1111100", date(2025, 12, 29)),
        (date(2025, 8, 14), 1, "IT", "1111100", date(2025, 8, 18)),
        (date(2026, 4, 3), 1, "IT", "1111100", date(2026, 4, 7)),  # over Easter Monday
        (date(2026, 4, 24), 1, "IT", "1111100", date(2026, 4, 27)),  # 25 April is a Saturday
        (date(2026, 4, 30), 1, "IT", "1111100", date(2026, 5, 4)),  # over 1 May
        (date(2026, 6, 1), 1, "IT", "1111100", date(2026, 6, 3)),  # over 2 June
        (date(2026, 3, 14), 1, "IT", "1111100", date(2026, 3, 16)),  # from a Saturday
        (date(2026, 3, 15), 1, "IT", "1111100", date(2026, 3, 16)),  # from a Sunday
        (date(2026, 2, 13), 1, "VN", "1111100", date(2026, 2, 23)),  # over Tết
        (date(2026, 2, 13), 1, "VN", MON_SAT, date(2026, 2, 14)),  # the Saturday counts
        (date(2026, 2, 14), 1, "VN", MON_SAT, date(2026, 2, 21)),  # over Tết, to a Saturday
        (date(2026, 3, 10), 0, "IT", "1111100", date(2026, 3, 10)),
    ],
)
def test_add_workdays_across_holidays_and_weekends(
    start: date, n: int, country: str, week: str, expected: date
) -> None:
    assert add_workdays(start, n, country, week) == expected


def test_add_workdays_lands_on_a_working_day_and_no_earlier_date_would_do() -> None:
    start = date(2025, 12, 19)  # Friday before Christmas
    result = add_workdays(start, 5, "IT")
    assert is_workday(result, "IT")
    assert workdays_between(start, result, "IT") == 5
    assert workdays_between(start, result - timedelta(days=1), "IT") == 4


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2016, 1, 1), max_value=date(2039, 1, 1)),
    n=st.integers(min_value=0, max_value=60),
    country=st.sampled_from(["IT", "VN"]),
    week=st.sampled_from(["1111100", MON_SAT, "0111110", "1010101"]),
)
def test_add_then_count_gives_back_n(start: date, n: int, country: str, week: str) -> None:
    result = add_workdays(start, n, country, week)
    assert result >= start
    assert workdays_between(start, result, country, week) == n
    if n > 0:
        assert is_workday(result, country, week)
        assert workdays_between(start, result - timedelta(days=1), country, week) == n - 1


@settings(max_examples=100, deadline=None)
@given(
    start=st.dates(min_value=date(2016, 1, 1), max_value=date(2039, 1, 1)),
    span=st.integers(min_value=0, max_value=40),
    country=st.sampled_from(["IT", "VN"]),
    week=st.sampled_from(["1111100", MON_SAT]),
)
def test_counting_agrees_with_walking_the_calendar(
    start: date, span: int, country: str, week: str
) -> None:
    end = start + timedelta(days=span)
    assert workdays_between(start, end, country, week) == count_one_by_one(
        start, end, country, week
    )


# --- inputs -------------------------------------------------------------------------


@pytest.mark.parametrize("week", ["111110", "11111000", "1111102", "0000000", "abcdefg"])
def test_invalid_working_weeks_are_refused(week: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        check_week(week)
    assert "working_week" in info.value.errors
    with pytest.raises(ValidationFailed):
        is_workday(date(2026, 3, 10), "IT", week)


def test_unknown_country_is_refused_clearly() -> None:
    with pytest.raises(ValidationFailed) as info:
        public_holidays("XX")
    assert "XX" in info.value.detail
    assert "country" in info.value.errors
