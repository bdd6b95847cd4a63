"""Words of SLA alerts, for centre managers and brand admins (staff wording)."""

from __future__ import annotations

from aftersales.kernel.i18n import N_
from aftersales.notifications.kinds import Words
from aftersales.notifications.links import Links
from aftersales.notifications.render import Tongue
from aftersales.repairs.messages.common import STAFF_WHY, repair_link, status_line
from aftersales.repairs.messages.props import SlaAlert, SlaEscalated

SUBJECTS = {
    "sla_at_risk": N_("At risk: repair {code} is close to its SLA target"),
    "sla_breached": N_("Breached: repair {code} is past its SLA target"),
    "sla_escalated": N_("Escalation: repair {code} breached its SLA {days} working days ago"),
    "loaner_owed": N_("A loaner phone is owed for repair {code}"),
}


def _alert(kind: str, p: SlaAlert, t: Tongue, links: Links) -> Words:
    days = p.breached_days if isinstance(p, SlaEscalated) else 0
    subject = t._(SUBJECTS[kind]).format(code=p.code, days=days)
    figures = t._("{elapsed} of {target} working days used; due on {due}. Centre: {centre}.")
    parts = [
        status_line(p, t, staff=True),
        figures.format(
            elapsed=p.elapsed_days, target=p.target_days, due=t.day(p.due), centre=p.centre
        ),
    ]
    return Words(subject, parts, repair_link(p, links), subject, STAFF_WHY)


def at_risk(p: SlaAlert, t: Tongue, links: Links) -> Words:
    """Warn the centre's managers that a repair nears its SLA target."""
    return _alert("sla_at_risk", p, t, links)


def breached(p: SlaAlert, t: Tongue, links: Links) -> Words:
    """Tell the centre's managers that a repair passed its SLA target."""
    return _alert("sla_breached", p, t, links)


def escalated(p: SlaEscalated, t: Tongue, links: Links) -> Words:
    """Tell the brand's admins of a breach older than the escalation point."""
    return _alert("sla_escalated", p, t, links)


def loaner_owed(p: SlaAlert, t: Tongue, links: Links) -> Words:
    """Tell the centre's managers that the owner is owed a loaner phone."""
    return _alert("loaner_owed", p, t, links)
