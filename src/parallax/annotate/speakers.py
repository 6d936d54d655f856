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
from .roles import ROLE_NOUNS, TITLE_WORDS, noun_phrase, words

#: Verbs that introduce a quotation (direct or reported), as base forms.
SPEECH_BASES = words("""say tell add insist vow warn write state declare explain note argue ask continue
    reply respond answer recall claim admit acknowledge announce tweet post comment remark observe
    conclude joke quip complain promise pledge urge predict concede contend maintain assert
    emphasize emphasise stress suggest testify shout yell exclaim whisper boast brag repeat
    reiterate agree wonder muse counter retort charge allege confirm deny report reveal describe
    call blast slam praise thank read mention recount elaborate sing chant scream cry
    express demand plead beg caution advise admonish lament proclaim hail scoff snap sneer
    quote opine summarize summarise attack criticize criticise condemn denounce mock lambaste
    dub label brand""")

#: Further verbs of reported speech and thought, for indirect quotes only.
REPORTING_BASES = words("""believe think know learn estimate indicate show find feel hope expect worry
    fear predict suspect conclude recommend propose acknowledge""")

_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "read": ("read",),
    "think": ("thought",),
    "know": ("knew", "known"),
    "find": ("found",),
    "feel": ("felt",),
    "begin": ("began", "begun"),
    "go": ("went", "gone"),
    "sing": ("sang", "sung"),
    "show": ("shown",),
    "learn": ("learnt",),
    "quip": ("quipped", "quipping"),
}


def _verb_forms(bases: list[str]) -> frozenset[str]:
    """Every inflected form of each base verb (regular rules plus a few irregular verbs)."""
    forms: set[str] = set()
    for base in bases:
        stem = base.removesuffix("e")
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
    before = cue.doc[cue.i - 1] if cue.i > 0 else None
    if cue.tag_ == "VBG" and before is not None and before.ent_type_ == "PERSON" and not inside_quote(before):
        return before  # "footage of Hillary Clinton asking, “...”"
    token = cue
    for _ in range(6):
        if token.i != cue.i and token.dep_ == "relcl" and _set_off_participle(cue):
            # "... an architect who said he was stiffed, saying, “...”": a participle set off
            # by a comma or "while" tells what the sentence's subject did, not the relative
            # clause's (the parser often hangs it on the nearer verb)
            root = token.sent.root
            if root.i != token.i and not inside_quote(root):
                token = root
                continue
        subject_deps = ("nsubj",) if token.i == cue.i else ("nsubj", "nsubjpass")
        subjects = [
            child
            for child in token.children
            if child.dep_ in subject_deps
            and not inside_quote(child)
            and not child.is_punct
            and _could_speak(child)
            and not (token.tag_ == "VBG" and child.i > token.i)  # "saying her foot was": no subject
        ]
        if subjects:
            return _antecedent(_main_subject(subjects, token))
        for child in token.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and not inside_quote(objects[0]):
                    return objects[0]
        if (
            token.dep_ in ("conj", "advcl", "xcomp", "pcomp", "prep", "acl", "relcl", "advmod")
            and token.head is not token
        ):
            token = token.head
            if inside_quote(token):
                break
            continue
        break
    return adjacent_subject(cue, inside_quote)


def _main_subject(subjects: list[Any], verb: Any) -> Any:
    """The subject of ``verb`` when the parser gave it several: the one nearest the verb
    ("His promises notwithstanding, analyses agree"), or the first of a list the parser
    broke up ("The family, protesters and civic leaders have been demanding")."""
    if len(subjects) == 1:
        return subjects[0]
    subjects = sorted(subjects, key=lambda c: c.i)
    before = [c for c in subjects if c.i < verb.i]
    k = len(before) - 1 if before else 0
    doc = verb.doc
    while k > 0:
        gap = doc[subjects[k - 1].right_edge.i + 1 : subjects[k].left_edge.i]
        if len(gap) > 2 or not all(t.text == "," or t.tag_ == "CC" for t in gap):
            break
        if not any(t.tag_ == "CC" for t in gap) and not subjects[k].conjuncts:
            break  # "His promises notwithstanding, analyses agree": no list
        k -= 1
    return subjects[k]


def _set_off_participle(cue: Any) -> bool:
    """A present participle after a comma or "while": "..., saying", "while chanting"."""
    if cue.tag_ != "VBG" or cue.i == 0:
        return False
    before = cue.doc[cue.i - 1]
    return before.text == "," or before.lower_ in ("while", "when")


