"""The survey's section of the repair page: the owner's link, and for managers the answer.

The owner, invited and not answered while the link works, reads "Tell us how it went" with
the signed link. Shop staff, centre managers and admins read whether the owner answered and
the overall rating; technicians do not (decision 208): ratings are read by those who manage
the service, not per repair by the person who did the work.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.sections import Section, register_section
from aftersales.surveys.service import State, answer_of, invitation_of, state_of
from aftersales.surveys.words import SCALE_WORDS

READ_BY = frozenset({Role.shop_staff, Role.centre_manager, Role.brand_admin, Role.platform_admin})


@register_section
def survey_section(
    session: Session, viewer: Account, repair: RepairOrder, now: datetime
) -> Section | None:
    """Show the owner the survey's link, and managers whether and how the owner answered."""
    if repair.status != "closed":
        return None
    mine = viewer.role == Role.owner and viewer.id == repair.owner_id
    if not mine and viewer.role not in READ_BY:
        return None
    invitation = invitation_of(session, repair.id)
    if invitation is None:
        return None
    state = state_of(invitation, now)
    if mine:
        if state != State.open:
            return None
        # The page signs the link (it knows the secret): /repairs/<code>/survey sends there.
        return Section("surveys/answer_link.html", {"link": f"/repairs/{repair.code}/survey"})
    found = answer_of(session, repair.id) if state == State.answered else None
    overall = SCALE_WORDS[found.overall] if found is not None else None
    return Section(
        "surveys/answer_status.html",
        {"state": str(state), "overall": overall, "invitation": invitation},
    )
