"""Read side of repairs: lists, SLA boards, contact figures, work per technician."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.devices.models import Phone
from aftersales.kernel.codes import normalize_tracking_code
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import Msg
from aftersales.repairs.access import repair_scope
from aftersales.repairs.fields import Field, visible_fields
from aftersales.repairs.loads import NAMED, SHOWN
from aftersales.repairs.models import Contact, RepairEvent, RepairOrder
from aftersales.repairs.states import OPEN, Status
from aftersales.repairs.timing import clock_for
from aftersales.sla.clock import SlaClock, SlaTerms
from aftersales.sla.service import terms_for

ONE_DAY = timedelta(days=1)


@dataclass
class RepairFilter:
    """Filters of a repair list."""

    status: str | None = None
    q: str | None = None
    centre_id: int | None = None
    shop_id: int | None = None
    brand_id: int | None = None
    open_only: bool = False


def _conditions(actor: Account, f: RepairFilter) -> list[ColumnElement[bool]]:
    conds = [repair_scope(actor)]
    if f.status:
        if f.status not in set(Status):
            raise ValidationFailed(
                "Unknown status.",
                {"status": Msg("Use one of: %(choices)s.", choices=", ".join(Status))},
            )
        conds.append(RepairOrder.status == f.status)
    if f.open_only:
        conds.append(RepairOrder.status.in_([s.value for s in OPEN]))
    for column, value in (
        (RepairOrder.centre_id, f.centre_id),
        (RepairOrder.shop_id, f.shop_id),
        (RepairOrder.brand_id, f.brand_id),
    ):
        if value is not None:
            conds.append(column == value)
    if f.q:
        term = f.q.strip()
        code = normalize_tracking_code(term)
        # The owner's details as given at intake, never the account's: a shop that typed a
        # name must not find the account holder's real one by searching. A role that does
        # not read the contact (repairs/fields.py) cannot search by it either.
        by_contact = (
            [
                RepairOrder.contact_name.ilike(f"%{term}%"),
                RepairOrder.contact_email == term.lower(),
                RepairOrder.contact_phone == term,
            ]
            if Field.contact in visible_fields(actor)
            else []
        )
        conds.append(
            or_(
                RepairOrder.code == code if code else RepairOrder.code == term.upper(),
                RepairOrder.phone_id.in_(select(Phone.id).where(Phone.imei.startswith(term)))
                if term.isdigit()
                else RepairOrder.id == -1,
                *by_contact,
            )
        )
    return conds


def list_repairs(
    session: Session, actor: Account, f: RepairFilter, limit: int, offset: int
) -> tuple[list[RepairOrder], int]:
    """Return one page of the repairs the actor may see, newest first, and the total."""
    conds = _conditions(actor, f)
    total = session.scalar(select(func.count()).select_from(RepairOrder).where(*conds)) or 0
    # Pick the page's ids on the bare table first, then load those rows with their joins:
    # sorting thousands of joined rows to keep 25 cost most of a shop list's time.
    ids = session.scalars(
        select(RepairOrder.id)
        .where(*conds)
        .order_by(RepairOrder.created_at.desc(), RepairOrder.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    page = select(RepairOrder).options(*SHOWN).where(RepairOrder.id.in_(ids))
    found = {r.id: r for r in session.scalars(page)}
    rows = [found[i] for i in ids]
    return list(rows), total


def events_of(session: Session, repair: RepairOrder, *, public_only: bool) -> list[RepairEvent]:
    """Return the repair's events, oldest first; only owner-visible ones if asked."""
    stmt = select(RepairEvent).where(RepairEvent.repair_id == repair.id)
    if public_only:
        stmt = stmt.where(RepairEvent.public.is_(True))
    return list(session.scalars(stmt.order_by(RepairEvent.at, RepairEvent.id)))


class TermsCache:
    """Remember SLA terms per (brand, country, channel) while walking many repairs."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[tuple[int, str, str], SlaTerms] = {}

    def __call__(self, repair: RepairOrder) -> SlaTerms:
        key = (repair.brand_id, repair.country, repair.channel)
        if key not in self.cache:
            self.cache[key] = terms_for(self.session, *key)
        return self.cache[key]


def sla_board(
    session: Session,
    actor: Account,
    states: set[str],
    now: datetime,
    centre_id: int | None = None,
    brand_id: int | None = None,
) -> list[tuple[RepairOrder, SlaClock]]:
    """Return open repairs in the given SLA states, most overdue first."""
    f = RepairFilter(centre_id=centre_id, brand_id=brand_id, open_only=True)
    conds = [
        *_conditions(actor, f),
        RepairOrder.received_at.is_not(None),
        RepairOrder.ready_at.is_(None),
    ]
    terms = TermsCache(session)
    result = []
    for repair in session.scalars(select(RepairOrder).options(*NAMED).where(*conds)):
        clock = clock_for(repair, terms(repair), now)
        if clock.state in states:
            result.append((repair, clock))
    result.sort(key=lambda rc: (-rc[1].elapsed_days, rc[0].code))
    return result


@dataclass
class ContactFigures:
    """Contacts per repair over a period."""

    repairs: int
    contacts: int
    per_repair: float
    by_who: dict[str, int]
    by_count: dict[int, int]


def contact_figures(
    session: Session,
    actor: Account,
    since: date | None,
    until: date | None,
    centre_id: int | None = None,
    brand_id: int | None = None,
) -> ContactFigures:
    """Count how often owners and shops had to ask, per repair opened in the period."""
    conds = _conditions(actor, RepairFilter(centre_id=centre_id, brand_id=brand_id))
    if since:  # UTC day bounds as datetimes: portable, unlike comparing date() to text
        conds.append(RepairOrder.created_at >= datetime.combine(since, time.min, UTC))
    if until:
        end = datetime.combine(until, time.min, UTC)
        conds.append(RepairOrder.created_at < end + ONE_DAY if until < date.max else true())
    ids = select(RepairOrder.id).where(*conds).scalar_subquery()
    repairs = session.scalar(select(func.count()).select_from(RepairOrder).where(*conds)) or 0
    rows = (
        session.execute(select(Contact.repair_id, Contact.who).where(Contact.repair_id.in_(ids)))
        .tuples()
        .all()
    )
    per = Counter(r for r, _ in rows)
    by_count = Counter(per.values())
    by_count[0] = repairs - len(per)
    return ContactFigures(
        repairs=repairs,
        contacts=len(rows),
        per_repair=round(len(rows) / repairs, 3) if repairs else 0.0,
        by_who=dict(Counter(w for _, w in rows)),
        by_count=dict(sorted(by_count.items())),
    )


def work_per_technician(session: Session, centre_id: int, since: datetime) -> list[tuple[str, int]]:
    """Count the status changes each of the centre's staff made on its repairs since `since`."""
    rows = session.execute(
        select(Account.name, func.count(RepairEvent.id))
        .join(RepairEvent, RepairEvent.actor_id == Account.id)
        .join(RepairOrder, RepairOrder.id == RepairEvent.repair_id)
        .where(
            RepairOrder.centre_id == centre_id,
            Account.centre_id == centre_id,
            RepairEvent.type == "status_changed",
            RepairEvent.at >= since,
        )
        .group_by(Account.name)
        .order_by(func.count(RepairEvent.id).desc())
    ).all()
    return [(name, count) for name, count in rows]
