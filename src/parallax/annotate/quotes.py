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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from ..model import Quote
from .actors import ActorIndex, index_actors
from .marks import QuotedPassage, find_quoted_passages
from .speakers import REPORTING_VERBS, SPEECH_VERBS, Speaker, SpeakerNamer, according_to_object, subject_of

_TRAILING = " \t\n\xa0,;:—–-"
_SENTENCE_END = ".!?…"
_TRANSCRIPT_LABEL = re.compile(r"\s*([A-Z][A-Z.'’ -]{1,30}[A-Z]):\s+")
_SIGNATURE = re.compile(r"[ \t\xa0]*[―—–-]{1,2}[ \t\xa0]*")


@dataclass
class _Attribution:
    """A quote in the making: its span, its cue and the token naming its speaker."""

    start: int
    end: int
    kind: str
    cue: Any = None
    subject: Any = None
    passage: int | None = None
    speaker: Speaker | None = None


class _Layout:
    """Where the quotation marks, lines and tokens of one Doc lie relative to each other."""

    def __init__(self, doc: Any, passages: list[QuotedPassage]) -> None:
        self.doc = doc
        self.passages = passages
        self.token_starts = [t.idx for t in doc]
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", doc.text)]
        self.quote_of = [-1] * len(doc)
        self.reported: list[tuple[int, int]] = []  # content spans of reported speech
        for k, p in enumerate(passages):
            for i in range(self.token_index(p.open_start), self.token_index(p.close_end)):
                self.quote_of[i] = k

    def token_index(self, char: int) -> int:
        return bisect_left(self.token_starts, char)

    def line_of(self, char: int) -> int:
        return bisect_right(self.line_starts, char) - 1

    def inside_quote(self, token: Any) -> bool:
        return self.quote_of[token.i] != -1

    def words(self, k: int) -> tuple[int, int]:
        p = self.passages[k]
        return self.token_index(p.start), self.token_index(p.end)


def find_quotes(doc: Any, actors: ActorIndex | None = None) -> list[Quote]:
    """Every quote of ``doc`` (direct, mixed, indirect, scare), in text order, with speakers.

    ``actors`` (from :func:`parallax.annotate.actors.index_actors`) is built when not given.
    Offsets index ``doc.text``.
    """
    actors = actors or index_actors(doc)
    layout = _Layout(doc, find_quoted_passages(doc.text))
    namer = SpeakerNamer(doc, actors)
    reported = _reported_speech(layout)
    layout.reported = [(a.start, a.end) for a in reported]
    direct = [_attribute_passage(layout, k, namer) for k in range(len(layout.passages))]
    for item in sorted(direct + reported, key=lambda a: a.subject.i if a.subject is not None else -1):
        if item.subject is not None:
            item.speaker = namer.name(item.subject)
    _inherit_speakers(layout, direct, reported)
    quotes = [_quote(doc, a) for a in direct + reported]
    return sorted((q for q in quotes if q.end > q.start), key=lambda q: (q.start, q.end))


# --------------------------------------------------------------------------- direct quotes


def _attribute_passage(layout: _Layout, k: int, namer: SpeakerNamer) -> _Attribution:
    p = layout.passages[k]
    item = _Attribution(p.start, p.end, "direct", passage=k)
    first, last = layout.words(k)
    if first >= last:
        return item
    label = _TRANSCRIPT_LABEL.match(layout.doc.text, p.start, p.end)
    if label:  # "PENCE: Well, look, ..." in a transcript
        item.start = label.end()
        item.speaker = namer.labelled(label.group(1), label.start(1), label.end(1))
        return item
    cue = _cue_for(layout, k, first, last)
    if cue is not None:
        item.cue = cue
        item.subject = according_to_object(cue) or subject_of(cue, layout.inside_quote)
    else:
        item.subject = _signed_by(layout, k)
    governed = cue is not None and any(layout.doc[i].head.i == cue.i for i in range(first, last))
    if _is_scare(layout, k, cue is not None or item.subject is not None, governed):
        item.kind, item.subject, item.cue = "scare", None, None
    return item


