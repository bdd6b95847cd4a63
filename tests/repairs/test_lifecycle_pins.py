"""The life cycle's key moves, written out by hand: a change of the table must change this too.

The other state tests read `MOVES`; these pin what product.md promises whatever the table
says, so an accidental edit of one row (say, letting a shop skip the centre, or an owner
close a repair) fails here.
"""

from __future__ import annotations

import pytest

from aftersales.repairs.states import MOVES, PAUSES_CLOCK, Actor, Status

# (from, to, who may do it), spelled as strings on purpose.
KEY_MOVES = [
    ("registered", "received", {"shop", "centre"}),
    ("received", "in_transit_to_centre", {"shop"}),
    ("in_transit_to_centre", "at_centre", {"centre"}),
    ("at_centre", "diagnosing", {"centre"}),
    ("diagnosing", "awaiting_approval", {"centre"}),
    ("awaiting_approval", "repairing", {"centre", "owner"}),
    ("diagnosing", "awaiting_parts", {"centre"}),
    ("awaiting_parts", "repairing", {"centre"}),
    ("repairing", "testing", {"centre"}),
    ("testing", "ready", {"centre"}),
    ("testing", "in_transit_to_shop", {"centre"}),
    ("in_transit_to_shop", "ready_for_pickup", {"shop"}),
    ("ready_for_pickup", "closed", {"shop"}),
    ("ready", "closed", {"centre"}),
    ("registered", "cancelled", {"shop", "centre", "owner"}),
]

# Moves that must never exist, whoever asks.
NEVER = [
    ("registered", "closed"),  # a repair is never closed without the service doing it
    ("received", "ready"),  # nor ready before a technician saw it
    ("diagnosing", "closed"),
    ("awaiting_approval", "closed"),
    ("repairing", "cancelled"),  # work under way is finished or returned, not cancelled
    ("closed", "registered"),  # closed and cancelled are final
    ("cancelled", "received"),
    ("in_transit_to_shop", "closed"),  # the shop hands the phone back
]


@pytest.mark.parametrize(("frm", "to", "who"), KEY_MOVES)
def test_key_move_is_allowed_for_exactly_these_sides(frm: str, to: str, who: set[str]) -> None:
    sides = MOVES.get((Status(frm), Status(to)))
    assert sides is not None, f"{frm} -> {to} must be allowed"
    assert {a.value for a in sides} == who


@pytest.mark.parametrize(("frm", "to"), NEVER)
def test_forbidden_move_is_absent(frm: str, to: str) -> None:
    assert (Status(frm), Status(to)) not in MOVES


def test_owners_only_answer_quotes_or_cancel_before_the_service_starts() -> None:
    owner_moves = {(f.value, t.value) for (f, t), who in MOVES.items() if Actor.owner in who}
    assert owner_moves == {
        ("registered", "cancelled"),
        ("awaiting_approval", "awaiting_parts"),
        ("awaiting_approval", "repairing"),
        ("awaiting_approval", "testing"),
    }


def test_only_waiting_for_the_owner_stops_the_clock() -> None:
    assert {s.value for s in PAUSES_CLOCK} == {"awaiting_approval"}
