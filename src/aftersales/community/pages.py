"""The community's pages: the list, a thread with its forms, asking, and the brand's figures.

Every form posts, then redirects to the page it came from (POST-redirect-GET); a wrong form
comes back with a message under each field and its input kept, a busy account with 429.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.community import access, limits, moderation, queries, service
from aftersales.community.booking import booking_link
from aftersales.community.models import REPORT_REASONS
from aftersales.community.names import author
from aftersales.community.queries import Filters
from aftersales.community.words import REASONS, STATUSES
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page, form_errors, register_globals, register_words
from aftersales.kernel.errors import Conflict, DomainError, Forbidden, NotFound
from aftersales.kernel.i18n import N_
from aftersales.kernel.markdown import render
from aftersales.kernel.paging import PAGE_SIZE, page_count, page_number
from aftersales.repairs.models import FAULT_CATEGORIES
from aftersales.repairs.words import FAULTS

router = APIRouter(include_in_schema=False)
register_words(COMMUNITY_STATUSES=STATUSES, REPORT_REASONS=REASONS)
register_globals(community_author=author, render_markdown=render)
EXPIRED = N_("The form expired. Please try again.")


def _int(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() and len(text.strip()) < 10 else None


@router.get("/community")
def community(
    page: PageDep,
    session: DbSession,
    brand_id: str = "",
    model_id: str = "",
    fault_category: str = "",
    unanswered: str = "",
    page_no: int = 1,
) -> Response:
    """List the questions, newest first, 25 a page, narrowed by brand, model, fault, unanswered."""
    fault = fault_category if fault_category in FAULT_CATEGORIES else None
    filters = Filters(_int(brand_id), _int(model_id), fault, unanswered == "1")
    page_no = page_number(page_no)
    rows, total = queries.questions(
        session, page.user, filters, PAGE_SIZE, (page_no - 1) * PAGE_SIZE
    )
    query = {
        k: v
        for k, v in {
            "brand_id": filters.brand_id or "",
            "model_id": filters.model_id or "",
            "fault_category": fault or "",
            "unanswered": "1" if filters.unanswered else "",
        }.items()
        if v
    }
    return page.render(
        "community/list.html",
        rows=rows,
        total=total,
        filters=filters,
        page_no=page_no,
        pages=page_count(total),
        query=query,
        brands=queries.brands(session),
        models=queries.models(session, filters.brand_id) if filters.brand_id else [],
        faults=FAULTS,
        may_ask=access.is_owner(page.user),
    )


def _ask_page(
    page: Page[Any],
    session: DbSession,
    values: dict[str, str],
    errors: dict[str, str],
    code: int = 200,
) -> Response:
    return page.render(
        "community/ask.html",
        code,
        values=values,
        errors=errors,
        models=queries.models(session, None),
        faults=FAULTS,
    )


def _owner_only(page: Page[Any]) -> Response | None:
    """Send the anonymous to sign in; answer 404 to those who are not owners."""
    if page.user is None:
        return page.to_login()
    if not access.is_owner(page.user):
        return page.render("error.html", 404, message=N_("This page is for phone owners."))
    return None


@router.get("/community/ask")
def ask_form(
    page: PageDep, session: DbSession, model_id: str = "", fault_category: str = ""
) -> Response:
    """Show the form to ask a question (owners)."""
    if (stop := _owner_only(page)) is not None:
        return stop
    assert page.user is not None
    values = {"model_id": model_id, "fault_category": fault_category, "language": page.lang}
    return _ask_page(page, session, values, {})


@router.post("/community/ask")
def ask(
    page: PageDep,
    session: DbSession,
    now: Now,
    model_id: str = Form(""),
    fault_category: str = Form(""),
    title: str = Form(""),
    body: str = Form(""),
    language: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Ask a question; a wrong form comes back with its input and a message per field."""
    if (stop := _owner_only(page)) is not None:
        return stop
    assert page.user is not None
    values = {
        "model_id": model_id,
        "fault_category": fault_category,
        "title": title,
        "body": body,
        "language": language,
    }
    if not page.check_csrf(csrf):
        return _ask_page(page, session, values, {"form": EXPIRED}, 422)
    if (busy := limits.blocked(page.request, "question", page.user.id)) is not None:
        return _ask_page(page, session, values, {"form": busy[0]}, 429)
    try:
        question = service.ask(
            session,
            page.user,
            model_id=_int(model_id),
            now=now,
            fault_category=fault_category,
            title=title,
            body=body,
            language=language or page.lang,
            country=page.user.country,
        )
    except DomainError as exc:
        session.rollback()
        return _ask_page(page, session, values, form_errors(exc), 422)
    limits.count(page.request, "question", page.user.id)
    return page.redirect(f"/community/questions/{question.id}")


