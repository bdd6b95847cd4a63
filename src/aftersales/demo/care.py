"""The demo's forecast: the Mi 8's display reaches its end of production, then the nightly
forecast runs once, so the commitment dashboard has phones in use and parts outlooks.

The supplier's factory ran out of Mi 8 displays (demo.data.SLIPS): the maker makes a last
run, so the forecast plans a last production batch for it. Nothing here draws at random.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.care.nightly import nightly_forecast
from aftersales.inventory.models import Part
from aftersales.inventory.parts import update_part
from aftersales.kernel.actors import SYSTEM

LAST_RUN_DAYS = 90  # the Mi 8 display's production ends this many days after the demo's day


def load_care(session: Session, now: datetime, parts: dict[tuple[str, str], Part]) -> None:
    """Date the end of the Mi 8 display's production, then compute and store the forecast."""
    display = parts[("Mi 8", "display")]
    ends = now.date() + timedelta(days=LAST_RUN_DAYS)
    update_part(session, SYSTEM, display, [m.id for m in display.models], now,
                production_ends_on=ends)  # fmt: skip
    nightly_forecast(session, now)
