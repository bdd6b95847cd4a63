"""Use cases of alerts: store what the detectors found, once per episode; acknowledge; dismiss.

An alert is told to the brand's admins when it is new. A finding whose key has an alert
updates its figures and tells no one, except a dismissed alert whose rise's lower bound has
passed `REOPEN_FACTOR` times the size it was dismissed at: it opens again and is told again,
once (decision 273). A key whose alert was last seen more than `NEW_EPISODE` before the
finding's start is a new episode: the old alert keeps its history under a retired key.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.models import PhoneModel
from aftersales.defects.access import require_decide
from aftersales.defects.findings import Finding
from aftersales.defects.messages import DEFECT_ALERT, Alerted
from aftersales.defects.models import DefectAlert
from aftersales.defects.words import STATUSES
from aftersales.kernel.actors import SYSTEM, Acting, Role
from aftersales.kernel.errors import InvalidTransition, StaleVersion, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.text import NUL, text_problem
from aftersales.notifications.outbox import Draft, enqueue

REOPEN_FACTOR = 2.0
NEW_EPISODE = timedelta(weeks=8)
REASON_LENGTH = (3, 1000)
# The moves staff make; the job alone reopens a dismissed alert (above).
MOVES = {
    ("open", "acknowledged"),
    ("open", "dismissed"),
    ("acknowledged", "dismissed"),
    ("dismissed", "acknowledged"),
}
# How a refusal names each move the alert may still make.
DOING = {"acknowledged": N_("acknowledge it"), "dismissed": N_("dismiss it")}
FIGURES = ("started_on", "observed", "expected", "ratio", "low", "high", "p_value", "status")


def _figures(alert: DefectAlert, f: Finding) -> None:
    alert.model_id, alert.fault_category = f.model_id, f.fault_category
    alert.software_version, alert.started_on = f.software_version, f.started_on
    alert.observed, alert.expected, alert.ratio = f.observed, f.expected, f.ratio
    alert.low, alert.high, alert.method, alert.p_value = f.low, f.high, f.method, f.p_value
    alert.repair_ids, alert.question_ids = list(f.repair_ids), list(f.question_ids)
    alert.words = list(f.words)
    alert.weeks = [{**asdict(w), "start": w.start.isoformat()} for w in f.weeks]


def moves_from(status: str) -> list[str]:
    """Return the states staff may move an alert of this state to (the decision form's choices)."""
    return [to for frm, to in sorted(MOVES) if frm == status]


def refusal(alert: DefectAlert) -> Msg:
    """Say, in the reader's language, what may be done with the alert from its state."""
    doing = [Msg(DOING[to]) for to in moves_from(alert.status)]
    choices = doing[0] if len(doing) == 1 else Msg("%(first)s or %(second)s", first=doing[0],
                                                   second=doing[1])  # fmt: skip
    return Msg("This alert is “%(state)s”; now you can only %(choices)s.",
               state=Msg(STATUSES[alert.status]), choices=choices)  # fmt: skip


def admins(session: Session, brand_id: int) -> list[Account]:
    """Return the brand's active admins."""
    stmt = (
        select(Account)
        .where(Account.role == Role.brand_admin, Account.brand_id == brand_id,
               Account.is_active.is_(True))
        .order_by(Account.id)
    )  # fmt: skip
    return list(session.scalars(stmt))


def tell(session: Session, alert: DefectAlert, now: datetime, *, reopened: bool = False) -> int:
    """Queue the alert's message to each of the brand's admins, once per telling."""
    model = session.get(PhoneModel, alert.model_id) if alert.model_id else None
    props = DEFECT_ALERT.check(
        Alerted(
            alert_id=alert.id, brand_id=alert.brand_id, kind=alert.kind,
            model=model.name if model else "", fault=alert.fault_category,
            version=alert.software_version, started_on=alert.started_on,
            observed=alert.observed, expected=alert.expected, ratio=alert.ratio,
            low=alert.low, high=alert.high, reopened=reopened, words=tuple(alert.words or ()),
        )
    )  # fmt: skip
    # The key holds the telling's moment: a reopening is a second telling, never a third
    # for the same run (keys dedupe).
    tag = f"defect_alert.{alert.id}.{'reopened' if reopened else 'new'}.{now:%Y%m%d}"
    alert.told_at = now
    drafts = [
        Draft(f"{tag}.email.a{a.id}", DEFECT_ALERT.name, "email", a.email, props, "staff",
              a.language, name=a.name, account_id=a.id, about_id=alert.id)
        for a in admins(session, alert.brand_id)
        if a.email
    ]  # fmt: skip
    return enqueue(session, drafts, now)


def store(session: Session, finding: Finding, now: datetime) -> tuple[DefectAlert, bool]:
    """Keep a finding as its episode's alert; return it and whether the admins were told."""
    today = now.date()
    alert = session.scalar(
        select(DefectAlert).where(DefectAlert.brand_id == finding.brand_id,
                                  DefectAlert.key == finding.key)
    )  # fmt: skip
    if alert is not None and alert.last_seen < finding.started_on - NEW_EPISODE:
        old = alert.key
        alert.key = f"{old}@{alert.started_on.isoformat()}"[:200]
        record(session, SYSTEM, Action.updated, "defect_alert", alert.id, now,
               old={"key": old}, new={"key": alert.key}, brand_id=alert.brand_id)  # fmt: skip
        session.flush()
        alert = None
    if alert is None:
        alert = DefectAlert(brand_id=finding.brand_id, kind=finding.kind, key=finding.key,
                            status="open", first_seen=today, last_seen=today)  # fmt: skip
        _figures(alert, finding)
        session.add(alert)
        session.flush()
        record(session, SYSTEM, Action.created, "defect_alert", alert.id, now,
               new=snapshot(alert, ("kind", "key", *FIGURES)), brand_id=alert.brand_id)  # fmt: skip
        tell(session, alert, now)
        return alert, True
    before = snapshot(alert, FIGURES)
    _figures(alert, finding)
    alert.last_seen = today
    grown = (
        alert.status == "dismissed"
        and alert.dismissed_ratio is not None
        and finding.low > REOPEN_FACTOR * alert.dismissed_ratio
    )
    if grown:
        alert.status = "open"
    session.flush()
    record(session, SYSTEM, Action.updated, "defect_alert", alert.id, now, old=before,
           new=snapshot(alert, FIGURES), brand_id=alert.brand_id)  # fmt: skip
    if grown:
        tell(session, alert, now, reopened=True)
    return alert, grown


def decide(
    session: Session,
    actor: Acting,
    alert: DefectAlert,
    status: str,
    reason: str,
    now: datetime,
    version: int | None = None,
) -> DefectAlert:
    """Acknowledge or dismiss an alert with a reason: the brand's admins only."""
    require_decide(actor, alert)
    if version is not None and version != alert.version:
        raise StaleVersion(N_("Someone changed this alert meanwhile. Reload it and try again."))
    allowed = moves_from(alert.status)
    if status not in allowed:
        raise InvalidTransition(refusal(alert), allowed)
    reason = (reason or "").strip()
    problem = text_problem(reason, REASON_LENGTH[1])
    if problem or len(reason) < REASON_LENGTH[0]:
        message = (
            problem
            if problem == NUL
            else Msg("Write a reason of %(low)s to %(high)s characters.",
                     low=REASON_LENGTH[0], high=REASON_LENGTH[1])
        )  # fmt: skip
        raise ValidationFailed(N_("Some fields are missing or wrong; see errors."),
                               {"reason": message})  # fmt: skip
    before = snapshot(alert, ("status", "reason", "decided_by_id", "dismissed_ratio"))
    alert.status, alert.reason = status, reason
    alert.decided_by_id, alert.decided_at = actor.id, now
    alert.dismissed_ratio = alert.ratio if status == "dismissed" else None
    session.flush()  # the mapper's version check catches a decision made at the same time
    record(session, actor, Action.updated, "defect_alert", alert.id, now, old=before,
           new=snapshot(alert, ("status", "reason", "decided_by_id", "dismissed_ratio")),
           brand_id=alert.brand_id)  # fmt: skip
    return alert
