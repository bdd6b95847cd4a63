"""The endpoint limit holds when many registrations for one shop arrive at the same moment."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from aftersales.config import Settings
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.notifications.models import WebhookEndpoint
from aftersales.web.app import create_app
from tests.conftest import fresh_database
from tests.factories import PASSWORD, make_account, make_shop


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Serve the app with uvicorn in a thread on its own database; yield (base URL, db URL)."""
    with fresh_database(tmp_path, "hooks") as url:
        settings = Settings(env="test", database_url=url, secret_key="test-secret")
        app = create_app(settings)
        port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        srv = uvicorn.Server(config)
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not srv.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert srv.started
        try:
            yield f"http://127.0.0.1:{port}", url
        finally:
            srv.should_exit = True
            thread.join(10)
            app.state.engine.dispose()


def test_sixteen_concurrent_registrations_make_exactly_ten(server: tuple[str, str]):
    base, url = server
    engine = make_engine(url)
    with session_scope(make_sessionmaker(engine)) as s:
        shop = make_shop(s)
        staff = make_account(s, "shop_staff", shop_id=shop.id)
        shop_id, email = shop.id, staff.email
    with httpx.Client(base_url=base) as c:
        r = c.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        cookies = dict(c.cookies)
    start = threading.Barrier(16)
    codes: list[int] = []

    def register(i: int) -> None:
        with httpx.Client(base_url=base, cookies=cookies, timeout=60) as c:
            start.wait()
            r = c.post("/api/v1/webhooks", json={"url": f"http://127.0.0.1:9/{i}"})
            codes.append(r.status_code)

    threads = [threading.Thread(target=register, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert sorted(codes) == [201] * 10 + [409] * 6
    with session_scope(make_sessionmaker(engine)) as s:
        stored = s.scalar(
            select(func.count())
            .select_from(WebhookEndpoint)
            .where(WebhookEndpoint.shop_id == shop_id)
        )
    assert stored == 10
    engine.dispose()
