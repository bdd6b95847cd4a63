"""The service centre's pages: the technician's queue and the manager's board."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from fastapi import APIRouter
from fastapi.responses import Response

from aftersales.accounts.models import Account
from aftersales.catalog.models import ServiceCentre
from aftersales.kernel.clock import local_date
from aftersales.kernel.i18n import N_
from aftersales.kernel.workdays import workdays_between
from aftersales.repairs.access import may_manage_centre, may_work_queue
from aftersales.repairs.queries import work_per_technician
from aftersales.repairs.queue import QueueRow, centre_queue
from aftersales.repairs.states import Status
from aftersales.sla import service as sla
from aftersales.web.deps import DbSession, Now
from aftersales.web.pages.base import Page, PageDep

router = APIRouter(include_in_schema=False)
QUEUE_SIZE = 200  # the most urgent; the rest wait below the fold of any real day's work
AGE_BUCKETS = (
    (0, 2, N_("0–2 working days")),
    (3, 5, N_("3–5 working days")),
    (6, 10, N_("6–10 working days")),
    (11, 10_000, N_("more than 10 working days")),
)


def _centre_staff(page: Page, allowed: Callable[[Account], bool]) -> Response | None:
    """Return a redirect or a 404 page unless the centre's policy lets the visitor in."""
    if page.user is None:
        return page.to_login()
    if not allowed(page.user):
        return page.render("error.html", 404, message=N_("This page is for service centre staff."))
    return None


@router.get("/centre/queue")
def queue(page: PageDep, session: DbSession, now: Now) -> Response:
    """The centre's open repairs, the most urgent for the SLA first."""
    if (stop := _centre_staff(page, may_work_queue)) is not None:
        return stop
    assert page.user is not None and page.user.centre_id is not None
    centre = session.get_one(ServiceCentre, page.user.centre_id)
    rows = centre_queue(session, centre, now)
    return page.render("centre/queue.html", rows=rows[:QUEUE_SIZE], total=len(rows))


@router.get("/centre/board")
def board(page: PageDep, session: DbSession, now: Now) -> Response:
    """At-risk and breached repairs, the backlog by status and age, work per technician."""
    if (stop := _centre_staff(page, may_manage_centre)) is not None:
        return stop
    assert page.user is not None and page.user.centre_id is not None
    centre = session.get_one(ServiceCentre, page.user.centre_id)
    rows = centre_queue(session, centre, now)
    by_status = Counter(r.status for r in rows)
    ages = Counter(_bucket(r, centre, now) for r in rows)
    return page.render(
        "centre/board.html",
        centre=centre,
        breached=[r for r in rows if r.clock.state == "breached"],
        at_risk=[r for r in rows if r.clock.state == "at_risk"],
        by_status=[(s, by_status[s.value]) for s in Status if by_status[s.value]],
        ages=[(label, ages[label]) for _, _, label in AGE_BUCKETS],
        work=work_per_technician(session, centre.id, now - timedelta(days=30)),
        policies=sla.policies_at(session, centre),
        brands={b.id: b.name for b in centre.brands},
        total=len(rows),
    )


def _bucket(row: QueueRow, centre: ServiceCentre, now: datetime) -> str:
    """Name the age bucket of a repair: working days since it entered the service."""
    start = row.received_at or row.created_at
    days = workdays_between(
        local_date(start, centre.timezone),
        local_date(now, centre.timezone),
        centre.country,
        centre.working_week,
    )
    return next(label for low, high, label in AGE_BUCKETS if low <= days <= high)
