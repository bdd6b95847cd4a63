"""Each dashboard figure as CSV: the API's fields, one file per figure (decision 263).

Headers are stable English codes whatever the reader's language; rates are decimals (0.8100),
months ISO days; a cell a spreadsheet would run as a formula is quoted. Figures with parts
(turnaround: days and steps) say the part in the first column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from aftersales.insights.present import InsightsRead

FORMULA = ("=", "+", "-", "@", "\t", "\r")
Rows = Iterable[list[Any]]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, int):
        return str(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA) else text


def _problems(r: InsightsRead) -> Rows:
    yield ["model_id", "model", "fault_category", "reports", "in_use", "per_thousand"]
    for m in r.problems:
        yield [m.model_id, m.model, "", m.reports, m.in_use, m.per_thousand]
        for f in m.faults:
            yield [m.model_id, m.model, f.fault_category, f.reports, m.in_use, f.per_thousand]


def _turnaround(r: InsightsRead) -> Rows:
    t = r.turnaround
    yield ["part", "key", "repairs", "days", "mean_days"]
    yield ["summary", "median", t.n, t.median, None]
    yield ["summary", "p90", t.n, t.p90, None]
    yield ["summary", "mean", t.n, None, t.mean]
    for d in t.days:
        yield ["distribution", str(d.days), d.repairs, d.days, None]
    for s in t.steps:
        yield ["step", s.step, s.repairs, s.days, s.mean_days]


def _sla(r: InsightsRead) -> Rows:
    yield ["month", "measured", "met", "rate"]
    for m in r.sla.months:
        yield [m.month, m.measured, m.met, m.rate]


def _backlog(r: InsightsRead) -> Rows:
    yield ["part", "key", "repairs"]
    for s in r.backlog.by_status:
        yield ["status", s.key, s.repairs]
    for a in r.backlog.by_age:
        yield ["age_workdays", a.key, a.repairs]


def _fixes(r: InsightsRead) -> Rows:
    f = r.first_time_fix
    yield ["closed", "fixed_first_time", "rate", "came_back", "opened", "repeats", "repeat_rate"]
    yield [f.closed, f.fixed_first_time, f.rate, f.came_back, f.opened, f.repeats, f.repeat_rate]


def _contacts(r: InsightsRead) -> Rows:
    c = r.contacts
    yield ["part", "key", "repairs", "value"]
    yield ["contacts", "contacts", c.repairs, c.contacts]
    yield ["contacts", "per_repair", c.repairs, c.per_repair]
    yield ["contacts", "without", c.repairs, c.without]
    yield ["contacts", "without_rate", c.repairs, c.without_rate]
    yield ["offline", "median_days", c.offline.n, c.offline.median]
    yield ["offline", "p90_days", c.offline.n, c.offline.p90]
    yield ["offline", "mean_days", c.offline.n, c.offline.mean]
    for d in c.offline.days:
        yield ["offline_days", str(d.days), d.repairs, d.days]


def _satisfaction(r: InsightsRead) -> Rows:
    s = r.satisfaction
    yield ["turnaround_workdays", "answers", "top2", "rate"]
    yield ["all", s.answers, s.top2, s.rate]
    for b in s.by_turnaround:
        yield [b.bucket, b.answers, b.top2, b.rate]


def _expected(r: InsightsRead) -> Rows:
    e = r.expected
    yield ["days_late", "repairs"]
    for d in e.errors:
        yield [d.days, d.repairs]


TABLES: dict[str, Callable[[InsightsRead], Rows]] = {
    "problems": _problems,
    "turnaround": _turnaround,
    "sla": _sla,
    "backlog": _backlog,
    "fixes": _fixes,
    "contacts": _contacts,
    "satisfaction": _satisfaction,
    "expected": _expected,
}


def to_csv(name: str, r: InsightsRead) -> str:
    """Return one figure as CSV text (CRLF, as RFC 4180)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [_cell(v) for v in row] for row in TABLES[name](r)
    )
    return out.getvalue()