def _signed_by(layout: _Layout, k: int) -> Any:
    """The name after a dash that signs a quote: “...” ― Jane Doe."""
    doc, p = layout.doc, layout.passages[k]
    dash = _SIGNATURE.match(doc.text, p.close_end)
    if not dash:
        return None
    i = layout.token_index(dash.end())
    if i < len(doc) and doc[i].ent_type_ == "PERSON" and layout.line_of(doc[i].idx) == layout.line_of(p.start):
        j = i
        while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
            j += 1
        return doc[j]
    return None


def _cue_for(layout: _Layout, k: int, first: int, last: int) -> Any:
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
                break
            following.append(token)
        cue = _best_cue(layout, following, k, governing_only=False, nearest_only=True)
    if cue is None:
        cue = _colon_cue(layout, k)
    return cue


def _frame(layout: _Layout, start: int, end: int, line: int) -> list[Any]:
    return [
        t for t in layout.doc[start:end] if not layout.inside_quote(t) and layout.line_of(t.idx) == line
    ]


def _is_cue(token: Any) -> bool:
    if token.lower_ == "according":
        return according_to_object(token) is not None
    return token.lower_ in SPEECH_VERBS and token.tag_.startswith("VB")


def _best_cue(
    layout: _Layout, tokens: list[Any], k: int, *, governing_only: bool = False, nearest_only: bool = False
) -> Any:
    cues = [t for t in tokens if _is_cue(t)]
    if not cues:
        return None
    first, last = layout.words(k)
    governing = [c for c in cues if any(layout.doc[i].head.i == c.i for i in range(first, last))]
    if governing:
        return governing[0]
    if nearest_only:
        other = [c for c in cues if any(layout.quote_of[ch.i] not in (-1, k) for ch in c.children)]
        cues = [c for c in cues if c not in other][:1]
        return cues[0] if cues else None
    if governing_only:
        return None
    p = layout.passages[k]
    return min(cues, key=lambda c: min(abs(c.idx - p.open_start), abs(c.idx - p.close_end)))


def _colon_cue(layout: _Layout, k: int) -> Any:
    """"X stated: “...”" (the colon may end the paragraph before the quote)."""
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
    return root if root.pos_ in ("VERB", "AUX") and root.i < i else None


def _is_scare(layout: _Layout, k: int, attributed: bool, governed: bool) -> bool:
    """A short quoted phrase, a title ("Morning Joe") or a heading, that nobody says."""
    p = layout.passages[k]
    text = layout.doc.text[p.start : p.end].strip()
    words = text.split()
    if not words or text.rstrip(_TRAILING)[-1:] in _SENTENCE_END:
        return False
    title_case = len(words) >= 2 and all(w[:1].isupper() or not w[:1].isalpha() or len(w) <= 3 for w in words)
    if (title_case and len(words) <= 7) or not any(c.isalpha() for c in text):
        return True
    if governed or any(s <= p.start and p.end <= e for s, e in layout.reported):
        return False  # a partial quote inside reported speech: "he said it was “a disaster”"
    if len(words) <= 3:
        return True
    first, last = layout.words(k)
    if len(words) <= 7 and not any(t.pos_ in ("VERB", "AUX") for t in layout.doc[first:last]):
        return True  # a quoted noun phrase: “a living room in western Pennsylvania”
    line_start = layout.line_starts[layout.line_of(p.start)]
    line = layout.doc.text[line_start : layout.doc.text.find("\n", line_start) % (len(layout.doc.text) + 1)]
    heading = line_start == 0 or not line.rstrip()[-1:] in _SENTENCE_END + "”\"’'"
    if heading and len(words) <= 6 and not attributed:
        return True
    return len(words) <= 4 and not attributed


# --------------------------------------------------------------------------- reported speech


