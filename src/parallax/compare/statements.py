"""Statements: the sentences (or clauses of long sentences) an article asserts, with the
checkable details each one carries — numbers, years, weekdays, names.

Details let the fact aligner tell "first meeting since 2019" and "first time in four
years" apart from "first meeting since 2011": both are turned into the year they point at.

>>> [s.text for s in split_clauses("The leaders toasted one another on Wednesday as they held "
...     "a first meeting since 2019 at the launch site in the far east.", 0, long_words=10)]
['The leaders toasted one another on Wednesday', 'as they held a first meeting since 2019 at the launch site in the far east.']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Actor, Article, Span

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9][\w’'-]*")
_SUBORDINATE = re.compile(
    r"^(while|although|though|after|before|when|as|since|if|despite|because|once|until)\b", re.IGNORECASE
)
# Places where a long sentence can be cut into two statements of its own.
# ", blaming a reservoir that ...", ", citing ...": a participle after a comma opens a clause
# of its own; these words end in -ing without being one.
_NOT_PARTICIPLES = ("during", "morning", "evening", "nothing", "something", "anything", "everything", "king",
                    "thing", "things", "spring", "string", "ceiling", "building", "wedding", "meeting",
                    "hearing", "ruling", "beijing", "according", "notwithstanding", "pending")
_CLAUSE_BREAK = re.compile(
    r"(?:;\s+|,\s+(?=(?:while|although|though|but|as|after|before|where|adding|saying|"
    r"including|and then|whereas)\b)|\s+(?=(?:but|while|whereas|as they|as he|as she|as it|after|before)\s)"
    r"|,\s+(?=(?!(?:" + "|".join(_NOT_PARTICIPLES) + r")\b)[a-z]+ing\s))"
)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}
# Words that multiply what comes before them ("two dozen", "3.5 million", "a hundred").
SCALES = {"hundred": 100.0, "dozen": 12.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "bn": 1e9}
CURRENCIES = {"$": "dollar", "£": "pound", "€": "euro", "dollar": "dollar", "pound": "pound", "euro": "euro",
              "yuan": "yuan", "yen": "yen", "rouble": "ruble", "ruble": "ruble"}
_QUANTITY_TOKEN = re.compile(r"[$£€%]|\d[\d,]*(?:\.\d+)?[a-z]*|[a-z]+(?:'[a-z]+)?", re.IGNORECASE)
_DIGITS = re.compile(r"(\d[\d,]*(?:\.\d+)?)([a-z]*)", re.IGNORECASE)
# Capitalised words that open a sentence before a number ("About 40 people").
_OPENERS = frozenset({"About", "Some", "Nearly", "Almost", "Over", "Around", "At", "In", "On", "By", "Of", "The",
                      "And", "But", "More", "Than", "Up", "To", "Only", "Just", "All", "Another", "Roughly",
                      "Approximately", "Fewer", "Less", "With", "After", "Before", "For", "From"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "all", "total"})
_FILLERS = frozenset({"more", "new", "other", "extra", "additional", "further"})
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_NUM = r"(\d[\d,]*(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_YEARS_AGO = re.compile(r"\b(?:in|for|over|after)\s+(?:the\s+(?:past|last)\s+)?" + _NUM + r"\s+years?\b", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)*")
_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
_NOT_NAMES = frozenset({"The", "A", "An", "He", "She", "They", "It", "We", "I", "This", "That", "There"})
# Words after a number that are not what it counts ("one of them", "no one said").
_UNIT_NOUNS_SKIP = frozenset({
    "of", "and", "or", "the", "a", "an", "to", "in", "on", "at", "per", "by", "for", "from", "with", "than", "as",
    "who", "which", "that", "this", "these", "those", "is", "was", "were", "are", "be", "been", "said", "says",
    "say", "told", "has", "have", "had", "will", "would", "could", "can", "may", "might", "did", "do", "does",
    "another", "each", "other", "it", "its", "he", "she", "they", "we", "i", "you", "if", "but", "not",
})


@dataclass(frozen=True)
class StatementUnit:
    """One statement of one article, with the details used to align and compare it."""

    article: str
    text: str
    start: int
    end: int
    position: int
    quantities: frozenset[tuple[float, str]] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)
    weekdays: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)
    people: frozenset[str] = field(default_factory=frozenset)
    quotes: frozenset[int] = field(default_factory=frozenset)  # matched quotes it holds (QuoteMatch index)
    speakers: frozenset[str] = field(default_factory=frozenset)  # who says what it quotes or reports
    stances: frozenset[str] = field(default_factory=frozenset)  # reactions voiced: "concern", "fear", ...


def word_count(text: str) -> int:
    """Number of words in ``text``."""
    return len(_WORD.findall(text))


def split_sentences(body: str) -> list[Span]:
    """Sentence spans of ``body`` by punctuation, paragraph by paragraph (used when the
    article carries no sentence annotation)."""
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", body):
        start = para.start()
        cuts = [m.start() for m in _SENTENCE_END.finditer(para.group())] + [len(para.group())]
        offset = 0
        for cut in cuts:
            piece = para.group()[offset:cut]
            lead = len(piece) - len(piece.lstrip())
            end = start + offset + len(piece.rstrip())
            if piece.strip():
                spans.append(Span(start + offset + lead, end, "sentence", body[start + offset + lead : end]))
            nxt = para.group()[cut:]
            offset = cut + (len(nxt) - len(nxt.lstrip()))
    return spans


def article_sentences(article: Article) -> list[Span]:
    """The article's sentences as annotated, or found by punctuation when it has none."""
    return list(article.sentences) or split_sentences(article.body)


