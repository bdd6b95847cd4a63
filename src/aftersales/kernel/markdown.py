"""People's Markdown as safe HTML: CommonMark with raw HTML off, then cleaned to a short list.

markdown-it-py writes the HTML (raw HTML in the text stays text, and it refuses
`javascript:`-like links); nh3 (ammonia) then keeps only the tags and attributes below, so
whatever the first step lets through, nothing runs, loads or restyles the page. Images are
not kept: a picture from elsewhere would tell its server who reads the page. Owners' posts
(`render`) get no headings or tables, so a post never outranks the page's own headings; the
brand's reviewed articles (`render_article`) may use both.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt

TAGS = frozenset(
    {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr"}
)
ARTICLE_TAGS = TAGS | {"h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


@cache
def _parser() -> MarkdownIt:
    """Return CommonMark with tables, raw HTML off (made once)."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _clean(text: str, tags: frozenset[str]) -> str:
    """Return the Markdown `text` as HTML keeping only `tags`."""
    return nh3.clean(
        _parser().render(text or ""),
        tags=set(tags),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items() if tag in tags},
        url_schemes=set(SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render(text: str) -> str:
    """Return an owner's Markdown `text` as HTML safe to put in a page as it is."""
    return _clean(text, TAGS)


def render_article(text: str) -> str:
    """Return an article's Markdown as safe HTML, with headings and tables."""
    return _clean(text, ARTICLE_TAGS)


def plain(text: str) -> str:
    """Return Markdown as plain words (no tags), for search and summaries."""
    return nh3.clean(_parser().render(text or ""), tags=set()).replace("&amp;", "&")
