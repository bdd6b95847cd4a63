"""Asking, answering, voting, accepting and moderating, through the API and the pages."""

from __future__ import annotations

from sqlalchemy import event, func, select

from aftersales.audit.models import AuditEntry
from aftersales.community import moderation, service
from aftersales.community.models import CommunityQuestion
from aftersales.community.search import accepted_answers
from tests.community.test_markdown_hours import executable
from tests.web.pages.helpers import csrf, texts

API = "/api/v1/community"
BODY = {"body": "Turn off background refresh for the mail app; it fixed mine."}


def _new(client, world, who="owner", **kw):  # type: ignore[no-untyped-def]
    body = {
        "model_id": world.model.id,
        "fault_category": "battery",
        "title": "Battery drains overnight",
        "body": "Empty every morning since the update.",
    }
    r = client.post(f"{API}/questions", json=body | kw, headers=world.headers(who))
    return r


def test_ask_answer_vote_accept(client, world, session):  # type: ignore[no-untyped-def]
    r = _new(client, world)
    assert r.status_code == 201, r.text
    q = r.json()["question"]
    assert q["status"] == "open" and q["author"]["name"].startswith("Owner ")
    assert "Anna" not in r.text
    qid = q["id"]
    # an owner answers, then the brand's technician with the badge
    r = client.post(f"{API}/questions/{qid}/answers", json=BODY, headers=world.headers("owner2"))
    assert r.status_code == 201, r.text
    r = client.post(f"{API}/questions/{qid}/answers", json=BODY, headers=world.headers("tech"))
    answers = r.json()["answers"]
    assert [a["author"]["engineer"] for a in answers] == [False, True]
    assert answers[1]["author"]["name"] == "Carlo"
    staff_answer = answers[1]["id"]
    # one vote per owner; the second changes nothing
    first = client.post(f"{API}/answers/{staff_answer}/votes", headers=world.headers("owner"))
    again = client.post(f"{API}/answers/{staff_answer}/votes", headers=world.headers("owner"))
    assert first.json() == {"voted": True, "score": 1} and again.json() == {
        "voted": False,
        "score": 1,
    }
    # another owner may not accept; the asker does
    body = {"answer_id": staff_answer, "version": r.json()["question"]["version"]}
    assert (
        client.post(
            f"{API}/questions/{qid}/accept", json=body, headers=world.headers("owner2")
        ).status_code
        == 403
    )
    r = client.post(f"{API}/questions/{qid}/accept", json=body, headers=world.headers("owner"))
    assert r.status_code == 200, r.text
    assert r.json()["question"]["status"] == "solved"
    assert r.json()["answers"][0]["id"] == staff_answer and r.json()["answers"][0]["accepted"]
    stored = session.get(CommunityQuestion, qid)
    assert stored.first_staff_answer_at is not None and stored.staff_hours == 0.0
    # accepted answers for the self-help search: one statement
    found = accepted_answers(session, world.brand.id)
    assert found == [
        (
            staff_answer,
            world.model.id,
            "battery",
            "en",
            "Battery drains overnight",
            BODY["body"],
            f"/community/questions/{qid}",
        )
    ]


def test_an_old_version_cannot_accept(client, world):  # type: ignore[no-untyped-def]
    qid = _new(client, world).json()["question"]["id"]
    r = client.post(f"{API}/questions/{qid}/answers", json=BODY, headers=world.headers("owner2"))
    answer_id = r.json()["answers"][0]["id"]
    body = {"answer_id": answer_id, "version": 1}
    assert (
        client.post(
            f"{API}/questions/{qid}/accept", json=body, headers=world.headers("owner")
        ).status_code
        == 409
    )


def test_bad_input_is_named_per_field(client, world):  # type: ignore[no-untyped-def]
    r = _new(
        client,
        world,
        model_id=world.other_model.id + 1000,
        fault_category="toaster",
        title="Hi",
        body="short",
    )
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"model_id", "fault_category", "title", "body"}
    r = client.post(
        f"{API}/questions",
        params={"lang": "it"},
        headers=world.headers("owner"),
        json={
            "model_id": world.model.id,
            "fault_category": "battery",
            "title": "x",
            "body": "Empty every morning since the update.",
        },
    )
    assert "Scrivi almeno 10 caratteri" in r.text


