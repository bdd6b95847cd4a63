"""The SLA clock in working days (pure: dates and terms in, figures out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aftersales.kernel.workdays import add_workdays, workdays_between


@dataclass(frozen=True)
class SlaTerms:
    """A turnaround promise: target, at-risk point and loaner point, in working days."""

    target_days: int
    at_risk_days: int
    loaner_days: int
    source: str  # "policy" or "default"


DEFAULT_TERMS = SlaTerms(target_days=10, at_risk_days=7, loaner_days=5, source="default")


@dataclass(frozen=True)
class SlaClock:
    """Where a repair stands against its SLA."""

    started: bool
    elapsed_days: int
    paused_days: int
    due_date: date | None
    state: str  # not_started, on_track, at_risk, breached, met
    loaner_owed: bool
    paused: bool


def sla_clock(
    *,
    terms: SlaTerms,
    country: str,
    week: str,
    today: date,
    started_on: date | None,
    finished_on: date | None,
    paused_workdays: int,
    paused_since: date | None,
) -> SlaClock:
    """Compute elapsed working days (less pauses), due date and state of one repair."""
    if started_on is None:
        return SlaClock(False, 0, 0, None, "not_started", False, False)
    end = finished_on or today
    paused = paused_workdays
    if paused_since is not None and finished_on is None:
        paused += max(0, workdays_between(paused_since, today, country, week))
    elapsed = max(0, workdays_between(started_on, end, country, week) - paused)
    due = add_workdays(started_on, terms.target_days + paused, country, week)
    if finished_on is not None:
        state = "met" if elapsed <= terms.target_days else "breached"
    elif elapsed > terms.target_days:
        state = "breached"
    elif elapsed >= terms.at_risk_days:
        state = "at_risk"
    else:
        state = "on_track"
    loaner = finished_on is None and elapsed >= terms.loaner_days
    return SlaClock(True, elapsed, paused, due, state, loaner, paused_since is not None)
