"""Cross-outlet quote matching: the same statement of one speaker as each outlet renders it.

Outlets trim quotes, translate them differently or paraphrase them. Two quotes of the same
speaker (linked across articles by name) are matched when a blend of embedding cosine and
word overlap (share of the shorter quote's content words found in the other) passes
``Settings.quote_match_threshold``. Each article contributes at most one rendering to a
match, so two different statements of a speaker stay apart.

>>> quote_diff("we will always support you", "we always support you")
[('equal', 'we'), ('delete', 'will'), ('equal', 'always support you')]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Article, Quote, QuoteMatch, QuoteVariant
from ..stories.embed import DIM
from .naming import canonical_speaker

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    ["a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "are", "was", "were", "be", "been", "has", "have", "had", "that", "this", "with", "by", "from", "as", "it", "its", "we", "i", "you", "our", "us", "they", "them", "their", "he", "she", "his", "her", "will", "would", "all", "there", "those", "these", "which", "who", "what", "do", "does", "did", "not", "no", "so", "very", "can", "could"]
)
_UNKNOWN_SPEAKER_BONUS = 0.2  # a quote without a speaker joins only a near-identical rendering


@dataclass(frozen=True)
class _Rendering:
    article: str
    speaker: str | None
    text: str
    start: int
    end: int


def content_words(text: str) -> set[str]:
    """Lower-cased content words, with a crude plural/tense trim so "supports" ~ "supported"."""
    words = set()
    for w in _WORD.findall(text.lower().replace("’", "'")):
        if w in _STOP or len(w) < 2:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
        words.add(w)
    return words


def word_overlap(wa: set[str], wb: set[str]) -> float:
    """Share of the smaller set of content words (:func:`content_words`) found in the other."""
    return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0


#: The encoder quotes are compared with: MiniLM-L6 as packaged, not the distilled three
#: layers that read every sentence. Two outlets' translations of one remark ("stand with
#: Russia in the fight against imperialism" / "be together in the struggle against
#: imperialism") share few words, and the full model keeps such renderings closer; quotes
#: are few, so the extra cost is small.
QUOTE_LAYERS = 6


def quote_similarity(cosine: float, overlap: float) -> float:
    """How likely two quotes render the same statement, in [0, 1], from the cosine of their
    vectors and their :func:`word_overlap`."""
    return 0.6 * max(0.0, cosine) + 0.4 * overlap


def _matchable(quote: Quote) -> bool:
    return quote.kind != "scare" and len(content_words(quote.text)) >= 2


def matchable_quotes(article: Article) -> list[str]:
    """The texts of the article's quotes that may be matched with other outlets' (and so
    may be embedded)."""
    return [q.text for q in article.quotes if _matchable(q)]


def collect_renderings(articles: Sequence[Article], links: dict[str, dict[str, str]]) -> list[_Rendering]:
    """Every quote of the articles with its speaker's story-wide name."""
    known = sorted({c for local in links.values() for c in local.values()}, key=len, reverse=True)
    unlinked: dict[str, str | None] = {}  # speaker names no article links -> story-wide name
    out = []
    for article in articles:
        local = links.get(article.id, {})
        for q in article.quotes:
            if not _matchable(q):
                continue
            if q.speaker and q.speaker not in local:
                if q.speaker not in unlinked:
                    unlinked[q.speaker] = canonical_speaker(q.speaker, local, known)
                speaker = unlinked[q.speaker]
            else:
                speaker = canonical_speaker(q.speaker, local, known)
            out.append(_Rendering(article.id, speaker, q.text, q.start, q.end))
    return out


def _compatible(a: _Rendering, b: _Rendering) -> bool:
    """Whether two renderings may be paired at all: other articles, no two different speakers."""
    return a.article != b.article and not (a.speaker and b.speaker and a.speaker != b.speaker)


def candidate_pairs(items: Sequence[_Rendering], threshold: float) -> list[tuple[int, int, float]]:
    """(i, j, word overlap) of the pairs that can reach ``threshold`` whatever their cosine:
    cross-article, compatible speakers, and for a quote without a speaker enough shared
    words to pass even at cosine 1. Only their quotes need embedding."""
    words = [content_words(r.text) for r in items]
    out = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i], items[j]
            if not _compatible(a, b):
                continue
            overlap = word_overlap(words[i], words[j])
            penalty = 0.0 if a.speaker and b.speaker else _UNKNOWN_SPEAKER_BONUS
            if quote_similarity(1.0, overlap) - penalty < threshold - 1e-6:
                continue
            out.append((i, j, overlap))
    return out