def sentence_spans(article: Article) -> list[Span]:
    """The article's sentences (see :func:`article_sentences`), never running across a
    paragraph break, trimmed of surrounding white space."""
    out = []
    for span in article_sentences(article):
        for part in re.finditer(r"[^\n]+", article.body[span.start : span.end]):
            text = part.group()
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if text:
                start = span.start + part.start() + lead
                out.append(Span(start, start + len(text), span.label or "sentence", text))
    return out


_CLOSERS = "\"'”’)]»"


def heading_line(body: str, span: Span, *, max_words: int = 12, paragraph_break: str | None = None) -> bool:
    """Whether ``span`` is a paragraph of its own that does not read as a sentence: a subheading
    ("‘Glory to Russia will be immortal’"), a credit or a "Read more" line. It states no
    fact of its own (a subheading repeats one the article states below it). Paragraphs
    end at a blank line where the body has any (its single line breaks are then wraps),
    else at each line break (``paragraph_break``, found from ``body`` when not given)."""
    sep = paragraph_break or ("\n\n" if "\n\n" in body else "\n")
    before, after = body[: span.start].rstrip(" \t"), body[span.end :].lstrip(" \t")
    alone = (not before or before.endswith(sep)) and (not after or after.startswith(sep))
    if not alone or word_count(span.text) >= max_words:
        return False
    return span.text.rstrip().rstrip(_CLOSERS)[-1:] not in ".!?…:"


def sentence_texts(article: Article) -> list[str]:
    """The text of each sentence of the article (see :func:`article_sentences`)."""
    return [article.body[s.start : s.end] for s in article_sentences(article)]


def split_clauses(text: str, start: int, *, long_words: int = 22, min_words: int = 5) -> list[Span]:
    """Cut a long sentence into clauses that each state something; short ones stay whole."""
    if word_count(text) < long_words:
        return [Span(start, start + len(text), "statement", text)]
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    if _SUBORDINATE.match(text):
        # a leading subordinate clause ("Before entering the hall, ...") is a statement of
        # its own: the main clause after it says what happened
        comma = text.find(", ")
        cuts = [c for c in cuts if c > comma] + ([comma + 2] if comma > 0 else [])
    # Count words by their start offsets, so a sentence of many clauses costs one scan.
    word_starts = [m.start() for m in _WORD.finditer(text)]

    def words_between(a: int, b: int) -> int:
        return bisect.bisect_left(word_starts, b) - bisect.bisect_left(word_starts, a)

    pieces: list[tuple[int, int]] = []
    last = 0
    for cut in sorted(set(cuts)):
        if words_between(last, cut) >= min_words and words_between(cut, len(text)) >= min_words:
            pieces.append((last, cut))
            last = cut
    pieces.append((last, len(text)))
    spans = []
    for a, b in pieces:
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        spans.append(Span(start + a + lead, start + a + lead + len(piece), "statement", piece))
    return spans


def _number(token: str) -> float | None:
    token = token.lower().replace(",", "")
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    try:
        return float(token)
    except ValueError:
        return None


