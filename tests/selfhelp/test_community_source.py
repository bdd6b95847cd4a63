"""Accepted community answers are self-help fixes; a hidden thread's answer is not."""

from __future__ import annotations

from aftersales.community import service
from aftersales.community.moderation import moderate
from aftersales.kernel.actors import SYSTEM
from aftersales.selfhelp.service import Problem, suggest
from tests.factories import make_account, make_brand, make_model


def test_an_accepted_answer_is_found_until_its_question_is_hidden(session, now):  # type: ignore[no-untyped-def]
    brand = make_brand(session, name="Aurora")
    model = make_model(session, brand, name="Aurora 5")
    owner = make_account(session, "owner", password=None, country="IT")
    helper = make_account(session, "owner", password=None, country="IT")
    question = service.ask(
        session, owner, now=now, model_id=model.id, fault_category="charging", language="it",
        title="Il telefono non si carica con il cavo",
        body="Da ieri il telefono non si carica più, né con il cavo né con la basetta.",
    )  # fmt: skip
    problem = Problem(model, "charging", "il telefono non carica piu")
    assert all(h.doc.kind != "answer" for h in suggest(session, problem, "it"))  # not accepted
    answer = service.answer(
        session, helper, question,
        "Pulisci la porta USB-C con uno stuzzicadenti di legno: era piena di polvere.", now,
    )  # fmt: skip
    service.accept(session, owner, question, answer.id, now)
    hits = suggest(session, problem, "it")
    assert hits and hits[0].doc.kind == "answer" and hits[0].doc.id == answer.id
    assert hits[0].doc.url == f"/community/questions/{question.id}"
    assert "USB-C" in hits[0].doc.text  # the answer's words, Markdown made plain
    moderate(session, SYSTEM, question, "hide", now, reason="Duplicate")
    assert all(h.doc.kind != "answer" for h in suggest(session, problem, "it"))
