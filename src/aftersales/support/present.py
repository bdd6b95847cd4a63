"""Turn support and exits into response shapes, and API bodies into the services' fields."""

from __future__ import annotations

from datetime import date
from typing import Literal, cast

from aftersales.support.commitments import CommitmentFields, Support, Term, TermInput
from aftersales.support.exits import ExitFields
from aftersales.support.models import BrandExit, SupportCommitment
from aftersales.support.regulation import EU_SMARTPHONE, KINDS
from aftersales.support.schemas import (
    CommitmentIn,
    CommitmentVersionRead,
    ExitIn,
    ExitRead,
    Source,
    StatementIn,
    SupportRead,
    TermIn,
    TermRead,
)


def commitment_fields(body: CommitmentIn) -> CommitmentFields:
    """Return the service's fields of a commitment sent to the API."""
    terms = {}
    for kind in KINDS:
        term: TermIn | None = getattr(body, kind)
        if term is not None:
            terms[kind] = TermInput(term.until, term.while_in_use)
    return CommitmentFields(
        end_of_sale_date=body.end_of_sale_date,
        terms=terms,
        parts_delivery_days=body.parts_delivery_working_days,
        effective_from_date=body.effective_from_date,
        security_cadence_days=body.security_cadence_days,
    )


def _term(kind: str, t: Term) -> TermRead:
    cited = EU_SMARTPHONE[kind].source if t.source == "regulation" else None
    years = t.years if t.until is None else None
    return TermRead(until=t.until, while_in_use=t.in_use, source=cast(Source, t.source),
                    years_after_end_of_sale=years, citation=cited)  # fmt: skip


def version_read(row: SupportCommitment) -> CommitmentVersionRead:
    """Shape one version of a commitment as entered."""
    terms = {
        k: TermIn(until=getattr(row, f"{k}_until_date"), while_in_use=getattr(row, f"{k}_in_use"))
        for k in KINDS
    }
    return CommitmentVersionRead(
        id=row.id,
        effective_from_date=row.effective_from_date,
        end_of_sale_date=row.end_of_sale_date,
        parts_delivery_working_days=row.parts_delivery_days,
        security_cadence_days=row.security_cadence_days,
        **terms,
    )


def support_read(s: Support, on: date, versions: list[SupportCommitment]) -> SupportRead:
    """Shape a model's support in a country, with every version of its commitment."""
    return SupportRead(
        model_id=s.model_id,
        country=s.country,
        on=on,
        eu=s.eu,
        regulation_binds=s.binds,
        end_of_sale_date=s.end_of_sale_date,
        union_end_of_sale_date=s.union_end_of_sale_date,
        parts_delivery_working_days=s.delivery_days,
        parts_delivery_source=cast(Source, s.delivery_source),
        security_cadence_days=s.cadence_days,
        security_cadence_source=cast(Literal["brand", "default"], s.cadence_source),
        effective_from_date=s.commitment.effective_from_date if s.commitment else None,
        versions=[version_read(v) for v in versions],
        **{k: _term(k, s.terms[k]) for k in KINDS},
    )


def exit_read(row: BrandExit) -> ExitRead:
    """Shape a brand's exit."""
    words = StatementIn(en=row.statement_en, it=row.statement_it, vi=row.statement_vi)
    return ExitRead(brand_id=row.brand_id, exit_date=row.exit_date, statement=words)


def exit_fields(body: ExitIn) -> ExitFields:
    """Return the service's fields of an exit sent to the API."""
    s = body.statement
    return ExitFields(body.exit_date, s.en, s.it, s.vi)
