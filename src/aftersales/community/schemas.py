"""The community API's bodies and answers (pydantic)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from aftersales.kernel.text import LONG


class QuestionCreate(BaseModel):
    """A question to ask: a model, a fault category, a title and the body (Markdown)."""

    model_id: int
    fault_category: str = Field(examples=["battery"])
    title: str = Field(max_length=300, examples=["Battery drains overnight"])
    body: str = Field(max_length=LONG + 100, description="Markdown (CommonMark), no HTML.")
    language: str | None = Field(None, description="it, en or vi; the account's if not given.")


class AnswerCreate(BaseModel):
    """An answer (Markdown)."""

    body: str = Field(max_length=LONG + 100)


class AcceptBody(BaseModel):
    """The answer to accept as the solution, and the question's version as last read."""

    answer_id: int
    version: int | None = None


class ReportCreate(BaseModel):
    """Why a question (or one of its answers) is reported."""

    reason: str = Field(examples=["spam"], description="spam, rude, personal_data, wrong, other")
    answer_id: int | None = None
    note: str = Field("", max_length=600)


class ModerationBody(BaseModel):
    """A moderator's action on a question or one of its answers."""

    action: str = Field(examples=["hide"], description="hide, unhide, lock, unlock")
    reason: str = Field("", max_length=400, description="Needed to hide.")
    answer_id: int | None = None
    version: int | None = None


class AuthorRead(BaseModel):
    """An author as everyone reads them: a pseudonym for owners, a first name for engineers."""

    name: str
    engineer: bool = Field(description="The engineer badge: the maker's staff.")


class QuestionRead(BaseModel):
    """A question in a list or at the top of its thread."""

    id: int
    brand_id: int
    brand: str
    model_id: int
    model: str
    fault_category: str
    language: str
    title: str
    author: AuthorRead
    status: str = Field(description="open, answered or solved")
    locked: bool
    hidden: bool = Field(description="Only moderators read hidden questions.")
    hidden_reason: str | None
    accepted_answer_id: int | None
    answers_count: int
    votes: int
    views: int
    created_at: datetime
    last_activity_at: datetime
    version: int
    url: str


class QuestionDetail(QuestionRead):
    """A question with its body as Markdown and as safe HTML."""

    body: str
    body_html: str


class AnswerRead(BaseModel):
    """An answer in a thread."""

    id: int
    author: AuthorRead
    body: str
    body_html: str
    score: int
    accepted: bool
    hidden: bool
    hidden_reason: str | None
    voted: bool = Field(description="The caller voted for it.")
    created_at: datetime


class ThreadRead(BaseModel):
    """A question and its answers, the accepted one first."""

    question: QuestionDetail
    answers: list[AnswerRead]


class QuestionPage(BaseModel):
    """A page of questions, newest first."""

    items: list[QuestionRead]
    total: int = Field(description="At most 10,000: past that the list says more.")


class VoteRead(BaseModel):
    """Whether this call added a vote, and the answer's score."""

    voted: bool
    score: int


class ReportRead(BaseModel):
    """A report as moderators read it (the reporter is not named)."""

    id: int
    question_id: int
    question_title: str
    answer_id: int | None
    reason: str
    note: str | None
    created_at: datetime
    resolved_at: datetime | None


class FiguresRead(BaseModel):
    """The figures of one model and fault category, or of the brand (model null)."""

    model_id: int | None
    model: str | None
    fault_category: str | None
    asked: int
    answered: int
    solved: int
    staff_answered: int
    staff_share: float | None = Field(description="Share of questions an engineer answered.")
    median_staff_hours: float | None = Field(
        description="Median working hours to the first engineer's answer (9-17 on working "
        "days of the asker's country)."
    )
    waiting: int = Field(description="Questions still waiting for an engineer.")
    views: int
    votes: int


class BrandFiguresRead(BaseModel):
    """A brand's community figures since a day, and its most read and voted questions."""

    brand_id: int
    since: datetime
    total: FiguresRead
    groups: list[FiguresRead]
    most_viewed: list[QuestionRead]
    most_voted: list[QuestionRead]
