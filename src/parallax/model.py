"""The objects that flow through parallax, one stage to the next.

Every type is a frozen dataclass with ``to_dict()`` / ``from_dict()`` that round-trip
through plain JSON types. Character offsets (``start``/``end``) always point into
``Article.body``.

>>> Span(0, 3, "PERSON", "Kim").to_dict()
{'start': 0, 'end': 3, 'label': 'PERSON', 'text': 'Kim'}
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T", bound="Record")


def _convert_in(tp: Any, value: Any) -> Any:
    """Turn a JSON value back into the annotated type ``tp``."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is type(None):
                continue
            return _convert_in(arg, value)
        return value
    if origin is tuple:
        inner = args[0] if args else Any
        return tuple(_convert_in(inner, v) for v in value)
    if origin is dict:
        key_t, val_t = args if args else (Any, Any)
        return {k: _convert_in(val_t, v) for k, v in value.items()}
    if isinstance(tp, type) and issubclass(tp, Record):
        return tp.from_dict(value)
    return value


def _convert_out(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_convert_out(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert_out(v) for k, v in value.items()}
    return value


@functools.cache
def _field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """(field name, resolved type) of a dataclass, computed once per class."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


class Record:
    """Base for the model types: JSON round-trip for frozen dataclasses."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _convert_out(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs = {}
        for name, hint in _field_hints(cls):
            if name in data:
                kwargs[name] = _convert_in(hint, data[name])
        return cls(**kwargs)

    def replace(self: T, **changes: Any) -> T:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class Page(Record):
    """One input page as read, before cleaning.

    Exactly one of ``text`` (visible page text, as select-all + copy gives it) and
    ``html`` is set. ``source`` is the path or URL it came from (with ``#n`` for the
    n-th record of a JSONL/WARC/feed file).
    """

    source: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    byline: str | None = None


@dataclass(frozen=True)
class Rejected(Record):
    """An input that could not become an article, and why."""

    source: str
    reason: str


# --------------------------------------------------------------------------- article


@dataclass(frozen=True)
class Span(Record):
    """A labelled stretch of ``Article.body``."""

    start: int
    end: int
    label: str = ""
    text: str = ""


@dataclass(frozen=True)
class Removed(Record):
    """A part of the page that is not the article, with its kind.

    Kinds: navigation, related, teaser, caption, share, legal, advertisement, byline,
    dateline, title, comment_form, comments, other_story, boilerplate, other.
    """

    kind: str
    text: str


@dataclass(frozen=True)
class Comment(Record):
    """One reader comment; ``parent`` is the id of the comment it replies to."""

    id: str
    text: str
    parent: str | None = None
    author: str | None = None
    offensive: float = 0.0
    depth: int = 0


@dataclass(frozen=True)
class Quote(Record):
    """A quotation in the body and who said it.

    ``kind`` is ``direct`` (inside quotation marks), ``indirect`` (reported speech),
    ``mixed`` or ``scare`` (scare quotes, no speaker).
    """

    text: str
    start: int
    end: int
    speaker: str | None = None
    kind: str = "direct"
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True)
class Actor(Record):
    """A person or organisation as one article refers to it.

    ``name`` is the canonical (longest proper) name; ``aliases`` are the other names
    used; ``descriptors`` the words the outlet uses for it ("North Korean dictator",
    "the Russian leader"); ``roles`` titles kept apart from the name.
    """

    name: str
    label: str = "PERSON"
    aliases: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Article(Record):
    """A cleaned page: the outlet's own reporting and what was removed around it."""

    id: str
    source: str
    body: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    language: str | None = None
    removed: tuple[Removed, ...] = ()
    comments: tuple[Comment, ...] = ()
    # filled by annotate/
    sentences: tuple[Span, ...] = ()
    entities: tuple[Span, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actors: tuple[Actor, ...] = ()
    tone: float | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]


# --------------------------------------------------------------------------- story


