"""What a warranty decision rests on: the purchase date and the coverage on the day of hand-in.

Shown to those who decide (the centre's staff, platform admins: the `warranty` field of
repairs/fields.py); owners see the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from aftersales.kernel.clock import local_date
from aftersales.repairs.models import RepairOrder
from aftersales.warranty.service import Coverage, coverage


@dataclass(frozen=True)
class WarrantyFacts:
    """The phone's purchase date and its coverage on the day it was handed in."""

    purchase_date: date | None
    judged_on: date
    coverage: Coverage


def warranty_facts(session: Session, repair: RepairOrder) -> WarrantyFacts:
    """Return the facts of the decision: coverage counts on the day the phone was handed in.

    A warranty that ran out while the phone was with the service still covers the repair,
    so the day is the hand-in (received, else booked), in the centre's time zone.
    """
    handed_in = local_date(repair.received_at or repair.created_at, repair.centre.timezone)
    phone = repair.phone
    return WarrantyFacts(phone.purchase_date, handed_in, coverage(session, phone, handed_in))
