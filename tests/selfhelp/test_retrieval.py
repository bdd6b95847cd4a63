"""Retrieval over the database: published articles only, the owner's model first, any language."""

from __future__ import annotations

from aftersales.demo.data import BRANDS
from aftersales.demo.knowledge import load_knowledge
from aftersales.kernel.actors import SYSTEM
from aftersales.knowledge.service import move_article
from aftersales.selfhelp.service import Problem, suggest
from tests.factories import make_brand, make_model


def test_each_language_finds_the_article_and_a_retired_one_goes(session, now):  # type: ignore[no-untyped-def]
    brands = {slug: make_brand(session) for slug, _name in BRANDS}
    names = ("Mi 8", "Mi 9", "Redmi Note 8")
    models = {name: make_model(session, brands["xiaomi"], name=name) for name in names}
    for name in ("Joy 3", "Active 3", "Live 4"):
        models[name] = make_model(session, brands["vsmart"], name=name)
    load_knowledge(session, now, brands, {k: m.id for k, m in models.items()})
    mi8 = models["Mi 8"]
    for text, lang in (
        ("white spots on the screen", "en"),
        ("macchie bianche sullo schermo", "it"),
        ("man hinh bi dom trang", "vi"),
        ("màn hình có đốm sáng", "vi"),
    ):
        hits = suggest(session, Problem(mi8, "display", text), "en")
        assert hits[0].doc.key == "mi8-display-spots", (text, hits)
        assert hits[0].doc.language == lang, text  # the translation in the owner's language
    ghost = suggest(session, Problem(mi8, "display", "screen touches by itself"), "en")
    assert all(h.doc.key != "redmi-note8-ghost-touch" for h in ghost)  # another model's
    top = suggest(session, Problem(mi8, "display", "white spots on the screen"), "en")[0]
    move_article(session, SYSTEM, top.doc.id, "retire", now)
    again = suggest(session, Problem(mi8, "display", "white spots on the screen"), "en")
    assert all(h.doc.id != top.doc.id for h in again)  # the revision rebuilt the index
