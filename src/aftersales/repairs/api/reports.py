"""Routes: SLA boards and contacts per repair."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request, Response

from aftersales.accounts.deps import User
from aftersales.http.deps import DbSession, Now
from aftersales.repairs.access import require_contact_figures, require_sla_board
from aftersales.repairs.present import clock_read
from aftersales.repairs.queries import TermsCache, contact_figures, sla_board
from aftersales.repairs.schemas import ContactFiguresRead, SlaBoardItem
from aftersales.repairs.timing import clock_for

router = APIRouter(tags=["sla and reports"])


SLA_PAGE = Query(50, ge=1, le=200)
CURSOR = Query(None, max_length=200, description="the cursor of the Link rel=next header")


def _board(
    user: User,
    session: DbSession,
    now: Now,
    response: Response,
    request: Request,
    state: str,
    page: tuple[int, str | None],
    centre_id: int | None,
    brand_id: int | None,
) -> list[SlaBoardItem]:
    require_sla_board(user)
    limit, cursor = page
    found = sla_board(session, user, state, limit, cursor, centre_id, brand_id)
    if found.next_cursor:  # the list stays a list; the next page is a link (RFC 8288)
        nxt = request.url.include_query_params(cursor=found.next_cursor)
        response.headers["Link"] = f'<{nxt}>; rel="next"'
        response.headers["X-Next-Cursor"] = found.next_cursor
    terms = TermsCache(session)
    items = []
    for r in found.rows:
        t = terms(r)
        items.append(
            SlaBoardItem(
                code=r.code,
                status=r.status,
                centre_id=r.centre_id,
                brand=r.model.brand.name,
                model=r.model.name,
                fault_category=r.fault_category,
                sla=clock_read(clock_for(r, t, now), t, r, stored=True),
                expected_date=r.expected_date,
            )
        )
    return items


@router.get("/sla/at-risk", response_model=list[SlaBoardItem])
def at_risk(
    user: User,
    session: DbSession,
    now: Now,
    response: Response,
    request: Request,
    centre_id: int | None = None,
    brand_id: int | None = None,
    limit: int = SLA_PAGE,
    cursor: str | None = CURSOR,
) -> list[SlaBoardItem]:
    """Open repairs past the at-risk point, the earliest due first; 50 a page (Link: next)."""
    page = (limit, cursor)
    return _board(user, session, now, response, request, "at_risk", page, centre_id, brand_id)


@router.get("/sla/breached", response_model=list[SlaBoardItem])
def breached(
    user: User,
    session: DbSession,
    now: Now,
    response: Response,
    request: Request,
    centre_id: int | None = None,
    brand_id: int | None = None,
    limit: int = SLA_PAGE,
    cursor: str | None = CURSOR,
) -> list[SlaBoardItem]:
    """Open repairs past their SLA target, most overdue first; 50 a page (Link: next)."""
    page = (limit, cursor)
    return _board(user, session, now, response, request, "breached", page, centre_id, brand_id)


@router.get("/reports/contacts", response_model=ContactFiguresRead)
def contacts_per_repair(
    user: User,
    session: DbSession,
    since: date | None = None,
    until: date | None = None,
    centre_id: int | None = None,
    brand_id: int | None = None,
) -> ContactFiguresRead:
    """How many times owners and shops had to ask, per repair opened in the period."""
    require_contact_figures(user)
    figures = contact_figures(session, user, since, until, centre_id, brand_id)
    return ContactFiguresRead(**figures.__dict__)
