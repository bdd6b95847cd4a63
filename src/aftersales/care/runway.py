"""The parts runway on the dashboard: each part's outlook with its label, and the rule of flag
(c), a part whose stock runs out before its country's parts promise ends (decision 200)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.care.outlook import PartOutlook
from aftersales.inventory.models import Part
from aftersales.support.commitments import Term
from aftersales.support.regulation import add_years

MONTH_DAYS = 365.25 / 12  # the forecast's months are calendar months on average


@dataclass(frozen=True)
class PartCare:
    """One part's outlook for a model, with what the part is called."""

    outlook: PartOutlook
    number: str
    names: dict[str, str]

    def name_in(self, lang: str) -> str:
        """Return the part's name in a language, English when that one is not given."""
        return self.names.get(lang) or self.names.get("en", "")

    @property
    def runway_end(self) -> date | None:
        """Return the day the stock runs out at the expected pace (None: past the horizon)."""
        o = self.outlook
        if o.runway_months is None:
            return None
        return o.computed_on + timedelta(days=round(o.runway_months * MONTH_DAYS))


def labelled(session: Session, outlooks: Sequence[PartOutlook]) -> list[PartCare]:
    """Return the outlooks with their parts' numbers and names: one query."""
    if not outlooks:
        return []
    ids = {o.part_id for o in outlooks}
    stmt = select(Part.id, Part.number, Part.names).where(Part.id.in_(ids))
    found = {i: (number, names) for i, number, names in session.execute(stmt)}
    return [PartCare(o, *found[o.part_id]) for o in outlooks]


def runs_short(part: PartCare, term: Term) -> bool:
    """Say whether a part's stock runs out before a country's parts promise ends.

    "Until no longer in use": any runway at all, since the forecast found one shorter than
    its horizon (the phones in use). A day: the runway ends before it. The EU's years after
    a sales end not yet known: before that many years from the forecast's day, at least.
    Nothing stated promises nothing to run short of.
    """
    end = part.runway_end
    if end is None:
        return False
    if term.in_use:
        return True
    if term.until is not None:
        return end < term.until
    if term.years:
        return end < add_years(part.outlook.computed_on, term.years)
    return False


def short_parts(parts: Iterable[PartCare], term: Term) -> tuple[int, ...]:
    """Return the ids of the parts whose runway is shorter than this parts promise."""
    return tuple(p.outlook.part_id for p in parts if runs_short(p, term))