def _antecedent(subject: Any) -> Any:
    """The noun a relative "who"/"that" stands for ("an architect who said" gives
    "architect"); any other subject as it is."""
    verb = subject.head
    if subject.lower_ not in ("who", "that") or verb.dep_ != "relcl":
        return subject
    if verb.head.pos_ not in ("NOUN", "PROPN"):
        return subject
    noun = verb.head
    if noun.dep_ == "appos" and noun.head.ent_type_ == "PERSON":
        noun = noun.head  # "McConnell, now the majority leader, who said": McConnell
    elif subject.lower_ == "who" and noun.ent_type_ != "PERSON" and noun.dep_ == "pobj":
        owner = noun.head.head  # "Democrats on Capitol Hill, who": the Democrats
        if noun.head.dep_ == "prep" and owner.pos_ in ("NOUN", "PROPN") and owner.i < noun.i:
            noun = owner
    # "A, B and C, who said": the name right before "who", not the first of the list
    listed = [c for c in noun.conjuncts if c.i < subject.i and c.pos_ == noun.pos_]
    return max([noun, *listed], key=lambda t: t.i)


_NOUNISH = ("NOUN", "PROPN", "PRON")
_NUMERIC = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")


def adjacent_subject(cue: Any, inside_quote: Any) -> Any:
    """The noun right next to a cue the parser did not link: "Chief Chuck Jordan said",
    "Tim Cook, called", "said Ellis"."""
    doc = cue.doc
    i, skipped = cue.i - 1, 0
    while cue.tag_ != "VBG" and i >= 0 and skipped < 3 and (doc[i].tag_ in ("RB", ",") or doc[i].text == ","):
        i, skipped = i - 1, skipped + 1
    if i >= 0 and _could_speak(doc[i]) and not inside_quote(doc[i]) and doc[i].tag_ != "POS":
        return _phrase_owner(doc[i])
    j = cue.i + 1  # "said Ellis" (no inversion after a participle: "saying her foot was ...")
    if cue.tag_ != "VBG" and j < len(doc) and doc[j].pos_ in ("DET", "ADJ", *_NOUNISH) and not inside_quote(doc[j]):
        while (
            j + 1 < len(doc) and doc[j + 1].pos_ in ("PROPN", "NOUN", "ADJ") and not inside_quote(doc[j + 1])
        ):
            j += 1
        if _could_speak(doc[j]):
            return doc[j]
    return None


def _phrase_owner(token: Any) -> Any:
    """The noun whose phrase ``token`` ends: "Marc H. Morial, the chief executive of the
    National Urban League, forcefully told" ends on "League" but Morial speaks."""
    owner = token
    for _ in range(8):
        head = owner.head
        if head is owner or head.i > owner.i:
            break
        if owner.dep_ == "pobj" and head.dep_ == "prep" and head.head.i < head.i:
            owner = head.head
        elif owner.dep_ == "appos" and head.ent_type_ == "PERSON":
            owner = head
        else:
            break
    return owner if owner.ent_type_ == "PERSON" else token


