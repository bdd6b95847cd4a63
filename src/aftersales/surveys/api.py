"""Routes: the satisfaction report (JSON and CSV) and its comments (JSON and CSV)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Request, Response

from aftersales.http.deps import AnswerLanguage, DbSession, Now, Signed
from aftersales.kernel.paging import COUNT_CAP
from aftersales.surveys import csv, queries, reports
from aftersales.surveys.present import comment_read, report_read, wanted
from aftersales.surveys.report_schemas import CommentRead, SatisfactionRead

router = APIRouter(tags=["satisfaction"])
LIMIT = Query(50, ge=1, le=200, description="comments on one page")
OFFSET = Query(0, ge=0, le=COUNT_CAP, description="how many to skip (Link: next gives it)")


# The choices, declared for the docs; the handlers read them through `reports.Asked.from_query`.
FROM = Query(None, alias="from", description="First month, YYYY-MM (default: `months` back).")
TO = Query(None, alias="to", description="Last month, YYYY-MM (default: this month).")
MONTHS = Query(None, description="Months up to `to` when `from` is not given (1..120; 12).")
COUNTRY = Query(None, description="ISO country code of the answers.")
CHANNEL = Query(None, description="shop, walk_in, online or other.")
RANK_BY = Query(None, description="brand (platform admins), centre, shop or model.")


@router.get("/satisfaction", response_model=SatisfactionRead)
def satisfaction(
    user: Signed,
    lang: AnswerLanguage,
    session: DbSession,
    now: Now,
    request: Request,
    brand_id: int | None = None,
    start: str | None = FROM,
    end: str | None = TO,
    months: str | None = MONTHS,
    country: str | None = COUNTRY,
    channel: str | None = CHANNEL,
    centre_id: str | None = None,
    shop_id: str | None = None,
    model_id: str | None = None,
    rank_by: str | None = RANK_BY,
) -> SatisfactionRead:
    """Give the top-2-box report of the answers the caller may read (docs/api.md)."""
    reader, found = reports.run(
        session, user, brand_id, reports.Asked.from_query(request.query_params), now.date()
    )
    return report_read(found, reader.scope.brand_id, lang)


@router.get(
    "/satisfaction.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "one row per figure"}},
)
def satisfaction_csv(
    user: Signed, session: DbSession, now: Now, request: Request, brand_id: int | None = None
) -> Response:
    """Give the same figures as CSV (the same query; headers in docs/api.md)."""
    reader, found = reports.run(
        session, user, brand_id, reports.Asked.from_query(request.query_params), now.date()
    )
    text = csv.to_csv(csv.rows(report_read(found, reader.scope.brand_id, "en")))
    return _file(text, "satisfaction", now)


def _comments(
    request: Request, session: DbSession, user: Signed, brand_id: int | None, now: datetime
) -> tuple[queries.Scope, queries.Filters, queries.CommentFilter]:
    reader = reports.reader_for(session, user, brand_id)
    f, _ = reports.parse(reports.Asked.from_query(request.query_params), reader, now.date())
    q = request.query_params
    return reader.scope, f, reports.comment_filter(q.get("about"), q.get("rating"), q.get("text"))


@router.get("/satisfaction/comments", response_model=list[CommentRead])
def comments(
    user: Signed,
    session: DbSession,
    now: Now,
    request: Request,
    response: Response,
    brand_id: int | None = None,
    about: str | None = None,
    rating: str | None = None,
    text: str | None = None,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> list[CommentRead]:
    """List the comments with their ratings, latest first (the report's query, and `about`,
    `rating`, `text`; Link: next)."""
    scope, f, c = _comments(request, session, user, brand_id, now)
    page, total = queries.comments(session, scope, f, c, limit, offset)
    if offset + limit < min(total, COUNT_CAP):
        nxt = request.url.include_query_params(offset=offset + limit, limit=limit)
        response.headers["Link"] = f'<{nxt}>; rel="next"'
    named = queries.names(session, wanted(page))
    return [comment_read(a, named) for a in page]


@router.get(
    "/satisfaction/comments.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "one row per comment"}},
)
def comments_csv(
    user: Signed, session: DbSession, now: Now, request: Request, brand_id: int | None = None
) -> Response:
    """Give the comments as CSV, latest first, at most 10,000 (narrow the period for more)."""
    scope, f, c = _comments(request, session, user, brand_id, now)
    found = queries.comment_table(session, scope, f, c, COUNT_CAP)
    return _file(csv.to_csv(csv.comment_rows(found)), "satisfaction-comments", now)


def _file(text: str, kind: str, now: datetime) -> Response:
    name = f"{kind}-{now.date().isoformat()}.csv"
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
