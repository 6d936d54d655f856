"""Fact alignment: which statements of different articles report the same fact.

Two statements are scored by the cosine of their MiniLM embeddings plus agreement of the
details they carry (the same people and places, the same year — "since 2019" and "in
four years" written in 2023 both point at 2019 —, the same weekday, the same quantity).
A clause cut from a longer sentence is embedded within that sentence (the mean of its
tokens' states in the sentence's pass), so every sentence goes through MiniLM once, and
the sentence vectors serve the loaded-wording model too.
Pairs above ``Settings.fact_threshold`` are joined, best first, so that a fact holds at
most one statement per article; two facts join only where their statements agree on
average, so one strong pair cannot chain unrelated statements into one fact. A fact whose
statements give different numbers, years, weekdays or people is kept together and says so
in ``Fact.disagreement``.

>>> disagreement([_unit("a", {(40.0, "second")}), _unit("b", {(45.0, "second")})])
'numbers differ: 40 vs 45 (second)'
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from ..model import Article, Fact, QuoteMatch, Statement
from .quotes import content_words
from .statements import StatementUnit, article_sentences, article_statements, publication_year, word_count

OVERLAP_WEIGHT = 0.2
QUOTE_BONUS = 0.3
STANCE_BONUS = 0.15  # as much as one name shared by two statements that each name one

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "with", "by", "from", "as", "it", "its", "his", "her", "their", "he", "she", "they", "we", "i", "not", "will", "would"]
)


def _bag(text: str) -> Counter[str]:
    return Counter(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def lexical_vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit bag-of-words vectors: the similarity used when embeddings are switched off."""
    vocab: dict[str, int] = {}
    bags = [_bag(t) for t in texts]
    for bag in bags:
        for w in bag:
            vocab.setdefault(w, len(vocab))
    out = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    for i, bag in enumerate(bags):
        for w, c in bag.items():
            out[i, vocab[w]] = c
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.clip(norms, 1e-9, None)


def detail_bonus(a: StatementUnit, b: StatementUnit) -> float:
    """Extra similarity for details two statements share (names, years, days, quantities,
    a matched quote)."""
    bonus = 0.0
    if a.names and b.names:
        bonus += 0.15 * len(a.names & b.names) / min(len(a.names), len(b.names))
    if a.years & b.years:
        bonus += 0.10
    if a.weekdays & b.weekdays:
        bonus += 0.04
    if a.stances & b.stances:  # the same reaction voiced ("expressed concern", "voiced its concern")
        bonus += STANCE_BONUS
    if a.quantities & b.quantities:
        bonus += 0.06
    if a.quotes & b.quotes:  # they carry renderings of the same quote
        bonus += QUOTE_BONUS
    return bonus


def story_centred(vectors: np.ndarray) -> np.ndarray:
    """Remove what all statements of the story share (its topic) from their vectors, so
    that similarity reflects what each statement says rather than what the story is about."""
    if len(vectors) < 3:
        return vectors
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    return centred / np.clip(np.linalg.norm(centred, axis=1, keepdims=True), 1e-9, None)


def _shared(sets: Sequence[frozenset[str] | set[str]]) -> np.ndarray:
    """How many members each two sets share (exact counts), as a dense matrix."""
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, items in enumerate(sets):
        for item in items:
            rows.append(row)
            cols.append(vocab.setdefault(item, len(vocab)))
    m = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(1, len(vocab))))
    return np.asarray((m @ m.T).toarray(), dtype=np.float64)


def overlaps(words: Sequence[set[str]]) -> np.ndarray:
    """:func:`word_overlap` of every two sets of content words, as a matrix."""
    sizes = np.array([len(w) for w in words], dtype=np.float64)
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        out = _shared(words) / smaller
    out[smaller == 0] = 0.0
    return out


def detail_bonuses(units: Sequence[StatementUnit]) -> np.ndarray:
    """:func:`detail_bonus` of every two statements, as a matrix (added in the same order)."""
    sizes = np.array([len(u.names) for u in units], dtype=np.float64)
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        bonus = np.where(smaller > 0, 0.15 * _shared([u.names for u in units]) / smaller, 0.0)
    for attr, weight in (("years", 0.10), ("weekdays", 0.04), ("stances", STANCE_BONUS), ("quantities", 0.06),
                         ("quotes", QUOTE_BONUS)):
        sets = [frozenset(map(repr, getattr(u, attr))) for u in units]
        bonus = np.where(_shared(sets) > 0, bonus + weight, bonus)
    return bonus


