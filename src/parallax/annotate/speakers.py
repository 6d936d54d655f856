"""Who said it: cue words, their subjects, and the actor a subject refers to.

A speaker is found in the parse (the subject of a cue verb such as "said", the object of
"according to"), then named: a name becomes its actor's canonical name, "he"/"she"
becomes the nearest fitting person named as a speaker before, and a role noun ("the
Russian leader") becomes the person whose descriptors or nationality fit it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .actors import ActorDraft, ActorIndex
from .roles import ROLE_NOUNS, noun_phrase

#: Verbs that introduce a quotation (direct or reported), as base forms.
SPEECH_BASES = """say tell add insist vow warn write state declare explain note argue ask continue
    reply respond answer recall claim admit acknowledge announce tweet post comment remark observe
    conclude joke quip complain promise pledge urge predict concede contend maintain assert
    emphasize emphasise stress suggest testify shout yell exclaim whisper boast brag repeat
    reiterate agree wonder muse counter retort charge allege confirm deny report reveal describe
    call blast slam praise thank read mention recount elaborate sing chant scream cry
    express demand plead beg caution advise admonish lament proclaim hail scoff snap sneer
    quote opine summarize summarise""".split()

#: Further verbs of reported speech and thought, for indirect quotes only.
REPORTING_BASES = """believe think know learn estimate indicate show find feel hope expect worry
    fear predict suspect conclude recommend propose acknowledge""".split()

_IRREGULAR = {
    "say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "read": ("read",),
    "think": ("thought",), "know": ("knew", "known"), "find": ("found",), "feel": ("felt",),
    "begin": ("began", "begun"), "go": ("went", "gone"), "sing": ("sang", "sung"),
    "show": ("shown",), "learn": ("learnt",), "quip": ("quipped", "quipping"),
}


def _verb_forms(bases: list[str]) -> frozenset[str]:
    """Every inflected form of each base verb (regular rules plus a few irregular verbs)."""
    forms: set[str] = set()
    for base in bases:
        stem = base[:-1] if base.endswith("e") else base
        if base.endswith("y") and base[-2] not in "aeiou":
            third, past = base[:-1] + "ies", base[:-1] + "ied"
        else:
            third = base + ("es" if base.endswith(("s", "sh", "ch", "x", "o")) else "s")
            past = stem + "ed"
        if len(base) <= 4 and base[-1] in "tp" and base[-2] in "aeiou" and base[-3] not in "aeiou":
            past = base + base[-1] + "ed"  # quip -> quipped, snap -> snapped
        forms.update({base, third, past, stem + "ing", *_IRREGULAR.get(base, ())})
        if len(base) <= 4 and base[-1] in "tp" and base[-2] in "aeiou" and base[-3] not in "aeiou":
            forms.add(base + base[-1] + "ing")
    return frozenset(forms)


SPEECH_VERBS = _verb_forms(SPEECH_BASES)
REPORTING_VERBS = SPEECH_VERBS | _verb_forms(REPORTING_BASES)

PRONOUNS = {"he": "he", "him": "he", "she": "she", "her": "she", "they": "they", "it": "it", "we": "they"}

@dataclass
class Speaker:
    """A speaker as the text names it, and the name parallax gives it."""

    name: str | None
    start: int
    end: int
    actor: ActorDraft | None = None


def subject_of(cue: Any, inside_quote: Any) -> Any:
    """The token that says the words introduced by ``cue`` (its subject), or None.

    Walks up from participles and coordinated verbs ("before adding that ...") to the
    verb that has a subject; "according to X" gives X; a passive "by X" gives X.
    """
    token = cue
    for _ in range(4):
        for child in token.children:
            subject_deps = ("nsubj",) if token is cue else ("nsubj", "nsubjpass")
            if child.dep_ in subject_deps and not inside_quote(child):
                return child
        for child in token.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and not inside_quote(objects[0]):
                    return objects[0]
        if token.dep_ in ("conj", "advcl", "xcomp", "pcomp", "prep", "acl", "relcl") and token.head is not token:
            token = token.head
            continue
        break
    return None


def according_to_object(token: Any) -> Any:
    """X in "according to X", when ``token`` is "according"."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
    return None