def _thread_page(
    page: Page[Any], session: DbSession, question_id: int, code: int = 200, **forms: Any
) -> Response:
    try:
        question = access.get_question_for(session, page.user, question_id)
    except NotFound:
        return page.render("error.html", 404, message=N_("No such question."))
    user = page.user
    found = queries.thread(session, user, question)
    mine = access.is_owner(user) and user is not None and user.id == question.author_id
    return page.render(
        "community/question.html",
        code,
        thread=found,
        q=question,
        forms=forms,
        faults=FAULTS,
        secret=page.settings.secret_key,
        owner=access.is_owner(user),
        may_answer=access.may_answer(session, user, question.brand_id),
        engineer=access.is_engineer(session, user, question.brand_id),
        moderator=access.may_moderate(user, question.brand_id),
        may_accept=access.may_accept(user, question),
        reasons=REPORT_REASONS,
        booking=booking_link(question) if mine else None,
    )


@router.get("/community/questions/{question_id}")
def question_page(page: PageDep, session: DbSession, question_id: int) -> Response:
    """Show a question and its answers, with the forms the reader may use."""
    response = _thread_page(page, session, question_id)
    if response.status_code == 200:
        service.count_view(session, question_id)
    return response


def _act(
    page: Page[Any],
    session: DbSession,
    question_id: int,
    csrf: str,
    form: str,
    values: dict[str, str],
    kind: str | None,
    work: Any,
) -> Response:
    """Run one thread form: sign-in, CSRF, the rate limit, the work; then back to the thread."""
    if page.user is None:
        return page.to_login()
    if not page.check_csrf(csrf):
        return _thread_page(
            page,
            session,
            question_id,
            422,
            **{form: {"values": values, "errors": {"form": EXPIRED}}},
        )
    if kind and (busy := limits.blocked(page.request, kind, page.user.id)) is not None:
        return _thread_page(
            page,
            session,
            question_id,
            429,
            **{form: {"values": values, "errors": {"form": busy[0]}}},
        )
    try:
        anchor = work(page.user)
    except NotFound:
        session.rollback()
        return page.render("error.html", 404, message=N_("No such question."))
    except DomainError as exc:
        session.rollback()
        code = 403 if isinstance(exc, Forbidden) else 409 if isinstance(exc, Conflict) else 422
        return _thread_page(
            page,
            session,
            question_id,
            code,
            **{form: {"values": values, "errors": form_errors(exc)}},
        )
    if kind:
        limits.count(page.request, kind, page.user.id)
    return page.redirect(f"/community/questions/{question_id}{anchor or ''}")


@router.post("/community/questions/{question_id}/answer")
def answer(
    page: PageDep,
    session: DbSession,
    now: Now,
    question_id: int,
    body: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Answer a question (owners, the brand's engineers)."""

    def work(user: Any) -> str:
        question = access.get_question_for(session, user, question_id)
        return f"#answer-{service.answer(session, user, question, body, now).id}"

    return _act(page, session, question_id, csrf, "answer", {"body": body}, "answer", work)


@router.post("/community/answers/{answer_id}/vote")
def vote(
    page: PageDep, session: DbSession, now: Now, answer_id: int, csrf: str = Form("")
) -> Response:
    """Vote for an answer (owners, once each)."""
    if page.user is None:
        return page.to_login()
    try:
        found = access.get_answer_for(session, page.user, answer_id)
    except NotFound:
        return page.render("error.html", 404, message=N_("No such answer."))

    def work(user: Any) -> str:
        service.vote(session, user, found, now)
        return f"#answer-{answer_id}"

    return _act(page, session, found.question_id, csrf, "vote", {}, "vote", work)


@router.post("/community/questions/{question_id}/accept")
def accept(
    page: PageDep,
    session: DbSession,
    now: Now,
    question_id: int,
    answer_id: str = Form(""),
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Accept an answer as the solution (the asker or a moderator)."""

    def work(user: Any) -> str:
        question = access.get_question_for(session, user, question_id)
        service.accept(session, user, question, _int(answer_id) or 0, now, _int(version))
        return f"#answer-{answer_id}"

    return _act(page, session, question_id, csrf, "accept", {}, None, work)


@router.post("/community/questions/{question_id}/report")
def report(
    page: PageDep,
    session: DbSession,
    now: Now,
    question_id: int,
    reason: str = Form(""),
    answer_id: str = Form(""),
    note: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Report a question or an answer to the brand's moderators (owners)."""

    def work(user: Any) -> str:
        question = access.get_question_for(session, user, question_id)
        service.report(session, user, question, reason, now, _int(answer_id), note)
        return "?reported=1"

    values = {"reason": reason, "answer_id": answer_id, "note": note}
    return _act(page, session, question_id, csrf, "report", values, "report", work)


@router.post("/community/questions/{question_id}/moderate")
def moderate(
    page: PageDep,
    session: DbSession,
    now: Now,
    question_id: int,
    action: str = Form(""),
    reason: str = Form(""),
    answer_id: str = Form(""),
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Hide, show again, lock or unlock (the brand's admins; 404 for everyone else)."""

    def work(user: Any) -> str:
        question = access.moderated_question(session, user, question_id)
        moderation.moderate(
            session,
            user,
            question,
            action,
            now,
            reason=reason,
            answer_id=_int(answer_id),
            version=_int(version),
        )
        return f"#answer-{answer_id}" if answer_id else ""

    form = f"moderate-{answer_id or 'q'}"
    return _act(page, session, question_id, csrf, form, {"reason": reason}, None, work)
