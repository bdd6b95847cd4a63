"""Routes: the commitment dashboard of a brand (JSON and CSV) and of one model."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Request, Response

from aftersales.care import csv, dashboard
from aftersales.care.access import brand_for, model_for
from aftersales.care.present import brand_read, detail_read, late_read, model_read
from aftersales.care.schemas import BrandCareRead, LatePartRead, ModelCareDetail
from aftersales.catalog.models import Brand
from aftersales.http.deps import AnswerLanguage, DbSession, Now, Signed

router = APIRouter(tags=["care"])
LIMIT = Query(100, ge=1, le=500, description="models (or parts) on one page")
OFFSET = Query(0, ge=0, le=100_000, description="how many to skip (Link: next gives it)")
CSV_CHUNK = 100  # models figured at once while writing the CSV


def _next(request: Request, response: Response, offset: int, limit: int, total: int) -> None:
    if offset + limit < total:
        nxt = request.url.include_query_params(offset=offset + limit, limit=limit)
        response.headers["Link"] = f'<{nxt}>; rel="next"'


@router.get("/brands/{brand_id}/care", response_model=BrandCareRead)
def brand_care(
    brand_id: int,
    user: Signed,
    lang: AnswerLanguage,
    session: DbSession,
    now: Now,
    request: Request,
    response: Response,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> BrandCareRead:
    """Give the brand's models by name with their figures and flags (its admins; Link: next)."""
    found = dashboard.brand_care(session, brand_for(session, user, brand_id), now, limit, offset)
    _next(request, response, offset, limit, found.total)
    return brand_read(found, lang)


@router.get(
    "/brands/{brand_id}/care.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "one row per model and country"}},
)
def brand_care_csv(brand_id: int, user: Signed, session: DbSession, now: Now) -> Response:
    """Give the same figures as CSV, every model of the brand (headers: docs/api.md)."""
    return _csv(session, brand_for(session, user, brand_id), now, "en", parts=False)


@router.get(
    "/brands/{brand_id}/care-parts.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "one row per model and part"}},
)
def brand_care_parts_csv(
    brand_id: int, user: Signed, lang: AnswerLanguage, session: DbSession, now: Now
) -> Response:
    """Give every model's parts runway as CSV, part names in the answer's language."""
    return _csv(session, brand_for(session, user, brand_id), now, lang, parts=True)


def _csv(session: DbSession, brand: Brand, now: datetime, lang: str, *, parts: bool) -> Response:
    """Answer the brand's models (in pages of CSV_CHUNK) as one CSV file."""
    models, offset, total = [], 0, 1
    while offset < total:
        page = dashboard.brand_care(session, brand, now, CSV_CHUNK, offset)
        models += [model_read(m, lang) for m in page.models]
        offset, total = offset + CSV_CHUNK, page.total
    kind = "care-parts" if parts else "care"
    name = f"{kind}-{brand.slug}-{now.date().isoformat()}.csv"
    return Response(
        csv.to_csv(models, parts=parts),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/models/{model_id}/care", response_model=ModelCareDetail)
def model_care(
    model_id: int, user: Signed, lang: AnswerLanguage, session: DbSession, now: Now
) -> ModelCareDetail:
    """Give one model's figures, its quarters and the versions its phones run (its admins)."""
    model = model_for(session, user, model_id)
    care, _late = dashboard.model_care(session, model, now)
    return detail_read(care, dashboard.series(session, model, now.date()), lang)


@router.get("/models/{model_id}/care/late-parts", response_model=list[LatePartRead])
def late_parts(
    model_id: int,
    user: Signed,
    session: DbSession,
    now: Now,
    request: Request,
    response: Response,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> list[LatePartRead]:
    """List the model's parts that waited longer than the delivery time, longest first."""
    late = dashboard.late_of(session, model_for(session, user, model_id), now)
    _next(request, response, offset, limit, len(late))
    return [
        late_read(w, d) for w, d in dashboard.with_details(session, late[offset : offset + limit])
    ]
