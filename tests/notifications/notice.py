"""A message kind of the tests' own: the outbox and rendering, tested with no area's words."""

from __future__ import annotations

from pydantic import Field

from aftersales.notifications.kinds import Kind, Props, Words, register
from aftersales.notifications.links import Links
from aftersales.notifications.render import Tongue


class Notice(Props):
    """A made-up fact: some text and a count above zero."""

    text: str = Field(min_length=1)
    count: int = Field(gt=0)
    secret: str | None = None


def _write(audience: str):  # type: ignore[no-untyped-def]
    def write(p: Notice, t: Tongue, links: Links) -> Words:
        return Words(
            f"{audience}: {p.text}",
            [f"{p.text} x{p.count}"],
            links.page(f"notices/{p.text}"),
            sms=f"{p.text}!",
            why=f"why {audience}",
        )

    return write


NOTICE = register(
    Kind(
        "test_notice",
        Notice,
        {"owner": _write("owner"), "shop": _write("shop")},
        sms=frozenset({"owner"}),
        private=frozenset({"secret"}),
    )
)
PROPS = {"text": "hello", "count": 2}
