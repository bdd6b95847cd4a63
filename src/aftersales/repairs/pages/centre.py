"""The service centre's pages: the technician's queue and the manager's board."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.accounts.models import Account
from aftersales.catalog.models import ServiceCentre
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page
from aftersales.kernel.clock import local_date
from aftersales.kernel.i18n import N_
from aftersales.repairs.access import may_manage_centre, may_work_queue
from aftersales.repairs.backlog import AGE_BUCKETS, backlog_of
from aftersales.repairs.dropoff import expected_dropoffs
from aftersales.repairs.queries import COUNT_CAP, work_per_technician
from aftersales.repairs.queue import assigned_to, centre_queue, in_state, state_count
from aftersales.repairs.states import Status
from aftersales.sla import service as sla

router = APIRouter(include_in_schema=False)
# The most urgent of the centre's open repairs, and of one person's: more than a day's work
# each. The rest wait below any real day's work; searches and the API reach every repair, and
# rendering fewer rows keeps the page fast with a whole centre reading it (docs/benchmarks.md).
QUEUE_SIZE = 50
MINE_SIZE = 25
BOARD_LIST_SIZE = 50  # per state on the board


def _centre_staff(page: Page, allowed: Callable[[Account], bool]) -> Response | None:
    """Return a redirect or a 404 page unless the centre's policy lets the visitor in."""
    if page.user is None:
        return page.to_login()
    if not allowed(page.user):
        return page.render("error.html", 404, message=N_("This page is for service centre staff."))
    return None


@router.get("/centre/queue")
def queue(page: PageDep, session: DbSession, now: Now) -> Response:
    """The person's own repairs ("my repairs"), then the centre's, the most urgent first."""
    if (stop := _centre_staff(page, may_work_queue)) is not None:
        return stop
    assert page.user is not None and page.user.centre_id is not None
    centre = session.get_one(ServiceCentre, page.user.centre_id)
    rows, total = centre_queue(session, centre, QUEUE_SIZE)
    return page.render(
        "repairs/centre/queue.html",
        mine=assigned_to(session, page.user.id, MINE_SIZE + 1),
        mine_size=MINE_SIZE,
        rows=rows,
        total=min(total, COUNT_CAP),
        capped=total > COUNT_CAP,
        dropoffs=expected_dropoffs(session, page.user),
        today=local_date(now, centre.timezone),
    )


@router.get("/centre/board")
def board(page: PageDep, session: DbSession, now: Now) -> Response:
    """At-risk and breached repairs, the backlog by status and age, work per technician."""
    if (stop := _centre_staff(page, may_manage_centre)) is not None:
        return stop
    assert page.user is not None and page.user.centre_id is not None
    centre = session.get_one(ServiceCentre, page.user.centre_id)
    counted = backlog_of(session, centre, now)
    lists = []
    for title, state in ((N_("Breached"), "breached"), (N_("At risk"), "at_risk")):
        n = state_count(session, centre, state)
        rows = in_state(session, centre, state, BOARD_LIST_SIZE, running=True)
        lists.append((title, rows, min(n, COUNT_CAP), n > COUNT_CAP))
    return page.render(
        "repairs/centre/board.html",
        centre=centre,
        lists=lists,
        shown=BOARD_LIST_SIZE,
        by_status=[
            (s, counted.by_status[s.value]) for s in Status if counted.by_status.get(s.value)
        ],
        ages=[(label, n) for (_, _, label), n in zip(AGE_BUCKETS, counted.by_age, strict=True)],
        counted_at=counted.counted_at,
        work=work_per_technician(session, centre.id, now - timedelta(days=30)),
        policies=sla.policies_at(session, centre),
        brands={b.id: b.name for b in centre.brands},
        total=sum(counted.by_status.values()),
        cap=COUNT_CAP,
    )
