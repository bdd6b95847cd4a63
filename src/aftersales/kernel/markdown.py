"""People's Markdown as safe HTML: CommonMark with raw HTML off, then cleaned to a short list.

markdown-it-py writes the HTML (raw HTML in the text stays text, and it refuses
`javascript:`-like links); nh3 (ammonia) then keeps only the tags and attributes below, so
whatever the first step lets through, nothing runs, loads or restyles the page. Images are
not kept: a picture from elsewhere would tell its server who reads the page.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt

TAGS = frozenset(
    {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr"}
)
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def render(text: str) -> str:
    """Return the Markdown `text` as HTML safe to put in a page as it is."""
    html = _parser().render(text or "")
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
