"""Near-duplicates: syndicated wire copy and lightly edited reprints of one article.

Each body is cut into overlapping word shingles; a MinHash signature estimates the
Jaccard overlap of two shingle sets, and locality-sensitive hashing (datasketch) finds
the pairs above the threshold without comparing every pair. Candidate pairs are then
checked against the estimated Jaccard, and groups are the connected components.

>>> from parallax.model import Article
>>> wire = "The central bank raised its key rate by half a point on Tuesday, " * 4
>>> a = Article(id="a", source="a", body=wire)
>>> b = Article(id="b", source="b", body=wire + "Reporting by staff.")
>>> c = Article(id="c", source="c", body="A storm hit the coast overnight and cut power to many homes.")
>>> find_duplicates([a, b, c], 0.8)
[('a', 'b')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..model import Article

SHINGLE_WORDS = 4
NUM_PERM = 128
# Shorter bodies are left out: two 20-word stubs that match are usually the same site
# boilerplate (a consent notice, a video placeholder), not a syndicated article.
MIN_WORDS = 40
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of ``size``-word shingles of ``text`` (lower-cased words), as UTF-8 bytes."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _signature(text: str, num_perm: int):  # type: ignore[no-untyped-def]
    from datasketch import MinHash

    sig = MinHash(num_perm=num_perm, seed=1)
    sig.update_batch(list(shingles(text)))
    return sig


def _components(ids: Sequence[str], pairs: Iterable[tuple[int, int]]) -> list[tuple[str, ...]]:
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(ids)):
        groups.setdefault(root(i), []).append(i)
    found = [tuple(ids[i] for i in members) for members in groups.values() if len(members) > 1]
    return sorted(found)


def duplicate_pairs(articles: Sequence[Article], threshold: float,
                    *, num_perm: int = NUM_PERM) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, whose bodies overlap with Jaccard >= ``threshold``."""
    from datasketch import MinHashLSH

    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"duplicate threshold must be in (0, 1], got {threshold}")
    signatures = [_signature(a.body or "", num_perm) for a in articles]
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    pairs: list[tuple[int, int]] = []
    for i, sig in enumerate(signatures):
        if len(_WORD.findall(articles[i].body or "")) < MIN_WORDS:
            continue  # too short to tell a copy from shared boilerplate
        for key in sorted(lsh.query(sig)):
            if sig.jaccard(signatures[key]) >= threshold:
                pairs.append((key, i))
        lsh.insert(i, sig)
    return pairs


def find_duplicates(articles: Sequence[Article], threshold: float = 0.8) -> list[tuple[str, ...]]:
    """Groups of article ids whose bodies are near-copies (MinHash Jaccard >= ``threshold``).

    Each group lists its ids in input order; articles with no copy are left out. Groups
    are sorted, so the answer does not depend on hashing order.
    """
    ids = [a.id for a in articles]
    return _components(ids, duplicate_pairs(articles, threshold))
