"""Quotes and who said them, on any parsed spaCy Doc.

Direct quotes come from the quotation marks (see :mod:`parallax.annotate.marks`); each is
attributed through the cue word of its sentence ("said", "told", "according to", a colon
introduction), else through its neighbours: the other part of the same quote ("“A,” he
said, “B.”"), the paragraph it continues, the speaker just before. Reported speech
("X said that ...") becomes an ``indirect`` quote, or ``mixed`` when part of it is quoted.
Short quoted phrases with no speaker in sight are ``scare`` quotes.

>>> from parallax.annotate.nlp import load_nlp          # doctest: +SKIP
>>> [(q.text, q.speaker) for q in find_quotes(load_nlp()('“We will win,” Kim said.'))]  # doctest: +SKIP
[('We will win', 'Kim')]
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Quote
from .actors import ActorIndex, index_actors
from .layout import SENTENCE_END, TRAILING, Attribution, QuoteLayout, is_heading
from .marks import find_quoted_passages
from .reported import other_sayers, reported_speech
from .roles import words
from .speakers import SPEECH_VERBS, Speaker, SpeakerNamer, according_to_object, subject_of

_TRANSCRIPT_LABEL = re.compile(r"\s*([A-Z][A-Z.'’ -]{1,30}[A-Z]):\s+")
_TITLE_SMALL_WORDS = frozenset(words("a an the of and or in on to for with at by from as vs. vs"))
_LEADING_DASH = re.compile(r"[ \t\xa0]*(?:--|[—–])[ \t\xa0]*$")
_SIGNATURE = re.compile(r"[ \t\xa0]*[―—–-]{1,2}[ \t\xa0]*")


def find_quotes(doc: Any, actors: ActorIndex | None = None) -> list[Quote]:
    """Every quote of ``doc`` (direct, mixed, indirect, scare), in text order, with speakers.

    ``actors`` (from :func:`parallax.annotate.actors.index_actors`) is built when not given.
    Offsets index ``doc.text``.
    """
    text = doc.text
    if not doc.has_annotation("DEP"):  # no parse to find cues in: the quotation marks only
        quotes = [_quote(text, Attribution(p.start, p.end, "direct")) for p in find_quoted_passages(text)]
        return [q for q in quotes if q.end > q.start]
    actors = actors or index_actors(doc)
    layout = QuoteLayout(doc, find_quoted_passages(text))
    namer = SpeakerNamer(doc, actors)
    reported = reported_speech(layout)
    layout.reported = [(a.start, a.end) for a in reported]
    direct = [_attribute_passage(layout, k, namer) for k in range(len(layout.passages))]
    said = [a for a in direct + reported if a.subject is not None] + other_sayers(layout)
    for item in sorted(said, key=lambda a: a.subject.i):
        item.speaker = namer.name(item.subject)  # in text order, so "he" finds who spoke last
    _inherit_speakers(layout, direct, reported, namer)
    namer.describe_role_nouns()
    quotes = [_quote(text, a) for a in direct + reported]
    return sorted((q for q in quotes if q.end > q.start), key=lambda q: (q.start, q.end))


# --------------------------------------------------------------------------- direct quotes


def _attribute_passage(layout: QuoteLayout, k: int, namer: SpeakerNamer) -> Attribution:
    p = layout.passages[k]
    item = Attribution(p.start, p.end, "direct", passage=k)
    first, last = layout.words(k)
    if first >= last:
        return item
    label = _TRANSCRIPT_LABEL.match(layout.text, p.start, p.end)
    if label:  # "PENCE: Well, look, ..." in a transcript
        item.start = label.end()
        item.speaker = namer.labelled(label.group(1), label.start(1), label.end(1))
        return item
    cue = _cue_for(layout, k, first, last)
    signed = _signed_by(layout, k)
    if signed is not None:  # “...” ― Jane Doe, or Jane Doe -- “...”
        item.subject = signed
    elif cue is not None and cue.pos_ in ("PROPN", "NOUN") and not _is_cue(cue):
        item.subject, cue = cue, None  # a name before a colon, no verb
    elif cue is not None:
        item.cue = cue
        item.subject = (
            according_to_object(cue) or subject_of(cue, layout.inside_quote) or _sentence_subject(layout, cue)
        )
    governed = cue is not None and any(layout.doc[i].head.i == cue.i for i in range(first, last))
    if _is_scare(layout, k, cue is not None or item.subject is not None, governed):
        item.kind, item.subject, item.cue = "scare", None, None
    return item


def _sentence_subject(layout: QuoteLayout, cue: Any) -> Any:
    """The person the sentence is about, for a cue the parse left without a subject
    ("Mr. Trump hardly clarified the matter, ... asserting, “...”")."""
    for token in layout.doc[cue.sent.start : cue.i]:
        if token.dep_ == "nsubj" and token.ent_type_ == "PERSON" and not layout.inside_quote(token):
            return token
    return None


def _signed_by(layout: QuoteLayout, k: int) -> Any:
    """The name after a dash that signs a quote: “...” ― Jane Doe."""
    doc, p = layout.doc, layout.passages[k]
    lead = _LEADING_DASH.search(layout.text, max(0, p.open_start - 4), p.open_start)
    if lead:  # "... Mitt Romney -- ''It is disqualifying ...'' --"
        i = layout.token_index(lead.start()) - 1
        if i >= 0 and doc[i].ent_type_ == "PERSON" and not layout.inside_quote(doc[i]):
            return doc[i]
    dash = _SIGNATURE.match(layout.text, p.close_end)
    if not dash:
        return None
    i = layout.token_index(dash.end())
    if i >= len(doc) or layout.line_of(doc[i].idx) != layout.line_of(p.start):
        return None
    if doc[i].ent_type_ == "PERSON" or (doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper()):
        j = i  # the end of the name: "― Julie A. Diaz Martinez"
        while j + 1 < len(doc) and (doc[j + 1].ent_iob_ == "I" or doc[j + 1].pos_ == "PROPN"):
            j += 1
        return doc[j]
    return None


def _cue_for(layout: QuoteLayout, k: int, first: int, last: int) -> Any:
    """The cue word of passage ``k``: in its own sentence, the next one, or a colon line."""
    doc = layout.doc
    line = layout.line_of(layout.passages[k].start)
    sent_start, sent_end = doc[first].sent.start, doc[last - 1].sent.end
    frame = _frame(layout, sent_start, sent_end, line)
    cue = _best_cue(layout, frame, k)
    if cue is None and sent_end < len(doc) and layout.line_of(doc[sent_end].idx) == line:
        following = []
        for token in doc[sent_end : doc[sent_end].sent.end]:
            if layout.inside_quote(token):
                first_word, last_word = layout.words(layout.quote_of[token.i])
                if last_word - first_word > 3:
                    break  # another quotation: what follows is about that one
                continue  # a quoted nickname or title: state Del. Marcia “Cia” Price
            following.append(token)
        cue = _best_cue(layout, following, k, following=True)
    if cue is None:
        cue = _colon_cue(layout, k)
    return cue


def _frame(layout: QuoteLayout, start: int, end: int, line: int) -> list[Any]:
    return [t for t in layout.doc[start:end] if not layout.inside_quote(t) and layout.line_of(t.idx) == line]


def _is_cue(token: Any) -> bool:
    if token.lower_ == "according":
        return according_to_object(token) is not None
    if (
        token.lower_ in ("put", "puts")
        and token.i + 1 < len(token.doc)
        and token.doc[token.i + 1].lower_ == "it"
    ):
        return True  # "as The New Yorker put it, “...”"
    if token.lower_ not in SPEECH_VERBS:
        return False
    # the tagger calls some participles nouns ("footage of Trump saying, ...")
    return (
        token.tag_.startswith("VB")
        or token.lower_ == "said"
        or (token.lower_.endswith("ing") and token.dep_ in ("pobj", "pcomp"))
    )


def _best_cue(layout: QuoteLayout, tokens: list[Any], k: int, *, following: bool = False) -> Any:
    """The cue among ``tokens`` for passage ``k``: one that governs the quoted words, else
    the nearest. In the sentence after the quote (``following``) only a cue that does not
    introduce another quote counts ("“A.” Kim continued, “B.”": "continued" is B's)."""
    cues = [t for t in tokens if _is_cue(t)]
    if not cues:
        return None
    first, last = layout.words(k)
    doc, p = layout.doc, layout.passages[k]
    opening = layout.token_index(p.open_start)
    before = [c for c in cues if c.i < opening and c.tag_.startswith("VB")]
    if before and opening - before[-1].i <= 8 and doc[opening - 1].text in (",", ":"):
        between = doc[before[-1].i + 1 : opening]  # "footage of Trump saying during the debate, “...”"
        if not any(t.pos_ in ("VERB", "AUX") or layout.inside_quote(t) for t in between):
            return before[-1]
    # the cue the quoted words hang on (not just their final full stop)
    words = [t for t in doc[first:last] if not t.is_punct]
    governing = [c for c in cues if any(t.head.i == c.i for t in words)]
    if governing:
        return governing[0]
    ancestor = _governing_ancestor(layout, k, {c.i for c in cues})
    if ancestor is not None:  # "Demonstrators said they want “justice for Terrence”"
        return ancestor
    if following:
        free = [c for c in cues if not any(layout.quote_of[ch.i] not in (-1, k) for ch in c.children)]
        return free[0] if free else None
    return min(cues, key=lambda c: min(abs(c.idx - p.open_start), abs(c.idx - p.close_end)))


def _governing_ancestor(layout: QuoteLayout, k: int, cues: set[int]) -> Any:
    """The nearest cue above the quoted words in the parse tree, if any."""
    doc = layout.doc
    first, last = layout.words(k)
    for i in range(first, last):
        token = doc[i]
        if token.is_punct or layout.quote_of[token.head.i] == k:
            continue
        head = token.head
        for _ in range(6):
            if head.i in cues:
                return head
            if head.head is head:
                break
            head = head.head
        return None
    return None


def _colon_cue(layout: QuoteLayout, k: int) -> Any:
    """ "X stated: “...”" (the colon may end the paragraph before the quote)."""
    doc = layout.doc
    i = layout.token_index(layout.passages[k].open_start) - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    line = layout.line_of(layout.passages[k].start)
    if i < 0 or doc[i].text != ":" or layout.line_of(doc[i].idx) < line - 2 or layout.inside_quote(doc[i]):
        return None
    sentence = doc[i].sent
    cues = [t for t in doc[sentence.start : i] if not layout.inside_quote(t) and _is_cue(t)]
    if cues:
        return cues[-1]
    root = sentence.root
    if root.pos_ in ("VERB", "AUX") and root.i < i:
        return root
    # a headline such as "A lesson from Loretta Lynch: ‘...’": the person named before the colon
    people = [
        t
        for t in doc[sentence.start : i]
        if t.ent_type_ == "PERSON" and (t.i + 1 >= len(doc) or doc[t.i + 1].ent_iob_ != "I")
    ]
    return people[0] if people else None


def _is_scare(layout: QuoteLayout, k: int, attributed: bool, governed: bool) -> bool:
    """A short quoted phrase, a title ("Morning Joe") or a heading, that nobody says."""
    p = layout.passages[k]
    text = layout.text[p.start : p.end].strip()
    words = text.split()
    if not words or not any(c.isalpha() for c in text):
        return bool(words)
    first, last = layout.words(k)
    verbless = not any(t.pos_ in ("VERB", "AUX") for t in layout.doc[first:last])
    title_case = all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _TITLE_SMALL_WORDS for w in words)
    before = layout.text[: p.open_start].rstrip(" \t\xa0")[-1:]
    mid_sentence = before.isalnum() or before == ","
    if title_case and 2 <= len(words) <= 7 and (verbless or mid_sentence or _alone_on_line(layout, k)):
        return True  # a title: “Fox News Sunday”, his book ''Make Your Kid a Millionaire''.
    if governed or any(s <= p.start and p.end <= e for s, e in layout.reported):
        return False  # a partial quote inside reported speech: "he said it was “a disaster”"
    if text.rstrip(TRAILING)[-1:] in SENTENCE_END:
        return len(words) <= 2 and not attributed  # “Politicking.”
    if len(words) <= 3 or (len(words) <= 7 and verbless):
        return True  # a quoted noun phrase: “a living room in western Pennsylvania”
    line_start = layout.line_starts[layout.line_of(p.start)]
    line_end = layout.text.find("\n", line_start)
    line = layout.text[line_start : line_end if line_end >= 0 else len(layout.text)]
    heading = line_start == 0 or is_heading(line.rstrip().rstrip("”\"’'"))
    if heading and len(words) <= 6 and not attributed:
        return True
    return len(words) <= 4 and not attributed