def _pair_scores(items: Sequence[_Rendering], vectors: np.ndarray,
                 candidates: Sequence[tuple[int, int, float]]) -> list[tuple[float, int, int]]:
    """(score, i, j) of the candidate pairs, best first; ``vectors`` row-aligned with ``items``."""
    pairs = []
    for i, j, overlap in candidates:
        a, b = items[i], items[j]
        score = quote_similarity(float(vectors[i] @ vectors[j]), overlap)
        if not (a.speaker and b.speaker):
            score -= _UNKNOWN_SPEAKER_BONUS
        pairs.append((score, i, j))
    pairs.sort(key=lambda p: -p[0])
    return pairs


def _needed(candidates: Sequence[tuple[int, int, float]]) -> list[int]:
    return sorted({k for i, j, _ in candidates for k in (i, j)})


def quotes_to_embed(articles: Sequence[Article], links: dict[str, dict[str, str]], *,
                    threshold: float = 0.55) -> list[str]:
    """The quote texts :func:`match_quotes` will embed for these articles (those with a
    partner to be compared with), to be embedded ahead."""
    items = collect_renderings(articles, links)
    if len(items) < 2:
        return []
    return list(dict.fromkeys(items[k].text for k in _needed(candidate_pairs(items, threshold))))


def match_quotes(
    articles: Sequence[Article],
    links: dict[str, dict[str, str]],
    vectors_for: object,
    *,
    threshold: float = 0.55,
) -> list[QuoteMatch]:
    """Quotes that render the same statement in two or more articles.

    ``vectors_for`` maps a list of texts to unit vectors (the embedder's ``encode``).
    """
    items = collect_renderings(articles, links)
    if len(items) < 2:
        return []
    candidates = candidate_pairs(items, threshold)
    needed = _needed(candidates)
    # only quotes that have a partner to be compared with are embedded
    found = (np.asarray(vectors_for([items[k].text for k in needed]))  # type: ignore[operator]
             if needed else np.zeros((0, DIM), dtype=np.float32))
    vectors = np.zeros((len(items), found.shape[1]), dtype=found.dtype)
    vectors[needed] = found
    group_of = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    scores: dict[int, list[float]] = {i: [] for i in range(len(items))}
    for score, i, j in _pair_scores(items, vectors, candidates):
        if score < threshold:
            break
        gi, gj = group_of[i], group_of[j]
        if gi == gj or {items[k].article for k in members[gi]} & {items[k].article for k in members[gj]}:
            continue
        speakers = {items[k].speaker for k in members[gi] + members[gj]} - {None}
        if len(speakers) > 1:
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi].extend(members.pop(gj))
        scores[gi].extend(scores.pop(gj) + [score])
    order = {a.id: n for n, a in enumerate(articles)}
    matches = []
    for g, idx in members.items():
        if len(idx) < 2:
            continue
        idx.sort(key=lambda k: (order.get(items[k].article, 0), items[k].start))
        speaker = next((items[k].speaker for k in idx if items[k].speaker), None)
        variants = tuple(QuoteVariant(items[k].article, items[k].text, items[k].start, items[k].end) for k in idx)
        matches.append(QuoteMatch(speaker=speaker, quotes=variants, similarity=round(float(np.mean(scores[g])), 3)))
    matches.sort(key=lambda m: (-len(m.quotes), -m.similarity))
    return matches


def quote_diff(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level difference between two renderings: ("equal" | "delete" | "insert", text).

    "delete" words are in ``a`` only, "insert" words in ``b`` only; a replaced stretch
    comes out as a delete followed by an insert.
    """
    wa, wb = a.split(), b.split()
    matcher = difflib.SequenceMatcher(a=[w.lower().strip(".,;:!?\"“”‘’") for w in wa],
                                      b=[w.lower().strip(".,;:!?\"“”‘’") for w in wb], autojunk=False)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(wb[j1:j2])))
            continue
        if i2 > i1:
            out.append(("delete", " ".join(wa[i1:i2])))
        if j2 > j1:
            out.append(("insert", " ".join(wb[j1:j2])))
    return out