def anchored(units: Sequence[StatementUnit], details: np.ndarray) -> np.ndarray:
    """Which pairs may join on a loose similarity: those that share a concrete detail
    (``details``, :func:`detail_bonuses`, above zero) and do not quote different people
    (two outlets quoting one statement give it the same speaker)."""
    ok = details > 0
    spoken = [k for k, u in enumerate(units) if u.speakers]
    for x, i in enumerate(spoken):
        for j in spoken[x + 1 :]:
            if units[i].speakers.isdisjoint(units[j].speakers) and not units[i].quotes & units[j].quotes:
                ok[i, j] = ok[j, i] = False
    return ok


def pair_scores(units: Sequence[StatementUnit], vectors: np.ndarray, context: np.ndarray | None = None,
                details: np.ndarray | None = None) -> np.ndarray:
    """How likely every two statements are to state the same fact: the cosine of their
    story-centred vectors plus the details they share (``details``, :func:`detail_bonuses`
    where already computed) and their word overlap. ``context`` holds vectors of short
    statements read with the sentence before them ("The US was quick to voice its concern."
    says little alone); the better reading counts."""
    if details is None:
        details = detail_bonuses(units)
    own = story_centred(vectors)
    cos = own @ own.T
    if context is not None:
        ctx = story_centred(context)
        cos = np.maximum(cos, np.maximum(ctx @ own.T, own @ ctx.T))
    # cosine + details + word overlap, summed in float32 in the same order as pair by pair
    return (cos.astype(np.float32) + details.astype(np.float32)
            + (OVERLAP_WEIGHT * overlaps([content_words(u.text) for u in units])).astype(np.float32))


def score_pairs(
    units: Sequence[StatementUnit], vectors: np.ndarray, *, threshold: float, mutual_threshold: float,
    context: np.ndarray | None = None, scores: np.ndarray | None = None, anchors: np.ndarray | None = None,
) -> list[tuple[float, int, int]]:
    """(score, i, j) of the statement pairs from different articles that may state the same
    fact, best first: pairs scoring ``threshold`` or more, and pairs that are each other's
    best match between their two articles, score ``mutual_threshold`` or more and are
    ``anchors`` (:func:`anchored`: they share a concrete detail, a name, year, weekday,
    quantity or matched quote, and do not quote different people). Loosely similar
    statements without that are mostly different things said about the same event.
    ``scores`` are those of :func:`pair_scores` where already computed."""
    by_article: dict[str, list[int]] = {}
    for k, u in enumerate(units):
        by_article.setdefault(u.article, []).append(k)
    groups = list(by_article.values())
    if len(groups) < 2:
        return []
    if scores is None or anchors is None:
        details = detail_bonuses(units)
        anchors = anchored(units, details) if anchors is None else anchors
        scores = pair_scores(units, vectors, context, details) if scores is None else scores
    score = scores
    pairs = []
    for x, left in enumerate(groups):
        for right in groups[x + 1 :]:
            block = score[np.ix_(left, right)]
            best_right, best_left = block.argmax(axis=1), block.argmax(axis=0)
            mutual = ((best_right[:, None] == np.arange(len(right))[None, :])
                      & (best_left[None, :] == np.arange(len(left))[:, None]))
            keep = (block >= threshold) | (mutual & (block >= mutual_threshold) & anchors[np.ix_(left, right)])
            for a, b in zip(*np.nonzero(keep), strict=True):
                pairs.append((float(block[a, b]), left[a], right[b]))
    pairs.sort(key=lambda p: -p[0])
    return pairs


def group_statements(
    units: Sequence[StatementUnit], vectors: np.ndarray, *, threshold: float, mutual_threshold: float,
    context: np.ndarray | None = None, scores: np.ndarray | None = None, details: np.ndarray | None = None,
) -> list[list[int]]:
    """Join statements into facts, best pairs first, at most one statement per article.
    Two facts join only if their statements agree on average (mean pair score at least
    ``mutual_threshold``): one strong pair must not chain unrelated statements together.
    ``scores`` and ``details`` (:func:`pair_scores`, :func:`detail_bonuses`) where already
    computed."""
    if details is None:
        details = detail_bonuses(units)
    if scores is None:
        scores = pair_scores(units, vectors, context, details)
    group_of = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    for _score, i, j in score_pairs(units, vectors, threshold=threshold, mutual_threshold=mutual_threshold,
                                     scores=scores, anchors=anchored(units, details)):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if {units[k].article for k in members[gi]} & {units[k].article for k in members[gj]}:
            continue
        if (len(members[gi]) > 1 or len(members[gj]) > 1) and float(
                scores[np.ix_(members[gi], members[gj])].mean()) < mutual_threshold:
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi].extend(members.pop(gj))
    return [sorted(g, key=lambda k: (units[k].article, units[k].position)) for g in members.values()]


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


