"""Actors: the people and organisations one article names, each gathered under one name.

"Kim Jong Un", "Kim" and "North Korean dictator Kim Jong Un" become one actor named
"Kim Jong Un" with the alias "Kim" and the descriptor "North Korean dictator"; titles are
kept apart from names ("Air Force Brig. General Pat Ryder" -> "Pat Ryder", role
"Air Force Brig. General"). :func:`link_actors` then links actors across the articles of a
story by name.

>>> from parallax.annotate.nlp import load_nlp        # doctest: +SKIP
>>> [a.name for a in find_actors(load_nlp()("Kim Jong Un met Putin. Kim smiled."))]  # doctest: +SKIP
['Kim Jong Un', 'Putin']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Actor, Article, Span
from .genders import pronoun_for_given_name, pronoun_for_role
from .roles import TITLE_WORDS, descriptors_of, is_title, role_before

ACTOR_LABELS = ("PERSON", "ORG", "GPE")


@dataclass
class ActorDraft:
    """An actor while its mentions are gathered (mutable; frozen into :class:`Actor`)."""

    label: str
    names: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    pronoun: str | None = None  # "he"/"she" once the text has used one for it

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (len(n.split()), len(n), -self.names.index(n)))

    @property
    def tokens(self) -> set[str]:
        return {t.lower() for n in self.names for t in n.split()}

    def add_descriptor(self, text: str) -> None:
        if text and text not in self.descriptors:
            self.descriptors.append(text)

    def freeze(self) -> Actor:
        name = self.name
        aliases = tuple(dict.fromkeys(n for n in self.names if n != name))
        spans = tuple(Span(s, e, self.label, t) for s, e, t in sorted(set(self.mentions)))
        return Actor(
            name, self.label, aliases, tuple(self.descriptors), tuple(dict.fromkeys(self.roles)), spans
        )


@dataclass
class ActorIndex:
    """The actors of one Doc and which actor each entity token belongs to."""

    drafts: list[ActorDraft]
    by_token: dict[int, ActorDraft]
    subjects: list[tuple[int, ActorDraft]] = field(default_factory=list)  # persons as clause subjects
    topics: list[tuple[int, ActorDraft]] = field(default_factory=list)  # persons a sentence is about

    def add(self, draft: ActorDraft, tokens: range, position: int) -> None:
        """Register an actor found outside the entity recogniser (a speaker's name)."""
        self.drafts.append(draft)
        for i in tokens:
            self.by_token[i] = draft
        if draft.label == "PERSON":
            self.subjects.append((position, draft))
            self.subjects.sort(key=lambda s: s[0])

    def topic_before(self, position: int) -> list[tuple[int, ActorDraft]]:
        """(position, person) for each person that is a main-clause subject before ``position``."""
        return [(start, draft) for start, draft in self.topics if start < position]

    def recent_subjects(self, position: int) -> list[ActorDraft]:
        """Persons that were the subject of a clause before ``position``, latest first."""
        seen: list[ActorDraft] = []
        for start, draft in reversed(self.subjects):
            if start < position and draft not in seen:
                seen.append(draft)
        return seen

    def actors(self) -> list[Actor]:
        return [d.freeze() for d in self.drafts]

    def preceding_persons(self, position: int) -> list[ActorDraft]:
        """Person actors ordered by how close their last mention before ``position`` is."""
        last: dict[int, int] = {}
        for i, draft in enumerate(self.drafts):
            if draft.label != "PERSON":
                continue
            before = [s for s, _, _ in draft.mentions if s < position]
            if before:
                last[i] = max(before)
        return [self.drafts[i] for i in sorted(last, key=lambda i: -last[i])]


def find_actors(doc: Any) -> list[Actor]:
    """The actors of a parsed spaCy Doc, in order of first mention."""
    return index_actors(doc).actors()


def index_actors(doc: Any) -> ActorIndex:
    """Group the Doc's PERSON/ORG/GPE mentions into actors (see module doc)."""
    role_tokens: set[int] = set()
    mentions: list[tuple[Any, str, str]] = []  # (entity span, clean name, label)
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        name_span = _strip_name(ent)
        if name_span is None:
            continue
        mentions.append((ent, name_span.text, ent.label_))
        if ent.label_ == "PERSON":
            role = role_before(name_span)
            if role is not None:
                role_tokens.update(range(role.start, role.end))
    drafts: list[ActorDraft] = []
    by_token: dict[int, ActorDraft] = {}
    order = sorted(mentions, key=lambda m: (m[2] != "PERSON", -len(m[1].split()), m[0].start))
    for ent, name, label in order:
        if label != "PERSON" and all(i in role_tokens for i in range(ent.start, ent.end)):
            continue  # "Air Force" inside "Air Force Brig. General Pat Ryder"
        gender = _mention_gender(ent) if label == "PERSON" else None
        draft = _matching_draft(drafts, name, label, ent.start_char, gender)
        if draft is None:
            draft = ActorDraft(label)
            drafts.append(draft)
        draft.names.append(name)
        draft.mentions.append((ent.start_char, ent.end_char, ent.text))
        for i in range(ent.start, ent.end):
            by_token[i] = draft
        if label == "PERSON":
            _add_roles(draft, _strip_name(ent))
            _add_gender(draft, ent)
    drafts.sort(key=lambda d: min(s for s, _, _ in d.mentions))
    subjects = sorted(
        (ent.start_char, by_token[ent.root.i])
        for ent, _, label in mentions
        if label == "PERSON" and ent.root.dep_ in ("nsubj", "nsubjpass") and ent.root.i in by_token
    )
    topics = sorted(
        (ent.start_char, by_token[ent.root.i])
        for ent, _, label in mentions
        if label == "PERSON" and ent.root.i in by_token and _is_topic(ent.root)
    )
    return ActorIndex(drafts, by_token, subjects, topics)


def _is_topic(token: Any) -> bool:
    """The subject of a sentence's main clause ("Mr. Clarke hopes ..."), not of a clause
    inside it ("..., who has not been charged")."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


_TITLE_GENDER = {
    "mr.": "he",
    "mr": "he",
    "mrs.": "she",
    "mrs": "she",
    "ms.": "she",
    "ms": "she",
    "miss": "she",
}


def _add_gender(draft: ActorDraft, ent: Any) -> None:
    """ "Mr. Trump" is "he", "Ms. Lynch" is "she" (later pronouns must agree); without a
    title, a common given name ("Kevin Ellis") or a gendered role ("the congresswoman")."""
    if draft.pronoun is None:
        draft.pronoun = _mention_gender(ent) or pronoun_for_role(
            " ".join(draft.roles + draft.descriptors).split()
        )
    if draft.pronoun is None and all(len(n.split()) == 1 for n in draft.names):
        # someone the text only ever calls by one name ("Melanie", "Kevin"): a given name
        draft.pronoun = pronoun_for_given_name(draft.names[0])


def _mention_gender(ent: Any) -> str | None:
    """The pronoun one mention's title or given name calls for ("Mrs. Clinton", "Bill
    Clinton"), or None."""
    doc = ent.doc
    for i in (ent.start, ent.start - 1):
        if 0 <= i < len(doc) and doc[i].lower_ in _TITLE_GENDER:
            return _TITLE_GENDER[doc[i].lower_]
    name = _strip_name(ent)
    if name is not None and len(name) >= 2 and name[0].is_title:
        return pronoun_for_given_name(name[0].text)
    return None


def _strip_name(ent: Any) -> Any:
    """The entity without leading titles/articles and trailing possessive marks."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or is_title(doc[start])):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if start >= end or not any(t.is_alpha for t in doc[start:end]):
        return None
    return doc[start:end]


def _add_roles(draft: ActorDraft, name_span: Any) -> None:
    role = role_before(name_span)
    if role is not None:
        text = role.text
        if any(t.is_lower and t.lower_ not in TITLE_WORDS for t in role):
            draft.add_descriptor(text)
        else:
            draft.roles.append(text)
    for text in descriptors_of(name_span):
        draft.add_descriptor(text)


def _matching_draft(
    drafts: list[ActorDraft], name: str, label: str, position: int, gender: str | None = None
) -> ActorDraft | None:
    """The actor this name refers to: same name, or a part of a longer name ("Kim"), of the
    same sex when the mention's title says it ("Mrs. Clinton" is not Bill Clinton)."""
    words = {w.lower() for w in name.split()}
    candidates = []
    for draft in drafts:
        if gender is not None and draft.label == "PERSON" and _gender_of(draft) not in (None, gender):
            continue
        if name in draft.names:
            return draft
        compatible = draft.label == label or (draft.label == "PERSON" and len(words) == 1)
        if compatible and words <= draft.tokens:
            candidates.append(draft)
    if not candidates:
        return None
    # several people share a surname: take the one mentioned closest to this mention
    return min(candidates, key=lambda d: min(abs(s - position) for s, _, _ in d.mentions))


def _gender_of(draft: ActorDraft) -> str | None:
    """The pronoun a draft's names call for so far (its first given name that tells)."""
    if draft.pronoun is not None:
        return draft.pronoun
    for name in draft.names:
        parts = name.split()
        pronoun = pronoun_for_given_name(parts[0]) if len(parts) >= 2 else None
        if pronoun:
            return pronoun
    return None


# --------------------------------------------------------------------------- across articles


def link_actors(articles: Sequence[Article], *, threshold: float = 88.0) -> dict[str, dict[str, str]]:
    """Link the actors of several articles (one story) by name.

    Returns article id -> actor name in that article -> the name the story uses for that
    actor (the longest name among the linked ones). "Kim" in one article and "Kim Jong Un"
    in another link when one name's words are part of the other's, or when the names are
    close in spelling (rapidfuzz ratio >= ``threshold``, e.g. "Sergey"/"Sergei").

    >>> a = Article("a", "s", "", actors=(Actor("Kim Jong Un"),))
    >>> b = Article("b", "s", "", actors=(Actor("Kim"),))
    >>> link_actors([a, b])["b"]
    {'Kim': 'Kim Jong Un'}
    """
    from rapidfuzz import fuzz

    groups: list[list[tuple[str, Actor]]] = []
    keys: list[list[_NameKey]] = []
    entries = [(a.id, actor) for a in articles for actor in a.actors]
    entries.sort(key=lambda e: (-len(e[1].name.split()), -len(e[1].name)))
    for article_id, actor in entries:
        key = _NameKey.of(actor)
        best, best_score = -1, 0.0
        for g, members in enumerate(keys):
            for other in members:
                score = key.likeness(other, fuzz, better_than=best_score)
                if score > best_score:
                    best, best_score = g, score
                    if score >= 100.0:
                        break
            if best_score >= 100.0:
                break
        if best >= 0 and best_score >= threshold:
            groups[best].append((article_id, actor))
            keys[best].append(key)
        else:
            groups.append([(article_id, actor)])
            keys.append([key])
    links: dict[str, dict[str, str]] = {a.id: {} for a in articles}
    for group in groups:
        story_name = group[0][1].name
        for article_id, actor in group:
            links[article_id][actor.name] = story_name
    return links


@dataclass(frozen=True)
class _NameKey:
    """What :func:`link_actors` compares of an actor, computed once per actor."""

    person: bool
    names: frozenset[str]
    lowered: tuple[str, ...]
    words: frozenset[str]

    @classmethod
    def of(cls, actor: Actor) -> _NameKey:
        names = frozenset((actor.name, *actor.aliases))
        return cls(actor.label == "PERSON", names, tuple(sorted({n.lower() for n in names})),
                   frozenset(w.lower() for w in actor.name.split()))

    def likeness(self, other: _NameKey, fuzz: Any, *, better_than: float = 0.0) -> float:
        """100 for the same actor by name, lower the less alike (0 across person and
        organisation); a score not above ``better_than`` may be returned as 0."""
        if self.person != other.person:
            return 0.0
        if self.names & other.names or (self.words and other.words
                                        and (self.words <= other.words or other.words <= self.words)):
            return 100.0
        return max(fuzz.ratio(x, y, score_cutoff=better_than) for x in self.lowered for y in other.lowered)
