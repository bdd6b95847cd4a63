"""The survey page in a real browser: a demo owner's invitation in Italian and Vietnamese, on
a phone and a desktop; a form sent without the overall rating comes back with its error and
what was chosen, then is filled by taps and sent; no serious axe-core finding, no sideways
scroll. Screenshots of the empty form, the error and the thanks."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.config import DEV_SECRET
from aftersales.db import make_engine
from aftersales.kernel.clock import utcnow
from aftersales.repairs.models import RepairOrder
from aftersales.surveys.models import SurveyAnswer, SurveyInvitation
from aftersales.surveys.tokens import survey_token
from tests.browser.conftest import shot
from tests.browser.test_pages_fit import AXE, SERIOUS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE, DESKTOP = 360, 1280
LOCALES = {"it": "en-GB", "vi": "en-GB"}  # the browser asks English: the invitation decides
WORDS = {
    "it": ("Ci dica", "Molto buono", "Non applicabile", "Grazie per le sue risposte"),
    "vi": ("Hãy cho chúng tôi biết", "Rất tốt", "Không áp dụng", "Cảm ơn câu trả lời"),
}


def _waiting(database_url: str, lang: str) -> tuple[str, int]:
    """Return the link of a demo invitation in this language still waiting, and its repair."""
    engine = make_engine(database_url)
    with Session(engine) as s:
        invitation, code = s.execute(
            select(SurveyInvitation, RepairOrder.code)
            .join(RepairOrder, RepairOrder.id == SurveyInvitation.repair_id)
            .where(
                SurveyInvitation.language == lang,
                SurveyInvitation.answered_at.is_(None),
                SurveyInvitation.expires_at > utcnow(),
            )
            .order_by(SurveyInvitation.id)
            .limit(1)
        ).one()
    engine.dispose()
    return f"/survey/{survey_token(DEV_SECRET, invitation.id, code)}", invitation.repair_id


def _answer(database_url: str, repair_id: int) -> SurveyAnswer | None:
    engine = make_engine(database_url)
    with Session(engine) as s:
        found = s.scalar(select(SurveyAnswer).where(SurveyAnswer.repair_id == repair_id))
    engine.dispose()
    return found


def _choose(scale: Any, word: str) -> None:
    """Tap the choice of this word (the label: its radio covers it, as a finger finds it)."""
    scale.locator("label.survey-choice").filter(has_text=word).first.click()


@pytest.mark.parametrize(("lang", "width"), [("it", PHONE), ("it", DESKTOP), ("vi", PHONE),
                                             ("vi", DESKTOP)])  # fmt: skip
def test_an_owner_answers_the_survey_by_taps(open_page, demo_server, lang, width):  # type: ignore[no-untyped-def]
    link, repair_id = _waiting(demo_server["database_url"], lang)
    page: Any = open_page(LOCALES[lang], width=width)
    page.context.add_init_script(path=str(AXE))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(link)
    title, very_good, not_applicable, thanks = WORDS[lang]
    assert title in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(SERIOUS) == []
    device = "phone" if width == PHONE else "desktop"
    shown = (lang, device) in (("it", "phone"), ("vi", "desktop"))  # those docs/pages.md shows
    shot(page, f"survey-{lang}-{device}", docs=shown)
    scales = page.locator("fieldset.survey-scale")
    assert scales.count() == 7
    # A choice is a big target: at least 44 px high, as a finger needs.
    assert scales.nth(0).locator("label.survey-choice").first.bounding_box()["height"] >= 44
    _choose(scales.nth(1), very_good)
    _choose(scales.nth(6), not_applicable)
    page.locator("#comment").fill("Tutto bene" if lang == "it" else "Rất hài lòng")
    page.locator("button.survey-send").click()  # the overall rating is missing
    assert page.locator("#overall-error").is_visible()
    assert page.locator("fieldset.survey-scale input[name=explanation][value='4']").is_checked()
    assert page.locator("#comment").input_value() in ("Tutto bene", "Rất hài lòng")
    assert page.evaluate(SERIOUS) == []
    shot(page, f"survey-{lang}-{device}-error")
    _choose(scales.nth(0), very_good)
    page.locator("button.survey-send").click()
    page.wait_for_url("**?done=1")
    assert thanks in page.locator("main").inner_text()
    shot(page, f"survey-{lang}-{device}-thanks")
    answer = _answer(demo_server["database_url"], repair_id)
    assert answer is not None
    assert (answer.overall, answer.explanation, answer.cost, answer.language) == (4, 4, None, lang)
    assert [e for e in errors if "status of 422" not in e] == []  # the refused form
