"""The demo's emerging defect: a Vsmart Joy 3 update found by the release and cluster detectors.

It reads the database the browser suite loaded with `aftersales demo` (no browser needed).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel
from aftersales.db import make_engine
from aftersales.defects.clusters import complaint_clusters
from aftersales.defects.releases import release_rises
from aftersales.kernel.clock import utcnow

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_demo_update_that_drains_batteries_is_found(demo_server: dict[str, str]) -> None:
    engine = make_engine(demo_server["database_url"])
    try:
        with Session(engine) as session:
            vsmart = session.scalars(select(Brand).where(Brand.slug == "vsmart")).one()
            joy = session.scalars(select(PhoneModel).where(PhoneModel.name == "Joy 3")).one()
            today = utcnow().date()
            rises = release_rises(session, vsmart.id, today)
            assert [(f.model_id, f.software_version, f.fault_category) for f in rises] == [
                (joy.id, "VOS 3.0.6", "battery")
            ]
            assert rises[0].observed == 12 and rises[0].low > 1
            clusters = complaint_clusters(session, vsmart.id, today)
            assert [(f.key, f.fault_category) for f in clusters] == [
                (f"cluster:{joy.id}:battery+drain+update", "battery")
            ]
            assert len(clusters[0].question_ids) >= 6
            assert set(rises[0].repair_ids) <= set(clusters[0].repair_ids)
    finally:
        engine.dispose()