def test_hidden_questions_and_answers(client, world, session, now):  # type: ignore[no-untyped-def]
    question = world.ask()
    answer = service.answer(
        session, world.people["owner2"], question, "Call me on +39 333 1234567", now
    )
    moderation.moderate(
        session,
        world.people["brand"],
        question,
        "hide",
        now,
        reason="Phone number",
        answer_id=answer.id,
    )
    session.commit()
    owner_view = client.get(f"{API}/questions/{question.id}", headers=world.headers("owner")).json()
    assert owner_view["answers"] == []
    staff_view = client.get(f"{API}/questions/{question.id}", headers=world.headers("brand")).json()
    assert (
        staff_view["answers"][0]["hidden"]
        and staff_view["answers"][0]["hidden_reason"] == "Phone number"
    )
    moderation.moderate(
        session, world.people["brand"], question, "hide", now, reason="Spam question"
    )
    session.commit()
    for who, status in (
        ("owner", 404),
        ("owner2", 404),
        ("brand_b", 404),
        ("brand", 200),
        ("admin", 200),
    ):
        r = client.get(f"{API}/questions/{question.id}", headers=world.headers(who))
        assert r.status_code == status, who
    listed = client.get(f"{API}/questions").json()["items"]
    assert question.id not in [q["id"] for q in listed]
    mine = client.get(
        f"{API}/questions", params={"brand_id": world.brand.id}, headers=world.headers("brand")
    )
    assert [q["hidden"] for q in mine.json()["items"]] == [True]
    # another brand's staff cannot moderate: 404, as if it were not there
    r = client.post(
        f"{API}/questions/{question.id}/moderation",
        json={"action": "unhide"},
        headers=world.headers("brand_b"),
    )
    assert r.status_code == 404
    audits = session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.entity.in_(("community_question", "community_answer")),
            AuditEntry.action == "updated",
        )
    )
    assert audits == 2


