"""Imported repairs in the figures: the rollup reads them however long the import took, their
phones were registered when their first repair began, and stand-in phones are in no count."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.care.history import phone_rows
from aftersales.care.queries import phones_by_day
from aftersales.catalog.service import check_tacs
from aftersales.defects import rates
from aftersales.demo.data import MODELS
from aftersales.devices.models import Phone
from aftersales.devices.stand_in import is_stand_in
from aftersales.history import importer
from aftersales.history.importer import import_history
from aftersales.insights.models import InsightsFact
from aftersales.insights.rollup import refresh
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.clock import utcnow
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.imei import make_imei
from aftersales.repairs.models import RepairOrder
from tests.factories import World, make_phone
from tests.history import T0, history, rows, rules

pytestmark = pytest.mark.xdist_group("history")


def _imported(session: Session) -> list[RepairOrder]:
    session.expire_all()  # as stored
    stmt = select(RepairOrder).where(RepairOrder.import_source.is_not(None))
    return list(session.scalars(stmt.order_by(RepairOrder.external_id)))


def test_imported_repairs_are_stamped_changed_when_written_not_when_the_import_began(
    session: Session,
) -> None:
    w = World(session)
    m = rules(w)
    before = utcnow()
    began = before - timedelta(days=3)  # an import that began long ago
    lines = rows(m, *history("A", T0 - timedelta(days=9)), *history("B", T0 - timedelta(days=8)))
    assert import_history(session, SYSTEM, lines, m, "shoptool", began).written
    assert [r.updated_at >= before for r in _imported(session)] == [True, True]


def test_a_rollup_run_during_a_long_import_reads_its_repairs_on_the_next_run(
    session: Session,
) -> None:
    w = World(session)
    m = rules(w)
    wall = utcnow()
    refresh(session, wall - timedelta(minutes=15))  # ran while the import was writing
    lines = rows(m, *history("A", T0 - timedelta(days=9)))
    import_history(session, SYSTEM, lines, m, "shoptool", wall - timedelta(minutes=30))
    refresh(session, wall + timedelta(minutes=5))  # the next run, after the commit
    [repair] = _imported(session)
    assert session.get(InsightsFact, repair.id) is not None


def test_a_phone_the_import_makes_is_registered_when_its_first_repair_began(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = World(session)
    m = rules(w)
    monkeypatch.setattr(importer, "WRITE_CHUNK", 1)  # its earliest repair in a later chunk
    fresh = make_imei(w.model.tacs[0].tac, 31337)
    lines = [
        *history("A", T0 - timedelta(days=30), imei=fresh),
        *history("B", T0 - timedelta(days=90), imei=fresh),
        *history("C", T0 - timedelta(days=60)),
    ]
    import_history(session, SYSTEM, rows(m, *lines), m, "shoptool", T0)
    a, b, c = _imported(session)
    assert a.phone_id == b.phone_id != c.phone_id
    assert (a.phone.created_at, a.phone.purchase_date) == (b.created_at, None)
    assert b.created_at == b.received_at  # the first step's moment
    assert c.phone.created_at == c.created_at and is_stand_in(c.phone.imei)


def test_stand_in_phones_count_neither_in_use_nor_in_the_defect_rates(session: Session) -> None:
    w = World(session)
    for _ in range(3):
        make_phone(session, w.model)
    today = utcnow().date()
    weeks = 52

    def counts() -> tuple[float, float, float]:
        rows_ = phone_rows(session, today)
        in_use = float(rows_.n[rows_.model == w.model.id].sum())
        series = rates.read(session, w.brand.id, today, weeks)
        return in_use, float(np.sum(series.exposure)), float(np.sum(series.repairs))

    real = counts()
    assert real[0] == 3 and real[1] > 0 and real[2] == 0
    by_day = phones_by_day(session, w.model.id)
    m = rules(w)
    lines = [line for i in range(4) for line in history(f"S{i}", T0 - timedelta(days=20 + i))]
    report = import_history(session, SYSTEM, rows(m, *lines), m, "shoptool", T0)
    assert report.phones_without_imei == 4
    assert counts() == real  # no phone, no exposure and no repair of a stand-in
    assert phones_by_day(session, w.model.id) == by_day  # nor a phone of the care dashboard


def test_demo_and_test_phones_are_never_stand_ins(session: Session) -> None:
    tacs = [tac for spec in MODELS for tac in spec.tacs]
    assert not [t for t in tacs if is_stand_in(make_imei(t, 0))]
    w = World(session)
    assert not is_stand_in(make_phone(session, w.model).imei)
    stand_ins = session.scalars(select(Phone.imei)).all()
    assert not [imei for imei in stand_ins if is_stand_in(imei)]


def test_no_model_may_claim_the_stand_ins_test_range(session: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_tacs(["35123456", "00123456"])
    assert "00123456" in str(caught.value.errors["tacs"])
    assert check_tacs(["35123456"]) == ["35123456"]
