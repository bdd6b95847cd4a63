"""Use cases of commitments: set a model's promise in a country from a day on, and read the
support in force, the EU's minimums filling what a brand left unsaid (support.regulation)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.models import PhoneModel
from aftersales.catalog.service import check_country
from aftersales.kernel.actors import Acting
from aftersales.kernel.countries import in_eu
from aftersales.kernel.errors import Problems, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.support.access import model_for
from aftersales.support.models import SupportCommitment
from aftersales.support.regulation import (
    BY_REGULATION,
    EU_SMARTPHONE,
    KINDS,
    REGULATION,
    binds,
    delivery_days,
    minimum_until,
)

COMMITMENT_FIELDS = (
    "country", "effective_from_date", "end_of_sale_date", "parts_delivery_days",
    "security_cadence_days", *(f"{k}_until_date" for k in KINDS), *(f"{k}_in_use" for k in KINDS),
)  # fmt: skip
# The longest silence between security updates a promise of updates allows when the brand
# states none: a quarter (decision 194). Not a legal figure: brands state their own.
DEFAULT_CADENCE_DAYS = 90
NOT_BACKDATED = N_("A commitment takes effect from today or a later day; earlier days keep theirs.")
BOTH = N_("Choose a day or “until no longer in use”, not both.")
NO_END_OF_SALE = N_(
    "In the EU the minimum counts from the end of sales: enter the day the model stopped being "
    "sold, choose “until no longer in use”, or leave it to the EU minimum."
)


@dataclass(frozen=True)
class TermInput:
    """One promise as entered: a day, "until no longer in use", or neither (the default)."""

    until: date | None = None
    in_use: bool = False


@dataclass
class CommitmentFields:
    """What a brand admin enters for a model in a country; what is left out takes the default."""

    end_of_sale_date: date | None = None
    terms: dict[str, TermInput] = field(default_factory=dict)
    parts_delivery_days: int | None = None
    effective_from_date: date | None = None  # none: today
    security_cadence_days: int | None = None  # none: DEFAULT_CADENCE_DAYS


@dataclass(frozen=True)
class Term:
    """Until when one kind of support lasts, and who says so.

    `source`: "brand" (its promise), "regulation" (the EU minimum, in EU countries) or
    "none" (nothing stated). `years`: the regulation's years after the end of sales, kept
    while that end is not known and `until` cannot be told yet.
    """

    until: date | None = None
    in_use: bool = False
    source: str = "none"
    years: int | None = None

    @property
    def stated(self) -> bool:
        """Say whether anything is known of this support."""
        return self.in_use or self.until is not None or self.years is not None


@dataclass(frozen=True)
class Support:
    """The support of a model in a country on a day: the version in force, defaults filled in."""

    model_id: int
    country: str
    end_of_sale_date: date | None  # in this country (else the model's own)
    union_end_of_sale_date: date | None  # the last in any EU country on file: the EU's clock
    eu: bool
    binds: bool  # whether Regulation (EU) 2023/1670 binds the model here (else a default)
    terms: dict[str, Term]
    delivery_days: int | None
    delivery_source: str
    commitment: SupportCommitment | None  # the version in force, if any
    cadence_days: int = DEFAULT_CADENCE_DAYS  # the longest silence between security updates
    cadence_source: str = "default"  # "brand" (its promise) or "default"

    def updates_promised(self, on: date) -> bool:
        """Say whether software updates are still promised on a day (so their cadence counts).

        "Until no longer in use", a day not yet past, or the EU's years after a sales end not
        yet known (the model is still sold) all promise updates; nothing stated does not.
        """
        term = self.terms["updates"]
        if term.in_use:
            return True
        if term.until is not None:
            return term.until >= on
        return term.years is not None


def _checked(model: PhoneModel, fields: CommitmentFields, today: date, problems: Problems) -> date:
    """Check the entry on its own (not yet against the EU); return its first day."""
    errors = problems.errors
    start = fields.effective_from_date or today
    if start < today:
        errors["effective_from_date"] = NOT_BACKDATED
    end = fields.end_of_sale_date
    if end is not None and model.release_date is not None and end < model.release_date:
        errors["end_of_sale_date"] = Msg(
            "Sales cannot end before the model came out (%(date)s).",
            date=model.release_date.isoformat(),
        )
    for kind, term in fields.terms.items():
        if kind not in KINDS:
            errors[kind] = N_("Not a kind of support.")
        elif term.until is not None and term.in_use:
            errors[kind] = BOTH
    days = fields.parts_delivery_days
    if days is not None and not 1 <= days <= 60:
        errors["parts_delivery_days"] = N_("Use a number of working days from 1 to 60.")
    cadence = fields.security_cadence_days
    if cadence is not None and not 1 <= cadence <= 366:
        errors["security_cadence_days"] = N_("Use a number of days from 1 to 366.")
    return start


def _below_eu_minimum(fields: CommitmentFields, union_end: date | None) -> dict[str, str]:
    """Return, per field, how the promise falls short of the regulation (none: it does not)."""
    errors: dict[str, str] = {}
    for kind in BY_REGULATION:
        term = fields.terms.get(kind)
        if term is None or term.until is None:
            continue  # "until no longer in use" or the minimum itself
        floor = minimum_until(kind, union_end)
        if floor is None:
            errors[kind] = NO_END_OF_SALE
        elif term.until < floor:
            errors[kind] = Msg(
                "The EU minimum is until %(date)s (%(regulation)s, %(point)s): a brand may "
                "promise more, never less.",
                date=floor.isoformat(),
                regulation=REGULATION,
                point=EU_SMARTPHONE[kind].source,
            )
    longest = EU_SMARTPHONE["delivery_longest"]
    days = fields.parts_delivery_days
    if days is not None and days > longest.figure:
        errors["parts_delivery_days"] = Msg(
            "The EU allows at most %(days)s working days (%(regulation)s, %(point)s): a brand "
            "may promise faster delivery, never slower.",
            days=longest.figure,
            regulation=REGULATION,
            point=longest.source,
        )
    return errors


def set_commitment(
    session: Session,
    actor: Acting,
    model_id: int,
    country: str,
    fields: CommitmentFields,
    *,
    now: datetime,
) -> SupportCommitment:
    """Set a model's commitment in a country from a day on (today unless later); audited.

    A promise below the EU minimum, in an EU country where the regulation binds the model,
    is refused, field by field, with the minimum and the point of the regulation that sets it.
    """
    model = model_for(session, actor, model_id)
    problems = Problems()
    code = problems.check(lambda: check_country(country)) or country
    start = _checked(model, fields, now.date(), problems)
    problems.raise_if_any(N_("The commitment cannot be saved."))
    in_force = _in_force(session, [model.id], start).get(model.id, {})
    union_end = _union_end(model, in_force, code, fields.end_of_sale_date)
    if binds(code, union_end):
        short = _below_eu_minimum(fields, union_end)
        if short:
            raise ValidationFailed(N_("The commitment promises less than the EU minimum."), short)
    row = session.scalar(
        select(SupportCommitment).where(
            SupportCommitment.model_id == model.id,
            SupportCommitment.country == code,
            SupportCommitment.effective_from_date == start,
        )
    )
    old = snapshot(row, COMMITMENT_FIELDS) if row else None
    if row is None:
        row = SupportCommitment(model_id=model.id, country=code, effective_from_date=start,
                                created_by=actor.id, created_at=now)  # fmt: skip
        session.add(row)
    row.end_of_sale_date = fields.end_of_sale_date
    row.parts_delivery_days = fields.parts_delivery_days
    row.security_cadence_days = fields.security_cadence_days
    for kind in KINDS:
        term = fields.terms.get(kind) or TermInput()
        setattr(row, f"{kind}_until_date", term.until)
        setattr(row, f"{kind}_in_use", term.in_use)
    session.flush()
    record(session, actor, Action.updated if old else Action.created, "support_commitment",
           row.id, now, old=old, new=snapshot(row, COMMITMENT_FIELDS),
           brand_id=model.brand_id)  # fmt: skip
    return row


def list_versions(session: Session, model_id: int, country: str) -> list[SupportCommitment]:
    """Return every version of a model's commitment in a country, oldest first."""
    return list(
        session.scalars(
            select(SupportCommitment)
            .where(SupportCommitment.model_id == model_id, SupportCommitment.country == country)
            .order_by(SupportCommitment.effective_from_date)
        )
    )


