"""Routes: the dashboards' figures as JSON, and each figure as CSV (docs/api.md)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Request, Response

from aftersales.http.deps import DbSession, Now, Signed
from aftersales.insights import csv, queries
from aftersales.insights.access import NOT_FOUND, Reader, reader_for, side_of
from aftersales.insights.choices import Asked, parse, scope_of
from aftersales.insights.present import InsightsRead, insights_read
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import NotFound

router = APIRouter(tags=["insights"])

# The choices, declared for the docs; the handlers read them through `choices.parse`.
FROM = Query(None, alias="from", description="First month, YYYY-MM (default: 11 months back).")
TO = Query(None, alias="to", description="Last month, YYYY-MM (default: this month).")
COUNTRY = Query(None, description="ISO country code of the centres.")
CENTRE = Query(None, description="A centre of the brand's network (brand scope only).")
MODEL = Query(None, description="A phone model.")
FAULT = Query(None, description="A fault category: display, battery, charging …")
BRAND = Query(None, description="Platform admins: the brand (default: the first by name).")


def _figures(
    session: DbSession, user: Acting, brand_id: int | None, request: Request, now: datetime
) -> tuple[Reader, InsightsRead]:
    """Check who asks and what (NotFound, ValidationFailed), then read every figure."""
    side = side_of(user)
    if side is None:
        raise NotFound(NOT_FOUND)
    reader = reader_for(session, user, side, brand_id)
    filters = parse(Asked.of(request.query_params), reader, now.date())
    found = queries.dashboard(session, scope_of(reader), filters, now)
    return reader, insights_read(found, reader)


@router.get("/insights", response_model=InsightsRead)
def insights(
    user: Signed,
    session: DbSession,
    now: Now,
    request: Request,
    brand_id: int | None = BRAND,
    start: str | None = FROM,
    end: str | None = TO,
    country: str | None = COUNTRY,
    centre_id: str | None = CENTRE,
    model_id: str | None = MODEL,
    fault_category: str | None = FAULT,
) -> InsightsRead:
    """Give every figure of the caller's brand network or centre (brand admins, centre
    managers; platform admins any brand)."""
    return _figures(session, user, brand_id, request, now)[1]


@router.get(
    "/insights/{insight}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "one figure's rows"}},
)
def insight_csv(
    insight: str,
    user: Signed,
    session: DbSession,
    now: Now,
    request: Request,
    brand_id: int | None = BRAND,
) -> Response:
    """Give one figure as CSV: problems, turnaround, sla, backlog, fixes, contacts,
    satisfaction or expected (the same choices as the JSON; headers in docs/api.md)."""
    if insight not in csv.TABLES:
        raise NotFound("No such figure.")
    reader, read = _figures(session, user, brand_id, request, now)
    slug = f"b{reader.brand_id}" if reader.side == "brand" else f"c{reader.centre_id}"
    name = f"insights-{insight}-{slug}-{now.date().isoformat()}.csv"
    return Response(
        csv.to_csv(insight, read),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