def _could_speak(token: Any) -> bool:
    """A noun or pronoun that is not a date, time or number ("Saturday said" is a misparse)."""
    return token.pos_ in _NOUNISH and token.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY")


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
        self.spoke: dict[int, int] = {}  # id of a speaker's draft -> where it last spoke
        self.plural: list[tuple[int, Speaker]] = []  # groups that spoke, for "they"

    def name(self, token: Any) -> Speaker:
        """The speaker that ``token`` (a subject) stands for."""
        speaker = self._name(token)
        group = self._group(token, speaker)
        if group is not None:  # remembered for a later "they said"
            self.plural.append((token.idx, group))
        return speaker

    def _group(self, token: Any, speaker: Speaker) -> Speaker | None:
        """Several people ("Grassley and Leahy"), an organisation or a plural noun."""
        people = [self._actor_of(c) for c in token.conjuncts if c.i > token.i]
        if speaker.actor is not None and speaker.actor.label == "PERSON" and people and all(people):
            names = [speaker.actor.name, *(d.name for d in people if d is not None)]
            return Speaker(" and ".join(dict.fromkeys(names)), speaker.start, speaker.end)
        if (speaker.actor is not None and speaker.actor.label == "ORG") or token.tag_ in ("NNS", "NNPS"):
            return speaker if speaker.name else None
        return None

    def _name(self, token: Any) -> Speaker:
        draft = self._actor_of(token) or self._unrecognised_name(token)
        if draft is not None:
            self._remember(draft, token.idx)
            return self._speaker(token, draft)
        lower = token.lower_
        if lower in ("they", "we") and token.pos_ == "PRON":
            earlier = [g for position, g in self.plural if position < token.idx]
            if earlier:
                group = earlier[-1]
                return Speaker(group.name, group.start, group.end, group.actor)
        if lower in PRONOUNS and token.pos_ == "PRON":
            draft = self._pronoun_actor(PRONOUNS[lower], token.idx)
            if draft is not None and draft.label == "PERSON":
                self.spoke[id(draft)] = token.idx  # "he said" keeps him the one speaking
            return self._speaker(token, draft, keep_text=draft is None)
        if lower in ROLE_NOUNS and token.tag_ in ("NN", "NNP") and _is_definite(token):
            draft, certain = self.role_actor(token)
            if draft is not None:
                if certain:
                    draft.add_descriptor(noun_phrase(token, with_article=True))
                self._remember(draft, token.idx)
                return self._speaker(token, draft)
        return self._speaker(token, None)

    def _speaker(self, token: Any, draft: ActorDraft | None, keep_text: bool = True) -> Speaker:
        phrase_start = token.left_edge.i if token.pos_ in ("NOUN", "PROPN") else token.i
        start = self.doc[min(phrase_start, token.i)].idx
        end = token.idx + len(token.text)
        if draft is not None and token.pos_ == "NOUN":  # "The campaign chairman, Phil Lovas," names him
            for inner in token.subtree:
                if inner.i > token.i and self.actors.by_token.get(inner.i) is draft:
                    end = max(end, inner.idx + len(inner.text))
        if draft is not None:
            return Speaker(draft.name, start, end, draft)
        text = noun_phrase(token, with_article=True) if token.pos_ in ("NOUN", "PROPN", "NUM") else None
        if text and len(text.split()) > 8:
            text = token.text
        return Speaker(text if keep_text else None, start, end)

    def _unrecognised_name(self, token: Any) -> ActorDraft | None:
        """A proper-noun speaker the entity recogniser missed ("Ham said"): the person
        named so before ("Schiff said" after "Adam Schiff", even where the recogniser took
        this "Schiff" for a place), else a new actor."""
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            return None
        if token.lower_ in TITLE_WORDS or token.lower_ in ROLE_NOUNS:
            return None
        start = token.i
        while start > 0 and token.doc[start - 1].pos_ == "PROPN" and token.doc[start - 1].dep_ == "compound":
            start -= 1
        name = token.doc[start : token.i + 1]
        if token.ent_type_ not in _NUMERIC:
            known = self._person_named(name)
            if known is not None:
                known.mentions.append((name.start_char, name.end_char, name.text))
                for i in range(start, token.i + 1):
                    self.actors.by_token[i] = known
                return known
        not_person = ("ORG", "GPE", "NORP", "LOC", "FAC", *_NUMERIC)
        if token.ent_type_ in not_person:
            return None
        draft = ActorDraft(
            "PERSON", names=[name.text], mentions=[(name.start_char, name.end_char, name.text)]
        )
        self.actors.add(draft, range(start, token.i + 1), name.start_char)
        return draft

    def _person_named(self, name: Any) -> ActorDraft | None:
        """The person of a longer name that holds all of ``name``'s words, mentioned
        nearest before it ("Schiff" is "Adam Schiff"), or None."""
        words = {t.lower_ for t in name}
        best, best_position = None, -1
        for draft in self.actors.drafts:
            if draft.label != "PERSON" or not words <= draft.tokens:
                continue
            before = [s for s, _, _ in draft.mentions if s < name.start_char]
            if before and max(before) > best_position and any(len(n.split()) > len(name) for n in draft.names):
                best, best_position = draft, max(before)
        return best

    def actor_of(self, token: Any) -> ActorDraft | None:
        """The known actor a noun names, itself or through an apposition (or None)."""
        return self._actor_of(token)

    def _actor_of(self, token: Any) -> ActorDraft | None:
        """The actor a subject names: itself, or the person it is in apposition with
        ("The state’s campaign chairman, Phil Lovas, said"; "the Democratic candidate
        Hillary Clinton suggested")."""
        by_token = self.actors.by_token
        if token.i in by_token:
            return by_token[token.i]
        if token.dep_ == "appos" and token.head.i in by_token:
            return by_token[token.head.i]
        for deps in (("appos",), ("compound", "nmod", "npadvmod")):
            for child in token.children:
                draft = by_token.get(child.i)
                if child.dep_ in deps and draft is not None and draft.label == "PERSON":
                    return draft
        if token.pos_ == "NOUN":  # "His former business partner at Lenox, Lawrence B. Cummings,":
            for inner in token.subtree:  # the parser may hang the name on a nearer noun
                draft = by_token.get(inner.i)
                if draft is None or draft.label != "PERSON" or inner.i <= token.i:
                    continue
                if _in_apposition(inner, token):
                    return draft
        for child in token.children:
            draft = by_token.get(child.i)
            if child.dep_ == "appos" and draft is not None:  # "the group, Human Rights Watch,"
                return draft
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return self._unrecognised_name(child)
        return None

    def _remember(self, draft: ActorDraft, position: int) -> None:
        self.recent = [d for d in self.recent if d is not draft]
        self.recent.append(draft)
        self.spoke[id(draft)] = position

    def _pronoun_actor(self, pronoun: str, position: int) -> ActorDraft | None:
        if pronoun == "it":  # "the Times wrote ... it further wrote": the last organisation quoted
            return next((d for d in reversed(self.recent) if d.label == "ORG"), None)
        # whoever spoke or was the subject of a main clause last: "Mr. Clarke hopes to ...
        # That worries environmentalists. “...,” he said." is Mr. Clarke, not an earlier speaker
        events = [(self.spoke.get(id(d), -1), d) for d in self.recent]
        events += self.actors.topic_before(position)
        events.sort(key=lambda e: -e[0])
        candidates = (
            [d for _, d in events]
            + self.actors.recent_subjects(position)
            + self.actors.preceding_persons(position)
        )
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

    def role_actor(self, token: Any) -> tuple[ActorDraft | None, bool]:
        """The person a definite role noun ("the Russian leader") refers to, and whether
        that is certain enough to record the phrase as one of the person's descriptors.

        Only with some evidence: the role word or its modifiers among the person's
        descriptors, or a nationality that fits and no known nationality that conflicts.
        """
        modifiers = {c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound")}
        nationality = {c.lower_ for c in token.lefts if c.ent_type_ == "NORP"}
        passing: list[tuple[float, int, ActorDraft]] = []
        for rank, draft in enumerate(self.actors.preceding_persons(token.idx)):
            words = " ".join(draft.descriptors + draft.roles).lower().split()
            evidence = (token.lower_ in words) * 2 + sum(1 for m in modifiers if m in words)
            known = {w for w in words if w in _nationality_words(self.doc)}
            if (nationality and known and not nationality <= known) or not (evidence or nationality):
                continue
            passing.append((evidence + 1.0 / (rank + 1), evidence, draft))
        if not passing:
            return None, False
        _, evidence, best = max(passing, key=lambda p: p[0])
        nearby = [d for _, _, d in passing if any(token.idx - 600 <= s < token.idx for s, _, _ in d.mentions)]
        return best, bool(evidence) or nearby == [best]

    def describe_role_nouns(self) -> None:
        """Record "the Russian leader" and the like as descriptors of the person they
        certainly refer to, wherever they occur (not only as speakers). Two passes: what
        the first learns ("the Russian president" is Putin) settles others in the second
        ("the North Korean leader" is then not Putin)."""
        role_nouns = [t for t in self.doc if t.lower_ in ROLE_NOUNS and t.tag_ == "NN" and _is_definite(t)]
        for _ in range(2):
            for token in role_nouns:
                draft, certain = self.role_actor(token)
                if draft is not None and certain:
                    draft.add_descriptor(noun_phrase(token, with_article=True))
        for token in self.doc:  # "the notorious leaders": the two people just named
            if token.tag_ == "NNS" and token.lower_[:-1] in ROLE_NOUNS and _is_definite(token):
                people = self.actors.preceding_persons(token.idx)[:2]
                if len(people) == 2:
                    for draft in people:
                        draft.add_descriptor(noun_phrase(token, with_article=True))

    def labelled(self, label: str, start: int, end: int) -> Speaker:
        """The speaker of a transcript line ("PENCE: ..."): the actor of that name if any."""
        words = {w.lower() for w in label.replace(".", " ").split()}
        for draft in self.actors.drafts:
            if words & draft.tokens:
                return Speaker(draft.name, start, end, draft)
        return Speaker(label.title(), start, end)


def _in_apposition(token: Any, head: Any) -> bool:
    """Whether ``token`` lies in an apposition inside the phrase of ``head``."""
    for _ in range(8):
        if token.dep_ == "appos":
            return True
        if token.dep_ not in ("compound", "nmod") or token.head is token or token.head.i == head.i:
            return False  # "44 percent to Trump's 34 percent" is no name of the subject
        token = token.head
    return False


def _is_definite(token: Any) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.lefts)


def _nationality_words(doc: Any) -> set[str]:
    """Lower-cased words of the Doc's NORP entities ("north", "korean", "russian")."""
    cached = doc.user_data.get("parallax_norp")
    if cached is None:
        cached = {t.lower_ for e in doc.ents if e.label_ == "NORP" for t in e}
        doc.user_data["parallax_norp"] = cached
    return cached