@dataclass(frozen=True)
class Statement(Record):
    """One outlet's wording of a fact: a sentence (or clause) of one article."""

    article: str
    text: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Fact(Record):
    """One fact as each outlet states it.

    ``disagreement`` says what differs (numbers, dates, actors) when the outlets state
    the same fact differently; it is empty when they agree. ``strength`` is how closely
    the statements agree (the mean similarity score of every two of them; None for a fact
    one article states), and ``loose`` says that it is below the threshold at which two
    statements are taken to state the same fact: the fact was joined from weaker matches
    backed by a shared name, date or number, and its statements deserve a reading before
    it is cited.
    """

    statements: tuple[Statement, ...]
    outlets: tuple[str, ...] = ()
    disagreement: str | None = None
    strength: float | None = None
    loose: bool = False


@dataclass(frozen=True)
class Omission(Record):
    """A fact most other outlets report that this article leaves out."""

    article: str
    outlet: str | None
    fact: int  # index into Comparison.facts


@dataclass(frozen=True)
class QuoteVariant(Record):
    article: str
    text: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class QuoteMatch(Record):
    """The same statement of one speaker as rendered by different outlets."""

    speaker: str | None
    quotes: tuple[QuoteVariant, ...]
    similarity: float = 0.0


@dataclass(frozen=True)
class Label(Record):
    """How each article names one actor of the story."""

    entity: str
    by_article: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Loaded(Record):
    """A loaded or judgemental word or phrase in one article."""

    article: str
    text: str
    start: int = 0
    end: int = 0
    score: float = 0.0


@dataclass(frozen=True)
class Comparison(Record):
    """What the outlets of one story share and where they differ."""

    facts: tuple[Fact, ...] = ()
    omissions: tuple[Omission, ...] = ()
    quote_matches: tuple[QuoteMatch, ...] = ()
    labels: tuple[Label, ...] = ()
    loaded: tuple[Loaded, ...] = ()
    tone: dict[str, float] = field(default_factory=dict)  # article id -> tone in [-1, 1]
    # actor (canonical name) -> article id -> tone of the sentences that mention it
    actor_tone: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Story(Record):
    """Articles that report the same event.

    ``duplicates`` are groups of near-identical copies (syndication); ``timeline``
    lists the article ids in publication order.
    """

    id: str
    articles: tuple[str, ...]
    duplicates: tuple[tuple[str, ...], ...] = ()
    title: str | None = None
    timeline: tuple[str, ...] = ()
    comparison: Comparison = field(default_factory=Comparison)


@dataclass(frozen=True)
class Result(Record):
    """Everything ``parallax.analyze`` found; ``to_json_dict()`` is the CLI's JSON."""

    articles: tuple[Article, ...] = ()
    stories: tuple[Story, ...] = ()
    rejected: tuple[Rejected, ...] = ()

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON document of the ``analyze`` command (see README, "JSON fields")."""
        stories = []
        for s in self.stories:
            d = s.to_dict()
            comp = d.pop("comparison")
            d.update(comp)
            stories.append(d)
        return {
            "articles": [a.to_dict() for a in self.articles],
            "stories": stories,
            "rejected": [r.to_dict() for r in self.rejected],
        }

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> Result:
        comp_fields = {f.name for f in dataclasses.fields(Comparison)}
        stories = []
        for d in data.get("stories", []):
            d = dict(d)
            comp = {k: d.pop(k) for k in list(d) if k in comp_fields}
            d["comparison"] = comp
            stories.append(Story.from_dict(d))
        return cls(
            articles=tuple(Article.from_dict(a) for a in data.get("articles", [])),
            stories=tuple(stories),
            rejected=tuple(Rejected.from_dict(r) for r in data.get("rejected", [])),
        )


def make_article_id(page: Page) -> str:
    """A stable id for the article made from ``page``: same source and content, same id."""
    import hashlib

    h = hashlib.sha1()
    for part in (page.source, page.url or "", page.text or "", page.html or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return "a-" + h.hexdigest()[:12]
