"""The survey's signed link: no password, one invitation, until the invitation expires.

The link is `/survey/<invitation id>-<code>`, the code an HMAC of the invitation's id and its
repair's tracking code under the server's secret (as a quote's link, repairs.quote_links), so
nobody makes or alters one without the secret, and a link never opens another repair's survey.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from aftersales.kernel.codes import id_token, read_id_token, signed
from aftersales.repairs.models import RepairOrder
from aftersales.surveys.models import SurveyInvitation


def _signed(invitation_id: int, repair_code: str) -> str:
    """Return what a survey link's code signs: the invitation and its repair's tracking code."""
    return f"survey:{invitation_id}:{repair_code}"


def survey_token(secret: str, invitation_id: int, repair_code: str) -> str:
    """Return the token of the link that opens this invitation's survey."""
    return id_token(secret, invitation_id, _signed(invitation_id, repair_code))


def read_survey_token(
    session: Session, secret: str, token: str
) -> tuple[SurveyInvitation, RepairOrder] | None:
    """Return the invitation and repair a token signs, or None if it is not a good signature.

    Expired or answered invitations are returned too: the page says which, in their words.
    """
    parts = read_id_token(token)
    invitation = session.get(SurveyInvitation, parts[0]) if parts else None
    if parts is None or invitation is None:
        return None
    repair = session.get(RepairOrder, invitation.repair_id)
    if repair is None or not signed(secret, parts[1], _signed(invitation.id, repair.code)):
        return None
    return invitation, repair
