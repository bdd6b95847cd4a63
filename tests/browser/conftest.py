"""Browser tests: a real server on demo data, driven through Debian's Chromium.

The server is `uvicorn aftersales.web.asgi:app` in a subprocess, on a database of its own
(SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL) loaded with
`aftersales demo`. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import fresh_database

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
BIN = Path(sys.executable).parent


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; CI requires them")
    pytest.skip(message + ": skipping them here")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Serve the demo data on a free port; return its base URL and database URL."""
    _need_chromium()
    folder = tmp_path_factory.mktemp("browser")
    with fresh_database(folder, "browser") as url:
        env = {**os.environ, "AFTERSALES_DATABASE_URL": url, "AFTERSALES_ENV": "development"}
        subprocess.run([BIN / "aftersales", "demo"], env=env, check=True, capture_output=True)
        port = _free_port()
        log = (folder / "server.log").open("w")
        server = subprocess.Popen(
            [
                BIN / "uvicorn",
                "aftersales.web.asgi:app",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for(base + "/healthz", server)
            yield {"base": base, "database_url": url}
        finally:
            server.terminate()
            server.wait(timeout=20)
            log.close()


def _wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped with code {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in 30 s")


@pytest.fixture(scope="session")
def browser(demo_server: dict[str, str]) -> Iterator[object]:
    """Launch headless Chromium once for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def open_page(browser, demo_server, request) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """Open pages in fresh browser contexts (a language and a screen width each)."""
    contexts = []

    def _open(locale: str = "it-IT", width: int = 1280) -> object:
        ctx = browser.new_context(
            base_url=demo_server["base"],
            locale=locale,
            viewport={"width": width, "height": 900},
        )
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield _open
    for ctx in contexts:
        ctx.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Keep a full-page screenshot as a test artifact."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"), full_page=True
    )


def sign_in(page, email: str, password: str = "demo1234") -> None:  # type: ignore[no-untyped-def]
    """Sign in through the form, by clicks."""
    page.goto("/login")
    page.get_by_label(re.compile("e-mail", re.I)).fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    """Sign out with the header's button."""
    page.locator("form.logout button").click()
    page.wait_for_url(re.compile(r".*/track"))
