"""Stock moved by people: a transfer between places, a count corrected, a reorder point set."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record
from aftersales.db import insert_ignoring_conflicts
from aftersales.inventory import low
from aftersales.inventory.access import require_counting, require_location
from aftersales.inventory.ledger import Ref, level, move, must_move
from aftersales.inventory.models import Movement, Part, StockLevel, StockLocation
from aftersales.kernel.actors import Acting, Role, is_platform
from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.kernel.i18n import N_, Msg


def transfer(
    session: Session, actor: Acting, part: Part, source: StockLocation, target: StockLocation,
    quantity: int, now: datetime,
) -> None:  # fmt: skip
    """Move available parts of the brand's between two places (its admins, platform admins).

    Its places are centres and the brand's own warehouses: another brand's warehouse keeps
    none of its parts. Too few available where they leave answers Conflict with how many are.
    """
    require_location(actor, source)
    require_location(actor, target)
    if not (
        is_platform(actor) or (actor.role == Role.brand_admin and actor.brand_id == part.brand_id)
    ):
        raise Forbidden(N_("Only the brand's administrators move its parts between places."))
    problems: dict[str, str] = {}
    if source.brand_id not in (None, part.brand_id):
        problems["from_location_id"] = N_("Another brand's warehouse keeps none of these parts.")
    if target.brand_id not in (None, part.brand_id):
        problems["to_location_id"] = N_("Another brand's warehouse keeps none of these parts.")
    if source.id == target.id:
        problems["to_location_id"] = N_("Choose another place to send to.")
    if problems:
        raise ValidationFailed(N_("Check the transfer."), problems)
    if not move(session, source.id, part.id, Movement.transferred_out, quantity, actor, now,
                Ref(other_location_id=target.id)):  # fmt: skip
        found = level(session, source.id, part.id)
        raise Conflict(
            Msg(
                "There is not enough stock of this part where it leaves: %(n)s available.",
                n=found.available if found else 0,
            )
        )
    must_move(session, target.id, part.id, Movement.transferred_in, quantity, actor, now,
              Ref(other_location_id=source.id))  # fmt: skip


def adjust(
    session: Session, actor: Acting, place: StockLocation, part: Part, change: int, reason: str,
    now: datetime,
) -> None:  # fmt: skip
    """Correct a count up or down (a stocktake, a broken part), saying why."""
    require_counting(actor, place)
    reason = " ".join(reason.split())
    if not reason or len(reason) > 300:
        raise ValidationFailed(
            N_("Check the correction."),
            {"reason": N_("Say why the count changes (up to 300 characters).")},
        )
    must_move(session, place.id, part.id, Movement.adjusted, change, actor, now, Ref(reason=reason))


def set_reorder_point(
    session: Session, actor: Acting, place: StockLocation, part: Part, point: int, now: datetime
) -> None:
    """Set the available count at or under which the part shows as low here; audited."""
    require_counting(actor, place)
    if not 0 <= point <= 100_000:
        raise ValidationFailed(
            N_("Check the reorder point."), {"reorder_point": N_("Give a number from 0 to 100000.")}
        )
    session.execute(
        insert_ignoring_conflicts(
            session, StockLevel, {"location_id": place.id, "part_id": part.id}
        )
    )
    after = session.execute(
        update(StockLevel)
        .where(StockLevel.location_id == place.id, StockLevel.part_id == part.id)
        .values(reorder_point=point, updated_at=now, low_since=low.kept_low_since(point=point))
        .returning(*low.RETURNED)
        .execution_options(synchronize_session=False)
    ).one()
    low.after_write(session, place.id, part.id, after, now)  # a point raised above available
    record(session, actor, Action.updated, "stock_level", f"{place.id}:{part.id}", now,
           new={"reorder_point": point}, brand_id=part.brand_id)  # fmt: skip
