"""Every change outside a repair's history leaves an audit row: who, when, what, old -> new."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.accounts import profile
from aftersales.accounts.service import create_api_token, revoke_api_token
from aftersales.audit.service import history
from aftersales.catalog import service as catalog
from aftersales.devices import tacs
from aftersales.kernel.actors import SYSTEM
from aftersales.notifications import webhooks
from aftersales.sla import service as sla
from aftersales.warranty import service as warranty
from tests.factories import World, make_account, make_model


def _rows(session: Session, entity: str, entity_id: object) -> list[tuple[str, str, dict]]:
    session.flush()
    return [(r.action, r.actor_role, r.changes) for r in history(session, entity, entity_id)]


def test_policy_versions_are_audited_with_old_and_new(session: Session) -> None:
    w = World(session)
    day = date(2026, 4, 1)
    first = warranty.set_policy(session, w.brand_admin, w.brand.id, "IT", 24, 24,
                                effective_from=day)  # fmt: skip
    warranty.set_policy(session, w.brand_admin, w.brand.id, "IT", 12, 24, effective_from=day)
    rows = _rows(session, "warranty_policy", first.id)
    assert rows[0] == ("updated", "brand_admin", {"maker_months": [24, 12]})
    assert rows[1][0] == "created" and rows[1][2]["maker_months"] == [None, 24]
    terms = {"target_days": 10, "at_risk_days": 7, "loaner_days": 5}
    promise = sla.set_policy(
        session, w.brand_admin, brand_id=w.brand.id, country="IT", channel="any", **terms
    )
    assert _rows(session, "sla_policy", promise.id)[0][2]["target_days"] == [None, 10]


def test_catalogue_and_tac_claims_are_audited(session: Session, now: datetime) -> None:
    w = World(session)
    shop = catalog.create_shop(session, SYSTEM, name="Milano Phones", city="Milano",
                               country="IT", address="Via Torino 1")  # fmt: skip
    assert _rows(session, "shop", shop.id)[0][:2] == ("created", "system")
    model = make_model(session, w.brand, tacs=["86111111"])
    tacs.claim(session, w.brand_admin, model.id, ["86222222"], now)
    assert _rows(session, "model_tac", "86222222")[0][2]["status"] == [None, "pending"]
    tacs.confirm(session, w.admin, "86222222", now)
    assert [r[0] for r in _rows(session, "model_tac", "86222222")] == ["confirmed", "created"]


def test_accounts_tokens_and_profiles_are_audited(session: Session, now: datetime) -> None:
    w = World(session)
    person = make_account(session, "owner", name="Anna")
    assert _rows(session, "account", person.id)[-1][0] == "created"
    profile.update(w.admin, person, "Anna Verdi", "it", "", True, False)
    changed = _rows(session, "account", person.id)[0]
    assert changed[:2] == ("updated", "platform_admin")
    assert changed[2] == {"name": ["Anna", "Anna Verdi"], "language": ["en", "it"]}
    row, _ = create_api_token(session, w.shop_staff, "till", now,
                              expires_at=now + timedelta(days=30))  # fmt: skip
    revoke_api_token(session, w.shop_staff, row.id, now)
    assert [r[0] for r in _rows(session, "api_token", row.id)] == ["revoked", "created"]
    assert "password_hash" not in str(_rows(session, "account", person.id))


def test_webhook_endpoints_are_audited(session: Session, now: datetime) -> None:
    w = World(session)
    hook = webhooks.register(session, w.shop_staff, url="https://hooks.example.test/in",
                             shop_id=w.shop.id, now=now)  # fmt: skip
    webhooks.set_active(session, w.shop_staff, hook, False, now)
    rows = _rows(session, "webhook_endpoint", hook.id)
    assert rows[0] == ("updated", "shop_staff", {"active": [True, False]})
    assert rows[1][2]["url"] == [None, "https://hooks.example.test/in"]
