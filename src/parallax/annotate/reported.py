"""Reported speech: "X said (that) ...", "..., X said, ...", "according to X, ...".

Each becomes an ``indirect`` attribution (``mixed`` when part of it is in quotation marks),
found in the dependency parse around reporting verbs outside quotation marks.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.strings import hash_string  # type: ignore[attr-defined]

from .layout import SENTENCE_END, TRAILING, Attribution, QuoteLayout, is_heading, token_end
from .speakers import REPORTING_VERBS, SPEECH_VERBS, according_to_object, subject_of

_TRAILING_MODIFIER = re.compile(
    r"(?:,\s+(?:which|who|whom|whose|where|when|while|though|although|the|a|an|adding|saying|"
    r"noting|according|as|after|before|because|since|referring)\b|;\s|\s(?:--|—|―)\s)"
)


def reported_speech(layout: QuoteLayout) -> list[Attribution]:
    """ "X said (that) ..." and "according to X, ..." outside quotation marks."""
    found: list[Attribution] = []
    for i, lower in enumerate(layout.lower_ids):
        if lower not in _CUE_IDS or layout.quote_of[i] != -1:
            continue
        token = layout.doc[i]
        layout.cue_tokens.append(i)
        if token.lower_ == "according":
            item = _according_to(layout, token)
            found.extend([item] if item is not None else [])
        elif (token.lower_ in REPORTING_VERBS or token.lower_ in _STANCE_VERBS) and token.tag_.startswith("VB"):
            found.extend(_said_that(layout, token))
    # each word belongs to one attribution: "X said he expects Y to ..." is X's, not also his
    return [a for a in found if not any(b is not a and b.start <= a.start and a.end <= b.end for b in found)]


#: Nouns of a stance whose "that" clause is what someone said or thinks: "expressed
#: concern that ...", "voiced fears that ...", "raised the possibility that ...".
STANCE_NOUNS = frozenset("""concern concerns fear fears worry worries hope hopes doubt doubts confidence belief
    view views opinion optimism skepticism scepticism frustration regret anger outrage alarm surprise
    possibility prospect suspicion suspicions conviction assurance assurances""".split())
#: Verbs that report only through such a noun ("voiced concern that"; "raised taxes" is no report).
_STANCE_VERBS = frozenset(f"{b}{e}" for b in ("voic", "rais") for e in ("e", "es", "ed", "ing"))

# reporting verb forms as spaCy's LOWER attribute stores them (a hash of the string)
_CUE_IDS = frozenset(hash_string(w) for w in [*REPORTING_VERBS, *_STANCE_VERBS, "according"])


def other_sayers(layout: QuoteLayout) -> list[Attribution]:
    """Named people who speak without a quote we keep ("Ham also noted several ..."), so
    that a later "he said" can refer to them."""
    found = []
    for i in layout.cue_tokens:
        cue = layout.doc[i]
        if cue.lower_ not in SPEECH_VERBS and cue.lower_ != "according":
            continue
        if any(c.dep_ == "ccomp" for c in cue.children):
            continue  # already reported speech
        if any(s <= cue.idx < e for s, e in layout.reported):
            continue  # inside what someone else said
        subject = according_to_object(cue) or next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ == "PROPN" and not layout.inside_quote(subject):
            found.append(Attribution(cue.idx, cue.idx, "none", cue=cue, subject=subject))
    return found


def _said_that(layout: QuoteLayout, cue: Any) -> list[Attribution]:
    """ "X said (that) ..." (the complement clause) or "..., X said, ..." (the words around)."""
    complements = [c for c in cue.children if c.dep_ == "ccomp"]
    if not complements or cue.lower_ in _STANCE_VERBS:
        complements = _stance_clause(cue)
    subject = subject_of(cue, layout.inside_quote)
    if subject is None:
        return []
    if not complements:
        return [] if cue.lower_ in _STANCE_VERBS else _around_parenthetical(layout, cue, subject)
    # "Writing for a panel that agreed Pence won, Barabak noted that ...": what follows
    # the verb is what was said, when there is something there
    content = next((c for c in complements if c.i > cue.i), complements[0])
    if content.i < cue.i and _set_apart(layout, content, subject):
        return []  # "We have been here before: bin Laden declared war on ...": not the words
    left = content.left_edge
    if left.i == content.i and left.tag_ in _FINITE + ("VB",):
        # "demanding Obama make a pledge", "explaining the firings amounted to ...": the
        # parser took the clause's subject for the verb's object
        objects = [c for c in cue.children if c.dep_ == "dobj" and c.right_edge.i == left.i - 1]
        if not objects:
            return []  # "says is a lie": a verb with no subject at all
        left = objects[0].left_edge
    if _not_words(content, cue):
        return []
    start, end = left.idx, token_end(content.right_edge)
    if content.right_edge.i - left.i < 2:
        return []
    found = _reported(layout, start, end, cue, subject)
    return [found] if found else []


def _stance_clause(cue: Any) -> list[Any]:
    """The "that" clause of the stance noun the cue takes as object ("expressed concern
    that Kim could provide weapons"), as a one-item list, or an empty list."""
    for noun in cue.children:
        if noun.dep_ != "dobj" or noun.lower_ not in STANCE_NOUNS:
            continue
        for clause in noun.children:
            if clause.dep_ in ("acl", "ccomp") and clause.i > noun.i and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                return [clause]
    return []


def _set_apart(layout: QuoteLayout, content: Any, subject: Any) -> bool:
    """A clause before the speaker that a colon or semicolon ends ("... on Friday:
    Republicans said they ...") or that opens with a participle, a conditional or a
    subordinator: not what the speaker said."""
    doc = layout.doc
    between = doc[content.i + 1 : subject.left_edge.i]
    opening = content.left_edge.i
    for token in doc[content.left_edge.i : content.right_edge.i]:
        if token.text in _DASHES:
            opening = token.i + 1  # "LOS ANGELES (UPI) — In a clip ..., Blige sings"
    subjects = [c for c in content.children if c.dep_ in ("nsubj", "nsubjpass")]
    if opening > content.left_edge.i and any(c.i < opening <= content.i for c in subjects):
        return True  # a dateline, not a clause: "LOS ANGELES (UPI) — In a clip ... show, she sings"
    return any(t.text in (":", ";") for t in between) or _adjunct_opening(doc[opening])


_DASHES = ("—", "–", "--", "―")


def _not_words(content: Any, cue: Any) -> bool:
    """A complement that is no report of words: "promising what Graham had in mind" (a
    thing, not a clause; "what he called a breach" is words)."""
    first = content.doc[content.left_edge.i]
    if first.lower_ == "what" and cue.lower_ not in _QUESTION_VERBS:
        verb = first.head
        return not (verb.lower_ in SPEECH_VERBS or any(c.lower_ in SPEECH_VERBS for c in verb.children))
    return False


_QUESTION_VERBS = frozenset(
    form
    for base in ("ask", "wonder", "question", "explain", "inquire", "query")
    for form in (base, base + "s", base + "ed", base + "ing", base.removesuffix("e") + "ing")
)


def _adjunct_opening(token: Any) -> bool:
    """A clause that opens like an adjunct of the speaker's sentence: "Writing for ...",
    "Should the company fail", "If ...", "When ...", "To win ...". A preposition opens the
    words said as often as not ("With thousands of systems, there is no single point of
    failure, he said"), and a gerund may be their subject ("Raising taxes would hurt")."""
    if token.tag_ in ("VBG", "VBN"):
        return token.dep_ in ("advcl", "acl")
    return token.tag_ in ("MD", "TO") or (token.dep_ == "mark" and token.lower_ not in ("that", "whether"))


def _around_parenthetical(layout: QuoteLayout, cue: Any, subject: Any) -> list[Attribution]:
    """ "Acts of protest, Mr. Obama said, are acts of patriotism.": both sides are his;
    "The plan failed, she said.": the clause before is hers."""
    doc, sentence = layout.doc, cue.sent
    if subject.i > cue.i or cue.i - subject.i > 6:
        return []
    first = subject.left_edge.i
    if first - 1 <= sentence.start or doc[first - 1].text != ",":
        return []
    after = cue.i + 1
    while after < sentence.end and doc[after].dep_ in (
        "npadvmod",
        "advmod",
        "prep",
        "pobj",
        "det",
        "compound",
    ):
        after += 1
    if subject.tag_ in ("WDT", "WP"):
        return []  # "the union, which said ...": the relative clause is no parenthesis
    if any(c.dep_ in ("mark", "advmod") and c.tag_ in ("IN", "WRB") and c.i < subject.i for c in cue.children):
        return []  # "X got a roar when, at the end, she added ...": a clause inside another
    opening = sentence.start
    for token in doc[sentence.start : first - 1]:
        if token.text in _DASHES or token.text == ":":
            opening = token.i + 1  # "LOS ANGELES (UPI) — In a clip, Blige sings": after the dash
    if opening >= first - 1:
        return []
    before = doc[opening : first - 1]
    verbless = not any(t.pos_ in ("VERB", "AUX") for t in before)
    if (
        before[0].tag_ in ("IN", "WRB", "MD")
        or (verbless and any(t.ent_type_ in ("PERSON", "DATE") for t in before))
    ):
        return []  # "In one tweet Friday, she said ...": a circumstance, not what was said
    if doc[first - 2].tag_ in ("WDT", "WP", "CC"):
        return []  # "the stadium, which, Tompkins said, is usually full": only that clause is his
    if after < sentence.end - 1 and doc[after].text == ",":
        rest = doc[after + 1 : sentence.end]
        if not any(t.tag_ in _FINITE for t in rest):
            return []  # "..., the group said, compared with $2,700 for ...": a comment on it
        parts = [(before.start_char, doc[first - 1].idx), (token_end(doc[after]), sentence.end_char)]
    elif after >= sentence.end - 1 and not verbless and before[0].tag_ not in ("CC", "RB"):
        parts = [(before.start_char, doc[first - 1].idx)]
    else:
        return []
    found = [_reported(layout, start, end, cue, subject) for start, end in parts]
    return [f for f in found if f is not None]


_FINITE = ("VBZ", "VBP", "VBD", "MD")


def _according_to(layout: QuoteLayout, token: Any) -> Attribution | None:
    source = according_to_object(token)
    if source is None:
        return None
    sentence = token.sent
    if any(a.dep_ == "relcl" for a in token.ancestors):
        return None  # "..., which it often is, according to Scott": only that clause is his
    phrase_start, phrase_end = token.left_edge.i, token.right_edge.i + 1
    root = sentence.root.i
    if sentence.start <= root < phrase_start or phrase_end <= root < sentence.end:
        before = root < phrase_start  # the side that holds the main clause
    else:
        before = phrase_start - sentence.start >= sentence.end - phrase_end
    if before:
        start, end = sentence.start_char, layout.doc[phrase_start].idx
    else:
        start, end = layout.doc[phrase_end].idx if phrase_end < len(layout.doc) else 0, sentence.end_char
    return _reported(layout, start, end, token, source)


def _ends_with_question(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], trailing punctuation and quote marks aside, ends with "?"."""
    strip = TRAILING + "”\"’'"
    while end > start and text[end - 1] in strip:
        end -= 1
    return end > start and text[end - 1] == "?"


def _reported(layout: QuoteLayout, start: int, end: int, cue: Any, subject: Any) -> Attribution | None:
    text = layout.text
    if layout.line_of(start) != layout.line_of(cue.idx):
        return None  # what someone said lies in the paragraph that says so
    if start <= subject.idx < end or start <= cue.idx < end:
        start = max(start, token_end(cue))  # the words said never hold who said them
    sentence = cue.sent
    if subject.lower_ in ("you", "i") or _ends_with_question(text, sentence.start_char, sentence.end_char):
        return None  # a question or the writer's own voice, not someone's reported words
    # A first line longer than this is no headline; bounding the search keeps long texts linear.
    newline = text.find("\n", 0, 1000)
    first_line = text[:newline] if newline != -1 else ""
    if (
        first_line
        and layout.line_of(cue.idx) == 0
        and (is_heading(first_line) or len(first_line.split()) <= 15)
    ):
        return None  # the headline
    while start < end and text[start] in TRAILING:
        start += 1
    tail = _TRAILING_MODIFIER.search(text, start + 12, end)
    if tail:  # "..., who has not been charged", "..., the existing alliance": not what was said
        end = tail.start()
    while end > start and text[end - 1] in TRAILING + SENTENCE_END:
        end -= 1
    if end - start < 12 or "\n" in text[start:end] or text[start:end].isupper():
        return None
    if cue.lower_ not in SPEECH_VERBS and layout.doc[layout.token_index(start)].tag_ in ("WP", "WRB", "WDT"):
        return None  # "knowing how they would affect him": a thought about a question
        return None
    if any(p.open_start <= start <= p.start + 1 for p in layout.passages):
        return None  # the content opens with a quotation: the direct quote carries it
    quoted = sum(
        max(0, min(end, p.end) - max(start, p.start))
        for p in layout.passages
        if p.end > start and p.start < end
    )
    if quoted >= 0.5 * (end - start):
        return None  # that is a direct quote, attributed there
    kind = "mixed" if quoted else "indirect"
    return Attribution(start, end, kind, cue=cue, subject=subject)
