"""Notifications know no area: no import of one, no word of one; the areas register kinds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import aftersales.notifications

FOLDER = Path(aftersales.notifications.__file__).parent
# Words of the repair area: wording about them belongs to `repairs.messages`.
REPAIR_WORDS = re.compile(
    r"\b(repairs?|quotes?|pickup|phones?|technicians?|warranty|imei|tracking|centres?)\b",
    re.IGNORECASE,
)


def test_notifications_contain_no_repair_words():
    found = [
        f"{path.relative_to(FOLDER)}:{n}: {line.strip()}"
        for path in sorted(FOLDER.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if REPAIR_WORDS.search(line.replace("import quote as", ""))  # urllib's, not a price
    ]
    assert found == []


def test_notifications_import_no_area_above_them():
    modules = [
        f"aftersales.notifications.{p.stem}" for p in FOLDER.glob("*.py") if p.stem != "__init__"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "import aftersales.notifications.channels.email, aftersales.notifications.channels.sms\n"
        "print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('aftersales.')}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    areas = set(eval(out))  # a list of names printed by the child
    # http and idempotency: the layers of requests, below every area (its routes and pages)
    below = {"notifications", "accounts", "catalog", "audit", "http", "idempotency", "db"}
    below |= {"kernel", "config"}
    assert areas <= below, areas
    assert "repairs" not in areas


def test_the_worker_process_knows_every_repair_kind():
    code = (
        "import aftersales.worker.loop\n"
        "from aftersales.notifications.kinds import KINDS\n"
        "print(sorted(k.name for k in KINDS))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert set(eval(out)) >= {"status_changed", "quote_waiting", "ready", "sla_breached"}


def test_the_worker_process_knows_the_stock_alert():
    # Queued by whatever moves stock (a page, the API), sent by the worker: it must know it.
    code = (
        "import aftersales.worker.loop\n"
        "from aftersales.notifications.kinds import KINDS\n"
        "print('low_stock' in KINDS)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "True"