def _unit(word: str) -> str:
    word = word.lower()
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _number_phrase(words: Sequence[str], i: int) -> tuple[float, int, bool] | None:
    """The number written from ``words[i]`` on ("twenty-five", "one hundred and twenty",
    "3.5 million", "a dozen"): (value, index after it, whether it was written in digits),
    or None when no number starts there."""
    word = words[i].lower()
    digits = _DIGITS.fullmatch(word)
    if digits:
        suffix = digits.group(2)
        if suffix and suffix not in SCALES:  # "2nd", "10am", "1990s": not a count
            return None
        value = float(digits.group(1).replace(",", ""))
        if suffix:
            return value * SCALES[suffix], i + 1, True
        j = i + 1
        while j < len(words) and words[j].lower() in SCALES and words[j].lower() != "dozen":
            value *= SCALES[words[j].lower()]
            j += 1
        return value, j, True
    j = i
    if word == "a" and i + 1 < len(words) and words[i + 1].lower() in SCALES:
        j = i + 1  # "a dozen", "a million": the scale counts once
    elif word not in NUMBER_WORDS:
        return None
    total = current = 0.0
    last = ""  # "small" (1-19), "tens" (20, 30, ...), "scale"
    while j < len(words):
        w = words[j].lower()
        if w == "and" and last == "scale" and j + 1 < len(words) and words[j + 1].lower() in NUMBER_WORDS:
            j += 1
            continue
        if w in SCALES:
            if w in ("hundred", "dozen"):
                current = (current or 1.0) * SCALES[w]
            else:
                total += (current or 1.0) * SCALES[w]
                current = 0.0
            last = "scale"
        elif w in NUMBER_WORDS and (last in ("", "scale") or (last == "tens" and NUMBER_WORDS[w] < 10)):
            current += NUMBER_WORDS[w]
            last = "tens" if NUMBER_WORDS[w] >= 20 and NUMBER_WORDS[w] % 10 == 0 else "small"
        else:
            break
        j += 1
    return total + current, j, False


def quantities(text: str) -> frozenset[tuple[float, str]]:
    """(value, unit) pairs: (40, "second") for "a 40-second handshake", (25, "troop") for
    "twenty-five more troops", (3500000, "dollar") for "$3.5 million" and "3.5 million
    dollars", (40, "percent") for "40%", (18, "percent of capacity") for "18 percent of its
    capacity". Not quantities: a four-digit number from 1800 to 2099 written alone (a
    year), a number after a capitalised word ("Boeing 747", "Falcon 9", "June 1": part of
    a name or a date), one followed by what it does not count ("one of") or by a name
    ("six North Korean firms"; a plural one still counts: "five Americans")."""
    words = _QUANTITY_TOKEN.findall(text)
    found = set()
    i = 0
    while i < len(words):
        currency = CURRENCIES.get(words[i]) if words[i] in ("$", "£", "€") else None
        parsed = _number_phrase(words, i + 1 if currency else i)
        if parsed is None:
            i += 1
            continue
        value, j, in_digits = parsed
        if in_digits and not currency and j == i + 1 and _YEAR.fullmatch(words[i]):
            i = j
            continue
        if not currency and i > 0 and words[i - 1][:1].isupper() and words[i - 1] not in _OPENERS:
            i = j  # "Boeing 747", "June 1", "Article 5"
            continue
        unit = currency
        if j < len(words) and (words[j] == "%" or words[j].lower() == "percent"):
            unit, j = unit or "percent", j + 1
        elif j + 1 < len(words) and words[j].lower() == "per" and words[j + 1].lower() == "cent":
            unit, j = unit or "percent", j + 2
        if unit == "percent":  # a share of what: "18 percent of capacity" is no "20 percent" cut
            of = j + 1
            while of < len(words) and words[of].lower() in _DETERMINERS:
                of += 1
            if j < len(words) and words[j].lower() == "of" and of < len(words) and words[of][0].isalpha():
                unit = f"percent of {_unit(words[of])}"
        while unit is None and j < len(words) and words[j].lower() in _FILLERS:
            j += 1
        if unit is None and j < len(words) and words[j][0].isalpha() and (
                not words[j][0].isupper() or (words[j].endswith("s") and words[j][1:].islower())):
            noun = _unit(words[j])
            unit = CURRENCIES.get(noun, None if noun in _UNIT_NOUNS_SKIP else noun)
        if unit is not None:
            found.add((value, unit))
        i = max(j, i + 1)
    return frozenset(found)


_STANCE = re.compile(
    r"\b(?:express(?:ed|es|ing)?|voic(?:e|ed|es|ing)|vocali[sz](?:e|ed|es|ing)|rais(?:e|ed|es|ing)|"
    r"shar(?:e|ed|es|ing)|signal(?:l?ed|s|l?ing)?|air(?:ed|s|ing)?)\s+(?:\w+\s+){0,2}?"
    r"(concern|fear|worr|alarm|hope|doubt|optimism|skepticism|scepticism|outrage|anger|frustration|regret|"
    r"disappointment|condolence|sympath|support|opposition|gratitude|confidence)\w*",
    re.IGNORECASE,
)


def stances(text: str) -> frozenset[str]:
    """Reactions the statement reports someone voicing: "expressed concern", "voiced
    fears", "was quick to vocalize its concern" all give "concern" or "fear"."""
    return frozenset(m.group(1).lower() for m in _STANCE.finditer(text))


