"""Reading the audit log over HTTP: each admin their own brand's changes, a page at a time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from tests.factories import make_account, make_brand
from tests.factories.policies import make_sla_policy
from tests.web.helpers import assert_problem, bearer


def test_brand_admins_read_their_brand_s_changes_and_platform_admins_all(
    client: Any, session: Session, now: datetime
) -> None:
    mine, theirs = make_brand(session, name="Mine"), make_brand(session, name="Theirs")
    admin = make_account(session, role="platform_admin")
    brand_admin = make_account(session, role="brand_admin", brand_id=mine.id)
    for target in (5, 6, 7):  # three versions of the promise, by the brand's admin
        make_sla_policy(session, mine, target_days=target, at_risk_days=3, loaner_days=2,
                        actor=brand_admin)  # fmt: skip
    make_sla_policy(session, theirs, actor=admin)
    owner = make_account(session, role="owner")
    session.commit()

    mine_only = bearer(session, brand_admin, now)
    r = client.get("/api/v1/audit?entity=sla_policy&limit=2", headers=mine_only)
    page = r.json()
    assert r.status_code == 200 and len(page["items"]) == 2 and page["next_before_id"]
    assert all(i["actor_id"] is None and i["actor_role"] == "brand_admin" for i in page["items"])
    assert page["items"][0]["changes"]["target_days"][1] == 7  # newest first: old → new
    more = client.get(
        f"/api/v1/audit?entity=sla_policy&before_id={page['next_before_id']}",
        headers=mine_only,
    ).json()
    assert len(more["items"]) == 1 and more["next_before_id"] is None  # not the other brand's

    everything = client.get("/api/v1/audit?entity=sla_policy", headers=bearer(session, admin, now))
    assert len(everything.json()["items"]) == 4
    assert {i["actor_id"] for i in everything.json()["items"]} == {brand_admin.id, admin.id}

    assert_problem(client.get("/api/v1/audit", headers=bearer(session, owner, now)), 403)
