"""The survey page of a signed link: its signature, expiry, one answer, errors kept, language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.kernel.errors import Conflict
from aftersales.repairs.contacts import record_contact
from aftersales.repairs.models import RepairOrder
from aftersales.surveys import service
from aftersales.surveys.invites import invite_closed
from aftersales.surveys.models import SurveyAnswer, SurveyInvitation
from aftersales.surveys.tokens import survey_token
from tests.repairs import QuickWorld
from tests.surveys import T0, closed_repair
from tests.web.helpers import set_clock
from tests.web.pages.helpers import post, texts

LATER = T0 + timedelta(days=2)
GOOD = {"overall": "4", "explanation": "5", "solution": "4", "knowledge": "na",
        "soft_skills": "5", "turnaround": "2", "cost": "", "comment": "Veloce"}  # fmt: skip


def invited(session: Session, language: str = "vi") -> tuple[QuickWorld, RepairOrder, str]:
    """Return a world, a closed repair whose owner was invited, and the survey's address."""
    w = QuickWorld(session)
    w.owner.language = language
    repair = closed_repair(session, w)
    record_contact(session, w.shop_staff, repair, T0, channel="phone", who="owner")
    assert invite_closed(session, T0 + timedelta(hours=1)) == 1
    invitation = session.scalars(select(SurveyInvitation)).one()
    session.commit()
    return w, repair, f"/survey/{survey_token('test-secret', invitation.id, repair.code)}"


@pytest.fixture()
def at_later(app: FastAPI) -> FastAPI:
    set_clock(app, LATER)
    return app


def test_the_page_speaks_the_invitation_language_and_shows_no_personal_data(
    session: Session, client: TestClient, at_later: FastAPI
) -> None:
    w, repair, link = invited(session)
    r = client.get(link)
    assert r.status_code == 200 and r.headers["content-language"] == "vi"
    page = texts(r.text)
    assert "Hãy cho chúng tôi biết mọi việc thế nào" in page and repair.model.name in page
    assert "Đã trả lại ngày" in page  # the closing day
    for private in (w.owner.name, w.owner.email, repair.code, repair.problem):
        assert private not in page
    assert r.headers["referrer-policy"] == "strict-origin"
    # The switcher still works: a chosen language wins over the invitation's.
    client.cookies.set("aftersales_lang", "it")
    assert "Invia le mie risposte" in client.get(link).text


def test_a_tampered_or_foreign_link_is_refused(
    session: Session, client: TestClient, at_later: FastAPI
) -> None:
    _w, _repair, link = invited(session)
    number, code = link.rsplit("/", 1)[1].split("-")
    tampered = code[:-1] + ("0" if code[-1] != "0" else "1")
    for bad in (f"{number}-{tampered}", f"{int(number) + 1}-{code}", "nonsense", f"{number}-"):
        r = client.get(f"/survey/{bad}")
        assert r.status_code == 404, bad
        assert "does not work" in r.text
        assert post(client, f"/survey/{bad}", GOOD).status_code == 404
    assert session.scalar(select(SurveyAnswer.id)) is None


def test_an_expired_link_says_so_and_takes_no_answer(
    session: Session, client: TestClient, app: FastAPI
) -> None:
    _w, _repair, link = invited(session, "it")
    set_clock(app, T0 + timedelta(days=31))
    r = client.get(link)
    assert r.status_code == 410
    assert "Questo link al questionario è scaduto" in texts(r.text)
    assert post(client, link, GOOD).status_code == 410
    assert session.scalar(select(SurveyAnswer.id)) is None


def test_a_bad_form_comes_back_with_each_error_and_the_input_kept(
    session: Session, client: TestClient, at_later: FastAPI
) -> None:
    _w, _repair, link = invited(session, "en")
    bad = GOOD | {"overall": "", "solution": "7", "comment": "x" * 2001}
    r = post(client, link, bad)
    assert r.status_code == 422
    page = texts(r.text)
    assert "Rate your overall experience: it is the one answer needed." in page
    assert "Choose one of the five answers." in page
    assert "Keep the comment to 2000 characters (it has 2001)." in page
    assert 'name="explanation" value="5" checked' in r.text  # what was right is kept
    assert 'name="knowledge" value="na" checked' in r.text
    assert "x" * 2001 in r.text
    assert session.scalar(select(SurveyAnswer.id)) is None


def test_an_answer_is_written_once_and_a_second_is_refused_politely(
    session: Session, client: TestClient, at_later: FastAPI
) -> None:
    _w, repair, link = invited(session, "it")
    r = post(client, link, GOOD)
    assert r.status_code == 303 and r.headers["location"] == f"{link}?done=1"
    assert "Grazie per le sue risposte" in client.get(f"{link}?done=1").text
    answer = session.scalars(select(SurveyAnswer)).one()
    assert (answer.source, answer.repair_id, answer.brand_id) == (
        "survey",
        repair.id,
        repair.brand_id,
    )
    assert (answer.channel, answer.country, answer.centre_id, answer.shop_id, answer.model_id) == (
        "shop", "IT", repair.centre_id, repair.shop_id, repair.model_id,
    )  # fmt: skip
    assert (answer.overall, answer.explanation, answer.solution, answer.knowledge) == (
        4,
        5,
        4,
        None,
    )
    assert (answer.soft_skills, answer.turnaround, answer.cost) == (5, 2, None)
    assert (answer.comment, answer.language) == ("Veloce", "it")
    assert (answer.answered_at, answer.answered_on) == (LATER, date(2026, 3, 12))
    assert (answer.turnaround_days, answer.contacts) == (repair.tat_workdays, 1)
    invitation = session.scalars(select(SurveyInvitation)).one()
    assert invitation.answered_at == LATER
    again = post(client, link, GOOD | {"overall": "1"})
    assert again.status_code == 200
    assert "Grazie: a questo questionario è già stata data una risposta" in texts(again.text)
    assert session.scalars(select(SurveyAnswer.overall)).all() == [4]


def test_two_submissions_at_once_give_one_answer(session: Session) -> None:
    _w, repair, _link = invited(session)
    invitation = session.scalars(select(SurveyInvitation)).one()
    ratings = service.check_answer(GOOD)
    service.answer(session, invitation, repair, ratings, "vi", LATER)
    # The other submission read the invitation before this one marked it.
    invitation.answered_at = None
    with pytest.raises(Conflict):
        service.answer(session, invitation, repair, ratings, "vi", LATER)
    # And one whose mark went through finds the repair's answer there: the unique key says no.
    session.execute(
        SurveyInvitation.__table__.update().values(answered_at=None)  # type: ignore[attr-defined]
    )
    session.expire_all()
    with pytest.raises(Conflict):
        service.answer(
            session, session.get(SurveyInvitation, invitation.id), repair, ratings, "vi", LATER
        )  # type: ignore[arg-type]
    assert len(session.scalars(select(SurveyAnswer)).all()) == 1


def test_the_page_is_rate_limited_per_address(
    session: Session, client: TestClient, at_later: FastAPI
) -> None:
    _w, _repair, link = invited(session)
    at_later.state.survey_limiter.limit = 3
    assert [client.get(link).status_code for _ in range(3)] == [200] * 3
    assert client.get(link).status_code == 429
    assert client.get("/survey/1-abc").status_code == 429
