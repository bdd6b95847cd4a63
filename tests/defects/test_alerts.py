"""Alerts: kept once per episode and told once to the brand's admins; acknowledged or
dismissed with a reason by them alone; a dismissed rise that grows a lot opens again."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import AuditEntry
from aftersales.defects import service
from aftersales.defects.access import alert_for
from aftersales.defects.findings import Finding, Week
from aftersales.defects.jobs import defect_alerts
from aftersales.defects.models import DefectAlert
from aftersales.defects.words import CLUSTER_METHOD, METHODS
from aftersales.kernel.errors import (
    Forbidden,
    InvalidTransition,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from aftersales.notifications.links import Links
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render
from tests.defects.data import TODAY, Background
from tests.factories import make_account, make_brand, make_model

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
LINKS = Links("https://after.example", "secret")


def _finding(brand_id: int, model_id: int, **kw: object) -> Finding:
    base = Finding(
        kind="rate", key=f"rate:{model_id}:display", brand_id=brand_id, model_id=model_id,
        fault_category="display", software_version=None, started_on=date(2026, 1, 19),
        observed=40, expected=12.5, ratio=3.2, low=2.3, high=4.4, method="negbin_fdr",
        p_value=0.0001, repair_ids=(3, 2, 1),
        weeks=(Week(date(2026, 1, 19), 5, 1.5), Week(date(2026, 1, 26), 7, 1.6)),
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def _told(session, alert_id: int) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    stmt = select(OutboxMessage).where(OutboxMessage.kind == "defect_alert",
                                       OutboxMessage.about_id == alert_id)  # fmt: skip
    return list(session.scalars(stmt))


@pytest.fixture()
def brand(session):  # type: ignore[no-untyped-def]
    b = make_brand(session)
    model = make_model(session, b, name="Mi 8")
    admins = [make_account(session, "brand_admin", brand_id=b.id, language=lang)
              for lang in ("it", "vi")]  # fmt: skip
    return b, model, admins


def test_a_finding_is_kept_once_and_told_once_to_each_admin(session, brand):
    b, model, admins = brand
    alert, told = service.store(session, _finding(b.id, model.id), NOW)
    assert told and alert.status == "open" and alert.first_seen == NOW.date()
    messages = _told(session, alert.id)
    assert sorted(m.account_id for m in messages) == sorted(a.id for a in admins)
    # The next nights find it again, a little larger: the figures move, no one is told.
    later = NOW + timedelta(days=7)
    again, told = service.store(session, _finding(b.id, model.id, observed=48, ratio=3.5), later)
    assert again.id == alert.id and not told
    assert (again.observed, again.last_seen, again.first_seen) == (48, later.date(), NOW.date())
    assert len(_told(session, alert.id)) == 2
    assert session.scalar(select(func.count()).select_from(DefectAlert)) == 1
    mine = (AuditEntry.entity == "defect_alert", AuditEntry.entity_id == str(alert.id))
    actions = session.scalars(select(AuditEntry.action).where(*mine)).all()
    assert sorted(actions) == ["created", "updated"]


def test_the_message_says_what_rose_by_how_much_and_links_the_page(session, brand):
    b, model, _ = brand
    alert, _ = service.store(session, _finding(b.id, model.id), NOW)
    by_lang = {m.language: m for m in _told(session, alert.id)}
    it = render("defect_alert", "it", by_lang["it"].context, LINKS)
    assert it.subject == "Avviso di difetto: Schermo, Mi 8"
    assert f"https://after.example/brand/alerts/{alert.id}" in it.link
    text = " ".join(it.paragraphs)
    assert "40" in text and "3,2" in text and "2,3" in text and "4,4" in text
    vi = render("defect_alert", "vi", by_lang["vi"].context, LINKS)
    assert vi.subject != it.subject and "Mi 8" in vi.subject


def test_a_dismissed_alert_stays_quiet_until_its_rise_more_than_doubles(session, brand):
    b, model, admins = brand
    alert, _ = service.store(session, _finding(b.id, model.id), NOW)
    service.decide(session, admins[0], alert, "dismissed", "A batch we already replaced.", NOW)
    assert alert.dismissed_ratio == 3.2
    day = NOW + timedelta(days=7)
    service.store(session, _finding(b.id, model.id, ratio=5.0, low=4.0, high=6.0), day)
    assert alert.status == "dismissed" and len(_told(session, alert.id)) == 2
    day += timedelta(days=7)
    _, told = service.store(session, _finding(b.id, model.id, ratio=8.0, low=6.5, high=9.8), day)
    assert told and alert.status == "open" and len(_told(session, alert.id)) == 4
    assert all("reopened" in m.key for m in _told(session, alert.id)[2:])


def test_a_rise_long_after_the_last_is_a_new_alert(session, brand):
    b, model, _ = brand
    old, _ = service.store(session, _finding(b.id, model.id), NOW)
    later = NOW + timedelta(weeks=30)
    new, told = service.store(session, _finding(b.id, model.id, started_on=date(2026, 9, 7)), later)
    assert told and new.id != old.id and old.key == f"rate:{model.id}:display@2026-01-19"
    assert new.key == f"rate:{model.id}:display"


def test_only_the_brands_admins_decide_and_always_with_a_reason(session, brand):
    b, model, admins = brand
    alert, _ = service.store(session, _finding(b.id, model.id), NOW)
    other = make_account(session, "brand_admin", brand_id=make_brand(session).id)
    platform = make_account(session, "platform_admin")
    tech = make_account(session, "owner")
    for stranger in (other, tech):
        with pytest.raises(NotFound):
            alert_for(session, stranger, alert.id)
        with pytest.raises(Forbidden):
            service.decide(session, stranger, alert, "acknowledged", "Seen it.", NOW)
    assert alert_for(session, platform, alert.id) is alert  # reads any brand's
    with pytest.raises(Forbidden):
        service.decide(session, platform, alert, "acknowledged", "Seen it.", NOW)
    with pytest.raises(ValidationFailed) as no_reason:
        service.decide(session, admins[0], alert, "acknowledged", "  ", NOW)
    assert set(no_reason.value.errors) == {"reason"}
    with pytest.raises(StaleVersion):
        service.decide(session, admins[0], alert, "acknowledged", "Seen it.", NOW, version=99)
    service.decide(session, admins[0], alert, "acknowledged", "Supplier informed.", NOW)
    assert (alert.status, alert.reason, alert.decided_by_id) == (
        "acknowledged", "Supplier informed.", admins[0].id)  # fmt: skip
    with pytest.raises(InvalidTransition) as again:
        service.decide(session, admins[0], alert, "acknowledged", "Again.", NOW)
    assert again.value.allowed == ["dismissed"]  # what the admin can do, named
    assert again.value.detail == "This alert is “Acknowledged”; now you can only dismiss it."
    by_admin = (AuditEntry.entity == "defect_alert", AuditEntry.actor_id == admins[0].id)
    row = session.scalars(select(AuditEntry).where(*by_admin)).one()
    assert row.changes["status"] == ["open", "acknowledged"]


def test_the_job_finds_a_rise_once_however_often_it_runs(session):
    world = Background(session, seed=3, rise=3.0, rise_weeks=8)
    first = defect_alerts(session, datetime.combine(TODAY, datetime.min.time(), UTC))
    assert (first.findings, first.told) == (1, 1)
    alert = session.scalars(select(DefectAlert).where(DefectAlert.brand_id == world.brand.id)).one()
    assert alert.model_id == world.models[0].id and alert.fault_category == "display"
    assert len(_told(session, alert.id)) == len(world.admins)
    for hours in (1, 24, 48):  # the same night again, and the next nights of the week
        again = defect_alerts(session, datetime.combine(TODAY, datetime.min.time(), UTC)
                              + timedelta(hours=hours))  # fmt: skip
        assert again.told == 0
    assert len(_told(session, alert.id)) == len(world.admins)
    assert session.scalar(select(func.count()).select_from(DefectAlert)) == 1


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_detectors_finding_is_stored_with_its_method(session, brand, method: str):
    """Each method code fits the table (PostgreSQL checks a column's length; SQLite does not)."""
    b, model, _ = brand
    kind = "rate" if method == "negbin_fdr" else "release" if "release" in method else "cluster"
    finding = _finding(b.id, model.id, kind=kind, key=f"{kind}:{model.id}:x", method=method,
                       software_version="VOS 3.0.6" if kind == "release" else None,
                       words=("battery", "drain") if kind == "cluster" else ())  # fmt: skip
    alert, told = service.store(session, finding, NOW)
    session.expire_all()
    assert session.get(DefectAlert, alert.id).method == method and told  # type: ignore[union-attr]


def test_a_cluster_alerts_message_says_its_words(session, brand):
    b, model, _ = brand
    words = ("battery", "drain", "update")
    finding = _finding(b.id, model.id, kind="cluster", key=f"cluster:{model.id}:battery",
                       fault_category="battery", method=CLUSTER_METHOD, words=words)  # fmt: skip
    alert, _ = service.store(session, finding, NOW)
    by_lang = {m.language: m for m in _told(session, alert.id)}
    it = render("defect_alert", "it", by_lang["it"].context, LINKS)
    said = "Avviso di difetto: Batteria, Mi 8: segnalazioni su «battery, drain, update»"
    assert it.subject == said
    assert "Le parole che i proprietari usano di più: battery, drain, update." in it.paragraphs
    spans = replace(finding, key="cluster:all:screen", model_id=None, fault_category=None,
                    words=("screen", "flicker"))  # fmt: skip
    alert, _ = service.store(session, spans, NOW)
    en = render("defect_alert", "en", _told(session, alert.id)[0].context, LINKS)
    assert en.subject == "Defect alert: Complaints about “screen, flicker”"
    assert "The words owners use most: screen, flicker." in en.paragraphs
    said = "40 complaints (repairs and community questions) since"
    assert any(x.startswith(said) for x in en.paragraphs)