def _alone_on_line(layout: QuoteLayout, k: int) -> bool:
    """Whether passage ``k`` is all its line holds (a section heading: ‘All Bets Are Off.’)."""
    p = layout.passages[k]
    line_start = layout.line_starts[layout.line_of(p.start)]
    line_end = layout.text.find("\n", p.start)
    before = layout.text[line_start : p.open_start]
    after = layout.text[p.close_end : line_end if line_end >= 0 else len(layout.text)]
    return not before.strip() and not after.strip(" \t\xa0.!?")


# --------------------------------------------------------------------------- neighbours


def _inherit_speakers(
    layout: QuoteLayout, direct: list[Attribution], reported: list[Attribution], namer: SpeakerNamer
) -> None:
    """Give unattributed direct quotes the speaker of the quote they belong with."""
    lines = [layout.line_of(a.start) for a in direct]
    for k, item in enumerate(direct):
        opens_sentence = layout.text[: layout.passages[k].open_start].rstrip(" \t\xa0")[-1:] in "\n.!?”\"’'"
        if item.kind == "scare" and opens_sentence and _whole_sentence(layout.text[item.start : item.end]):
            item.kind = "direct"  # “The Donald. Big Daddy.” right after a quote someone said
            if not any(
                lines[j] == lines[k] and a.kind == "direct" and a.subject is not None
                for j, a in enumerate(direct)
            ):
                item.kind = "scare"
        if item.speaker is not None or item.kind == "scare":
            continue
        same_line = [direct[j] for j in range(len(direct)) if lines[j] == lines[k] and j != k]
        before = [a for a in same_line if a.start < item.start and a.speaker is not None]
        after = [a for a in same_line if a.start > item.start and a.speaker is not None]
        if before:
            item.speaker = before[-1].speaker
        elif after:
            item.speaker = after[0].speaker
        else:
            item.speaker = _previous_subject(layout, k, direct, namer) or _speaker_before(
                layout, direct + reported, item, lines[k]
            )


