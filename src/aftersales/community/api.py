"""Routes: the community's questions, answers, votes, reports, moderation and figures."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, HTTPException, Query, Request, Response
from starlette.status import HTTP_201_CREATED

from aftersales.accounts.deps import MaybeUser, User
from aftersales.community import access, limits, moderation, queries, service
from aftersales.community.csv import figures_csv
from aftersales.community.figures import brand_figures
from aftersales.community.present import (
    brand_figures_read,
    question_read,
    report_read,
    thread_read,
)
from aftersales.community.queries import Filters
from aftersales.community.schemas import (
    AcceptBody,
    AnswerCreate,
    BrandFiguresRead,
    ModerationBody,
    QuestionCreate,
    QuestionPage,
    ReportCreate,
    ReportRead,
    ThreadRead,
    VoteRead,
)
from aftersales.http.deps import AppSettings, DbSession, Now
from aftersales.http.i18n import choose_language
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_

router = APIRouter(tags=["community"])
WINDOW_DAYS = 365  # the figures' default period


def _lang(request: Request, user: object | None) -> str:
    """Return the answer's language: ?lang=, the account's, Accept-Language, else English."""
    return choose_language(
        asked=request.query_params.get("lang"),
        account=getattr(user, "language", None),
        cookie=None,
        accept=request.headers.get("accept-language", ""),
    )


def _limit(request: Request, kind: str, user: User) -> None:
    """Answer 429 with when to try again once the account used its hour's posts."""
    found = limits.blocked(request, kind, user.id)
    if found is not None:
        message, wait = found
        raise HTTPException(429, message, headers={"Retry-After": str(wait)})


def _thread(
    session: DbSession, user: MaybeUser, settings: AppSettings, question_id: int, lang: str
) -> ThreadRead:
    question = access.get_question_for(session, user, question_id)
    return thread_read(queries.thread(session, user, question), settings.secret_key, lang)


@router.get("/community/questions", response_model=QuestionPage)
def list_questions(
    request: Request,
    session: DbSession,
    user: MaybeUser,
    settings: AppSettings,
    brand_id: int | None = None,
    model_id: int | None = None,
    fault_category: str | None = None,
    unanswered: bool = False,
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=10_000),
) -> QuestionPage:
    """Give visible questions, newest first (anyone; moderators also read hidden ones)."""
    filters = Filters(brand_id, model_id, fault_category, unanswered)
    rows, total = queries.questions(session, user, filters, limit, offset)
    lang = _lang(request, user)
    return QuestionPage(
        items=[question_read(r, settings.secret_key, lang) for r in rows], total=total
    )


@router.post("/community/questions", response_model=ThreadRead, status_code=HTTP_201_CREATED)
def ask(
    body: QuestionCreate,
    request: Request,
    session: DbSession,
    user: User,
    settings: AppSettings,
    now: Now,
) -> ThreadRead:
    """Ask a question about a model and a fault (owners; 5 an hour by default)."""
    access.require_owner(user)
    _limit(request, "question", user)
    question = service.ask(
        session,
        user,
        model_id=body.model_id,
        now=now,
        fault_category=body.fault_category,
        title=body.title,
        body=body.body,
        language=body.language or user.language,
        country=user.country,
    )
    limits.count(request, "question", user.id)
    return _thread(session, user, settings, question.id, _lang(request, user))


@router.get("/community/questions/{question_id}", response_model=ThreadRead)
def get_thread(
    question_id: int, request: Request, session: DbSession, user: MaybeUser, settings: AppSettings
) -> ThreadRead:
    """Give a question and its answers, the accepted one first, bodies as safe HTML too."""
    return _thread(session, user, settings, question_id, _lang(request, user))


@router.post(
    "/community/questions/{question_id}/answers",
    response_model=ThreadRead,
    status_code=HTTP_201_CREATED,
)
def add_answer(
    question_id: int,
    body: AnswerCreate,
    request: Request,
    session: DbSession,
    user: User,
    settings: AppSettings,
    now: Now,
) -> ThreadRead:
    """Answer a question (owners, the brand's engineers with their badge; 30 an hour)."""
    question = access.get_question_for(session, user, question_id)
    access.require_may_answer(session, user, question.brand_id)
    _limit(request, "answer", user)
    service.answer(session, user, question, body.body, now)
    limits.count(request, "answer", user.id)
    return _thread(session, user, settings, question_id, _lang(request, user))