Close = Callable[[int, int], bool]
_PARTICLES = frozenset({"de", "da", "del", "der", "di", "du", "la", "le", "van", "von", "bin", "al", "el", "ibn", "y"})


def full_name(name: str) -> bool:
    """Whether ``name`` reads as a person's full name ("Zabihullah Mujahid", "Ursula von der
    Leyen"): two words or more, each capitalised but for name particles. A single word or
    a phrase with other lower-case words ("Kunduz", "Memphis Hustle - boarded") is too
    likely a recogniser's slip to set two statements against each other."""
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def _differing(sets: Sequence[frozenset], close: Close | None = None) -> list[frozenset]:  # type: ignore[type-arg]
    """Two filled sets with nothing in common, of statements that may be contrasted."""
    filled = [(k, s) for k, s in enumerate(sets) if s]
    for x in range(len(filled)):
        for y in range(x + 1, len(filled)):
            (i, a), (j, b) = filled[x], filled[y]
            if not a & b and (close is None or close(i, j)):
                return [a, b]
    return []


def disagreement(units: Sequence[StatementUnit], close: Close | None = None) -> str | None:
    """What the statements of one fact state differently, or None when they agree.
    ``close(i, j)`` says whether statements ``i`` and ``j`` are near enough to each other to
    be contrasted (in a fact of many statements, two may share it only through others)."""
    notes = []
    units_by_name: dict[str, list[frozenset[float]]] = {}
    for unit in sorted({q[1] for u in units for q in u.quantities}):  # sorted: the same notes in every run
        units_by_name[unit] = [frozenset(v for v, n in u.quantities if n == unit) for u in units]
    for unit, values in units_by_name.items():
        pair = _differing(values, close)
        if pair:
            a, b = (", ".join(_fmt(v) for v in sorted(s)) for s in pair)
            notes.append(f"numbers differ: {a} vs {b} ({unit})")
    for label, attr in (("dates differ", "years"), ("days differ", "weekdays"), ("actors differ", "people")):
        sets = [getattr(u, attr) for u in units]
        if attr == "people":  # only "who did it" contrasts: one person, fully named, on each side
            sets = [p if len(p) == 1 and full_name(next(iter(p))) else frozenset() for p in sets]
        pair = _differing(sets, close)
        if pair:
            a, b = (", ".join(str(v).title() if attr == "weekdays" else str(v) for v in sorted(s)) for s in pair)
            notes.append(f"{label}: {a} vs {b}")
    return "; ".join(notes) or None


def build_facts(
    units: Sequence[StatementUnit],
    groups: Sequence[Sequence[int]],
    outlet_of: dict[str, str],
    article_order: Sequence[str],
    scores: np.ndarray | None = None,
    threshold: float | None = None,
) -> list[Fact]:
    """Facts from statement groups, the most widely reported first, then in reading order.
    With ``scores`` (:func:`pair_scores`) and ``threshold``, a disagreement contrasts only
    statements scoring ``threshold`` or more together, and each fact says how closely its
    statements agree (``strength``) and whether that is below ``threshold`` (``loose``)."""
    rank = {a: i for i, a in enumerate(article_order)}
    close = None if scores is None or threshold is None else _at_least(scores, threshold)

    def key(group: Sequence[int]) -> tuple[int, int, int]:
        first = min(group, key=lambda k: (rank.get(units[k].article, 0), units[k].position))
        return (-len(group), rank.get(units[first].article, 0), units[first].position)

    facts = []
    for group in sorted(groups, key=key):
        order = sorted(group, key=lambda k: rank.get(units[k].article, 0))
        members = [units[k] for k in order]
        statements = tuple(Statement(u.article, u.text, u.start, u.end) for u in members)
        outlets = tuple(dict.fromkeys(outlet_of.get(u.article, u.article) for u in members))
        near = None if close is None else (lambda i, j, order=order: close(order[i], order[j]))  # type: ignore[misc]
        strength = None
        if scores is not None and len(order) > 1:
            pairs = scores[np.ix_(order, order)][np.triu_indices(len(order), 1)]
            strength = round(float(pairs.mean()), 3)
        facts.append(Fact(statements=statements, outlets=outlets,
                          disagreement=disagreement(members, near) if len(members) > 1 else None,
                          strength=strength, loose=strength is not None and threshold is not None
                          and strength < threshold))
    return facts