def test_a_locked_question_takes_no_answers(client, world, session, now):  # type: ignore[no-untyped-def]
    question = world.ask()
    session.commit()
    r = client.post(
        f"{API}/questions/{question.id}/moderation",
        json={"action": "lock"},
        headers=world.headers("brand"),
    )
    assert r.status_code == 200 and r.json()["question"]["locked"]
    r = client.post(
        f"{API}/questions/{question.id}/answers", json=BODY, headers=world.headers("owner2")
    )
    assert r.status_code == 409 and "khóa" in r.json()["detail"]  # in the owner's language
    # hiding needs a reason
    r = client.post(
        f"{API}/questions/{question.id}/moderation",
        json={"action": "hide"},
        headers=world.headers("brand"),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"


def test_the_rate_limit_says_when_to_try_again(client, world, app):  # type: ignore[no-untyped-def]
    app.state.community_limiters["question"].limit = 2
    assert _new(client, world).status_code == 201
    assert _new(client, world).status_code == 201
    r = _new(client, world)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "try again in" in r.json()["detail"]
    world.browse_as(client, "owner2")
    r = client.post(
        "/community/ask",
        data={
            "csrf": csrf(client),
            "model_id": world.model.id,
            "fault_category": "battery",
            "title": "Pin si hết nhanh quá",
            "body": "Pin hết sau vài giờ từ khi cập nhật.",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303  # each account has its own count
    for _ in range(2):
        client.post(
            "/community/ask",
            data={
                "csrf": csrf(client),
                "model_id": world.model.id,
                "fault_category": "battery",
                "title": "Pin si hết nhanh quá",
                "body": "Pin hết sau vài giờ từ khi cập nhật.",
            },
        )
    r = client.post(
        "/community/ask",
        data={
            "csrf": csrf(client),
            "model_id": world.model.id,
            "fault_category": "battery",
            "title": "Pin si hết nhanh quá nữa",
            "body": "Pin hết sau vài giờ từ khi cập nhật.",
        },
    )
    assert r.status_code == 429
    assert "thử lại sau" in texts(r.text) and "Pin si hết nhanh quá nữa" in r.text  # input kept


XSS = {
    "title": "<script>alert(1)</script> battery <img src=x onerror=alert(2)>",
    "body": "[tap](javascript:alert(3)) <iframe src=//evil.test></iframe> <b onmouseover=x>hi</b>",
}


def test_xss_is_shown_as_text_on_every_page(client, world, session, now):  # type: ignore[no-untyped-def]
    question = world.ask(**XSS)
    service.answer(
        session, world.people["owner2"], question, XSS["body"] + " <svg onload=alert(4)>", now
    )
    session.commit()
    world.browse_as(client, "owner")
    for path in (f"/community/questions/{question.id}", "/community"):
        html = client.get(path).text
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        assert executable(main) == [], path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in main
    r = client.get(f"{API}/questions/{question.id}").json()
    assert (
        executable(r["question"]["body_html"]) == []
        and executable(r["answers"][0]["body_html"]) == []
    )


def test_pages_flow_and_the_booking_link(client, world, session):  # type: ignore[no-untyped-def]
    world.browse_as(client, "owner")
    form = {
        "csrf": csrf(client),
        "model_id": str(world.model.id),
        "fault_category": "nope",
        "title": "Short",
        "body": "Tiny",
    }
    r = client.post("/community/ask", data=form)
    assert r.status_code == 422 and 'value="Short"' in r.text and "Tiny" in r.text
    form |= {
        "fault_category": "display",
        "title": "Green line on the display",
        "body": "A green line appeared after a drop, then it flickers.",
    }
    r = client.post("/community/ask", data=form, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert "Book a repair for this problem" in page.text
    assert (
        f"/book?model={world.model.id}&amp;fault_category=display&amp;problem=Green+line"
        in page.text
    )
    qid = int(r.headers["location"].rsplit("/", 1)[1])
    world.browse_as(client, "tech")
    r = client.post(f"/community/questions/{qid}/answer", data={"csrf": csrf(client), "body": "Hi"})
    assert r.status_code == 422 and "at least 5" in texts(r.text)
    r = client.post(
        f"/community/questions/{qid}/answer",
        follow_redirects=False,
        data={"csrf": csrf(client), "body": "The flex cable is loose; bring it in."},
    )
    assert r.status_code == 303
    page = client.get(f"/community/questions/{qid}")
    assert "Engineer" in page.text and "Book a repair for this problem" not in page.text
    world.browse_as(client, None)
    anonymous = client.get(f"/community/questions/{qid}")
    assert anonymous.status_code == 200 and "Sign in to answer" in anonymous.text
    assert "Anna" not in anonymous.text and "Verdi" not in anonymous.text


def test_the_list_reads_a_fixed_number_of_statements(client, world, session, connection, now):  # type: ignore[no-untyped-def]
    def count_for(n: int) -> int:
        for i in range(n):
            world.ask(
                title=f"Question number {i} about it", created_at=None
            ) if False else world.ask(title=f"Question number {i} here")
        session.commit()
        seen: list[str] = []
        listener = lambda *a: seen.append(a[2])  # noqa: E731
        event.listen(connection, "before_cursor_execute", listener)
        try:
            assert client.get("/community").status_code == 200
            assert client.get(f"{API}/questions").status_code == 200
        finally:
            event.remove(connection, "before_cursor_execute", listener)
        return len(seen)

    assert count_for(2) == count_for(20)


def test_a_thread_reads_a_fixed_number_of_statements(client, world, session, connection, now):  # type: ignore[no-untyped-def]
    def count_for(n: int) -> int:
        question = world.ask()
        for i in range(n):
            who = ("owner2", "tech", "brand")[i % 3]
            service.answer(session, world.people[who], question, f"Answer number {i}.", now)
        session.commit()
        seen: list[str] = []
        listener = lambda *a: seen.append(a[2])  # noqa: E731
        event.listen(connection, "before_cursor_execute", listener)
        try:
            assert client.get(f"/community/questions/{question.id}").status_code == 200
            assert client.get(f"{API}/questions/{question.id}").status_code == 200
        finally:
            event.remove(connection, "before_cursor_execute", listener)
        return len(seen)

    world.browse_as(client, "owner")
    assert count_for(1) == count_for(9)
