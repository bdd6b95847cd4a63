"""The stock ledger: every change of stock is one movement row and one guarded balance update.

Each kind of movement changes on hand and reserved its own way (EFFECTS). The balance row
is changed by a single conditional UPDATE whose WHERE says what must hold first (enough
available to reserve, enough reserved to use …): of two technicians reserving the last
display at once, the database lets one UPDATE match and the other match nothing, so one
gets the part and the other a back-order, never both (decision 136). The movement row is
written only when the balance moved, in the same transaction; so is the alert to the
place's managers when the part just fell to its reorder point (inventory.low).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from aftersales.db import insert_ignoring_conflicts
from aftersales.inventory import low
from aftersales.inventory.models import Movement, StockLevel, StockMovement
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_

L = StockLevel


def _guard(kind: Movement, q: int) -> ColumnElement[bool] | None:
    """Return what must hold before a movement of q parts, or None when anything may."""
    if kind in (Movement.reserved, Movement.transferred_out):
        return (L.on_hand - L.reserved) >= q
    if kind in (Movement.released, Movement.used):
        return L.reserved >= q
    return None


# (on hand, reserved) per part moved; an adjustment's sign is its own.
EFFECTS: dict[Movement, tuple[int, int]] = {
    Movement.received: (1, 0),
    Movement.reserved: (0, 1),
    Movement.released: (0, -1),
    Movement.used: (-1, -1),
    Movement.transferred_out: (-1, 0),
    Movement.transferred_in: (1, 0),
    Movement.adjusted: (1, 0),
    Movement.defective_returned: (0, 0),
}


@dataclass(frozen=True)
class Ref:
    """What a movement was for: a repair, a supply order, the other location, a reason."""

    repair_id: int | None = None
    supply_order_id: int | None = None
    other_location_id: int | None = None
    reason: str | None = None


def move(
    session: Session,
    location_id: int,
    part_id: int,
    kind: Movement,
    quantity: int,
    actor: Acting,
    now: datetime,
    ref: Ref = Ref(),
) -> bool:
    """Apply one movement if its condition holds; False (nothing written) when it does not.

    `quantity` is positive, except for an adjustment, whose sign says up or down; an
    adjustment may not take on hand below what is reserved.
    """
    if quantity == 0 or (quantity < 0 and kind != Movement.adjusted):
        raise ValidationFailed(
            N_("Give a quantity of at least 1."), {"quantity": N_("Give a quantity of at least 1.")}
        )
    hand, kept = EFFECTS[kind]
    hand, kept = hand * quantity, kept * quantity
    session.execute(
        insert_ignoring_conflicts(session, L, {"location_id": location_id, "part_id": part_id})
    )
    guard = _guard(kind, abs(quantity))
    if kind == Movement.adjusted:
        guard = (L.on_hand + hand) >= L.reserved
    stmt = (
        update(L)
        .where(L.location_id == location_id, L.part_id == part_id)
        .values(
            on_hand=L.on_hand + hand, reserved=L.reserved + kept, updated_at=now,
            low_since=low.kept_low_since(hand, kept),
        )
        .returning(*low.RETURNED)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if guard is not None:
        stmt = stmt.where(guard)
    after = session.execute(stmt).first()
    if after is None:
        return False
    loaded = session.identity_map.get(identity_key(L, (location_id, part_id)))
    if loaded is not None:
        session.expire(loaded)  # the UPDATE went past the identity map
    session.add(
        StockMovement(
            location_id=location_id, part_id=part_id, kind=kind, quantity=abs(quantity),
            on_hand_change=hand, reserved_change=kept, repair_id=ref.repair_id,
            supply_order_id=ref.supply_order_id, other_location_id=ref.other_location_id,
            reason=ref.reason, actor_id=actor.id, actor_role=actor.role, at=now,
        )
    )  # fmt: skip
    session.flush()
    low.after_write(session, location_id, part_id, after, now)
    return True


def must_move(
    session: Session,
    location_id: int,
    part_id: int,
    kind: Movement,
    quantity: int,
    actor: Acting,
    now: datetime,
    ref: Ref = Ref(),
) -> None:
    """Apply one movement, or raise Conflict saying there is not enough stock for it."""
    if not move(session, location_id, part_id, kind, quantity, actor, now, ref):
        raise Conflict(N_("There is not enough stock of this part here for that."))


def level(session: Session, location_id: int, part_id: int) -> StockLevel | None:
    """Return the balance of a part at a location (None when it never had any)."""
    return session.scalar(select(L).where(L.location_id == location_id, L.part_id == part_id))