def _in_force(
    session: Session, model_ids: Iterable[int], on: date
) -> dict[int, dict[str, SupportCommitment]]:
    """Return, per model and country, the version in force on a day: one query."""
    ids = sorted(set(model_ids))
    found: dict[int, dict[str, SupportCommitment]] = {}
    if not ids:
        return found
    rows = session.scalars(
        select(SupportCommitment)
        .where(SupportCommitment.model_id.in_(ids), SupportCommitment.effective_from_date <= on)
        .order_by(SupportCommitment.effective_from_date)
    )
    for row in rows:  # later versions replace earlier ones
        found.setdefault(row.model_id, {})[row.country] = row
    return found


def _union_end(
    model: PhoneModel,
    in_force: dict[str, SupportCommitment],
    country: str | None = None,
    end_of_sale: date | None = None,
) -> date | None:
    """Return the day the model's sales ended in the Union: the last of its EU countries'.

    A country's end is its commitment's, else the model's own; none anywhere in the EU on file
    means the model is still sold there. `country` and `end_of_sale`: an entry being checked.
    """
    ends = {c: r.end_of_sale_date for c, r in in_force.items() if in_eu(c)}
    if country is not None and in_eu(country):
        ends[country] = end_of_sale
    days = [day or model.end_of_sale_date for day in ends.values()] or [model.end_of_sale_date]
    return None if any(d is None for d in days) else max(d for d in days if d is not None)


