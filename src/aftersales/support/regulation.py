"""The EU's minimum support of smartphones, from Regulation (EU) 2023/1670, as one table.

Commission Regulation (EU) 2023/1670 of 16 June 2023 laying down ecodesign requirements for
smartphones, mobile phones other than smartphones, cordless phones and slate tablets (OJ L 214,
31.8.2023, p. 47). Its periods count from the *end of placement on the market* of the last unit
of a model in the Union: on the platform, the latest end-of-sales date on file for the model in
any EU country (else the model's own). It applies from 20 June 2025 (Article 10): a model whose
last unit was placed on the EU market earlier is not bound by it, and the platform then uses its
figures as a default only, never as a floor (decision 161).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from aftersales.kernel.countries import in_eu

REGULATION = "Regulation (EU) 2023/1670"
APPLIES_FROM = date(2025, 6, 20)  # Article 10


@dataclass(frozen=True)
class Minimum:
    """One figure of the regulation, with what it counts and where it is written."""

    figure: int
    unit: str  # "years" or "working days"
    counts_from: str
    source: str  # the Annex and point of Regulation (EU) 2023/1670


# The table: what a smartphone's maker owes in the EU at least. Warranty and repair service
# have no figure here: the regulation sets none (the legal guarantee is per phone, see warranty).
EU_SMARTPHONE = {
    # Spare parts (battery, display, cameras, charging port, buttons, microphone, speakers,
    # hinges, back cover...) to professional repairers, and some to end users.
    "parts": Minimum(
        7, "years", "end of placement on the market", "Annex II, Part B, point 1.1(1)"
    ),
    # Security, corrective and functionality updates of the operating system, at no cost.
    "updates": Minimum(
        5, "years", "end of placement on the market", "Annex II, Part B, point 1.2(6)(a)"
    ),
    # Delivery of a spare part to a repairer, after receipt of the order.
    "delivery": Minimum(
        5, "working days", "receipt of the order", "Annex II, Part B, point 1.1(3)"
    ),
    # The longest delivery the point allows (its point (a)(ii)): after the end of placement on
    # the market, as the Commission's correction notified as G/TBT/N/EU/1132 (2025) reads it.
    # Refusals use this figure: no reading of the point allows longer (decision 162).
    "delivery_longest": Minimum(
        10, "working days", "receipt of the order", "Annex II, Part B, point 1.1(3)(a)(ii)"
    ),
}
KINDS = ("warranty", "repair", "parts", "updates")  # what a commitment promises until a day
BY_REGULATION = ("parts", "updates")  # of them, those the regulation sets a minimum for


def add_years(day: date, years: int) -> date:
    """Return the same day `years` later (29 February: 28 February; past year 9999: its end)."""
    if day.year + years > date.max.year:
        return date.max
    last = calendar.monthrange(day.year + years, day.month)[1]
    return day.replace(year=day.year + years, day=min(day.day, last))


def binds(country: str, union_end_of_sale: date | None) -> bool:
    """Say whether the regulation's minimums bind a model in a country.

    Only in the EU, and only for models on the Union market on or after 20 June 2025: still
    sold (no end of sales on file), or sold until that day or later.
    """
    if not in_eu(country):
        return False
    return union_end_of_sale is None or union_end_of_sale >= APPLIES_FROM


def delivery_days(union_end_of_sale: date | None, on: date) -> int:
    """Return the EU's longest parts delivery on a day: 5 working days while the model is on
    the Union market, 10 after (point 1.1(3) as the Commission's correction reads it)."""
    if union_end_of_sale is None or on <= union_end_of_sale:
        return EU_SMARTPHONE["delivery"].figure
    return EU_SMARTPHONE["delivery_longest"].figure


def minimum_until(kind: str, union_end_of_sale: date | None) -> date | None:
    """Return the day the regulation's period of `kind` ends at the earliest, if it can tell."""
    rule = EU_SMARTPHONE.get(kind)
    if rule is None or union_end_of_sale is None:
        return None
    return add_years(union_end_of_sale, rule.figure)