class SpeakerNamer:
    """Turns speaker tokens into names, remembering who spoke last (for "he said")."""

    def __init__(self, doc: Any, actors: ActorIndex) -> None:
        self.doc = doc
        self.actors = actors
        self.recent: list[ActorDraft] = []  # named speakers, most recent last

    def name(self, token: Any) -> Speaker:
        """The speaker that ``token`` (a subject) stands for."""
        draft = self._actor_of(token)
        if draft is not None:
            self._remember(draft)
            return self._speaker(token, draft)
        lower = token.lower_
        if lower in PRONOUNS and token.pos_ == "PRON":
            draft = self._pronoun_actor(PRONOUNS[lower], token.idx)
            return self._speaker(token, draft, keep_text=draft is None)
        if lower in ROLE_NOUNS and token.tag_ in ("NN", "NNP") and _is_definite(token):
            draft = self.role_actor(token)
            if draft is not None:
                draft.add_descriptor(noun_phrase(token, with_article=True))
                self._remember(draft)
                return self._speaker(token, draft)
        return self._speaker(token, None)

    def _speaker(self, token: Any, draft: ActorDraft | None, keep_text: bool = True) -> Speaker:
        phrase_start = token.left_edge.i if token.pos_ in ("NOUN", "PROPN") else token.i
        start = self.doc[min(phrase_start, token.i)].idx
        end = token.idx + len(token.text)
        if draft is not None:
            return Speaker(draft.name, start, end, draft)
        text = noun_phrase(token, with_article=True) if token.pos_ in ("NOUN", "PROPN", "NUM") else None
        if text and len(text.split()) > 8:
            text = token.text
        return Speaker(text if keep_text else None, start, end)

    def _actor_of(self, token: Any) -> ActorDraft | None:
        if token.i in self.actors.by_token:
            return self.actors.by_token[token.i]
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.actors.by_token:
                return self.actors.by_token[child.i]
        if token.dep_ == "appos" and token.head.i in self.actors.by_token:
            return self.actors.by_token[token.head.i]
        for child in token.children:  # "Trump campaign manager Kellyanne Conway" style compounds
            if child.dep_ == "compound" and child.i in self.actors.by_token:
                draft = self.actors.by_token[child.i]
                if draft.label == "PERSON" and token.pos_ == "PROPN":
                    return draft
        return None

    def _remember(self, draft: ActorDraft) -> None:
        if draft in self.recent:
            self.recent.remove(draft)
        self.recent.append(draft)

    def _pronoun_actor(self, pronoun: str, position: int) -> ActorDraft | None:
        if pronoun == "it":
            return None
        candidates = list(reversed(self.recent)) + self.actors.preceding_persons(position)
        for draft in candidates:
            if pronoun == "they" and draft.label == "PERSON":
                continue
            if pronoun != "they" and draft.label != "PERSON":
                continue
            if draft.pronoun not in (None, pronoun):
                continue
            draft.pronoun = pronoun
            return draft
        return None

    def role_actor(self, token: Any) -> ActorDraft | None:
        """The person a definite role noun ("the Russian leader") refers to, or None.

        Only with some evidence: the role word or its modifiers among the person's
        descriptors, or a nationality that fits (and no other person's that conflicts).
        """
        modifiers = {c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound")}
        nationality = {c.lower_ for c in token.lefts if c.ent_type_ == "NORP"}
        best, best_score = None, 0.0
        for rank, draft in enumerate(self.actors.preceding_persons(token.idx)):
            words = " ".join(draft.descriptors + draft.roles).lower().split()
            evidence = (token.lower_ in words) * 2 + sum(1 for m in modifiers if m in words)
            known = {w for w in words if w in _nationality_words(self.doc)}
            if nationality and known and not nationality <= known:
                continue
            if not evidence and not nationality:
                continue
            score = evidence + 1.0 / (rank + 1)
            if score > best_score:
                best, best_score = draft, score
        return best

    def labelled(self, label: str, start: int, end: int) -> Speaker:
        """The speaker of a transcript line ("PENCE: ..."): the actor of that name if any."""
        words = {w.lower() for w in label.replace(".", " ").split()}
        for draft in self.actors.drafts:
            if words & draft.tokens:
                return Speaker(draft.name, start, end, draft)
        return Speaker(label.title(), start, end)


def _is_definite(token: Any) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.lefts)


def _nationality_words(doc: Any) -> set[str]:
    """Lower-cased words of the Doc's NORP entities ("north", "korean", "russian")."""
    cached = doc.user_data.get("parallax_norp")
    if cached is None:
        cached = {t.lower_ for e in doc.ents if e.label_ == "NORP" for t in e}
        doc.user_data["parallax_norp"] = cached
    return cached
