"""The demo generator's plain types: a working-time axis, planned steps, phones and jobs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aftersales.accounts.models import Account
from aftersales.catalog.models import ServiceCentre, Shop
from aftersales.demo import data as d
from aftersales.demo.data import FaultSpec, ShopSpec
from aftersales.devices.models import Phone
from aftersales.kernel.workdays import add_workdays, is_workday, workdays_between
from aftersales.repairs.intake import OwnerDetails
from aftersales.repairs.models import RepairOrder

DAY = 540  # working minutes in a day: 9:00 to 18:00, local time
Service = Callable[..., object]  # called as (session, actor, repair, now)


@dataclass
class DemoSummary:
    """What the demo loaded and how to log in."""

    logins: list[tuple[str, str, str]]
    phones: int
    repairs: int
    stuck_code: str
    stuck_imei_last4: str


class WorkClock:
    """Working time as one axis: minute w is w % DAY minutes past 9:00 of working day w // DAY."""

    def __init__(self, country: str, week: str, timezone: str, origin: date) -> None:
        self.country, self.week, self.zone, self.origin = country, week, ZoneInfo(timezone), origin

    def at(self, w: int) -> datetime:
        """Return the UTC moment of working minute w."""
        day = add_workdays(self.origin, w // DAY + 1, self.country, self.week)
        local = datetime.combine(day, time(9), self.zone) + timedelta(minutes=w % DAY)
        return local.astimezone(UTC)

    def index(self, moment: datetime) -> int:
        """Return the working minute of a moment (the last one before it, off hours)."""
        local = moment.astimezone(self.zone)
        n = workdays_between(self.origin, local.date(), self.country, self.week)
        if not is_workday(local.date(), self.country, self.week):
            return n * DAY - 1
        return (n - 1) * DAY + min(max((local.hour - 9) * 60 + local.minute, 0), DAY - 1)


@dataclass
class Step:
    """One thing that happens to a repair, `w` working minutes after the repair starts."""

    w: int
    actor: Account | None  # None: the repair's owner
    to: str | None  # the status after this step, when it changes it
    call: Service


@dataclass
class DemoPhone:
    """A phone being generated, with what the planner needs to know about it."""

    row: Phone
    brand: str
    shop: ShopSpec
    bought: date
    cover_end: date | None  # the end of warranty or legal guarantee, if any
    used: bool = False


@dataclass
class Job:
    """One planned repair."""

    phone: DemoPhone
    centre: ServiceCentre
    shop: Shop | None
    channel: str
    fault: FaultSpec
    lang: str
    owner: OwnerDetails | None  # told at the counter, for a phone with no known owner
    steps: list[Step] = field(default_factory=list)
    w0: int = 0
    repair: RepairOrder | None = None

    def text(self, index: int) -> str:
        """Return one of the fault's texts in the owner's language (see data.FAULT_TEXT)."""
        return d.FAULT_TEXT[self.lang][self.fault.category][index]
