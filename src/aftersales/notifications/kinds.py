"""Message kinds: each area registers its own, with typed props and words per audience.

This layer knows no area's wording. A kind is a name, a pydantic model of the facts its words
need (its props), one writer per audience that may read it, and what its webhooks carry.
Queueing checks the props against the model in the change's transaction, so a missing or
wrong fact fails the change there instead of reaching a person as a blank or a zero price.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

if TYPE_CHECKING:
    from aftersales.notifications.links import Links
    from aftersales.notifications.render import Tongue

# owner: news of what they own (their news settings apply); shop, staff: work news; account:
# the account itself (an invitation, a reset), sent whatever the news settings say.
Audience = Literal["owner", "shop", "staff", "account"]
AUDIENCES: tuple[Audience, ...] = ("owner", "shop", "staff", "account")
# Keys the outbox stores next to the props (who reads the message, the drafts folded into it,
# the brand's look); no props field may use them.
RESERVED = frozenset({"audience", "name", "account_id", "folded", "look"})


class MessageRefused(ValueError):
    """A message that does not fit its kind: unknown kind, wrong props, audience or channel."""


class UnknownKind(MessageRefused, LookupError):
    """No area registered a kind of this name (in this process)."""


class Props(BaseModel):
    """Base of every kind's props: complete (no unknown keys), frozen, stored as JSON."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Image:
    """A picture shown inside an e-mail (PNG), named for its place, with its words for readers
    who do not see it; the channel attaches it to the HTML part and it is cited by `cid`."""

    name: str  # letters, digits and dashes: unique within the message
    png: bytes
    alt: str

    @property
    def cid(self) -> str:
        """Return the Content-ID the HTML cites (without angle brackets)."""
        return f"{self.name}@aftersales"


@dataclass(frozen=True)
class Words:
    """What a kind says to one recipient: the e-mail, the SMS line, and why they hear of it.

    The e-mail's text and HTML are made from `paragraphs` (every value escaped); the outbox
    adds the greeting, the `why` line and, for owners, how to choose or stop messages.
    """

    subject: str
    paragraphs: list[str]
    link: str
    sms: str = ""
    why: str = ""  # a catalogue message's key, translated when the message is composed
    # Pictures shown after the paragraphs (e-mail only), e.g. charts drawn when it is sent.
    images: tuple[Image, ...] = ()


Writer = Callable[[Any, "Tongue", "Links"], Words]


def _all_props(props: Props) -> dict[str, Any]:
    return props.model_dump(mode="json")


@dataclass(frozen=True)
class Kind:
    """One kind of message: its props, its writer per audience, and its webhook payload."""

    name: str
    props: type[Props]
    writers: Mapping[Audience, Writer]
    # Audiences that may get it as an SMS too (the writer's `sms` line); others e-mail only.
    sms: frozenset[Audience] = frozenset()
    # Props left out of webhook payloads (people's details: endpoints get facts, not names).
    private: frozenset[str] = frozenset()
    payload: Callable[[Props], dict[str, Any]] = field(default=_all_props)

    def check(self, props: Props | Mapping[str, Any]) -> Props:
        """Return the props validated against this kind's model, or raise MessageRefused."""
        data = props.model_dump(mode="json") if isinstance(props, BaseModel) else dict(props)
        try:
            return self.props.model_validate(data)
        except ValidationError as exc:
            wrong = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or '(props)'}: {e['msg']}"
                for e in exc.errors()
            )
            raise MessageRefused(f"message {self.name!r} has wrong props: {wrong}") from None

    def writer(self, audience: str | None, channel: str) -> Writer:
        """Return the writer for an audience on a channel, or raise MessageRefused."""
        writer = self.writers.get(audience)  # type: ignore[call-overload]
        if writer is None:
            raise MessageRefused(f"message {self.name!r} has no words for audience {audience!r}")
        if channel == "sms" and audience not in self.sms:
            raise MessageRefused(f"message {self.name!r} is not sent by SMS to {audience!r}")
        if channel not in ("email", "sms"):
            raise MessageRefused(f"message {self.name!r}: unknown channel {channel!r}")
        return writer

    def webhook(self, props: Props) -> dict[str, Any]:
        """Return the `data` of the webhook body: the payload without private props."""
        return {k: v for k, v in self.payload(props).items() if k not in self.private}


class Registry:
    """The kinds the areas registered, by name."""

    def __init__(self) -> None:
        self._kinds: dict[str, Kind] = {}

    def register(self, kind: Kind) -> Kind:
        """Add a kind; a second, different kind of the same name is a programming error."""
        clash = RESERVED & set(kind.props.model_fields)
        if clash:
            raise ValueError(f"kind {kind.name!r}: props may not be named {sorted(clash)}")
        unknown = set(kind.writers) - set(AUDIENCES)
        if unknown or not kind.sms <= set(kind.writers):
            raise ValueError(f"kind {kind.name!r}: unknown or unwritten audiences")
        old = self._kinds.get(kind.name)
        if old is not None and old != kind:
            raise ValueError(f"kind {kind.name!r} is registered twice")
        self._kinds[kind.name] = kind
        return kind

    def get(self, name: str) -> Kind:
        """Return the kind of this name, or raise UnknownKind."""
        try:
            return self._kinds[name]
        except KeyError:
            raise UnknownKind(f"no area registered a message kind {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[Kind]:
        return iter(list(self._kinds.values()))


KINDS = Registry()


def register(kind: Kind) -> Kind:
    """Register a kind with the process's registry (areas call this when imported)."""
    return KINDS.register(kind)
