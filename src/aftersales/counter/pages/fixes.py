"""The counter's self-help: the likely fixes for the problem the clerk types, for the phone's
model (by its IMEI, else the model chosen); "Solved at the counter" records it, no repair."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog.models import PhoneModel
from aftersales.catalog.service import model_for_imei
from aftersales.counter.pages.intake import _staff
from aftersales.http.deps import DbSession
from aftersales.kernel.imei import normalize_imei
from aftersales.repairs.words import FAULTS
from aftersales.selfhelp.service import Problem, suggest

router = APIRouter(include_in_schema=False)


def counter_model(session: DbSession, imei: str, model_id: str) -> PhoneModel | None:
    """Return the phone's model: its IMEI's TAC names it, else the model the clerk chose."""
    clean = normalize_imei(imei[:40])
    model = model_for_imei(session, clean) if clean[:8].isdigit() and len(clean) >= 8 else None
    if model is None and model_id.isdigit() and len(model_id) < 10:
        model = session.get(PhoneModel, int(model_id))
    return model


@router.get("/shop/intake/fixes")
def counter_fixes(
    page: PageDep,
    session: DbSession,
    imei: str = "",
    model_id: str = "",
    fault_category: str = "",
    problem: str = "",
) -> Response:
    """Return the likely fixes for what the clerk typed (htmx, inside the intake form)."""
    if (stop := _staff(page)) is not None:
        return stop
    model = counter_model(session, imei, model_id)
    text = problem[:2000]
    hits = (
        suggest(session, Problem(model, fault_category, text), page.lang)
        if model and len(text.strip()) >= 3
        else []
    )
    values = {
        "model": str(model.id) if model else "",
        "fault_category": fault_category,
        "problem": text,
        "phone": "",
    }
    return page.render(
        "counter/fixes.html",
        hits=hits,
        values=values,
        model=model,
        via="counter",
        faults=FAULTS,
        errors={},
        asked=bool(hits),
    )
