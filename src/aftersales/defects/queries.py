"""The read side of alerts: a brand's alerts a page at a time, and the repairs and community
questions behind one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel
from aftersales.community.models import CommunityQuestion
from aftersales.defects.models import DefectAlert
from aftersales.repairs.models import RepairOrder

SHOWN_REPAIRS = 200


@dataclass(frozen=True)
class Listed:
    """An alert as its list shows it, with its model's name."""

    alert: DefectAlert
    model: str | None


@dataclass(frozen=True)
class Behind:
    """A repair behind an alert, as its list shows it."""

    id: int
    code: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class Asked:
    """A community question behind a cluster alert, as its list shows it."""

    id: int
    title: str
    created_at: datetime


def alerts(
    session: Session, brand_id: int, status: str | None, limit: int, offset: int
) -> tuple[list[Listed], int]:
    """Return a page of the brand's alerts, newest first, of one status or all; and the total."""
    where = [DefectAlert.brand_id == brand_id]
    if status:
        where.append(DefectAlert.status == status)
    total = session.scalar(select(func.count()).select_from(DefectAlert).where(*where)) or 0
    stmt = (
        select(DefectAlert, PhoneModel.name)
        .outerjoin(PhoneModel, PhoneModel.id == DefectAlert.model_id)
        .where(*where)
        .order_by(DefectAlert.first_seen.desc(), DefectAlert.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [Listed(a, name) for a, name in session.execute(stmt)], total


def model_name(session: Session, alert: DefectAlert) -> str | None:
    """Return the name of the alert's model, if it names one."""
    if alert.model_id is None:
        return None
    return session.scalar(select(PhoneModel.name).where(PhoneModel.id == alert.model_id))


def behind(session: Session, alert: DefectAlert) -> list[Behind]:
    """Return the repairs behind an alert, newest first (the brand's own only)."""
    ids = list(alert.repair_ids or [])[:SHOWN_REPAIRS]
    if not ids:
        return []
    stmt = (
        select(RepairOrder.id, RepairOrder.code, RepairOrder.status, RepairOrder.created_at)
        .where(RepairOrder.id.in_(ids), RepairOrder.brand_id == alert.brand_id)
        .order_by(RepairOrder.created_at.desc(), RepairOrder.id.desc())
    )
    return [Behind(*row) for row in session.execute(stmt)]


def asked(session: Session, alert: DefectAlert) -> list[Asked]:
    """Return the community questions behind an alert, newest first: the public ones of its
    brand only (a question hidden since is nobody's evidence; its page would not show)."""
    ids = list(alert.question_ids or [])[:SHOWN_REPAIRS]
    if not ids:
        return []
    q = CommunityQuestion
    stmt = (
        select(q.id, q.title, q.created_at)
        .where(q.id.in_(ids), q.brand_id == alert.brand_id, q.hidden.is_(False))
        .order_by(q.created_at.desc(), q.id.desc())
    )
    return [Asked(*row) for row in session.execute(stmt)]
