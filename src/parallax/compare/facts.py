"""Fact alignment: which statements of different articles report the same fact.

Two statements are scored by the cosine of their MiniLM embeddings plus agreement of the
details they carry (the same people and places, the same year — "since 2019" and "in
four years" written in 2023 both point at 2019 —, the same weekday, the same quantity).
Pairs above ``Settings.fact_threshold`` are joined, best first, so that a fact holds at
most one statement per article. A fact whose statements give different numbers, years,
weekdays or people is kept together and says so in ``Fact.disagreement``.

>>> disagreement([_unit("a", {(40.0, "second")}), _unit("b", {(45.0, "second")})])
'numbers differ: 40 vs 45 (second)'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from ..model import Article, Fact, Statement
from .statements import StatementUnit, article_statements, publication_year

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the of to in on at for and or but is are was were be been has have had that this with by from "
    "as it its his her their he she they we i not will would".split()
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
    """Extra similarity for details two statements share (names, years, days, quantities)."""
    bonus = 0.0
    if a.names and b.names:
        bonus += 0.08 * len(a.names & b.names) / len(a.names | b.names)
    if a.years & b.years:
        bonus += 0.10
    if a.weekdays & b.weekdays:
        bonus += 0.04
    if a.quantities & b.quantities:
        bonus += 0.06
    return bonus


def score_pairs(units: Sequence[StatementUnit], vectors: np.ndarray) -> list[tuple[float, int, int]]:
    """(score, i, j) for every pair of statements from different articles, best first."""
    cos = vectors @ vectors.T
    pairs = []
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            if units[i].article == units[j].article:
                continue
            pairs.append((float(cos[i, j]) + detail_bonus(units[i], units[j]), i, j))
    pairs.sort(key=lambda p: -p[0])
    return pairs


def group_statements(
    units: Sequence[StatementUnit], vectors: np.ndarray, threshold: float
) -> list[list[int]]:
    """Join statements into facts, best pairs first, at most one statement per article."""
    group_of = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    for score, i, j in score_pairs(units, vectors):
        if score < threshold:
            break
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if {units[k].article for k in members[gi]} & {units[k].article for k in members[gj]}:
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi].extend(members.pop(gj))
    return [sorted(g, key=lambda k: (units[k].article, units[k].position)) for g in members.values()]


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _differing(sets: list[frozenset]) -> list[frozenset]:  # type: ignore[type-arg]
    filled = [s for s in sets if s]
    for x in range(len(filled)):
        for y in range(x + 1, len(filled)):
            if not filled[x] & filled[y]:
                return [filled[x], filled[y]]
    return []


def disagreement(units: Sequence[StatementUnit]) -> str | None:
    """What the statements of one fact state differently, or None when they agree."""
    notes = []
    units_by_name: dict[str, list[frozenset[float]]] = {}
    for u in units:
        for unit in {q[1] for q in u.quantities}:
            units_by_name.setdefault(unit, []).append(frozenset(v for v, n in u.quantities if n == unit))
    for unit, values in units_by_name.items():
        pair = _differing(values)
        if pair:
            a, b = (", ".join(_fmt(v) for v in sorted(s)) for s in pair)
            notes.append(f"numbers differ: {a} vs {b} ({unit})")
    for label, attr in (("dates differ", "years"), ("days differ", "weekdays"), ("actors differ", "people")):
        pair = _differing([getattr(u, attr) for u in units])
        if pair:
            a, b = (", ".join(str(v).title() if attr == "weekdays" else str(v) for v in sorted(s)) for s in pair)
            notes.append(f"{label}: {a} vs {b}")
    return "; ".join(notes) or None


def build_facts(
    units: Sequence[StatementUnit],
    groups: Sequence[Sequence[int]],
    outlet_of: dict[str, str],
    article_order: Sequence[str],
) -> list[Fact]:
    """Facts from statement groups, the most widely reported first, then in reading order."""
    rank = {a: i for i, a in enumerate(article_order)}

    def key(group: Sequence[int]) -> tuple[int, int, int]:
        first = min(group, key=lambda k: (rank.get(units[k].article, 0), units[k].position))
        return (-len(group), rank.get(units[first].article, 0), units[first].position)

    facts = []
    for group in sorted(groups, key=key):
        members = [units[k] for k in group]
        members.sort(key=lambda u: rank.get(u.article, 0))
        statements = tuple(Statement(u.article, u.text, u.start, u.end) for u in members)
        outlets = tuple(dict.fromkeys(outlet_of.get(u.article, u.article) for u in members))
        facts.append(Fact(statements=statements, outlets=outlets,
                          disagreement=disagreement(members) if len(members) > 1 else None))
    return facts


def _unit(article: str, quantities: set[tuple[float, str]]) -> StatementUnit:
    """A bare statement carrying only quantities (for examples and tests)."""
    return StatementUnit(article, "", 0, 0, 0, quantities=frozenset(quantities))


def align_facts(
    articles: Sequence[Article],
    links: dict[str, dict[str, str]],
    encode: Callable[[list[str]], np.ndarray],
    *,
    threshold: float,
) -> list[Fact]:
    """Facts of a story's articles (one representative per duplicate group), aligned."""
    year = publication_year(articles)
    units: list[StatementUnit] = []
    for article in articles:
        units.extend(article_statements(article, reference_year=year, canonical=links.get(article.id, {})))
    if not units:
        return []
    vectors = encode([u.text for u in units])
    groups = group_statements(units, vectors, threshold)
    outlet_of = {a.id: a.outlet or a.id for a in articles}
    return build_facts(units, groups, outlet_of, [a.id for a in articles])
