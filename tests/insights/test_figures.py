"""Every dashboard figure against the hand-written history (tests/insights/history.py).

The numbers below are worked out by hand from the history, not by the code under test:

R1 M1 display C1: received Mon 2 Feb, transit to Thu 5 (3 wd), diagnosis to Mon 9 (2),
   owner to Wed 11 (2), repair to Fri 13 ready (2); TAT 7, met; closed Mon 16, repaired.
   2 contacts; offline (2, 16 Feb] = 14 days; survey 5; promised Thu 12, ready 13: +1.
R2 M1 display C1: transit 1, diagnosis 1, parts Wed 4 to Tue 10 (4), repair 1; TAT 7, met;
   closed 11 Feb, replaced. No contact; loaner 4-11 Feb: offline 9 - 7 = 2; survey 3;
   first promise: the first move's old date, Mon 9 Feb; ready Wed 11: +2.
R3 M2 battery C1: diagnosis 1; TAT 1, met; closed Thu 5 Feb, repaired, but the phone came
   back on 2 Mar (R4): not fixed first time. 1 contact; offline 2; no survey; promised
   Fri 6, ready Wed 4: -2 (on time).
R4 M2 battery C1: opened 2 Mar, a repeat of R3; open, diagnosing since Mon 2 Mar: 6 wd.
R5 M1 battery C2: transit 1, diagnosis Tue 10 to Fri 27 (13); TAT 14, breached; closed
   Mon 2 Mar (a March closing), returned unrepaired. 3 contacts; offline (9 Feb, 2 Mar] = 21;
   survey 4; promised Fri 20, ready Fri 27: +5.
R6 M2 display C1: cancelled: counted nowhere. R7 M1 display C2: a booking of Mon 9 Mar,
   registered: 1 wd old on Tue 10 Mar. R8 brand B, M3 display C1: TAT 2, met, closed 12 Feb.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from aftersales.insights import queries
from aftersales.insights.figures import ERR_LOW, Distribution, Filters, Scope
from aftersales.insights.rollup import refresh
from tests.insights.history import History

FEB_MAR = Filters(date(2026, 2, 1), date(2026, 3, 31))


@pytest.fixture()
def h(session: Session, now: datetime) -> History:
    """The history, counted by the worker at `now` (Tue 10 Mar 2026)."""
    hist = History(session)
    refresh(session, now)
    return hist


def test_brand_dashboard_by_hand(session: Session, now: datetime, h: History) -> None:
    d = queries.dashboard(session, Scope.brand(h.a.id), FEB_MAR, now)
    assert d.counted_at == now
    assert [m.month for m in d.sla.months] == [date(2026, 2, 1), date(2026, 3, 1)]
    # turnaround of R1, R2, R3, R5: 7, 7, 1, 14
    assert d.turnaround.days.n == 4
    assert d.turnaround.median == 7
    assert d.turnaround.p90 == 14
    assert d.turnaround.days.mean == pytest.approx(29 / 4)
    steps = {s.step: (s.repairs, s.days) for s in d.turnaround.steps}
    assert steps == {
        "transit": (4, 3 + 1 + 0 + 1),
        "diagnosis": (4, 2 + 1 + 1 + 13),
        "parts": (4, 4),
        "owner": (4, 2),
        "repair": (4, 2 + 1),
    }
    assert [(m.measured, m.met) for m in d.sla.months] == [(3, 3), (1, 0)]
    assert d.sla.rate == pytest.approx(3 / 4)
    ftf = d.first_time_fix
    assert (ftf.closed, ftf.fixed_first_time, ftf.came_back) == (4, 2, 1)
    assert (ftf.opened, ftf.repeats) == (6, 1)
    assert ftf.rate == pytest.approx(0.5)
    assert (d.contacts.repairs, d.contacts.contacts, d.contacts.without) == (4, 6, 1)
    assert d.contacts.per_repair == pytest.approx(1.5)
    # offline 14, 2, 2, 21
    assert (d.offline.days.n, d.offline.days.median, d.offline.days.p90) == (4, 2, 21)
    assert d.offline.days.total_days == 39
    sat = d.satisfaction
    assert (sat.answers, sat.top2) == (3, 2)
    assert [(b.answers, b.top2) for b in sat.by_turnaround] == [(0, 0), (0, 0), (2, 1), (1, 1)]
    e = d.expected
    assert (e.measured, e.on_time, e.total_abs_days) == (4, 1, 10)
    assert {i + ERR_LOW: n for i, n in enumerate(e.errors) if n} == {-2: 1, 1: 1, 2: 1, 5: 1}
    assert e.error_percentile(50) == 1
    # open: R4 diagnosing 6 wd old, R7 registered 1 wd old
    assert d.backlog.by_status == (("registered", 1), ("diagnosing", 1))
    assert d.backlog.by_age == (1, 0, 1, 0)
    # problems: M1 4 reports over a mean 2,000 in use in Feb-Mar; M2 2 over 500 (latest count)
    rows = [(m.model_id, m.reports, m.in_use, m.per_thousand) for m in d.problems.models]
    assert rows == [(h.m2.id, 2, 500, 4.0), (h.m1.id, 4, 2000, 2.0)]
    assert d.problems.models[1].by_fault == (("display", 3, 1.5), ("battery", 1, 0.5))


def test_centre_scope_sees_its_own_repairs_of_every_brand(
    session: Session, now: datetime, h: History
) -> None:
    d = queries.dashboard(session, Scope.centre(h.c1.id), FEB_MAR, now)
    # closed at C1: R1, R2, R3 (brand A), R8 (brand B): 7, 7, 1, 2
    assert (d.turnaround.days.n, d.turnaround.median, d.turnaround.p90) == (4, 2, 7)
    assert d.backlog.by_status == (("diagnosing", 1),)
    assert {m.model_id for m in d.problems.models} == {h.m1.id, h.m2.id, h.m3.id}
    assert (d.first_time_fix.opened, d.first_time_fix.repeats) == (5, 1)


def test_filters(session: Session, now: datetime, h: History) -> None:
    brand = Scope.brand(h.a.id)
    by_model = queries.turnaround(session, brand, Filters(date(2026, 2, 1), date(2026, 3, 1),
                                                          model_id=h.m1.id), now)  # fmt: skip
    assert (by_model.days.n, by_model.median, by_model.p90) == (3, 7, 14)
    battery = Filters(date(2026, 2, 1), date(2026, 3, 1), fault_category="battery")
    assert queries.first_time_fix(session, brand, battery, now).opened == 3
    assert queries.turnaround(session, brand, battery, now).days.n == 2
    march = Filters(date(2026, 3, 1), date(2026, 3, 1))
    assert queries.turnaround(session, brand, march, now).days.n == 1
    assert queries.first_time_fix(session, brand, march, now).opened == 2
    c2 = Filters(date(2026, 2, 1), date(2026, 3, 1), centre_id=h.c2.id)
    assert queries.contacts(session, brand, c2, now).contacts == 3
    assert queries.backlog(session, brand, c2, now).by_status == (("registered", 1),)
    assert queries.turnaround(session, brand, Filters(country="VN"), now).days.n == 0
    # another brand sees none of brand A's repairs
    other = queries.dashboard(session, Scope.brand(h.b.id), FEB_MAR, now)
    assert other.turnaround.days.n == 1
    assert other.backlog.total == 0


def test_a_part_of_the_network_gets_reports_without_a_rate_per_thousand(
    session: Session, now: datetime, h: History
) -> None:
    whole = queries.problems(session, Scope.brand(h.a.id), FEB_MAR, now)
    assert whole.rated and all(m.per_thousand is not None for m in whole.models)
    at_c2 = Filters(FEB_MAR.first_month, FEB_MAR.last_month, centre_id=h.c2.id)
    for scope, filters in ((Scope.centre(h.c1.id), FEB_MAR), (Scope.brand(h.a.id), at_c2),
                           (Scope.brand(h.a.id), Filters(country="IT"))):  # fmt: skip
        part = queries.problems(session, scope, filters, now)
        assert not part.rated and part.models
        assert all(m.per_thousand is None and m.in_use is not None for m in part.models[:1])
        assert all(f[2] is None for m in part.models for f in m.by_fault)
        # the most reports first, as no rate orders them
        assert [m.reports for m in part.models] == sorted((m.reports for m in part.models),
                                                          reverse=True)  # fmt: skip


def test_default_period_is_the_last_twelve_months(now: datetime) -> None:
    period = Filters().period(now)
    assert (period.first, period.last) == (date(2025, 4, 1), date(2026, 3, 1))
    assert len(period.months) == 12


def test_an_empty_scope_has_empty_figures(session: Session, now: datetime) -> None:
    d = queries.dashboard(session, Scope.brand(-1), Filters(), now)
    assert d.turnaround.median is None
    assert d.sla.rate is None
    assert len(d.sla.months) == 12
    assert d.problems.models == ()
    assert d.backlog.total == 0


def test_the_dashboard_takes_a_few_queries(session: Session, now: datetime, h: History) -> None:
    seen: list[str] = []
    engine = session.get_bind()

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        queries.dashboard(session, Scope.brand(h.a.id), FEB_MAR, now)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # sums, run, problems, model names, in-use curve and count, backlog: whatever the size
    assert len(seen) <= 7, seen


def test_percentiles_are_nearest_rank_over_whole_days() -> None:
    # days 1, 3, 3, 3, 60-or-more: median the 3rd value, p90 the 5th
    d = Distribution((0, 1, 0, 3) + (0,) * 56 + (1,), total_days=1 + 9 + 75)
    assert (d.n, d.median, d.p90, d.percentile(20)) == (5, 3, 60, 1)
    assert d.mean == pytest.approx(85 / 5)
    assert Distribution().median is None


def test_a_scope_is_one_brand_or_one_centre() -> None:
    with pytest.raises(ValueError):
        Scope()
    with pytest.raises(ValueError):
        Scope(brand_id=1, centre_id=2)


def test_choices(session: Session, h: History) -> None:
    brand = queries.choices(session, Scope.brand(h.a.id))
    assert {i for i, _ in brand.models} == {h.m1.id, h.m2.id}
    assert {i for i, _ in brand.centres} == {h.c1.id, h.c2.id}
    assert brand.countries == ("IT",)
    assert "display" in brand.faults
    centre = queries.choices(session, Scope.centre(h.c2.id))
    assert [i for i, _ in centre.models] == [h.m1.id]  # R5 and R7, both M1
    assert [i for i, _ in centre.centres] == [h.c2.id]