@router.post("/community/answers/{answer_id}/votes", response_model=VoteRead)
def vote(answer_id: int, request: Request, session: DbSession, user: User, now: Now) -> VoteRead:
    """Vote for an answer, once per owner (a second vote changes nothing; 100 an hour)."""
    answer = access.get_answer_for(session, user, answer_id)
    access.require_owner(user)
    _limit(request, "vote", user)
    voted = service.vote(session, user, answer, now)
    if voted:
        limits.count(request, "vote", user.id)
    session.refresh(answer)
    return VoteRead(voted=voted, score=answer.score)


@router.post("/community/questions/{question_id}/accept", response_model=ThreadRead)
def accept(
    question_id: int,
    body: AcceptBody,
    request: Request,
    session: DbSession,
    user: User,
    settings: AppSettings,
    now: Now,
) -> ThreadRead:
    """Accept an answer as the solution (the asker or a moderator; version as last read)."""
    question = access.get_question_for(session, user, question_id)
    service.accept(session, user, question, body.answer_id, now, body.version)
    return _thread(session, user, settings, question_id, _lang(request, user))


@router.post(
    "/community/questions/{question_id}/reports",
    response_model=ReportRead,
    status_code=HTTP_201_CREATED,
)
def report(
    question_id: int,
    body: ReportCreate,
    request: Request,
    session: DbSession,
    user: User,
    now: Now,
) -> ReportRead:
    """Report a question or one of its answers to the brand's moderators (owners)."""
    question = access.get_question_for(session, user, question_id)
    access.require_owner(user)
    _limit(request, "report", user)
    row = service.report(session, user, question, body.reason, now, body.answer_id, body.note)
    limits.count(request, "report", user.id)
    return report_read(queries.OpenReport(row, question.title))


@router.post("/community/questions/{question_id}/moderation", response_model=ThreadRead)
def moderate(
    question_id: int,
    body: ModerationBody,
    request: Request,
    session: DbSession,
    user: User,
    settings: AppSettings,
    now: Now,
) -> ThreadRead:
    """Hide (with a reason), show again, lock or unlock (the brand's admins; 404 to others)."""
    question = access.moderated_question(session, user, question_id)
    moderation.moderate(
        session,
        user,
        question,
        body.action,
        now,
        reason=body.reason,
        answer_id=body.answer_id,
        version=body.version,
    )
    return _thread(session, user, settings, question_id, _lang(request, user))


@router.get("/community/reports", response_model=list[ReportRead])
def open_reports(
    session: DbSession,
    user: User,
    brand_id: int,
    limit: int = Query(25, ge=1, le=100),
    offset: int = Query(0, ge=0, le=10_000),
) -> list[ReportRead]:
    """Give a brand's unresolved reports, oldest first (its admins; 404 to others)."""
    brand = access.figures_brand(session, user, brand_id)
    rows, _total = queries.open_reports(session, brand.id, limit, offset)
    return [report_read(r) for r in rows]


@router.post("/community/reports/{report_id}/resolve", response_model=ReportRead)
def resolve(report_id: int, session: DbSession, user: User, now: Now) -> ReportRead:
    """Mark a report as dealt with (the brand's admins; 404 to others)."""
    row = moderation.resolve(session, user, report_id, now)
    question = access.moderated_question(session, user, row.question_id)
    return report_read(queries.OpenReport(row, question.title))


def _since(since: date | None, now: datetime) -> datetime:
    if since is not None and since > now.date():
        raise ValidationFailed(
            N_("Choose a day in the past."), {"since": N_("Choose a day in the past.")}
        )
    if since is None:
        return now - timedelta(days=WINDOW_DAYS)
    return datetime.combine(since, time(0), now.tzinfo)


@router.get("/brands/{brand_id}/community", response_model=BrandFiguresRead)
def figures(
    brand_id: int,
    request: Request,
    session: DbSession,
    user: User,
    settings: AppSettings,
    now: Now,
    since: date | None = Query(
        None, description="Questions asked from this day (default: a year)."
    ),
) -> BrandFiguresRead:
    """Give the brand's figures per model and fault category (its admins; 404 to others)."""
    brand = access.figures_brand(session, user, brand_id)
    found = brand_figures(session, brand, _since(since, now))
    return brand_figures_read(found, settings.secret_key, _lang(request, user))


@router.get(
    "/brands/{brand_id}/community.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "one row per model and fault"}},
)
def figures_csv_route(
    brand_id: int,
    session: DbSession,
    user: User,
    settings: AppSettings,
    now: Now,
    since: date | None = None,
) -> Response:
    """Give the same figures as CSV (headers: docs/api.md)."""
    brand = access.figures_brand(session, user, brand_id)
    found = brand_figures_read(
        brand_figures(session, brand, _since(since, now)), settings.secret_key, "en"
    )
    name = f"community-{brand.slug}.csv"
    return Response(
        figures_csv(found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
