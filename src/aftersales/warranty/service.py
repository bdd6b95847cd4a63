"""Use cases of warranty: policies and a phone's coverage."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.service import check_country, get_brand
from aftersales.devices.models import Phone
from aftersales.kernel.actors import Acting
from aftersales.kernel.clock import utcnow
from aftersales.kernel.countries import EU
from aftersales.kernel.errors import Problems, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.warranty.access import require_may_set_policy
from aftersales.warranty.models import WarrantyPolicy


@dataclass(frozen=True)
class Coverage:
    """What covers a phone on a given day and until when, and the terms it follows."""

    covered: bool
    kind: str  # "maker_warranty", "legal_guarantee", "expired" or "unknown"
    end_date: date | None
    maker_end_date: date | None
    legal_end_date: date | None
    maker_months: int = 0
    legal_months: int = 0
    terms: str = "default"  # "policy": the brand's for the country; "default": none on file


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later, clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


ALWAYS = date(2000, 1, 1)
# Terms set through the API or a page take effect from today at the earliest: what was
# promised at a sale or the start of a repair stays what it was.
NOT_BACKDATED = N_(
    "Terms take effect from today or a later day; earlier days keep theirs."
)  # the effective date of terms that have always applied


def set_policy(
    session: Session,
    actor: Acting,
    brand_id: int,
    country: str,
    maker_months: int,
    legal_months: int,
    *,
    effective_from: date = ALWAYS,
    today: date | None = None,
) -> WarrantyPolicy:
    """Set a brand's warranty terms in a country from a day on; earlier days keep theirs."""
    require_may_set_policy(actor, brand_id)
    get_brand(session, brand_id)
    problems = Problems()
    clean_country = problems.check(lambda: check_country(country))
    if today is not None and effective_from < today:
        problems.errors["effective_from_date"] = NOT_BACKDATED
    for field, months in (("maker_months", maker_months), ("legal_months", legal_months)):
        if not 0 <= months <= 120:
            problems.errors[field] = N_("Use a number of months from 0 to 120.")
    problems.raise_if_any(N_("Invalid warranty terms."))
    country = clean_country or country
    policy = session.scalar(
        select(WarrantyPolicy).where(
            WarrantyPolicy.brand_id == brand_id,
            WarrantyPolicy.country == country,
            WarrantyPolicy.effective_from_date == effective_from,
        )
    )
    before = snapshot(policy, POLICY_FIELDS) if policy else None
    if policy is None:
        policy = WarrantyPolicy(
            brand_id=brand_id,
            country=country,
            maker_months=0,
            legal_months=0,
            effective_from_date=effective_from,
        )
        session.add(policy)
    policy.maker_months, policy.legal_months = maker_months, legal_months
    session.flush()
    action = Action.updated if before else Action.created
    record(session, actor, action, "warranty_policy", policy.id, old=before,
           new=snapshot(policy, POLICY_FIELDS), brand_id=brand_id)  # fmt: skip
    return policy


POLICY_FIELDS = ("country", "effective_from_date", "maker_months", "legal_months")


def list_policies(
    session: Session, brand_id: int | None, scope: ColumnElement[bool] | None = None
) -> list[WarrantyPolicy]:
    """Return warranty policies with every version, of one brand or all, within a scope."""
    stmt = select(WarrantyPolicy).order_by(
        WarrantyPolicy.brand_id, WarrantyPolicy.country, WarrantyPolicy.effective_from_date
    )
    if scope is not None:
        stmt = stmt.where(scope)
    if brand_id is not None:
        stmt = stmt.where(WarrantyPolicy.brand_id == brand_id)
    return list(session.scalars(stmt))


def terms_for(
    session: Session, brand_id: int, country: str, on: date | None = None
) -> tuple[int, int, str]:
    """Return (maker months, legal months, "policy" or "default") in force on a day (today)."""
    day = on or utcnow().date()
    policy = session.scalar(
        select(WarrantyPolicy)
        .where(
            WarrantyPolicy.brand_id == brand_id,
            WarrantyPolicy.country == country,
            WarrantyPolicy.effective_from_date <= day,
        )
        .order_by(WarrantyPolicy.effective_from_date.desc())
        .limit(1)
    )
    if policy is not None:
        return policy.maker_months, policy.legal_months, "policy"
    return _default_terms(country)


def _default_terms(country: str) -> tuple[int, int, str]:
    # With no policy on file, the EU's legal guarantee is the safe assumption for EU countries.
    return (24, 24, "default") if country in EU else (12, 0, "default")


def coverage(session: Session, phone: Phone, on: date) -> Coverage:
    """Compute a phone's coverage on a day from its purchase date and the terms of that date."""
    if phone.purchase_date is None:
        maker, legal, source = terms_for(session, phone.model.brand_id, phone.country, on)
        return Coverage(False, "unknown", None, None, None, maker, legal, source)
    return coverages(session, [phone], on)[0]


def coverages(session: Session, phones: list[Phone], on: date) -> list[Coverage]:
    """Compute the coverage of many phones on a day with one query for their policies.

    Each phone follows the terms in force on its purchase date (every version is read once).
    """
    keys = {(p.model.brand_id, p.country) for p in phones if p.purchase_date is not None}
    versions: dict[tuple[int, str], list[WarrantyPolicy]] = {}
    if keys:
        rows = session.scalars(
            select(WarrantyPolicy)
            .where(
                WarrantyPolicy.brand_id.in_({b for b, _ in keys}),
                WarrantyPolicy.country.in_({c for _, c in keys}),
            )
            .order_by(WarrantyPolicy.effective_from_date.desc())
        )
        for w in rows:
            versions.setdefault((w.brand_id, w.country), []).append(w)
    result = []
    for phone in phones:
        if phone.purchase_date is None:
            result.append(Coverage(False, "unknown", None, None, None))
            continue
        sold = phone.purchase_date
        policy = next(
            (
                w
                for w in versions.get((phone.model.brand_id, phone.country), [])
                if w.effective_from_date <= sold
            ),
            None,
        )
        maker, legal, source = (
            (policy.maker_months, policy.legal_months, "policy")
            if policy
            else _default_terms(phone.country)
        )
        result.append(replace(coverage_from_terms(sold, maker, legal, on), terms=source))
    return result


def coverage_from_terms(purchase: date, maker_months: int, legal_months: int, on: date) -> Coverage:
    """Compute coverage from terms (pure)."""
    maker_end = add_months(purchase, maker_months) if maker_months else None
    legal_end = add_months(purchase, legal_months) if legal_months else None
    ends = [d for d in (maker_end, legal_end) if d]
    end = max(ends) if ends else None
    if maker_end and on < maker_end:
        kind = "maker_warranty"
    elif legal_end and on < legal_end:
        kind = "legal_guarantee"
    else:
        kind = "expired"
    covered = kind != "expired"
    return Coverage(covered, kind, end, maker_end, legal_end, maker_months, legal_months)


def check_decision(decision: str, reason: str) -> None:
    """Refuse a warranty decision without a clear value and a reason the owner can read."""
    errors = {}
    if decision not in ("covered", "not_covered"):
        errors["decision"] = N_("Use covered or not_covered.")
    if len(reason.strip()) < 5:
        errors["reason"] = N_("Explain the decision to the owner in a sentence.")
    if errors:
        raise ValidationFailed("Invalid warranty decision.", errors)
