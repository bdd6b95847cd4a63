"""Factories of a brand's promises and of quotes: sensible defaults, any field overridden."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.catalog.models import Brand
from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.models import Quote, RepairOrder
from aftersales.repairs.quotes import make_quote as quote_for
from aftersales.sla import service as sla
from aftersales.sla.models import SlaPolicy
from aftersales.warranty import service as warranty
from aftersales.warranty.models import WarrantyPolicy


def make_sla_policy(session: Session, brand: Brand, **kw: Any) -> SlaPolicy:
    """Make an SLA promise (Italy, every channel, 10/7/5 working days by default)."""
    actor = kw.pop("actor", SYSTEM)
    terms = {"country": "IT", "channel": "any", "target_days": 10, "at_risk_days": 7,
             "loaner_days": 5, **kw}  # fmt: skip
    return sla.set_policy(session, actor, brand_id=brand.id, **terms)


def make_warranty_policy(session: Session, brand: Brand, **kw: Any) -> WarrantyPolicy:
    """Make warranty terms (Italy, 24 months maker's and legal by default)."""
    return warranty.set_policy(
        session,
        kw.pop("actor", SYSTEM),
        brand.id,
        kw.pop("country", "IT"),
        kw.pop("maker_months", 24),
        kw.pop("legal_months", 24),
        **kw,
    )


def make_quote(
    session: Session, actor: Account, repair: RepairOrder, now: datetime, **kw: Any
) -> Quote:
    """Quote a repair (89.90 EUR for a new display by default); it then waits for the owner."""
    terms = {"amount_minor": 8990, "currency": "EUR", "description": "A new display.", **kw}
    return quote_for(session, actor, repair, now, **terms)
