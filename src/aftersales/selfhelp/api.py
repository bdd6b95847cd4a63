"""Routes: the likely fixes for a problem (anyone), a brand's self-help deflection (its admins)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from aftersales.catalog.access import get_brand_for
from aftersales.catalog.models import PhoneModel
from aftersales.http.deps import DbSession, Now, Signed
from aftersales.kernel.errors import NotFound
from aftersales.selfhelp import service
from aftersales.selfhelp.service import Problem

router = APIRouter(tags=["selfhelp"])
BY = "^(model|fault_category|channel|language)$"


class Suggestion(BaseModel):
    """One likely fix."""

    kind: str
    id: int
    title: str
    url: str
    language: str
    score: float


class DeflectionRow(BaseModel):
    """Attempts of one group: solved without a repair, still needed one, and the share solved."""

    key: str | int | None
    solved: int
    repair: int
    tried: int
    deflection: float | None


class DeflectionRead(BaseModel):
    """A brand's deflection over a period, whole and per group."""

    brand_id: int
    since: date
    until: date
    by: str
    total: DeflectionRow
    rows: list[DeflectionRow]


@router.get("/selfhelp/suggestions", response_model=list[Suggestion])
def suggestions(
    session: DbSession,
    model_id: int,
    problem: str = Query(min_length=3, max_length=2000),
    fault_category: str | None = Query(None, max_length=20),
    language: str = Query("en", pattern="^(en|it|vi)$"),
) -> list[Suggestion]:
    """Return the likely fixes for a problem in the owner's words, for one phone model."""
    model = session.get(PhoneModel, model_id)
    if model is None:
        raise NotFound("No such phone model.")
    hits = service.suggest(session, Problem(model, fault_category, problem), language)
    return [
        Suggestion(
            kind=h.doc.kind,
            id=h.doc.id,
            title=h.doc.title,
            url=h.doc.url,
            language=h.doc.language,
            score=round(h.score, 4),
        )
        for h in hits
    ]


def _row(d: service.Deflection) -> DeflectionRow:
    key = d.key if isinstance(d.key, (str, int)) or d.key is None else str(d.key)
    return DeflectionRow(
        key=key,
        solved=d.solved,
        repair=d.repair,
        tried=d.tried,
        deflection=round(d.rate, 4) if d.rate is not None else None,
    )


def _period(now: datetime, since: date | None, until: date | None) -> tuple[date, date]:
    last = until or now.date()
    return since or last - timedelta(days=89), last


def figures(session: DbSession, brand_id: int, since: date, until: date, by: str) -> DeflectionRead:
    """Return the brand's deflection between two days (both included)."""
    start = datetime.combine(since, time.min, UTC)
    end = datetime.combine(until + timedelta(days=1), time.min, UTC)
    whole = service.deflection(session, brand_id, start, end)
    rows = service.deflection(session, brand_id, start, end, by)
    total = whole[0] if whole else service.Deflection(None, 0, 0)
    return DeflectionRead(
        brand_id=brand_id,
        since=since,
        until=until,
        by=by,
        total=_row(total),
        rows=[_row(r) for r in rows],
    )


@router.get("/brands/{brand_id}/selfhelp", response_model=DeflectionRead)
def deflection(
    brand_id: int,
    user: Signed,
    session: DbSession,
    now: Now,
    since: date | None = None,
    until: date | None = None,
    by: str = Query("model", pattern=BY),
) -> DeflectionRead:
    """Return the brand's self-help deflection (solved / tried), whole and per group."""
    brand = get_brand_for(session, user, brand_id)
    first, last = _period(now, since, until)
    return figures(session, brand.id, first, last, by)


@router.get("/brands/{brand_id}/selfhelp.csv")
def deflection_csv(
    brand_id: int,
    user: Signed,
    session: DbSession,
    now: Now,
    since: date | None = None,
    until: date | None = None,
    by: str = Query("model", pattern=BY),
) -> Response:
    """Return the brand's deflection per group as CSV (the API's field names as headers)."""
    brand = get_brand_for(session, user, brand_id)
    first, last = _period(now, since, until)
    read = figures(session, brand.id, first, last, by)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([by, "solved", "repair", "tried", "deflection"])
    for r in [*read.rows, read.total.model_copy(update={"key": "all"})]:
        writer.writerow(
            [r.key, r.solved, r.repair, r.tried, "" if r.deflection is None else r.deflection]
        )
    name = f"selfhelp-{brand.slug}-{first}-{last}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
