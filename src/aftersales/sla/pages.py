"""SLA pages: the brand page's turnaround promises (a section of `BRAND_HOME`) and their form."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.catalog.models import Brand
from aftersales.catalog.pages import day, save, whole_number
from aftersales.http.deps import Actor, DbSession, Now
from aftersales.http.home import BRAND_HOME, Section
from aftersales.http.pages import Page
from aftersales.sla import service as sla

router = APIRouter(include_in_schema=False)


def _policies(page: Page[Any], session: DbSession, brand: Brand) -> dict[str, Any]:
    return {"sla_policies": sla.list_policies(session, brand.id), "channels": sla.POLICY_CHANNELS}


BRAND_HOME.add(Section(40, "sla/brand_policies.html", _policies))


@router.post("/brand/sla")
def set_sla(
    page: PageDep,
    session: DbSession,
    now: Now,
    brand_id: int | None = None,
    country: str = Form(""),
    channel: str = Form("any"),
    target_days: str = Form(""),
    at_risk_days: str = Form(""),
    loaner_days: str = Form(""),
    effective_from_date: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Set the brand's turnaround promise in a country for a channel from a day on."""
    values = {"country": country, "channel": channel, "target_days": target_days,
              "at_risk_days": at_risk_days, "loaner_days": loaner_days,
              "effective_from_date": effective_from_date}  # fmt: skip

    def act(brand: Brand, user: Actor) -> None:
        sla.set_policy(
            session,
            user,
            brand_id=brand.id,
            country=country.strip().upper(),
            channel=channel,
            target_days=whole_number(target_days, "target_days"),
            at_risk_days=whole_number(at_risk_days, "at_risk_days"),
            loaner_days=whole_number(loaner_days, "loaner_days"),
            effective_from=day(effective_from_date, "effective_from_date") or now.date(),
            today=now.date(),
        )

    return save(page, session, brand_id, csrf, "sla", values, act)
