"""The SLA clock in working days: states, pauses, due dates across real holidays."""

from __future__ import annotations

from datetime import date

import pytest

from aftersales.kernel.workdays import is_workday
from aftersales.sla.clock import DEFAULT_TERMS, SlaClock, SlaTerms, sla_clock

TERMS = SlaTerms(target_days=10, at_risk_days=7, loaner_days=5, source="policy")
MON_FRI, MON_SAT = "1111100", "1111110"


def clock(
    today: date,
    started_on: date | None,
    *,
    finished_on: date | None = None,
    paused_workdays: int = 0,
    paused_since: date | None = None,
    country: str = "IT",
    week: str = MON_FRI,
    terms: SlaTerms = TERMS,
) -> SlaClock:
    return sla_clock(
        terms=terms,
        country=country,
        week=week,
        today=today,
        started_on=started_on,
        finished_on=finished_on,
        paused_workdays=paused_workdays,
        paused_since=paused_since,
    )


def test_default_terms_are_10_7_5() -> None:
    assert (DEFAULT_TERMS.target_days, DEFAULT_TERMS.at_risk_days) == (10, 7)
    assert (DEFAULT_TERMS.loaner_days, DEFAULT_TERMS.source) == (5, "default")


def test_not_started_until_the_phone_enters_the_service() -> None:
    c = clock(date(2026, 3, 20), None)
    assert c == SlaClock(False, 0, 0, None, "not_started", False, False)


# Received Monday 2 March 2026 (no Italian holidays in March 2026).
START = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("today", "elapsed", "state", "loaner"),
    [
        (date(2026, 3, 2), 0, "on_track", False),  # the day it arrived
        (date(2026, 3, 6), 4, "on_track", False),  # Friday
        (date(2026, 3, 8), 4, "on_track", False),  # Sunday: the weekend adds nothing
        (date(2026, 3, 9), 5, "on_track", True),  # the loaner point
        (date(2026, 3, 10), 6, "on_track", True),
        (date(2026, 3, 11), 7, "at_risk", True),  # the at-risk point
        (date(2026, 3, 16), 10, "at_risk", True),  # the target day itself is not late
        (date(2026, 3, 17), 11, "breached", True),
    ],
)
def test_states_of_an_open_repair(today: date, elapsed: int, state: str, loaner: bool) -> None:
    c = clock(today, START)
    assert c.started
    assert c.elapsed_days == elapsed
    assert c.state == state
    assert c.loaner_owed is loaner
    assert c.due_date == date(2026, 3, 16)  # 10 working days after Monday 2 March
    assert not c.paused


@pytest.mark.parametrize(
    ("finished", "state", "elapsed"),
    [(date(2026, 3, 16), "met", 10), (date(2026, 3, 17), "breached", 11)],
)
def test_finished_repair_is_met_or_breached_for_good(
    finished: date, state: str, elapsed: int
) -> None:
    c = clock(date(2026, 6, 1), START, finished_on=finished)
    assert (c.state, c.elapsed_days) == (state, elapsed)
    assert not c.loaner_owed  # the phone is back: no loaner owed any more


def test_a_closed_pause_is_subtracted_and_pushes_the_due_date() -> None:
    c = clock(date(2026, 3, 17), START, paused_workdays=3)
    assert c.elapsed_days == 11 - 3
    assert c.paused_days == 3
    assert c.state == "at_risk"
    assert c.due_date == date(2026, 3, 19)  # 13 working days after 2 March
    assert not c.paused


def test_an_open_pause_keeps_growing_and_stops_the_clock() -> None:
    # Waiting for the owner since Wednesday 4 March.
    monday = clock(date(2026, 3, 9), START, paused_since=date(2026, 3, 4))
    friday = clock(date(2026, 3, 13), START, paused_since=date(2026, 3, 4))
    assert monday.paused and friday.paused
    assert monday.paused_days == 3  # Thursday, Friday, Monday
    assert friday.paused_days == 7
    assert monday.elapsed_days == friday.elapsed_days == 2  # Tuesday and Wednesday only
    assert friday.state == "on_track"
    assert friday.due_date == date(2026, 3, 25)  # 10 + 7 working days after 2 March


def test_both_pauses_add_up() -> None:
    c = clock(date(2026, 3, 13), START, paused_workdays=2, paused_since=date(2026, 3, 11))
    assert c.paused_days == 2 + 2  # earlier pause, then Thursday 12 and Friday 13
    assert c.elapsed_days == 9 - 4


def test_elapsed_never_goes_negative() -> None:
    c = clock(date(2026, 3, 3), START, paused_workdays=5)
    assert c.elapsed_days == 0
    assert c.state == "on_track"


def test_due_date_across_christmas_in_italy() -> None:
    # Received Friday 19 December 2025; Christmas (Thu 25), Santo Stefano (Fri 26),
    # New Year's Day (Thu 1) and Epiphany (Tue 6) are not working days.
    c = clock(date(2025, 12, 19), date(2025, 12, 19))
    # 22, 23, 24, 29, 30, 31 Dec, 2, 5, 7, 8 Jan.
    assert c.due_date == date(2026, 1, 8)
    assert is_workday(c.due_date, "IT")


def test_due_date_across_easter_monday_and_25_april() -> None:
    # Received Wednesday 1 April 2026: Easter Monday 6 April is off.
    c = clock(date(2026, 4, 1), date(2026, 4, 1))
    assert c.due_date == date(2026, 4, 16)  # 2, 3, 7, 8, 9, 10, 13, 14, 15, 16 April


def test_due_date_across_tet_with_saturdays_worked() -> None:
    # Received Thursday 12 February 2026 at a centre open Monday to Saturday.
    c = clock(date(2026, 2, 12), date(2026, 2, 12), country="VN", week=MON_SAT)
    # 13, 14 Feb; Tết 16-20 Feb; 21, 23, 24, 25, 26, 27, 28 Feb, 2 March.
    assert c.due_date == date(2026, 3, 2)
    monday_fri = clock(date(2026, 2, 12), date(2026, 2, 12), country="VN", week=MON_FRI)
    # Without Saturdays: 13 Feb; 23-27 Feb; 2, 3, 4, 5 March.
    assert monday_fri.due_date == date(2026, 3, 5)


def test_elapsed_days_across_tet() -> None:
    # From Friday 13 to Monday 23 February 2026, only Monday 23 is worked (Monday-Friday).
    c = clock(date(2026, 2, 23), date(2026, 2, 13), country="VN")
    assert c.elapsed_days == 1
    assert c.state == "on_track"


def test_terms_change_the_thresholds() -> None:
    tight = SlaTerms(target_days=3, at_risk_days=1, loaner_days=0, source="policy")
    c = clock(date(2026, 3, 3), START, terms=tight)
    assert (c.elapsed_days, c.state, c.loaner_owed) == (1, "at_risk", True)
    assert c.due_date == date(2026, 3, 5)
    assert clock(date(2026, 3, 6), START, terms=tight).state == "breached"
