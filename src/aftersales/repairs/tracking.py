"""The public tracking view: what anyone with the code and the IMEI's last 4 digits sees.

This is the platform's hottest read, so it is one statement returning one JSON value (no ORM
graph), which the tracking reader (repairs/reader.py) may run on a plain driver connection; the
ORM is loaded only when a stale expected date must be recomputed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, TextualSelect, text
from sqlalchemy.orm import Session

from aftersales.catalog.look import Look
from aftersales.kernel.clock import local_date, utcnow
from aftersales.kernel.codes import normalize_tracking_code
from aftersales.kernel.errors import NotFound
from aftersales.kernel.i18n import N_
from aftersales.kernel.language import known, translations
from aftersales.repairs.eta import Estimate, ExpectedWhy, Group, Method
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.stages import Stage, progress
from aftersales.repairs.states import LABELS, NEXT_STEP, OPEN, Status
from aftersales.repairs.timing import current_estimate

EVENT_LABELS = {
    "created": N_("Repair registered"),
    "note": N_("Message from the service"),
    "warranty_decision": N_("Warranty decision"),
    "expected_date_changed": N_("New expected date"),
    "contact": N_("Contact"),
    "owner_changed": N_("New owner recorded at intake"),
    "photos_added": N_("Condition photos taken"),
    "handed_back": N_("Phone handed back"),
}


@dataclass
class PublicStep:
    """One owner-visible step of the public timeline."""

    at: datetime
    status: str | None
    label: str
    note: str | None
    kind: str


@dataclass
class PublicView:
    """What anyone with the tracking code and the IMEI's last 4 digits may see."""

    code: str
    status: str
    label: str
    next_step: str
    model: str
    brand: str
    expected_date: date | None
    expected_low_date: date | None
    expected_high_date: date | None
    pickup_name: str
    pickup_address: str
    pickup_city: str
    timeline: list[PublicStep]
    pickup_hours: dict[str, list[str]] | None = None
    timezone: str = "UTC"  # the centre's, for showing times
    look: Look | None = None  # the brand's name, colour and logo for owners
    why: ExpectedWhy | None = None  # how the expected date was made, for "based on …"

    @property
    def stages(self) -> list[Stage]:
        """Return the stepper's stages, each done, current or to come."""
        return progress(Status(self.status))


# The whole view is one JSON array from one statement: one round trip, and a single column
# spares the per-column work that SQLAlchemy and the driver do on a wide row. Only the JSON
# functions differ between the engines. The parameter is :code in both.
_FIELDS = (
    "r.id, r.code, r.status, r.ready_at IS NULL, r.expected_date, r.expected_low_date,"
    " r.expected_high_date, r.expected_basis, substr(p.imei, 12, 4), m.name, b.name,"
    " c.timezone, c.name, c.address, c.city, s.name, s.address, s.city"
)
# The pickup place's opening hours (the shop's when it hands the phone back), then the
# brand's look for owners (decisions 126, 134): its display name, colour and logo.
_HOURS = "CASE WHEN s.id IS NULL THEN c.opening_hours ELSE s.opening_hours END"
_LOOK = "b.display_name, b.colour, b.logo"
# How the expected date was made (decision 141), for the owner's "based on …" line.
_INPUTS = (
    "r.expected_method, r.expected_samples, r.expected_group, r.expected_step,"
    " r.expected_parts_date, r.expected_target_days, r.fault_category"
)
_FROM = (
    " FROM repair_order r JOIN phone p ON p.id = r.phone_id"
    " JOIN phone_model m ON m.id = r.model_id JOIN brand b ON b.id = m.brand_id"
    " JOIN service_centre c ON c.id = r.centre_id LEFT JOIN shop s ON s.id = r.shop_id"
    " WHERE r.code = :code"
)
VIEW_SQL = {
    "postgresql": f"SELECT json_build_array({_FIELDS}, (SELECT json_agg(json_build_array("
    "e.at, e.to_status, e.note, e.type) ORDER BY e.at, e.id) FROM repair_event e"
    f" WHERE e.repair_id = r.id AND e.public), {_HOURS}, {_LOOK}, {_INPUTS}) AS view{_FROM}",
    "sqlite": f"SELECT json_array({_FIELDS}, json((SELECT json_group_array(json_array("
    "t.at, t.to_status, t.note, t.type)) FROM (SELECT e.at, e.to_status, e.note, e.type"
    " FROM repair_event e WHERE e.repair_id = r.id AND e.public ORDER BY e.at, e.id) t)),"
    f" json({_HOURS}), {_LOOK}, {_INPUTS}) AS view{_FROM}",
}
_QUERIES: dict[str, TextualSelect] = {
    name: text(sql).columns(view=JSON()) for name, sql in VIEW_SQL.items()
}
_ID, _STATUS, _NOT_READY, _LIKELY, _LAST4, _TIMEZONE = 0, 2, 3, 4, 8, 11