def _term(row: SupportCommitment | None, kind: str, eu: bool, union_end: date | None) -> Term:
    if row is not None:
        until, in_use = getattr(row, f"{kind}_until_date"), getattr(row, f"{kind}_in_use")
        if until is not None or in_use:
            return Term(until, in_use, "brand")
    if eu and kind in BY_REGULATION:
        years = EU_SMARTPHONE[kind].figure
        return Term(minimum_until(kind, union_end), False, "regulation", years)
    return Term()


def resolve(
    model: PhoneModel, country: str, in_force: dict[str, SupportCommitment], on: date
) -> Support:
    """Return the support of a model in a country on a day from its versions in force (pure)."""
    row = in_force.get(country)
    eu = in_eu(country)
    union_end = _union_end(model, in_force)
    own_end = (row.end_of_sale_date if row else None) or model.end_of_sale_date
    if row is not None and row.parts_delivery_days is not None:
        delivery, source = row.parts_delivery_days, "brand"
    elif eu:
        delivery, source = delivery_days(union_end, on), "regulation"
    else:
        delivery, source = None, "none"
    cadence = row.security_cadence_days if row is not None else None
    return Support(
        model_id=model.id,
        country=country,
        end_of_sale_date=own_end,
        union_end_of_sale_date=union_end if eu else None,
        eu=eu,
        binds=binds(country, union_end),
        terms={k: _term(row, k, eu, union_end) for k in KINDS},
        delivery_days=delivery,
        delivery_source=source,
        commitment=row,
        cadence_days=cadence or DEFAULT_CADENCE_DAYS,
        cadence_source="brand" if cadence else "default",
    )


def supports(
    session: Session, pairs: Iterable[tuple[PhoneModel, str]], on: date
) -> dict[tuple[int, str], Support]:
    """Return the support of each (model, country) on a day, with one query for them all."""
    pairs = list(pairs)
    in_force = _in_force(session, [m.id for m, _ in pairs], on)
    return {(m.id, c): resolve(m, c, in_force.get(m.id, {}), on) for m, c in pairs}


def support_for(session: Session, model: PhoneModel, country: str, on: date) -> Support:
    """Return the support of a model in a country on a day."""
    return supports(session, [(model, country)], on)[(model.id, country)]


def countries_on_file(session: Session, model_ids: Iterable[int]) -> set[str]:
    """Return the countries where any of these models has a commitment on file."""
    ids = sorted(set(model_ids))
    if not ids:
        return set()
    stmt = select(SupportCommitment.country).where(SupportCommitment.model_id.in_(ids))
    return set(session.scalars(stmt.distinct()))
