"""Read side of repairs: lists, SLA boards, contact figures, work per technician."""

from __future__ import annotations

import base64
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    func,
    literal,
    or_,
    select,
    true,
    tuple_,
    union,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.db import UTCDateTime
from aftersales.devices.models import Phone
from aftersales.kernel.codes import normalize_tracking_code
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import Msg
from aftersales.kernel.paging import COUNT_CAP
from aftersales.repairs.access import repair_scope
from aftersales.repairs.fields import Field, visible_fields
from aftersales.repairs.loads import SHOWN
from aftersales.repairs.models import Contact, RepairEvent, RepairOrder
from aftersales.repairs.states import OPEN, Status
from aftersales.repairs.timing import opened_on
from aftersales.sla.clock import SlaTerms
from aftersales.sla.models import SlaPolicy
from aftersales.sla.service import policy_versions, terms_on

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


# A search counts and pages through at most this many matches: past it, refine the term.
SEARCH_CAP = 1_000


def _conditions(actor: Account, f: RepairFilter) -> list[ColumnElement[bool]]:
    """Return the scope and filters of a list, all but the search term (see `_matches`)."""
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
    return conds


def _matches(session: Session, term: str, by_contact: bool) -> list[ColumnElement[bool]]:
    """Return the ways a repair matches a search term, one condition per kind that matched.

    The code exactly or by its beginning, the IMEI by its beginning or its last digits (at
    least IMEI_TAIL_MIN), the owner's details as
    given at intake by e-mail, phone number or a part of the name (trigrams on PostgreSQL).
    Each kind is first looked up on its own index; up to SEARCH_CAP hits become a list of
    ids, so the list's query knows how few there are (a subquery that matched nothing made
    the planner walk a whole shop's repairs looking for one); more than that stay a subquery.
    """
    dialect = _dialect(session)
    code = normalize_tracking_code(term)
    upper = term.upper()
    by_code = (
        RepairOrder.code == code
        if code
        else _starts_with(RepairOrder.code, upper, dialect)
        if CODE_PART.fullmatch(upper)
        else RepairOrder.code == upper
    )
    kinds: list[tuple[Any, Any]] = [(RepairOrder.id, select(RepairOrder.id).where(by_code))]
    if term.isdigit():
        phones = select(Phone.id).where(_starts_with(Phone.imei, term, dialect))
        kinds.append((RepairOrder.phone_id, phones))
    if term.isdigit() and len(term) >= IMEI_TAIL_MIN:  # the IMEI's last digits, as on a box
        tails = select(Phone.id).where(_starts_with(Phone.imei_reversed, term[::-1], dialect))
        kinds.append((RepairOrder.phone_id, tails))
    # The owner's details as given at intake, never the account's: a shop that typed a name
    # must not find the account holder's real one by searching.
    # A role that does not read the contact (repairs/fields.py) cannot search by it either.
    contacts = select(RepairOrder.id).where(
        or_(
            RepairOrder.contact_name.ilike(f"%{_escape(term)}%", escape="\\"),
            RepairOrder.contact_email == term.lower(),
            RepairOrder.contact_phone == term,
        )
    )
    if by_contact:
        kinds.append((RepairOrder.id, contacts))
    conds: list[ColumnElement[bool]] = []
    for column, hits in kinds:
        ids = session.scalars(hits.limit(SEARCH_CAP + 1)).all()
        if len(ids) > SEARCH_CAP:
            conds.append(column.in_(hits))
        elif ids:
            conds.append(column.in_(ids))
    return conds


IMEI_TAIL_MIN = 4  # fewer digits would match a tenth of a shop's repairs per digit left out
CODE_PART = re.compile(r"[0-9A-Z][0-9A-Z-]{3,12}")


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _starts_with(column: Any, prefix: str, dialect: str) -> ColumnElement[bool]:
    """Match a column's beginning in a way an index serves.

    PostgreSQL: LIKE 'prefix%' (a text_pattern_ops index, whatever the collation). SQLite's
    LIKE ignores case and skips indexes, so there a range of the binary order: [p, p+1).
    """
    if dialect == "postgresql":
        return column.like(f"{_escape(prefix)}%", escape="\\")
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


@dataclass
class RepairList:
    """One page of a repair list, its bounded total and where the next page starts."""

    rows: list[RepairOrder]
    total: int  # exact up to COUNT_CAP
    capped: bool  # more than COUNT_CAP match
    next_cursor: str | None


