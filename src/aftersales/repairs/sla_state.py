"""The SLA read model: each repair's stored SLA state and due date.

One model, one writer: the pure clock (`sla.clock`) computes the state and due date, and
`store()` writes them on every move (`repairs.service.transition`) while the SLA sweep
(`repairs.jobs.sla_sweep`) keeps open repairs current as days pass. The queue, the board,
the API lists and the reports read the stored columns and sort on them in SQL; none
recomputes a clock to decide what to show. `backfill()` fills the columns of rows that have
none yet: after every schema upgrade (`aftersales.migrate.upgrade`, with the code of the day,
so no migration depends on code that changes), and in the benchmark's seeding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from aftersales.accounts.models import Role
from aftersales.db import UTCDateTime
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.notify import alert
from aftersales.repairs.timing import clock_for, repair_terms
from aftersales.sla.clock import SlaClock, SlaTerms, sla_clock
from aftersales.sla.service import terms_on

ALERTED_STATES = ("at_risk", "breached")
# The order of urgency: lists read one state after another, each by due date.
STATES_BY_URGENCY = ("breached", "at_risk", "on_track", "not_started", "met")


def figures(clock: SlaClock, terms: SlaTerms) -> dict[str, object]:
    """Return the figures an SLA alert shows."""
    return {
        "elapsed_days": clock.elapsed_days,
        "target_days": terms.target_days,
        "due": clock.due_date.isoformat() if clock.due_date else None,
    }


def alert_state(
    session: Session, repair: RepairOrder, clock: SlaClock, terms: SlaTerms, now: datetime
) -> int:
    """Tell the centre's managers that a repair became at risk or breached (once per state)."""
    tag = f"sla_{clock.state}.r{repair.id}"
    return alert(
        session, repair, f"sla_{clock.state}", Role.centre_manager, figures(clock, terms), tag, now
    )


@dataclass(frozen=True)
class Stored:
    """What `store()` wrote, and whether the managers are to be told."""

    clock: SlaClock
    terms: SlaTerms
    news: bool


def store(session: Session, repair: RepairOrder, now: datetime) -> Stored:
    """Compute the repair's clock after a move and set its stored state and due date.

    `news` is true when the move carried the repair into an alerted state the sweep had not
    stored yet: the caller tells the managers after its flush (`alert_state`, the sweep's
    message key, so never twice). A repair the sweep has not seen yet stays quiet, as its
    first sweep does.
    """
    terms = repair_terms(session, repair)
    clock = clock_for(repair, terms, now)
    before = repair.sla_state
    repair.sla_state, repair.sla_due_date = clock.state, clock.due_date
    news = (
        repair.sla_checked_at is not None
        and clock.state != before
        and clock.state in ALERTED_STATES
        and repair.ready_at is None
    )
    return Stored(clock, terms, news)


_REPAIR = sa.table(
    "repair_order",
    sa.column("id", sa.Integer),
    sa.column("brand_id", sa.Integer),
    sa.column("centre_id", sa.Integer),
    sa.column("country", sa.String),
    sa.column("channel", sa.String),
    sa.column("created_at", UTCDateTime()),
    sa.column("received_at", UTCDateTime()),
    sa.column("ready_at", UTCDateTime()),
    sa.column("closed_at", UTCDateTime()),
    sa.column("paused_since", UTCDateTime()),
    sa.column("paused_workdays", sa.Integer),
    sa.column("sla_state", sa.String),
    sa.column("sla_due_date", sa.Date),
)
_CENTRE = sa.table(
    "service_centre",
    sa.column("id", sa.Integer),
    sa.column("timezone", sa.String),
    sa.column("working_week", sa.String),
)
_POLICY = sa.table(
    "sla_policy",
    sa.column("brand_id", sa.Integer),
    sa.column("country", sa.String),
    sa.column("channel", sa.String),
    sa.column("target_days", sa.Integer),
    sa.column("at_risk_days", sa.Integer),
    sa.column("loaner_days", sa.Integer),
    sa.column("effective_from_date", sa.Date),
)


def backfill(
    conn: Connection,
    now: datetime,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
    *,
    missing_only: bool = False,
) -> int:
    """Store the SLA state and due date of every repair that entered service; return how many.

    Plain Core on a connection (no ORM objects), in batches by id, so it serves an upgrade
    and a million-row load alike. The same clock and terms as `store()`: the policy version
    in force on the day the repair was opened, and a repair closed without being ready
    (cancelled) keeps the state it had when it was closed. `missing_only`: only repairs in
    service with no due date stored (what an upgrade leaves), not every one.
    """
    versions: dict[tuple[int, str], list[sa.Row[Any]]] = {}
    for p in conn.execute(sa.select(_POLICY)):
        versions.setdefault((p.brand_id, p.country), []).append(p)
    centres = {
        c.id: (ZoneInfo(c.timezone), c.working_week) for c in conn.execute(sa.select(_CENTRE))
    }
    r = _REPAIR
    stmt = (
        sa.update(r)
        .where(r.c.id == sa.bindparam("rid"))
        .values(sla_state=sa.bindparam("state"), sla_due_date=sa.bindparam("due"))
    )
    done, last = 0, 0
    while True:
        todo = sa.select(r).where(r.c.received_at.is_not(None), r.c.id > last)
        if missing_only:
            todo = todo.where(r.c.sla_due_date.is_(None))
        rows = conn.execute(todo.order_by(r.c.id).limit(batch)).all()
        if not rows:
            return done
        params = []
        for row in rows:
            key = (row.brand_id, row.country)
            mine = [v for v in versions.get(key, []) if v.channel in (row.channel, "any")]
            terms = terms_on(mine, row.created_at.date())  # as `timing.opened_on` reads it
            tz, week = centres[row.centre_id]

            def day(moment: datetime | None, tz: ZoneInfo = tz) -> date | None:
                return moment.astimezone(tz).date() if moment else None

            at = row.closed_at if row.closed_at and not row.ready_at else now
            clock = sla_clock(
                terms=terms,
                country=row.country,
                week=week,
                today=at.astimezone(tz).date(),
                started_on=day(row.received_at),
                finished_on=day(row.ready_at),
                paused_workdays=row.paused_workdays,
                paused_since=day(row.paused_since),
            )
            if (clock.state, clock.due_date) != (row.sla_state, row.sla_due_date):
                params.append({"rid": row.id, "state": clock.state, "due": clock.due_date})
        if params:
            conn.execute(stmt, params)
        done += len(rows)
        last = rows[-1].id
        if progress is not None:
            progress(done)
