"""Routes: SLA boards and contacts per repair."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from aftersales.repairs.access import require_contact_figures, require_sla_board
from aftersales.repairs.queries import TermsCache, contact_figures, sla_board
from aftersales.repairs.schemas import ContactFiguresRead, SlaBoardItem
from aftersales.web.api.present import clock_read
from aftersales.web.deps import DbSession, Now, User

router = APIRouter(tags=["sla and reports"])


def _board(
    user: User,
    session: DbSession,
    now: Now,
    states: set[str],
    centre_id: int | None,
    brand_id: int | None,
) -> list[SlaBoardItem]:
    require_sla_board(user)
    terms = TermsCache(session)
    return [
        SlaBoardItem(
            code=r.code,
            status=r.status,
            centre_id=r.centre_id,
            brand=r.model.brand.name,
            model=r.model.name,
            fault_category=r.fault_category,
            sla=clock_read(c, terms(r)),
            expected_date=r.expected_date,
        )
        for r, c in sla_board(session, user, states, now, centre_id, brand_id)
    ]


@router.get("/sla/at-risk", response_model=list[SlaBoardItem])
def at_risk(
    user: User,
    session: DbSession,
    now: Now,
    centre_id: int | None = None,
    brand_id: int | None = None,
) -> list[SlaBoardItem]:
    """Open repairs past the at-risk point, for a centre or a brand."""
    return _board(user, session, now, {"at_risk"}, centre_id, brand_id)


@router.get("/sla/breached", response_model=list[SlaBoardItem])
def breached(
    user: User,
    session: DbSession,
    now: Now,
    centre_id: int | None = None,
    brand_id: int | None = None,
) -> list[SlaBoardItem]:
    """Open repairs past their SLA target, for a centre or a brand."""
    return _board(user, session, now, {"breached"}, centre_id, brand_id)


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
