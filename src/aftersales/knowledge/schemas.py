"""The knowledge base as the API reads and writes it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["en", "it", "vi"]
Kind = Literal["article", "known_issue"]
Move = Literal["submit", "return", "publish", "retire", "reopen"]


class ArticleIn(BaseModel):
    """An article's words and scope, as brand staff write them."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=200)
    body: str = Field("", max_length=20_000, description="Markdown; shown as safe HTML")
    language: Language = "en"
    model_id: int | None = Field(None, description="None: every model of the brand")
    fault_category: str | None = Field(None, max_length=20)
    kind: Kind = "article"
    remedy: str | None = Field(
        None, max_length=200, description="known issues: e.g. free replacement"
    )
    since: date | None = None
    until: date | None = None
    key: str | None = Field(None, max_length=80, description="a stable name shared by translations")


class ArticleCreate(ArticleIn):
    """A new draft, perhaps the translation of another article."""

    translation_of: int | None = Field(None, description="an article of the same brand")


class ArticleUpdate(ArticleIn):
    """New words for an article, with the version read (409 if someone changed it since)."""

    version: int


class MoveIn(BaseModel):
    """One move of the review table."""

    model_config = ConfigDict(extra="forbid")
    action: Move
    version: int | None = None


class ArticleRead(BaseModel):
    """An article as its brand's staff read it (the public reads published ones)."""

    id: int
    brand_id: int
    model_id: int | None
    fault_category: str | None
    language: str
    group_id: int | None
    kind: str
    key: str | None
    title: str
    body: str
    body_html: str
    remedy: str | None
    since: date | None
    until: date | None
    status: str
    published_at: datetime | None
    updated_at: datetime
    helpful_yes: int
    helpful_no: int
    version: int
    translations: dict[str, int] = Field(description="language: article id, published or not")


class ArticlePage(BaseModel):
    """A page of a brand's articles."""

    items: list[ArticleRead]
    total: int
    total_capped: bool