def _previous_subject(
    layout: QuoteLayout, k: int, direct: list[Attribution], namer: SpeakerNamer
) -> Speaker | None:
    """The person the sentence just before a free-standing quote is about: "Lawrence B.
    Cummings called him a master at ... “He showed again and again ...”"."""
    doc, p = layout.doc, layout.passages[k]
    i = layout.token_index(p.open_start) - 1
    while i >= 0 and (doc[i].is_space or (doc[i].is_punct and doc[i].text not in ".!?")):
        i -= 1
    if i < 0 or (doc[i].text not in (".", "!", "?") and not doc[i].text.endswith(".")):
        return None
    if layout.line_of(doc[i].idx) < layout.line_of(p.start) - 2:
        return None
    sentence = doc[i].sent
    if sentence.end - sentence.start < 4 or any(
        layout.quote_of[t.i] != -1 and direct[layout.quote_of[t.i]].kind != "scare" for t in sentence
    ):
        return None  # quoted words of its own: the speaker of those is found elsewhere
    root = sentence.root
    if layout.inside_quote(root):
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ not in ("PROPN", "NOUN") or layout.inside_quote(subject):
        return None
    draft = namer.actor_of(subject)
    if draft is None or draft.label != "PERSON":
        return None
    return namer.name(subject)


def _speaker_before(
    layout: QuoteLayout, items: list[Attribution], item: Attribution, line: int
) -> Speaker | None:
    """The speaker of the closest attribution in the two paragraphs before this one."""
    earlier = [a for a in items if a.start < item.start and a.speaker is not None and a.speaker.name]
    if not earlier:
        return None
    last = max(earlier, key=lambda a: a.start)
    gap = layout.text[last.end : item.start].count("\n\n")
    return last.speaker if gap <= 2 and layout.line_of(last.start) >= line - 4 else None


def _quote(text: str, item: Attribution) -> Quote:
    start, end = item.start, item.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in TRAILING:
        end -= 1
    speaker = item.speaker if item.kind != "scare" else None
    return Quote(
        text=text[start:end],
        start=start,
        end=end,
        speaker=speaker.name if speaker else None,
        kind=item.kind,
        cue=item.cue.text if item.cue is not None else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
    )


def _whole_sentence(text: str) -> bool:
    text = text.strip()
    return text[:1].isupper() and text.rstrip(TRAILING)[-1:] in SENTENCE_END