def bounded_count(session: Session, conds: list[ColumnElement[bool]], cap: int = COUNT_CAP) -> int:
    """Count the repairs matching `conds`, reading at most cap + 1 of them."""
    some = select(RepairOrder.id).where(*conds).limit(cap + 1).subquery()
    return session.scalar(select(func.count()).select_from(some)) or 0


def encode_cursor(*parts: object) -> str:
    """Return an opaque cursor naming the last row of a page by its sort key."""
    raw = "|".join(p.isoformat() if isinstance(p, date | datetime) else str(p) for p in parts)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *kinds: type) -> tuple[Any, ...]:
    """Read a cursor back into its typed parts, or raise a field error."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        parts = raw.split("|")
        if len(parts) != len(kinds):
            raise ValueError(raw)
        return tuple(_parse(kind, part) for kind, part in zip(kinds, parts, strict=True))
    except ValueError:
        raise ValidationFailed(
            "Invalid cursor.", {"cursor": "Pass the next_cursor of the previous page."}
        ) from None


def _parse(kind: type, part: str) -> Any:
    if part == "None":
        return None
    if kind is datetime:
        moment = datetime.fromisoformat(part)
        if moment.tzinfo is None:
            raise ValueError(part)
        return moment
    if kind is date:
        return date.fromisoformat(part)
    return int(part)


def list_repairs(
    session: Session,
    actor: Account,
    f: RepairFilter,
    limit: int,
    offset: int = 0,
    cursor: str | None = None,
) -> RepairList:
    """Return one page of the repairs the actor may see, newest first, and a bounded total.

    Pages by offset (page numbers) or, to go deep, by the cursor of the previous page: the
    rows after its last (created_at, id), read straight from an index in that order.
    """
    conds = _conditions(actor, f)
    if f.q and f.q.strip():
        by_contact = Field.contact in visible_fields(actor)
        keys, total, more = _search(session, conds, f.q.strip(), limit, offset, cursor, by_contact)
        capped = total > SEARCH_CAP
        total = min(total, SEARCH_CAP)
    else:
        total = bounded_count(session, conds)
        stmt = select(RepairOrder.id, RepairOrder.created_at).where(*conds)
        if cursor:
            stmt = stmt.where(_before(cursor))
        keys = list(
            session.execute(
                stmt.order_by(RepairOrder.created_at.desc(), RepairOrder.id.desc())
                .limit(limit + 1)
                .offset(offset)
            ).all()
        )
        more, keys = len(keys) > limit, keys[:limit]
        capped = total > COUNT_CAP
        total = min(total, COUNT_CAP)
    # Pick the page's ids on the bare table first, then load those rows with their joins.
    ids = [k.id for k in keys]
    found = {
        r.id: r
        for r in session.scalars(select(RepairOrder).options(*SHOWN).where(RepairOrder.id.in_(ids)))
    }
    nxt = encode_cursor(keys[-1].created_at, keys[-1].id) if more and keys else None
    return RepairList([found[i] for i in ids], total, capped, nxt)


def _before(cursor: str) -> ColumnElement[bool]:
    """Return the rows after a cursor in newest-first order (a row-value comparison)."""
    after, after_id = decode_cursor(cursor, datetime, int)
    return tuple_(RepairOrder.created_at, RepairOrder.id) < tuple_(
        literal(after, UTCDateTime()), literal(after_id)
    )


def _search(
    session: Session,
    conds: list[ColumnElement[bool]],
    term: str,
    limit: int,
    offset: int,
    cursor: str | None,
    by_contact: bool,
) -> tuple[list[Row[Any]], int, bool]:
    """Run a search once: its newest matches (up to SEARCH_CAP + 1), counted and paged.

    Each way of matching is its own SELECT with the list's scope and its own limit, so the
    planner starts from whichever side is smaller (a shop's repairs or the owners with
    that name) and stops early when a term matches thousands.
    """
    if cursor:
        conds = [*conds, _before(cursor)]
    newest = (RepairOrder.created_at.desc(), RepairOrder.id.desc())
    branches = [
        select(RepairOrder.id, RepairOrder.created_at)
        .where(*conds, match)
        .order_by(*newest)
        .limit(SEARCH_CAP + 1)
        .subquery()
        for match in _matches(session, term, by_contact)
    ]
    if not branches:
        return [], 0, False
    found = union(*(select(b.c.id, b.c.created_at) for b in branches)).subquery()
    rows = session.execute(
        select(found.c.id, found.c.created_at)
        .order_by(found.c.created_at.desc(), found.c.id.desc())
        .limit(SEARCH_CAP + 1)
    ).all()
    page = rows[offset : offset + limit + 1]
    return list(page[:limit]), len(rows), len(page) > limit or len(rows) > SEARCH_CAP


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def events_of(session: Session, repair: RepairOrder, *, public_only: bool) -> list[RepairEvent]:
    """Return the repair's events, oldest first; only owner-visible ones if asked."""
    stmt = select(RepairEvent).where(RepairEvent.repair_id == repair.id)
    if public_only:
        stmt = stmt.where(RepairEvent.public.is_(True))
    return list(session.scalars(stmt.order_by(RepairEvent.at, RepairEvent.id)))


