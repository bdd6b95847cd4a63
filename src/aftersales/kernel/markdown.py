"""People's Markdown as safe HTML: CommonMark (markdown-it-py) cleaned by nh3 (ammonia).

Raw HTML in the text is not rendered (`html` off) and whatever the renderer makes is cleaned
again to a short list of tags, so a script, a style or an event attribute never reaches a page.
Links open as plain links with `rel="noopener noreferrer nofollow"`.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """Return CommonMark with tables, raw HTML off (made once)."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(text: str) -> str:
    """Return Markdown as HTML that is safe to put in a page as it is."""
    html = _parser().render(text or "")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def plain(text: str) -> str:
    """Return Markdown as plain words (no tags), for search and summaries."""
    return nh3.clean(_parser().render(text or ""), tags=set()).replace("&amp;", "&")
