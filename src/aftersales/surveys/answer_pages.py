"""The survey page of a signed link: the owner rates the repair, once, with no password.

GET and POST `/survey/{token}`, rate limited per address. The page speaks the invitation's
language unless the visitor chose another (the switcher, ?lang=, their signed-in account).
A bad link is 404, an expired one 410; an answered survey, or a second submission, is a
polite 200 page saying thanks (decision 207).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog.look import look_of
from aftersales.http.deps import DbSession, Now, client_address
from aftersales.http.pages import LANG_COOKIE, form_errors, keep_link_private
from aftersales.kernel.clock import local_date
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.repairs.models import RepairOrder
from aftersales.surveys import repair_section, service
from aftersales.surveys.models import SurveyInvitation
from aftersales.surveys.service import RATED, State, state_of
from aftersales.surveys.tokens import read_survey_token, survey_token
from aftersales.surveys.words import ATTRIBUTE_WORDS, NOT_APPLICABLE, OVERALL, SCALE_WORDS

router = APIRouter(include_in_schema=False)
# Importing the section registers it on the repair page (as the counter's does).
SECTION = repair_section.survey_section
TEMPLATE = "surveys/answer.html"
BAD_LINK = N_("This survey link does not work. Check that it was copied whole from the message.")
NO_SURVEY = N_("There is no survey waiting for your answer about this repair.")
TOO_MANY = N_("Too many tries from this address. Please wait a minute and try again.")


def _limited(page: PageDep) -> Response | None:
    """Answer 429 to an address that opened too many survey pages this minute."""
    if page.request.app.state.survey_limiter.hit(client_address(page.request)) is None:
        return None
    return page.render("error.html", 429, message=TOO_MANY)


def _open(
    page: PageDep, session: DbSession, token: str
) -> tuple[SurveyInvitation, RepairOrder] | Response:
    """Return the link's invitation and repair (speaking its language), or the page refusing it."""
    refused = _limited(page)
    if refused is not None:
        return refused
    found = read_survey_token(session, page.settings.secret_key, token)
    if found is None:
        return page.render("error.html", 404, message=BAD_LINK)
    chosen = (
        page.request.query_params.get("lang")
        or page.request.cookies.get(LANG_COOKIE)
        or page.user is not None
    )
    if not chosen:  # nobody chose: the language the owner was invited in
        page.lang, page.locale = found[0].language, ""
    return found


def _render(
    page: PageDep,
    token: str,
    found: tuple[SurveyInvitation, RepairOrder],
    now: datetime,
    code: int = 200,
    **context: Any,
) -> Response:
    """Render the survey page in its state: the form, thanks, or the link expired."""
    invitation, repair = found
    now_state = context.pop("state", None) or state_of(invitation, now)
    zone = repair.centre.timezone
    return keep_link_private(
        page.render(
            TEMPLATE,
            410 if now_state == State.expired else code,
            token=token,
            repair=repair,
            state=str(now_state),
            expired=service.EXPIRED,
            expires_on=local_date(invitation.expires_at, zone),
            already=service.ALREADY,
            look=look_of(repair.model.brand),
            closed_on=local_date(repair.closed_at, zone) if repair.closed_at else None,
            rated=RATED,
            scale=SCALE_WORDS,
            questions={"overall": OVERALL, **ATTRIBUTE_WORDS},
            not_applicable=NOT_APPLICABLE,
            errors=context.pop("errors", {}),
            values=context.pop("values", {}),
            **context,
        )
    )


@router.get("/survey/{token}", response_class=HTMLResponse)
def survey_form(page: PageDep, session: DbSession, now: Now, token: str) -> Response:
    """Show the survey of a link: the model and closing day, the scale, a comment."""
    found = _open(page, session, token)
    if isinstance(found, Response):
        return found
    done = page.request.query_params.get("done") == "1"
    return _render(page, token, found, now, thanked=done)


@router.post("/survey/{token}", response_class=HTMLResponse)
def survey_answer(
    page: PageDep,
    session: DbSession,
    now: Now,
    token: str,
    csrf: str = Form(""),
    overall: str = Form(""),
    explanation: str = Form(""),
    solution: str = Form(""),
    knowledge: str = Form(""),
    soft_skills: str = Form(""),
    turnaround: str = Form(""),
    cost: str = Form(""),
    comment: str = Form(""),
) -> Response:
    """Record the owner's answer once; a bad form comes back with its errors and its input."""
    found = _open(page, session, token)
    if isinstance(found, Response):
        return found
    values = {
        "overall": overall, "explanation": explanation, "solution": solution,
        "knowledge": knowledge, "soft_skills": soft_skills, "turnaround": turnaround,
        "cost": cost, "comment": comment,
    }  # fmt: skip
    invitation, repair = found
    if state_of(invitation, now) != State.open:
        return _render(page, token, found, now)
    if not page.check_csrf(csrf):
        errors = {"form": N_("The form expired. Please try again.")}
        return _render(page, token, found, now, 422, errors=errors, values=values)
    try:
        ratings = service.check_answer(values)
        service.answer(session, invitation, repair, ratings, page.lang, now)
    except ValidationFailed as exc:
        errors = form_errors(exc)
        return _render(page, token, found, now, 422, errors=errors, values=values)
    except Conflict:  # answered meanwhile (another tab, a double tap): thanks all the same
        return _render(page, token, found, now, state=State.answered)
    return page.redirect(f"/survey/{token}?done=1")


@router.get("/repairs/{code}/survey", response_class=HTMLResponse)
def my_survey(page: PageDep, session: DbSession, now: Now, code: str) -> Response:
    """Send the signed-in owner from their repair's page to its survey, while it is open."""
    if page.user is None:
        return page.to_login()
    found = service.owners_open_invitation(session, page.user, code, now)
    if found is None:
        return page.render("error.html", 404, message=NO_SURVEY)
    token = survey_token(page.settings.secret_key, found[0].id, found[1].code)
    return page.redirect(f"/survey/{token}")