Found = Sequence[Any]
"""The fetched JSON array of one repair, as VIEW_SQL builds it."""


def fetch(db: Session | Connection, code: str) -> Found | None:
    """Run the view statement (a session flushes first); None when no repair has this code."""
    query = _QUERIES[db.get_bind().dialect.name if isinstance(db, Session) else db.dialect.name]
    found: Found | None = db.execute(query, {"code": code}).scalar()
    return found


def canonical_code(code: str, imei_last4: str) -> str:
    """Return the code to look up; NotFound when the code or the digits cannot match."""
    canonical = normalize_tracking_code(code)
    if not canonical or len(imei_last4) != 4:
        raise NotFound("No repair matches this code and IMEI.")
    return canonical


def check(found: Found | None, imei_last4: str) -> Found:
    """Return the row if the IMEI digits match; the same NotFound as for an unknown code."""
    if found is None or found[_LAST4] != imei_last4:
        raise NotFound("No repair matches this code and IMEI.")
    return found


def is_stale(found: Found, now: datetime) -> bool:
    """Say whether an open repair's stored expected date has passed (recompute with the ORM)."""
    return bool(
        found[_NOT_READY]
        and Status(found[_STATUS]) in OPEN
        and _day(found[_LIKELY]) < local_date(now, found[_TIMEZONE])
    )


def public_view(
    session: Session, code: str, imei_last4: str, now: datetime | None = None
) -> PublicView:
    """Return the public view of a repair; the same NotFound for unknown code or wrong IMEI."""
    found = check(fetch(session, canonical_code(code, imei_last4)), imei_last4)
    now = now or utcnow()
    if not is_stale(found, now):
        return build_view(found)
    # A stale date is recomputed for display only; the nightly job stores it.
    repair = session.get_one(RepairOrder, found[_ID])
    return build_view(found, current_estimate(session, repair, now))


def build_view(found: Found, expected: Estimate | None = None) -> PublicView:
    """Shape the fetched row as the public view; `expected` replaces a stale stored date."""
    (_, code, status_name, _, likely, low, high, _, _, model, brand) = found[:11]
    (_, c_name, c_address, c_city, s_name, s_address, s_city, events) = found[11:19]
    status = Status(status_name)
    expected = expected or _stored(found, likely, low, high)
    done = status not in OPEN
    on_shop = s_name is not None
    return PublicView(
        code=code,
        status=status,
        label=LABELS[status],
        next_step=NEXT_STEP[status],
        model=model,
        brand=brand,
        expected_date=None if status == Status.cancelled else expected.likely,
        expected_low_date=None if done else expected.low,
        expected_high_date=None if done else expected.high,
        pickup_name=s_name if on_shop else c_name,
        pickup_address=s_address if on_shop else c_address,
        pickup_city=s_city if on_shop else c_city,
        timezone=found[_TIMEZONE],
        pickup_hours=found[19] if len(found) > 19 else None,
        look=Look(found[20] or brand, found[21], found[22]) if len(found) > 22 else None,
        why=None if done else ExpectedWhy(expected, found[29], model, c_city),
        timeline=[
            PublicStep(
                at=_at(at),
                status=to_status,
                note=note,
                kind=kind,
                label=LABELS[Status(to_status)] if to_status else EVENT_LABELS.get(kind, kind),
            )
            for at, to_status, note, kind in events or ()
        ],
    )


def _stored(found: Found, likely: str, low: str, high: str) -> Estimate:
    """Return the stored estimate of the fetched row, with how it was made."""
    method, samples, group, step, parts, target = found[23:29]
    return Estimate(
        _day(likely),
        _day(low),
        _day(high),
        Method(method),
        samples=samples,
        group=Group(group),
        step=step,
        parts_date=_day(parts) if parts else None,
        target_days=target,
    )


def in_language(view: PublicView, lang: str) -> PublicView:
    """Return the view with its wording in `lang`: status, next step, step names, system notes.

    People's own notes stay as written; codes, names and dates are the same in every language.
    """
    if lang == "en":
        return view
    say = translations(lang).gettext
    steps = [
        replace(s, label=say(s.label), note=known(lang, s.note) if s.note else s.note)
        for s in view.timeline
    ]
    return replace(view, label=say(view.label), next_step=say(view.next_step), timeline=steps)


def _day(value: str) -> date:
    """Parse a date from the JSON view."""
    return date.fromisoformat(value)


def _at(value: str) -> datetime:
    """Parse an event time from the JSON view (ISO with or without offset) as UTC."""
    at = datetime.fromisoformat(value)
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