def years(text: str, reference_year: int | None) -> frozenset[int]:
    """Years a statement points at: written ones, and "in four years" counted back from
    the year of publication."""
    found = {int(y) for y in _YEAR.findall(text)}
    if reference_year:
        for m in _YEARS_AGO.finditer(text):
            n = _number(m.group(1))
            if n is not None and n < 200:
                found.add(reference_year - int(n))
    return frozenset(found)


def weekdays(text: str) -> frozenset[str]:
    """Weekday names in the statement, lower-cased."""
    return frozenset(m.group().lower() for m in _WEEKDAY.finditer(text))


def names_in(article: Article, start: int, end: int, canonical: dict[str, str],
             index: _NameIndex | None = None) -> tuple[set[str], set[str]]:
    """Names (people, organisations, places) in ``body[start:end]`` and the people among them,
    mapped to their story-wide canonical names. ``index`` (:class:`_NameIndex` of the
    article) spares a scan of all its entities and mentions for each statement."""
    index = index or _NameIndex(article)
    names: set[str] = set()
    people: set[str] = set()
    ents = index.entities_within(start, end)
    if ents:
        for e in ents:
            name = canonical.get(e.text, e.text)
            names.add(name)
            if e.label == "PERSON" and not article.actors:  # actors, when known, say who is a person
                people.add(name)
    else:
        text = article.body[start:end]
        for m in _NAME.finditer(text):
            if m.group() not in canonical and (m.start() == 0 or m.group() in _NOT_NAMES):
                continue
            names.add(canonical.get(m.group(), m.group()))
    for actor in index.actors_within(start, end):
        name = canonical.get(actor.name, actor.name)
        names.add(name)
        if actor.label == "PERSON":
            people.add(name)
    return names, people


class _NameIndex:
    """An article's name entities and actor mentions, ordered by where they start."""

    def __init__(self, article: Article) -> None:
        self.entities = sorted((e for e in article.entities if e.label in _NAME_LABELS), key=lambda e: e.start)
        self.entity_starts = [e.start for e in self.entities]
        mentions = sorted(((m.start, m.end, k) for k, actor in enumerate(article.actors) for m in actor.mentions))
        self.mentions = mentions
        self.mention_starts = [m[0] for m in mentions]
        self.actors = article.actors

    def entities_within(self, start: int, end: int) -> list[Span]:
        first = bisect.bisect_left(self.entity_starts, start)
        last = bisect.bisect_left(self.entity_starts, end)
        return [e for e in self.entities[first:last] if e.end <= end]

    def actors_within(self, start: int, end: int) -> list[Actor]:
        """Actors with a mention inside ``start:end``, in the order of the article's actors."""
        first = bisect.bisect_left(self.mention_starts, start)
        last = bisect.bisect_left(self.mention_starts, end)
        found = sorted({k for s, e, k in self.mentions[first:last] if e <= end})
        return [self.actors[k] for k in found]


def article_statements(
    article: Article,
    *,
    reference_year: int | None = None,
    canonical: dict[str, str] | None = None,
    long_words: int = 22,
    details: bool = True,
) -> list[StatementUnit]:
    """The statements of ``article`` in reading order, with their details (without them,
    where only the statements' places are wanted, e.g. to embed them ahead of need)."""
    canonical = canonical or {}
    index = _NameIndex(article) if details else None
    units: list[StatementUnit] = []
    paragraph_break = "\n\n" if "\n\n" in article.body else "\n"
    for sentence in sentence_spans(article):
        if heading_line(article.body, sentence, paragraph_break=paragraph_break):
            continue
        for clause in split_clauses(sentence.text, sentence.start, long_words=long_words):
            if word_count(clause.text) < 3:
                continue
            if not details:
                units.append(StatementUnit(article=article.id, text=clause.text, start=clause.start,
                                           end=clause.end, position=len(units)))
                continue
            names, people = names_in(article, clause.start, clause.end, canonical, index)
            speakers = frozenset(canonical.get(q.speaker, q.speaker) for q in article.quotes
                                 if q.speaker and q.kind != "scare" and q.start < clause.end and clause.start < q.end)
            units.append(
                StatementUnit(
                    article=article.id, text=clause.text, start=clause.start, end=clause.end,
                    position=len(units), quantities=quantities(clause.text),
                    years=years(clause.text, reference_year), weekdays=weekdays(clause.text),
                    names=frozenset(names), people=frozenset(people), speakers=speakers,
                    stances=stances(clause.text),
                )
            )
    return units


def publication_year(articles: Iterable[Article]) -> int | None:
    """The year most articles of the story were published in, if any says."""
    found = [int(a.published[:4]) for a in articles if a.published and a.published[:4].isdigit()]
    return max(set(found), key=found.count) if found else None