def _reported_speech(layout: _Layout) -> list[_Attribution]:
    """"X said (that) ..." and "according to X, ..." outside quotation marks."""
    found: list[_Attribution] = []
    for token in layout.doc:
        if layout.inside_quote(token):
            continue
        if token.lower_ == "according":
            item = _according_to(layout, token)
        elif token.lower_ in REPORTING_VERBS and token.tag_.startswith("VB"):
            item = _said_that(layout, token)
        else:
            continue
        if item is not None:
            found.append(item)
    return found


def _said_that(layout: _Layout, cue: Any) -> _Attribution | None:
    complements = [c for c in cue.children if c.dep_ == "ccomp"]
    if not complements:
        return None
    subject = subject_of(cue, layout.inside_quote)
    if subject is None:
        return None
    content = complements[0]
    start, end = content.left_edge.idx, _token_end(content.right_edge)
    if content.right_edge.i - content.left_edge.i < 2:
        return None
    return _reported(layout, start, end, cue, subject)


def _according_to(layout: _Layout, token: Any) -> _Attribution | None:
    source = according_to_object(token)
    if source is None:
        return None
    sentence = token.sent
    phrase_start, phrase_end = token.left_edge.i, token.right_edge.i + 1
    if phrase_start - sentence.start >= sentence.end - phrase_end:
        start, end = sentence.start_char, layout.doc[phrase_start].idx
    else:
        start, end = layout.doc[phrase_end].idx if phrase_end < len(layout.doc) else 0, sentence.end_char
    return _reported(layout, start, end, token, source)


def _reported(layout: _Layout, start: int, end: int, cue: Any, subject: Any) -> _Attribution | None:
    text = layout.doc.text
    if subject.lower_ in ("you", "i") or cue.sent.text.rstrip(_TRAILING + "”\"’'").endswith("?"):
        return None  # a question or the writer's own voice, not someone's reported words
    if layout.line_of(cue.idx) == 0 and _is_heading(text[: text.find("\n")]) and "\n" in text:
        return None  # the headline
    while start < end and text[start] in _TRAILING:
        start += 1
    while end > start and text[end - 1] in _TRAILING + _SENTENCE_END:
        end -= 1
    if end - start < 12 or "\n" in text[start:end]:
        return None
    quoted = sum(
        max(0, min(end, p.end) - max(start, p.start)) for p in layout.passages if p.end > start and p.start < end
    )
    if quoted >= 0.5 * (end - start):
        return None  # that is a direct quote, attributed there
    kind = "mixed" if quoted else "indirect"
    return _Attribution(start, end, kind, cue=cue, subject=subject)


# --------------------------------------------------------------------------- neighbours


def _inherit_speakers(layout: _Layout, direct: list[_Attribution], reported: list[_Attribution]) -> None:
    """Give unattributed direct quotes the speaker of the quote they belong with."""
    lines = [layout.line_of(a.start) for a in direct]
    for k, item in enumerate(direct):
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
            item.speaker = _speaker_before(layout, direct + reported, item, lines[k])


def _speaker_before(layout: _Layout, items: list[_Attribution], item: _Attribution, line: int) -> Speaker | None:
    """The speaker of the closest attribution in the two paragraphs before this one."""
    earlier = [a for a in items if a.start < item.start and a.speaker is not None and a.speaker.name]
    if not earlier:
        return None
    last = max(earlier, key=lambda a: a.start)
    gap = layout.doc.text[last.end : item.start].count("\n\n") + 0
    return last.speaker if gap <= 2 and layout.line_of(last.start) >= line - 4 else None


def _quote(doc: Any, item: _Attribution) -> Quote:
    text = doc.text
    start, end = item.start, item.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
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


def _is_heading(line: str) -> bool:
    """A line that is not running text: it does not end like a sentence."""
    return line.rstrip()[-1:] not in _SENTENCE_END + "”\"’'"


def _token_end(token: Any) -> int:
    return token.idx + len(token.text)
