"""The sla and warranty areas' policies: who reads and sets a brand's promises."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import Forbidden
from aftersales.sla import access as sla_access
from aftersales.sla import service as sla
from aftersales.warranty import access as warranty_access
from aftersales.warranty import service as warranty
from tests.repairs import QuickWorld

TERMS = {"channel": "any", "target_days": 8, "at_risk_days": 5, "loaner_days": 3}


def test_a_manager_reads_the_promises_at_the_centre_as_the_board_shows_them(
    session: Session,
) -> None:
    w, other = QuickWorld(session), QuickWorld(session)
    here = sla.set_policy(session, w.brand_admin, brand_id=w.brand.id, country="IT", **TERMS)
    sla.set_policy(session, w.brand_admin, brand_id=w.brand.id, country="VN", **TERMS)
    sla.set_policy(session, SYSTEM, brand_id=other.brand.id, country="IT", **TERMS)
    read = sla.list_policies(session, None, sla_access.policy_scope(w.manager))
    assert read == [here] == sla.policies_at(session, w.centre)
    # The brand's admin reads the brand's promises in every country, and no other brand's.
    mine = sla.list_policies(session, None, sla_access.policy_scope(w.brand_admin))
    assert {(p.brand_id, p.country) for p in mine} == {(w.brand.id, "IT"), (w.brand.id, "VN")}
    with pytest.raises(Forbidden):
        sla_access.policy_scope(w.technician)


def test_only_the_brands_admins_set_its_policies(session: Session) -> None:
    w, other = QuickWorld(session), QuickWorld(session)
    with pytest.raises(Forbidden):
        sla.set_policy(session, other.brand_admin, brand_id=w.brand.id, country="IT", **TERMS)
    with pytest.raises(Forbidden):
        warranty.set_policy(session, w.manager, w.brand.id, "IT", 24, 24)
    mine = warranty.set_policy(session, w.brand_admin, w.brand.id, "IT", 24, 24)
    warranty.set_policy(session, SYSTEM, other.brand.id, "IT", 12, 24)
    scope = warranty_access.policy_scope(w.brand_admin)
    assert warranty.list_policies(session, None, scope) == [mine]
    with pytest.raises(Forbidden):
        warranty_access.policy_scope(w.manager)
