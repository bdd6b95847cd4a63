"""Releases: brand admins add and correct them, audited; the latest is the newest date."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from aftersales.audit.models import AuditEntry
from aftersales.kernel.errors import Conflict, Forbidden, StaleVersion, ValidationFailed
from aftersales.software.releases import (
    ReleaseFields,
    add_release,
    latest_releases,
    list_releases,
    notes_in,
    update_release,
)
from tests.factories import World, make_brand, make_model
from tests.factories.software import make_release


def fields(**kw):  # type: ignore[no-untyped-def]
    return ReleaseFields(
        **{
            "version": "V12.5.3.0.QEAMIXM",
            "release_date": date(2021, 5, 20),
            "security_patch_date": date(2021, 5, 1),
            "kind": "security",
            "notes_en": "May security patch.",
            **kw,
        }
    )


def test_a_brand_admin_adds_a_release_of_their_model_and_it_is_audited(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    release = add_release(
        session, w.brand_admin, w.model.id, fields(notes_it="Patch di maggio."), now=now
    )
    assert (release.version, release.kind, release.notes_vi) == (
        "V12.5.3.0.QEAMIXM",
        "security",
        None,
    )
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "software_release")).one()
    assert entry.action == "created" and entry.brand_id == w.brand.id
    assert entry.changes["version"] == [None, "V12.5.3.0.QEAMIXM"]
    assert entry.actor_id == w.brand_admin.id


def test_another_brands_admin_and_staff_may_not_add_releases(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    rival = make_model(session, make_brand(session))
    with pytest.raises(Forbidden):
        add_release(session, w.brand_admin, rival.id, fields(), now=now)
    with pytest.raises(Forbidden):
        add_release(session, w.manager, w.model.id, fields(), now=now)


def test_every_wrong_field_is_named_at_once(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    wrong = fields(
        version=" ",
        release_date=date(2026, 12, 1),  # after `now`
        security_patch_date=None,
        kind="feature",
        notes_en="",
        notes_it="x" * 2001,
    )
    with pytest.raises(ValidationFailed) as caught:
        add_release(session, w.brand_admin, w.model.id, wrong, now=now)
    assert set(caught.value.errors) == {
        "version",
        "release_date",
        "security_patch_date",
        "kind",
        "notes_en",
        "notes_it",
    }


def test_a_version_is_entered_once_per_model(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    add_release(session, w.brand_admin, w.model.id, fields(), now=now)
    with pytest.raises(Conflict):
        add_release(
            session, w.brand_admin, w.model.id, fields(version=" V12.5.3.0.QEAMIXM "), now=now
        )
    other = make_model(session, w.brand)
    add_release(session, w.brand_admin, other.id, fields(), now=now)  # another model may


def test_the_latest_is_the_newest_date_never_the_highest_version_string(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    other = make_model(session, w.brand)
    make_release(session, w.model, version="V9.0", release_date=date(2021, 1, 10))
    newest = make_release(session, w.model, version="V10.0", release_date=date(2021, 6, 1))
    make_release(session, w.model, version="V11.0-beta", release_date=date(2021, 3, 1))
    same_day = make_release(session, other, version="A", release_date=date(2022, 2, 2))
    last_entered = make_release(session, other, version="B", release_date=date(2022, 2, 2))
    latest = latest_releases(session, [w.model.id, other.id, 999_999])
    assert latest[w.model.id].id == newest.id
    assert latest[other.id].id == last_entered.id != same_day.id
    assert 999_999 not in latest
    page = list_releases(session, w.model.id, 2)
    assert [r.version for r in page] == ["V10.0", "V11.0-beta"]
    assert [r.version for r in list_releases(session, w.model.id, 2, page[-1].id)] == ["V9.0"]


def test_a_correction_is_audited_old_to_new_and_refused_when_stale(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    release = add_release(session, w.brand_admin, w.model.id, fields(), now=now)
    update_release(
        session, w.brand_admin, release, 1, fields(release_date=date(2021, 5, 25)), now=now
    )
    assert release.release_date == date(2021, 5, 25) and release.row_version == 2
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "updated").order_by(AuditEntry.id.desc())
    ).first()
    assert entry is not None and entry.changes == {"release_date": ["2021-05-20", "2021-05-25"]}
    with pytest.raises(StaleVersion):
        update_release(session, w.brand_admin, release, 1, fields(), now=now)


def test_notes_fall_back_to_english(session):  # type: ignore[no-untyped-def]
    w = World(session)
    release = make_release(session, w.model, notes_en="Fixes.", notes_it="Correzioni.")
    assert notes_in(release, "it") == "Correzioni."
    assert notes_in(release, "vi") == notes_in(release, "en") == "Fixes."
