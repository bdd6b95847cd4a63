"""Use cases of SLA policies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.models import ServiceCentre, centre_brand
from aftersales.catalog.service import check_country, get_brand
from aftersales.kernel.actors import Acting
from aftersales.kernel.clock import utcnow
from aftersales.kernel.errors import NotFound, Problems, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.sla.access import require_may_set_policy
from aftersales.sla.clock import DEFAULT_TERMS, SlaTerms
from aftersales.sla.models import SlaPolicy

POLICY_CHANNELS = ("any", "shop", "walk_in", "online")


ALWAYS = date(2000, 1, 1)  # the effective date of a promise that has always applied
# A promise set through the API or a page takes effect from today at the earliest: repairs
# already under way keep the promise they started with.
NOT_BACKDATED = N_("Terms take effect from today or a later day; earlier days keep theirs.")


def check_terms(target_days: int, at_risk_days: int, loaner_days: int) -> None:
    """Refuse terms that cannot work: the at-risk point must come before the target."""
    errors: dict[str, str] = {}
    if not 1 <= target_days <= 120:
        errors["target_days"] = N_("Use 1 to 120 working days.")
    if not 0 <= at_risk_days < max(target_days, 1):
        errors["at_risk_days"] = N_("The at-risk point must come before the target.")
    if not 0 <= loaner_days <= 120:
        errors["loaner_days"] = N_("Use 0 to 120 working days.")
    if errors:
        raise ValidationFailed("Invalid SLA terms.", errors)


def set_policy(
    session: Session,
    actor: Acting,
    *,
    brand_id: int,
    country: str,
    channel: str,
    target_days: int,
    at_risk_days: int,
    loaner_days: int,
    effective_from: date = ALWAYS,
    today: date | None = None,
) -> SlaPolicy:
    """Set a brand's SLA for a country and channel from a day on; earlier days keep theirs."""
    require_may_set_policy(actor, brand_id)
    get_brand(session, brand_id)
    problems = Problems()
    clean_country = problems.check(lambda: check_country(country))
    if channel not in POLICY_CHANNELS:
        choices = ", ".join(POLICY_CHANNELS)
        problems.errors["channel"] = Msg("Use one of: %(choices)s.", choices=choices)
    problems.check(lambda: check_terms(target_days, at_risk_days, loaner_days))
    if today is not None and effective_from < today:
        problems.errors["effective_from_date"] = NOT_BACKDATED
    problems.raise_if_any(N_("Invalid SLA terms."))
    country = clean_country or country
    policy = session.scalar(
        select(SlaPolicy).where(
            SlaPolicy.brand_id == brand_id,
            SlaPolicy.country == country,
            SlaPolicy.channel == channel,
            SlaPolicy.effective_from_date == effective_from,
        )
    )
    before = snapshot(policy, POLICY_FIELDS) if policy else None
    if policy is None:
        policy = SlaPolicy(
            brand_id=brand_id,
            country=country,
            channel=channel,
            target_days=0,
            at_risk_days=0,
            loaner_days=0,
            effective_from_date=effective_from,
        )
        session.add(policy)
    policy.target_days, policy.at_risk_days, policy.loaner_days = (
        target_days,
        at_risk_days,
        loaner_days,
    )
    session.flush()
    action = Action.updated if before else Action.created
    record(session, actor, action, "sla_policy", policy.id, old=before,
           new=snapshot(policy, POLICY_FIELDS), brand_id=brand_id)  # fmt: skip
    return policy


POLICY_FIELDS = (
    "country",
    "channel",
    "effective_from_date",
    "target_days",
    "at_risk_days",
    "loaner_days",
)


def list_policies(
    session: Session, brand_id: int | None, scope: ColumnElement[bool] | None = None
) -> list[SlaPolicy]:
    """Return SLA policies with every version, of one brand or all, within a reader's scope."""
    stmt = select(SlaPolicy).order_by(
        SlaPolicy.brand_id, SlaPolicy.country, SlaPolicy.channel, SlaPolicy.effective_from_date
    )
    if scope is not None:
        stmt = stmt.where(scope)
    if brand_id is not None:
        stmt = stmt.where(SlaPolicy.brand_id == brand_id)
    return list(session.scalars(stmt))


def policies_at(session: Session, centre: ServiceCentre) -> list[SlaPolicy]:
    """Return the SLA policies at a centre (brands it serves, its country), every version.

    Older versions still hold for the repairs opened while they were in force.
    """
    brands = select(centre_brand.c.brand_id).where(centre_brand.c.centre_id == centre.id)
    return list(
        session.scalars(
            select(SlaPolicy)
            .where(SlaPolicy.brand_id.in_(brands), SlaPolicy.country == centre.country)
            .order_by(SlaPolicy.brand_id, SlaPolicy.channel, SlaPolicy.effective_from_date)
        )
    )


def get_policy(session: Session, policy_id: int) -> SlaPolicy:
    """Return one SLA policy or raise NotFound."""
    policy = session.get(SlaPolicy, policy_id)
    if policy is None:
        raise NotFound("No such SLA policy.")
    return policy


def policy_versions(session: Session, brand_id: int, country: str, channel: str) -> list[SlaPolicy]:
    """Return every version of the policies that may apply: the channel's and 'any'."""
    return list(
        session.scalars(
            select(SlaPolicy).where(
                SlaPolicy.brand_id == brand_id,
                SlaPolicy.country == country,
                SlaPolicy.channel.in_((channel, "any")),
            )
        )
    )


class PolicyVersion(Protocol):
    """What picking terms reads of a policy version: a row or a `SlaPolicy`."""

    @property
    def channel(self) -> str: ...

    @property
    def effective_from_date(self) -> date: ...

    @property
    def target_days(self) -> int: ...

    @property
    def at_risk_days(self) -> int: ...

    @property
    def loaner_days(self) -> int: ...


def terms_on(versions: Sequence[PolicyVersion], day: date) -> SlaTerms:
    """Pick the terms in force on a day: the channel's own policy, else 'any', else default."""
    in_force = [p for p in versions if p.effective_from_date <= day]
    # The channel's own policy beats 'any'; among versions, the latest in force.
    best = sorted(in_force, key=lambda p: (p.channel == "any", -p.effective_from_date.toordinal()))
    if not best:
        return DEFAULT_TERMS
    p = best[0]
    return SlaTerms(p.target_days, p.at_risk_days, p.loaner_days, "policy")


def terms_for(
    session: Session, brand_id: int, country: str, channel: str, on: date | None = None
) -> SlaTerms:
    """Return the terms in force on a day (today): the channel's, else 'any', else default."""
    return terms_on(policy_versions(session, brand_id, country, channel), on or utcnow().date())
