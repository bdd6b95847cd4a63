"""The repair life cycle: statuses, their wording per audience and the one table of moves.

Pure: no database, no HTTP. `repairs.service.transition()` is the only code that
changes a status, and it asks this table first.
"""

from __future__ import annotations

from enum import StrEnum

from aftersales.kernel.i18n import N_


class Status(StrEnum):
    """Where a repair order stands."""

    registered = "registered"
    received = "received"
    in_transit_to_centre = "in_transit_to_centre"
    at_centre = "at_centre"
    diagnosing = "diagnosing"
    awaiting_approval = "awaiting_approval"
    awaiting_parts = "awaiting_parts"
    repairing = "repairing"
    testing = "testing"
    ready = "ready"
    in_transit_to_shop = "in_transit_to_shop"
    ready_for_pickup = "ready_for_pickup"
    closed = "closed"
    cancelled = "cancelled"


class Outcome(StrEnum):
    """How a closed repair ended."""

    repaired = "repaired"
    replaced = "replaced"
    returned_unrepaired = "returned_unrepaired"
    refunded = "refunded"


class Actor(StrEnum):
    """Which side may make a move: the shop, the centre or the owner."""

    shop = "shop"
    centre = "centre"
    owner = "owner"


S, A = Status, Actor
SHOP, CENTRE, OWNER = frozenset({A.shop}), frozenset({A.centre}), frozenset({A.owner})

# (from, to) -> who may make that move. Platform admins may make any listed move.
MOVES: dict[tuple[Status, Status], frozenset[Actor]] = {
    (S.registered, S.received): SHOP | CENTRE,
    (S.registered, S.at_centre): CENTRE,
    (S.registered, S.cancelled): SHOP | CENTRE | OWNER,
    (S.received, S.in_transit_to_centre): SHOP,
    (S.received, S.diagnosing): CENTRE,
    (S.received, S.cancelled): SHOP | CENTRE,
    (S.in_transit_to_centre, S.at_centre): CENTRE,
    (S.at_centre, S.diagnosing): CENTRE,
    (S.diagnosing, S.awaiting_approval): CENTRE,
    (S.diagnosing, S.awaiting_parts): CENTRE,
    (S.diagnosing, S.repairing): CENTRE,
    (S.diagnosing, S.testing): CENTRE,
    (S.diagnosing, S.ready): CENTRE,
    (S.diagnosing, S.in_transit_to_shop): CENTRE,
    (S.awaiting_approval, S.awaiting_parts): CENTRE | OWNER,
    (S.awaiting_approval, S.repairing): CENTRE | OWNER,
    (S.awaiting_approval, S.testing): CENTRE | OWNER,
    # Only by withdrawing the quote (repairs.quotes.withdraw_quote), with a reason.
    (S.awaiting_approval, S.diagnosing): CENTRE,
    (S.awaiting_parts, S.repairing): CENTRE,
    (S.awaiting_parts, S.awaiting_approval): CENTRE,
    (S.repairing, S.testing): CENTRE,
    (S.repairing, S.awaiting_parts): CENTRE,
    (S.testing, S.repairing): CENTRE,
    (S.testing, S.ready): CENTRE,
    (S.testing, S.in_transit_to_shop): CENTRE,
    (S.ready, S.in_transit_to_shop): CENTRE,
    (S.ready, S.closed): CENTRE,
    (S.in_transit_to_shop, S.ready_for_pickup): SHOP,
    (S.ready_for_pickup, S.closed): SHOP,
}

OPEN = frozenset(set(Status) - {S.closed, S.cancelled})
# The service has the phone from the first of these until one of READY_STATES.
ENTERS_SERVICE = frozenset({S.received, S.at_centre})
READY_STATES = frozenset({S.ready, S.ready_for_pickup})
# While in these the SLA clock stops: the service waits for the owner.
PAUSES_CLOCK = frozenset({S.awaiting_approval})
NEEDS_OUTCOME = frozenset({S.closed})

# The moves owners are told of (repairs.notify): received, the diagnosis, a quote, waiting
# for parts, ready, the end. The steps between show on the tracking page and in the next
# message; shops and webhooks still hear of every move.
OWNER_NEWS_TO = frozenset(
    {S.received, S.awaiting_approval, S.awaiting_parts, S.ready_for_pickup, S.closed, S.cancelled}
)


def owner_hears_of(frm: Status | None, to: Status, *, via_shop: bool) -> bool:
    """Tell whether a move is a milestone the owner gets a message about."""
    if to in OWNER_NEWS_TO:
        return True
    if to == S.at_centre:
        return frm == S.registered  # received at the centre itself
    if to == S.ready:
        return not via_shop  # collected at the centre; else the shop's pickup is the news
    # The diagnosis is done (what comes next), or the quote is answered (the work goes on).
    return frm in (S.diagnosing, S.awaiting_approval)


