"""Who may read and decide a brand's defect alerts: the defects area's one policy.

A brand's admins read their brand's alerts and acknowledge or dismiss them; platform admins
read any brand's (they answer for no brand's products, so they decide none). Everyone else
is told the alert is not there (404), as with every record they may not see.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from aftersales.catalog.access import may_change_brand
from aftersales.defects.models import DefectAlert
from aftersales.kernel.actors import Acting, Role
from aftersales.kernel.errors import Forbidden, NotFound
from aftersales.kernel.i18n import N_

NO_SUCH = N_("No such alert.")


def may_read(actor: Acting, brand_id: int) -> bool:
    """Say whether the actor reads this brand's alerts."""
    return may_change_brand(actor, brand_id)


def may_decide(actor: Acting, brand_id: int) -> bool:
    """Say whether the actor acknowledges or dismisses this brand's alerts: its admins only."""
    return actor.role == Role.brand_admin and actor.brand_id == brand_id


def alert_for(session: Session, actor: Acting, alert_id: int) -> DefectAlert:
    """Return an alert the actor reads, or the same NotFound as a missing one."""
    alert = session.get(DefectAlert, alert_id)
    if alert is None or not may_read(actor, alert.brand_id):
        raise NotFound(NO_SUCH)
    return alert


def require_decide(actor: Acting, alert: DefectAlert) -> None:
    """Raise Forbidden unless the actor is an admin of the alert's brand."""
    if not may_decide(actor, alert.brand_id):
        raise Forbidden(N_("Only the brand's admins acknowledge or dismiss its alerts."))
