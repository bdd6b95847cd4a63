"""What the network overview reads: the catalogue by pages, the backlog read model, the outbox."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, ServiceCentre, Shop, centre_brand
from aftersales.catalog.queries import name_or_city_has
from aftersales.kernel.paging import COUNT_CAP, PAGE_SIZE
from aftersales.notifications import queries as outbox
from aftersales.notifications.models import OutboxMessage
from aftersales.repairs.models import CentreBacklog


@dataclass(frozen=True)
class CentreLine:
    """A centre with its open repairs as the worker last counted them (None: not yet)."""

    centre: ServiceCentre
    open_repairs: int | None
    counted_at: datetime | None


def _count(session: Session, model: type[Brand] | type[ServiceCentre] | type[Shop]) -> int:
    ids = select(model.id).limit(COUNT_CAP).subquery()
    return session.scalar(select(func.count()).select_from(ids)) or 0


def counts(session: Session) -> dict[str, int]:
    """Return how many brands, centres and shops there are (at most COUNT_CAP each)."""
    return {"brands": _count(session, Brand), "centres": _count(session, ServiceCentre),
            "shops": _count(session, Shop)}  # fmt: skip


def brands_with_open(session: Session, page: int) -> list[tuple[Brand, int]]:
    """Return a page of brands by name, each with the open repairs at the centres serving it.

    Read from the centres' backlog rows (one per centre), never by counting repairs.
    """
    brands = list(session.scalars(
        select(Brand).order_by(Brand.name, Brand.id).limit(PAGE_SIZE).offset(_skip(page))
    ))  # fmt: skip
    totals: dict[int, int] = defaultdict(int)
    rows = session.execute(
        select(centre_brand.c.brand_id, CentreBacklog.by_status)
        .join(CentreBacklog, CentreBacklog.centre_id == centre_brand.c.centre_id)
        .where(centre_brand.c.brand_id.in_([b.id for b in brands]))
    ).tuples()
    for brand_id, by_status in rows:
        totals[brand_id] += sum((by_status or {}).values())
    return [(b, totals[b.id]) for b in brands]


def centres_with_open(session: Session, page: int) -> list[CentreLine]:
    """Return a page of centres (oldest first), each with its backlog row's open repairs."""
    rows = session.execute(
        select(ServiceCentre, CentreBacklog)
        .outerjoin(CentreBacklog, CentreBacklog.centre_id == ServiceCentre.id)
        .order_by(ServiceCentre.id)
        .limit(PAGE_SIZE)
        .offset(_skip(page))
    ).tuples()
    return [
        CentreLine(c, sum(b.by_status.values()) if b else None, b.counted_at if b else None)
        for c, b in rows
    ]


def shops(session: Session, page: int) -> list[Shop]:
    """Return a page of shops, oldest first."""
    stmt = select(Shop).order_by(Shop.id).limit(PAGE_SIZE).offset(_skip(page))
    return list(session.scalars(stmt))


def outbox_state(session: Session, page: int) -> tuple[dict[str, int], list[OutboxMessage]]:
    """Return the messages waiting and dead (counts), and a page of dead ones with their error."""
    return outbox.waiting_and_dead(session, COUNT_CAP), outbox.dead_page(
        session, PAGE_SIZE, _skip(page)
    )


def _skip(page: int) -> int:
    return (page - 1) * PAGE_SIZE


PLACE_CHOICES = 30  # centres and shops offered at a time in the role forms


@dataclass(frozen=True)
class PlaceChoices:
    """What a role form's place field offers: brands, and the centres and shops found."""

    brands: list[Brand]
    centres: list[ServiceCentre]
    shops: list[Shop]


def find_places(session: Session, q: str, chosen: str) -> PlaceChoices:
    """Return the brands, and up to PLACE_CHOICES centres and shops whose name or city has q.

    Places number in the thousands at most, so a bounded scan answers in a millisecond; the
    place already chosen ("shop:3") is always offered, so saving never changes it by accident.
    """

    def found(model: type[ServiceCentre] | type[Shop], kind: str) -> list[Any]:
        stmt = select(model).order_by(model.name, model.id).limit(PLACE_CHOICES)
        if q.strip():
            stmt = stmt.where(name_or_city_has(model, q))
        rows: list[Any] = list(session.scalars(stmt))
        kind_of, _, number = chosen.partition(":")
        if kind_of == kind and number.isdigit() and all(r.id != int(number) for r in rows):
            picked = session.get(model, int(number))
            rows = [picked, *rows] if picked is not None else rows
        return rows

    brands = list(session.scalars(select(Brand).order_by(Brand.name).limit(COUNT_CAP)))
    return PlaceChoices(brands, found(ServiceCentre, "centre"), found(Shop, "shop"))