class TermsCache:
    """Remember SLA policies per (brand, country, channel) while walking many repairs.

    A repair follows the terms in force on the day it was opened (`opened_on`): one query
    per key, the version picked per repair.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[tuple[int, str, str], list[SlaPolicy]] = {}

    def __call__(self, repair: RepairOrder) -> SlaTerms:
        key = (repair.brand_id, repair.country, repair.channel)
        if key not in self.cache:
            self.cache[key] = policy_versions(self.session, *key)
        return terms_on(self.cache[key], opened_on(repair))


def open_in(state: str) -> list[ColumnElement[bool]]:
    """Return the conditions of open repairs in one stored SLA state (a partial index's).

    `closed_at IS NULL` is "open" (see repairs.models.OPEN_ONLY): the partial indexes'
    predicate, word for word, and no status to check row by row.
    """
    return [RepairOrder.closed_at.is_(None), RepairOrder.sla_state == state]


def running_in(state: str) -> list[ColumnElement[bool]]:
    """Return the conditions of the SLA lists: open, in a state, and the clock still running.

    A repair already ready has stopped its clock, late or not: the at-risk and breached
    lists (API and board) leave it out; the queue, which is all open work, does not.
    """
    return [*open_in(state), RepairOrder.ready_at.is_(None)]


@dataclass
class SlaPage:
    """One page of an SLA list: open repairs in one state, the earliest due first."""

    rows: list[RepairOrder]
    next_cursor: str | None


def sla_board(
    session: Session,
    actor: Account,
    state: str,
    limit: int,
    cursor: str | None = None,
    centre_id: int | None = None,
    brand_id: int | None = None,
) -> SlaPage:
    """Return a page of the open repairs in an SLA state (stored), most overdue first.

    Repairs already ready are left out: their clock has stopped, late or not.
    """
    f = RepairFilter(centre_id=centre_id, brand_id=brand_id)
    conds = [*_conditions(actor, f), *running_in(state)]
    key = tuple_(RepairOrder.sla_due_date, RepairOrder.id)
    if cursor:
        due, after_id = decode_cursor(cursor, date, int)
        conds.append(key > tuple_(literal(due), literal(after_id)))
    keys = session.execute(
        select(RepairOrder.id, RepairOrder.sla_due_date)
        .where(*conds)
        .order_by(RepairOrder.sla_due_date, RepairOrder.id)
        .limit(limit + 1)
    ).all()
    more = len(keys) > limit
    keys = keys[:limit]
    ids = [k.id for k in keys]
    found = {
        r.id: r
        for r in session.scalars(select(RepairOrder).options(*SHOWN).where(RepairOrder.id.in_(ids)))
    }
    nxt = encode_cursor(keys[-1].sla_due_date, keys[-1].id) if more and keys else None
    return SlaPage([found[i] for i in ids], nxt)


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


def work_per_technician(
    session: Session, centre_id: int, since: datetime, cap: int = COUNT_CAP
) -> list[tuple[str, int]]:
    """Count the status changes each of the centre's staff made since `since` (up to cap + 1).

    Read from the index on (actor, type, at): each staff member's moves in the window, at
    most cap + 1 of them, not every event. A centre's staff can move only the centre's
    repairs (repairs.access), so the repair itself is not looked up.
    """
    moves = (
        select(RepairEvent.id)
        .where(
            RepairEvent.actor_id == Account.id,
            RepairEvent.type == "status_changed",
            RepairEvent.at >= since,
        )
        .correlate(Account)  # one staff member's, from the outer query
        .limit(cap + 1)
        .subquery()
    )
    count = select(func.count()).select_from(moves).scalar_subquery().label("moves")
    rows = session.execute(select(Account.name, count).where(Account.centre_id == centre_id)).all()
    work = [(name, n) for name, n in rows if n]
    return sorted(work, key=lambda w: (-w[1], w[0]))