# Owner-facing wording (English source strings; catalogues translate them).
LABELS: dict[Status, str] = {
    S.registered: N_("Repair registered"),
    S.received: N_("Phone received"),
    S.in_transit_to_centre: N_("On its way to the service centre"),
    S.at_centre: N_("Arrived at the service centre"),
    S.diagnosing: N_("Being checked"),
    S.awaiting_approval: N_("Waiting for your approval of the quote"),
    S.awaiting_parts: N_("Waiting for parts"),
    S.repairing: N_("Being repaired"),
    S.testing: N_("Final checks"),
    S.ready: N_("Ready at the service centre"),
    S.in_transit_to_shop: N_("On its way back to the shop"),
    S.ready_for_pickup: N_("Ready for pickup"),
    S.closed: N_("Returned to you"),
    S.cancelled: N_("Cancelled"),
}

# What the owner can expect next, shown on the tracking page.
NEXT_STEP: dict[Status, str] = {
    S.registered: N_("Bring the phone to the shop or service centre you chose."),
    S.received: N_("The phone will be checked or sent to the service centre."),
    S.in_transit_to_centre: N_("Next, a technician checks the phone at the service centre."),
    S.at_centre: N_("A technician will check the phone."),
    S.diagnosing: N_("A technician is finding the cause of the problem."),
    S.awaiting_approval: N_("Please approve or decline the quote; the repair waits for you."),
    S.awaiting_parts: N_("The repair continues as soon as the parts arrive."),
    S.repairing: N_("After the repair, the phone is tested."),
    S.testing: N_("When the checks pass, the phone is ready."),
    S.ready: N_("You can collect the phone at the service centre."),
    S.in_transit_to_shop: N_("The shop will tell you when you can collect it."),
    S.ready_for_pickup: N_("Collect the phone with your tracking code."),
    S.closed: N_("Nothing more to do."),
    S.cancelled: N_("Nothing more to do."),
}

# Staff wording (shop and centre pages, move buttons, staff messages): the same steps, told
# about the owner rather than to them. Where both read the same, the owner's words are used.
STAFF_LABELS: dict[Status, str] = LABELS | {
    S.registered: N_("Registered: the phone is not handed in yet"),
    S.awaiting_approval: N_("Waiting for the owner's answer to the quote"),
    S.ready_for_pickup: N_("Ready for the owner to pick up at the shop"),
    S.closed: N_("Closed: returned to the owner"),
}

# What staff can expect next, shown on the repair page to shops and centres.
STAFF_NEXT_STEP: dict[Status, str] = NEXT_STEP | {
    S.registered: N_("The owner brings the phone to the shop or the service centre."),
    S.received: N_("The phone is sent to the service centre or checked here."),
    S.awaiting_approval: N_(
        "The owner approves or declines the quote; the SLA clock is paused meanwhile."
    ),
    S.ready: N_("The owner collects the phone here, or it goes back to the shop."),
    S.in_transit_to_shop: N_("The shop confirms its arrival; the owner is then told."),
    S.ready_for_pickup: N_("Hand the phone back when the owner shows the tracking code."),
    S.closed: N_("Nothing more to do."),
}


def label(status: Status, *, staff: bool) -> str:
    """Return a status's wording (a catalogue message) for staff or for the owner."""
    return (STAFF_LABELS if staff else LABELS)[status]


def next_step(status: Status, *, staff: bool) -> str:
    """Return what happens next (a catalogue message) for staff or for the owner."""
    return (STAFF_NEXT_STEP if staff else NEXT_STEP)[status]


# How far along the repair is at each step (0..1), for the SLA-based expected date.
PROGRESS: dict[Status, float] = {
    S.registered: 0.0,
    S.received: 0.0,
    S.in_transit_to_centre: 0.1,
    S.at_centre: 0.2,
    S.diagnosing: 0.3,
    S.awaiting_approval: 0.4,
    S.awaiting_parts: 0.45,
    S.repairing: 0.7,
    S.testing: 0.85,
    S.in_transit_to_shop: 0.9,
    S.ready: 1.0,
    S.ready_for_pickup: 1.0,
    S.closed: 1.0,
    S.cancelled: 1.0,
}


def allowed_next(current: Status) -> list[Status]:
    """Return the statuses the table allows after `current`, in life-cycle order."""
    order = list(Status)
    return sorted((to for (frm, to) in MOVES if frm == current), key=order.index)


def allowed_next_for(current: Status, actors: frozenset[Actor] | None) -> list[Status]:
    """Return the next statuses these actors may choose (None means any, for admins)."""
    return [to for to in allowed_next(current) if actors is None or MOVES[(current, to)] & actors]


def is_allowed(current: Status, target: Status) -> bool:
    """Tell whether the table allows moving from `current` to `target`."""
    return (current, target) in MOVES
