"""The repair page: the owner finds the survey there; managers see whether and how they answered."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from aftersales.surveys.invites import invite_closed
from aftersales.surveys.service import answer, check_answer, invitation_of
from tests.factories import World, make_account
from tests.surveys import T0, closed_repair
from tests.web.helpers import set_clock
from tests.web.pages.helpers import sign_in, texts


def test_the_owner_reaches_the_survey_and_managers_read_the_answer(
    session: Session, client: TestClient, app: FastAPI
) -> None:
    w = World(session)
    repair = closed_repair(session, w)
    set_clock(app, T0 + timedelta(days=1))
    sign_in(client, w.owner)
    assert "Tell us how it went" not in client.get(f"/repairs/{repair.code}").text  # not yet
    invite_closed(session, T0 + timedelta(hours=1))
    session.commit()
    page = client.get(f"/repairs/{repair.code}")
    assert f'href="/repairs/{repair.code}/survey"' in page.text
    went = client.get(f"/repairs/{repair.code}/survey", follow_redirects=False)
    assert went.status_code == 303 and went.headers["location"].startswith("/survey/")
    assert client.get(went.headers["location"]).status_code == 200
    stranger = make_account(session, "owner")
    session.commit()
    client.cookies.clear()
    sign_in(client, stranger)
    assert client.get(f"/repairs/{repair.code}/survey").status_code == 404
    client.cookies.clear()
    sign_in(client, w.shop_staff)
    assert "has not answered yet" in texts(client.get(f"/repairs/{repair.code}").text)
    invitation = invitation_of(session, repair.id)
    assert invitation is not None
    answer(
        session, invitation, repair, check_answer({"overall": "5"}), "en", T0 + timedelta(hours=2)
    )
    session.commit()
    page = texts(client.get(f"/repairs/{repair.code}").text)
    assert "The owner answered the survey. Overall: Excellent" in page
    client.cookies.clear()
    sign_in(client, w.technician)  # ratings are the managers' to read, not per repair
    assert "Satisfaction survey" not in client.get(f"/repairs/{repair.code}").text
    client.cookies.clear()
    sign_in(client, w.owner)  # answered: no link any more
    assert f"/repairs/{repair.code}/survey" not in client.get(f"/repairs/{repair.code}").text
    assert client.get(f"/repairs/{repair.code}/survey").status_code == 404
