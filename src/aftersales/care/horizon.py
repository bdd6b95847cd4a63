"""Until when a model's parts are promised: the forecast's horizon, from support commitments.

A model sold in several countries is forecast to the latest of their parts promises: the
brand keeps one stock of the part for all of them (decision 172).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel
from aftersales.devices.models import Phone
from aftersales.support.commitments import Term, supports
from aftersales.support.models import SupportCommitment
from aftersales.support.regulation import add_years


@dataclass(frozen=True)
class Horizon:
    """How a model's parts horizon was found, and its end when a day says it.

    `basis`: "date" (a promised or regulation day), "open" (the EU's years after an end of
    sales not yet known: counted from the forecast's day, at least), "in_use" ("until no
    longer in use") or "none" (nothing stated: parts are wanted while phones are in use).
    For "in_use" and "none" `until` is None: the phones in use decide it.
    """

    basis: str
    until: date | None


def horizons(session: Session, models: list[PhoneModel], as_of: date) -> dict[int, Horizon]:
    """Return each model's parts horizon over the countries where it has phones or promises."""
    ids = [m.id for m in models]
    sold = select(Phone.model_id, Phone.country).where(Phone.model_id.in_(ids))
    promised = select(SupportCommitment.model_id, SupportCommitment.country).where(
        SupportCommitment.model_id.in_(ids)
    )
    countries: dict[int, set[str]] = {}
    for model_id, country in session.execute(sold.union(promised)):
        countries.setdefault(model_id, set()).add(country)
    pairs = [(m, c) for m in models for c in sorted(countries.get(m.id, set()))]
    found = supports(session, pairs, as_of)
    terms: dict[int, list[Term]] = {}
    for (model_id, _), support in found.items():
        terms.setdefault(model_id, []).append(support.terms["parts"])
    return {m.id: _combined(terms.get(m.id, []), as_of) for m in models}


def _combined(terms: list[Term], as_of: date) -> Horizon:
    """Return the longest of a model's parts terms across countries."""
    if any(t.in_use for t in terms):
        return Horizon("in_use", None)
    days = [(t.until, "date") for t in terms if t.until is not None]
    days += [(add_years(as_of, t.years), "open") for t in terms if t.until is None and t.years]
    if not days:
        return Horizon("none", None)
    until, basis = max(days)
    return Horizon(basis, until)
