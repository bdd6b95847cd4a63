"""Exits: a brand states that it leaves the phone market, in its words; audited; owners read
their language's words, else the English, else another on file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from aftersales.audit.models import AuditEntry
from aftersales.kernel.errors import NotFound, ValidationFailed
from aftersales.support.exits import (
    ExitFields,
    exit_of,
    exits_of,
    remove_exit,
    set_exit,
    statement_in,
)
from tests.factories import World, make_account, make_brand

PROMISE_VI = (
    "Bảo hành, sửa chữa, linh kiện và cập nhật phần mềm cho đến khi khách hàng không còn "
    "sử dụng sản phẩm."
)
PROMISE_EN = (
    "Warranty, repairs, parts and software updates until the day customers no longer use "
    "the product."
)


def test_a_brand_states_its_exit_and_corrects_it_audited(session, now):  # type: ignore[no-untyped-def]
    w = World(session, country="VN")
    left = set_exit(session, w.brand_admin, w.brand.id,
                    ExitFields(date(2021, 5, 9), statement_vi=PROMISE_VI), now=now)  # fmt: skip
    assert statement_in(left, "it") == (PROMISE_VI, "vi")  # the only words on file
    set_exit(session, w.brand_admin, w.brand.id,
             ExitFields(date(2021, 5, 9), PROMISE_EN, None, PROMISE_VI), now=now)  # fmt: skip
    row = exit_of(session, w.brand.id)
    assert row is not None and row.id == left.id
    assert statement_in(row, "vi") == (PROMISE_VI, "vi")
    assert statement_in(row, "it") == (PROMISE_EN, "en")
    assert exits_of(session, [w.brand.id, make_brand(session).id]) == {w.brand.id: row}
    remove_exit(session, w.brand_admin, w.brand.id, now=now)
    remove_exit(session, w.brand_admin, w.brand.id, now=now)  # nothing left: nothing to do
    assert exit_of(session, w.brand.id) is None
    audit = list(session.scalars(select(AuditEntry).where(AuditEntry.entity == "brand_exit")
                                 .order_by(AuditEntry.id)))  # fmt: skip
    assert [a.action for a in audit] == ["created", "updated", "deleted"]
    assert audit[1].changes == {"statement_en": [None, PROMISE_EN]}


def test_an_exit_needs_a_day_and_words(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    with pytest.raises(ValidationFailed) as caught:
        set_exit(session, w.brand_admin, w.brand.id,
                 ExitFields(None, " ", statement_it="x" * 2001), now=now)  # fmt: skip
    assert set(caught.value.errors) == {"exit_date", "statement_it"}
    with pytest.raises(ValidationFailed) as caught:
        set_exit(session, w.brand_admin, w.brand.id, ExitFields(date(2021, 5, 9)), now=now)
    assert "at least one language" in caught.value.errors["statement_en"]


def test_only_the_brands_admins_and_the_platform_state_its_exit(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    words = ExitFields(date(2021, 5, 9), PROMISE_EN)
    stranger = make_account(session, "brand_admin", brand_id=make_brand(session).id)
    for actor in (stranger, w.owner, w.manager):
        with pytest.raises(NotFound):
            set_exit(session, actor, w.brand.id, words, now=now)
    assert set_exit(session, w.admin, w.brand.id, words, now=now).updated_by == w.admin.id
