"""Which fields of a repair each role reads: one table behind the API and the pages.

Whoever may see a repair (`repairs/access.py`) reads its code, status and what happens next,
the expected date, brand, model, fault and problem, shop and centre, the warranty decision
and its reason, quotes, and the history entries meant for the owner. The fields below are
the ones that differ by role; docs/architecture.md shows the same table. The API answers
null (or leaves the entry out, for history entries) where a field is not the caller's to
read; the repair page leaves it out.
"""

from __future__ import annotations

from enum import StrEnum

from aftersales.accounts.models import Account, Role
from aftersales.kernel.errors import Forbidden


class Field(StrEnum):
    """A part of a repair that not every role reads."""

    imei = "imei"  # the phone's full IMEI
    condition_notes = "condition_notes"  # the phone's condition at intake, noted by staff
    contact = "contact"  # the owner's name, e-mail and phone as given at intake
    owner_id = "owner_id"  # the owner's account number
    sla = "sla"  # the SLA clock: state, days used, due date, target, paused, loaner owed
    staff_events = "staff_events"  # history entries not meant for the owner
    internal_notes = "internal_notes"  # internal notes on any history entry
    event_accounts = "event_accounts"  # account numbers in the history: who acted, owners
    contact_log = "contact_log"  # who asked where the repair stands, when, how
    warranty = "warranty"  # what the warranty decision rests on: purchase date, coverage
    messages = "messages"  # what was told about the repair: to whom, how, when, delivered
    assignee = "assignee"  # the centre's technician working on the repair
    loaners = "loaners"  # loaner phones given and returned, and the owner's offline days
    parts = "parts"  # the parts the repair asked for: reserved, ordered and when due, used


PUBLIC = "public"  # the public tracking page and API: no account, code and IMEI digits
_STAFF = frozenset(
    {
        Field.imei,
        Field.condition_notes,
        Field.contact,
        Field.sla,
        Field.staff_events,
        Field.internal_notes,
        Field.contact_log,
        Field.messages,
        Field.assignee,
        Field.loaners,
        Field.parts,
    }
)
# Audience -> the fields it reads. Owners read what their page shows them; the shop and the
# centre, who serve the owner, read everything but account numbers; the centre, who decides
# the warranty, also reads what the decision rests on; the brand oversees (clock, condition,
# internal notes) without the owner's personal details or the contact log; platform admins
# read all.
VISIBLE: dict[str, frozenset[Field]] = {
    PUBLIC: frozenset(),
    Role.owner: frozenset({Field.imei, Field.contact, Field.owner_id}),
    Role.shop_staff: _STAFF,
    Role.technician: _STAFF | {Field.warranty},
    Role.centre_manager: _STAFF | {Field.warranty},
    Role.brand_admin: _STAFF - {Field.contact, Field.contact_log},
    Role.platform_admin: frozenset(Field),
}
# Pages show no account numbers: these fields exist in the API only.
API_ONLY = frozenset({Field.owner_id, Field.event_accounts})


def visible_fields(viewer: Account | None) -> frozenset[Field]:
    """Return the fields of a repair this viewer reads (None: the public)."""
    return VISIBLE.get(viewer.role if viewer is not None else PUBLIC, frozenset())


def require_field(viewer: Account, field: Field) -> None:
    """Raise Forbidden unless the viewer reads this field (for routes that serve only it)."""
    if field not in visible_fields(viewer):
        raise Forbidden("Your account may not read this.")
