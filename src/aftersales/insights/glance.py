"""What a dashboard shows first and which charts have something to draw.

One list for the page's "at a glance" card and the PDF's first lines, and one rule per chart
for when it is drawn (else the reader is told there is nothing to count), so the page and the
PDF never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from aftersales.insights.present import InsightsRead
from aftersales.kernel.i18n import N_

Kind = Literal["decimal", "rate", "count"]
Fact = tuple[str, Kind, Callable[[InsightsRead], float | int | None]]

GLANCE: tuple[Fact, ...] = (
    (N_("Turnaround, median (working days)"), "decimal", lambda r: r.turnaround.median),
    (N_("Turnaround, 90th percentile (working days)"), "decimal", lambda r: r.turnaround.p90),
    (N_("Within the SLA"), "rate", lambda r: r.sla.rate),
    (N_("Open repairs now"), "count", lambda r: r.backlog.total),
    (N_("Fixed the first time"), "rate", lambda r: r.first_time_fix.rate),
    (N_("Contacts per repair (the aim is zero)"), "decimal", lambda r: r.contacts.per_repair),
    (N_("Top-2-box satisfaction"), "rate", lambda r: r.satisfaction.rate),
    (N_("Ready by the date first given"), "rate", lambda r: r.expected.on_time_rate),
)

DRAWN: dict[str, Callable[[InsightsRead], bool]] = {
    "problems": lambda r: bool(r.problems),
    "turnaround": lambda r: r.turnaround.n > 0,
    "steps": lambda r: r.turnaround.n > 0,
    "sla": lambda r: r.sla.measured > 0,
    "backlog": lambda r: r.backlog.total > 0,
    "age": lambda r: r.backlog.total > 0,
    "fixes": lambda r: r.first_time_fix.closed > 0 or r.first_time_fix.opened > 0,
    "offline": lambda r: r.contacts.offline.n > 0,
    "satisfaction": lambda r: r.satisfaction.answers > 0,
    "expected": lambda r: r.expected.measured > 0,
}


def glance(r: InsightsRead) -> list[tuple[str, Kind, float | int | None]]:
    """Return the first figures: (words to translate, how to write it, the value or None)."""
    return [(label, kind, value(r)) for label, kind, value in GLANCE]


def drawn(r: InsightsRead) -> dict[str, bool]:
    """Return, per chart, whether it has anything to draw."""
    return {name: has(r) for name, has in DRAWN.items()}
