"""Pieces every repair message shares: links, the status line, the expected date."""

from __future__ import annotations

from aftersales.inventory.words import KINDS as PART_KINDS
from aftersales.kernel.i18n import N_
from aftersales.notifications.links import Links
from aftersales.notifications.render import Tongue
from aftersales.repairs.messages.props import Later, News, RepairFacts, Step, WarrantyDecided
from aftersales.repairs.states import OPEN, READY_STATES, label
from aftersales.repairs.words import WARRANTY

OWNER_WHY = N_("You receive this because you follow this repair.")
STAFF_WHY = N_("You receive this because you handle this repair in aftersales.")


def track_link(p: RepairFacts, links: Links) -> str:
    """Return the public tracking page of the repair (owners)."""
    return links.page("track", code=p.code)


def repair_link(p: RepairFacts, links: Links) -> str:
    """Return the signed-in page of the repair (shops and staff)."""
    return links.page(f"repairs/{p.code}")


def status(p: RepairFacts, t: Tongue, *, staff: bool) -> str:
    """Return the status's wording for the audience, translated."""
    return t._(label(p.status, staff=staff))


def status_line(p: RepairFacts, t: Tongue, *, staff: bool) -> str:
    """Return "Repair <code> (<model>): <status>."; staff also read whose phone it is."""
    if staff and p.contact:
        return t._("Repair {code} ({model}, {contact}): {status}.").format(
            code=p.code, model=p.model, contact=p.contact, status=status(p, t, staff=True)
        )
    return t._("Repair {code} ({model}): {status}.").format(
        code=p.code, model=p.model, status=status(p, t, staff=staff)
    )


def note(p: News, t: Tongue) -> list[str]:
    """Return the public note of the step, if any."""
    if not p.note:
        return []
    return [t._("Note from the service: {note}").format(note=t.known(p.note))]


def later(p: News, t: Tongue, moved: Later | None = None) -> list[str]:
    """Return why the expected ready date moved later, if it did."""
    moved = moved or p.later
    if moved is None:
        return []
    if moved.parts:  # say which part, and its day, in the reader's words
        waits = [
            t._("Waiting for the {part}; new arrival date {day}.").format(
                part=t._(PART_KINDS.get(late.kind, PART_KINDS["other"])), day=t.day(late.arrival)
            )
            for late in moved.parts
        ]
        moved_to = t._("The expected ready date moved from {old} to {new}.").format(
            old=t.day(moved.old), new=t.day(p.expected)
        )
        return [moved_to, *waits]
    return [
        t._("The expected ready date moved from {old} to {new}. Why: {reason}").format(
            old=t.day(moved.old), new=t.day(p.expected), reason=t.known(moved.reason)
        )
    ]


def expected(p: News, t: Tongue, *, staff: bool) -> list[str]:
    """Return when the phone is expected, or (owners) where to collect a ready one."""
    if p.status not in OPEN:
        return []
    handing = []
    if p.dropoff is not None and not staff:  # a booking: when and where the owner brings it
        handing = [
            t._("Bring the phone to {place} on {day}.").format(place=p.place, day=t.day(p.dropoff))
        ]
    if p.status in READY_STATES:
        if staff:
            return []
        return [
            t._("Collect it at {place}. Bring your tracking code {code}.").format(
                place=p.place, code=p.code
            )
        ]
    if p.expected_low == p.expected_high:
        return [*handing, t._("Expected ready date: {date}.").format(date=t.day(p.expected))]
    return [
        *handing,
        t._("Expected ready date: {date} (likely between {low} and {high}).").format(
            date=t.day(p.expected), low=t.day(p.expected_low), high=t.day(p.expected_high)
        ),
    ]


def decision(p: WarrantyDecided | Step, t: Tongue) -> str:
    """Return "Warranty decision: <covered or not>. Why: <reason>" of a decision."""
    assert p.decision is not None
    return t._("Warranty decision: {decision}. Why: {reason}").format(
        decision=t._(WARRANTY[p.decision]), reason=t.known(p.note)
    )


def earlier(p: News, t: Tongue) -> list[str]:
    """Return the owner's earlier news folded into this message, oldest first."""
    if not p.earlier:
        return []
    return [t._("Also since our last message:"), *(f"– {_step(s, t)}" for s in p.earlier)]


def _step(s: Step, t: Tongue) -> str:
    if s.decision is not None:
        return decision(s, t)
    said = [t._(label(s.status, staff=False)) + "."]
    if s.note:
        said.append(t._("Note from the service: {note}").format(note=t.known(s.note)))
    if s.later is not None:
        said.append(
            t._("The expected ready date moved later (it was {old}). Why: {reason}").format(
                old=t.day(s.later.old), reason=t.known(s.later.reason)
            )
        )
    return " ".join(said)