def _unit(article: str, quantities: set[tuple[float, str]]) -> StatementUnit:
    """A bare statement carrying only quantities (for examples and tests)."""
    return StatementUnit(article, "", 0, 0, 0, quantities=frozenset(quantities))


def mark_quotes(unit: StatementUnit, matches: Sequence[QuoteMatch]) -> StatementUnit:
    """The statement with the indexes of the matched quotes that overlap it."""
    held = {i for i, m in enumerate(matches) for q in m.quotes
            if q.article == unit.article and q.start < unit.end and unit.start < q.end}
    return dataclasses.replace(unit, quotes=frozenset(held)) if held else unit


def _read_with_previous(units: Sequence[StatementUnit], k: int, short: int) -> bool:
    """Whether statement ``k`` is short and follows another statement of its article."""
    return k > 0 and units[k - 1].article == units[k].article and word_count(units[k].text) < short


def context_text(units: Sequence[StatementUnit], k: int, *, short: int = 10) -> str:
    """A short statement together with the statement before it in the same article."""
    if _read_with_previous(units, k, short):
        return f"{units[k - 1].text} {units[k].text}"
    return units[k].text


Piece = tuple[str, int, int]


def statement_requests(
    articles: Sequence[Article], units: Sequence[StatementUnit], *, short: int = 10
) -> tuple[list[list[Piece]], list[list[Piece]]]:
    """What to embed for each statement, as pieces of the sentences the embedder reads
    (see ``Embedder.encode_pieces``): the statement within its sentence, and the statement
    read with the one before it (as :func:`context_text` joins them)."""
    hosts: dict[str, tuple[list[int], list[int], list[str]]] = {}
    for article in articles:
        spans = sorted(article_sentences(article), key=lambda s: s.start)
        hosts[article.id] = ([s.start for s in spans], [s.end for s in spans],
                             [article.body[s.start : s.end] for s in spans])

    def piece(unit: StatementUnit) -> list[Piece]:
        starts, ends, texts = hosts.get(unit.article, ([], [], []))
        i = bisect.bisect_right(starts, unit.start) - 1
        if i < 0 or ends[i] < unit.end:
            return [(unit.text, 0, len(unit.text))]
        text = texts[i]
        if text.strip() == unit.text:
            return [(text, 0, len(text))]
        return [(text, unit.start - starts[i], unit.end - starts[i])]

    own = [piece(u) for u in units]
    around = [own[k - 1] + own[k] if _read_with_previous(units, k, short) else own[k] for k in range(len(units))]
    return own, around


def _at_least(scores: np.ndarray, threshold: float) -> Close:
    """Whether two statements (indexes into ``scores``) score ``threshold`` or more."""
    return lambda i, j: bool(scores[i, j] >= threshold)


def align_facts(
    articles: Sequence[Article],
    links: dict[str, dict[str, str]],
    encode: Callable[[list[str]], np.ndarray],
    *,
    threshold: float,
    mutual_threshold: float,
    quote_matches: Sequence[QuoteMatch] = (),
    encode_pieces: Callable[[list[list[Piece]]], np.ndarray] | None = None,
) -> list[Fact]:
    """Facts of a story's articles (one representative per duplicate group), aligned;
    statements that carry renderings of one matched quote lean toward the same fact.
    With ``encode_pieces`` (``Embedder.encode_pieces``) each sentence is read once and its
    clauses are pooled from that pass; else ``encode`` embeds every statement on its own."""
    year = publication_year(articles)
    units: list[StatementUnit] = []
    for article in articles:
        units.extend(article_statements(article, reference_year=year, canonical=links.get(article.id, {})))
    units = [mark_quotes(u, quote_matches) for u in units]
    if not units:
        return []
    scores: np.ndarray | None = None
    if len({u.article for u in units}) < 2:  # one article: no pair to align, nothing to embed
        groups = [[k] for k in range(len(units))]
    else:
        if encode_pieces is not None:
            own, around = statement_requests(articles, units)
            both = encode_pieces(own + around)  # in one call, so each sentence is run once
            vectors, context = both[: len(own)], both[len(own) :]
        else:
            vectors = encode([u.text for u in units])
            context = encode([context_text(units, k) for k in range(len(units))])
        details = detail_bonuses(units)
        scores = pair_scores(units, vectors, context, details)
        groups = group_statements(units, vectors, threshold=threshold, mutual_threshold=mutual_threshold,
                                  scores=scores, details=details)
    outlet_of = {a.id: a.outlet or a.id for a in articles}
    return build_facts(units, groups, outlet_of, [a.id for a in articles], scores, threshold)
