"""The drop-off day of an online booking: when the owner plans to hand the phone in.

One rule for the booking page and the API: a working day (the country's public holidays and
the centre's working week, which the repair's clock counts in), today or later, within
`DAYS_AHEAD` days; without one, the next working day. The expected ready date of a booking
counts from it (`repairs.timing.estimate`), and the shop or centre expects the phone that day.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.catalog.models import ServiceCentre
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.workdays import add_workdays, is_workday
from aftersales.repairs.loads import NAMED
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.states import Status

DAYS_AHEAD = 30
LIST_SIZE = 25  # the next expected drop-offs a shop or centre sees: a few days of bookings


def first_day(today: date, centre: ServiceCentre) -> date:
    """Return the default drop-off day: the next working day after today."""
    return add_workdays(today, 1, centre.country, centre.working_week)


def settle(day: date | None, today: date, centre: ServiceCentre) -> date:
    """Return the drop-off day to store (the default when none is given), or raise."""
    if day is None:
        return first_day(today, centre)
    problem = None
    if day < today:
        problem = N_("The drop-off day has passed: choose today or a later day.")
    elif day > today + timedelta(days=DAYS_AHEAD):
        problem = Msg("Choose a day within the next %(days)s days.", days=DAYS_AHEAD)
    elif not is_workday(day, centre.country, centre.working_week):
        problem = N_("That day is a weekend day or a public holiday there: choose a working day.")
    if problem is not None:
        raise ValidationFailed(N_("Choose another drop-off day."), {"dropoff_date": problem})
    return day


def expected_dropoffs(session: Session, actor: Account) -> list[RepairOrder]:
    """Return the bookings the actor's shop or centre expects, earliest drop-off day first.

    A centre expects the bookings to hand in at the centre itself; those handed in at a shop
    reach it from the shop. Others (owners, brand and platform admins) expect none here.
    """
    stmt = select(RepairOrder).options(*NAMED).where(RepairOrder.status == Status.registered)
    if actor.role == Role.shop_staff and actor.shop_id is not None:
        stmt = stmt.where(RepairOrder.shop_id == actor.shop_id)
    elif actor.role in (Role.technician, Role.centre_manager) and actor.centre_id is not None:
        stmt = stmt.where(RepairOrder.centre_id == actor.centre_id, RepairOrder.shop_id.is_(None))
    else:
        return []
    stmt = stmt.where(RepairOrder.dropoff_date.is_not(None))
    order = (RepairOrder.dropoff_date, RepairOrder.id)
    return list(session.scalars(stmt.order_by(*order).limit(LIST_SIZE)))
