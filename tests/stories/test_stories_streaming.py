"""Streaming assignment: deterministic per order, time window, merging, the centroid index."""

from __future__ import annotations

import numpy as np

from parallax.model import Article
from parallax.stories import StreamingClusterer
from parallax.stories.centroids import CentroidIndex


def run(articles: list[Article], **kwargs: object) -> list[tuple[str, ...]]:
    stream = StreamingClusterer(use_embeddings=False, **kwargs)  # type: ignore[arg-type]
    keys = [stream.add(a) for a in articles]
    assert all(isinstance(k, str) for k in keys)
    return sorted(s.articles for s in stream.stories())


def test_same_order_gives_same_stories(quake_corpus: list[Article]) -> None:
    order = [quake_corpus[i] for i in (4, 0, 7, 2, 5, 1, 6, 3)]
    first = run(order)
    assert first == run(order)
    assert {frozenset(g) for g in first} >= {frozenset({"chile0", "chile1", "chile2"}),
                                             frozenset({"peru0", "peru1", "peru2"})}


def test_articles_outside_the_window_open_a_new_story(quake_corpus: list[Article]) -> None:
    chile = quake_corpus[:3]
    later = chile[2].replace(id="chile-later", published="2024-05-20")
    stories = run([*chile, later], window_days=10.0)
    assert ("chile-later",) in stories


def test_stories_that_an_article_bridges_merge() -> None:
    stream = StreamingClusterer(use_embeddings=False, threshold=0.65, dim=3)
    a = np.array([1.0, 0.0, 0.0])
    b = np.array([0.9, np.sqrt(1 - 0.81), 0.0])
    mid = a + b
    art = [Article(id=str(i), source=str(i), body="") for i in range(3)]
    k1 = stream.add(art[0], a / np.linalg.norm(a))
    k2 = stream.add(art[1], b / np.linalg.norm(b))
    assert k1 != k2
    k3 = stream.add(art[2], mid / np.linalg.norm(mid))
    assert stream.resolve(k1) == stream.resolve(k2) == k3
    assert [s.articles for s in stream.stories()] == [("0", "1", "2")]


def test_centroid_index_moves_and_forgets() -> None:
    index = CentroidIndex(dim=2, exact_below=4)
    rng = np.random.default_rng(0)
    for i in range(10):
        v = rng.normal(size=2)
        index.put(f"s{i}", v / np.linalg.norm(v))
    index.put("s0", np.array([0.0, 1.0]))
    index.remove("s1")
    assert len(index) == 9
    found = index.search(np.array([0.0, 1.0]), 3)
    assert found[0] == ("s0", 1.0) and all(k != "s1" for k, _ in found)


def test_an_article_added_twice_counts_once(quake_corpus: list[Article]) -> None:
    stream = StreamingClusterer(use_embeddings=False)
    first = stream.add(quake_corpus[0])
    assert stream.add(quake_corpus[0]) == first
    assert [s.articles for s in stream.stories()] == [("chile0",)]


def test_large_corpora_are_streamed_with_duplicates_marked(quake_corpus: list[Article],
                                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from parallax.config import Settings
    from parallax.stories import batch, group_stories

    monkeypatch.setattr(batch, "MAX_BATCH", 3)
    wire = quake_corpus[3].body + " " + quake_corpus[5].body
    copies = [quake_corpus[3].replace(id=f"copy{i}", source=f"copy{i}", body=wire) for i in range(2)]
    stories = group_stories([*quake_corpus, *copies], settings=Settings(use_embeddings=False))
    assert sorted(a for s in stories for a in s.articles) == sorted(a.id for a in [*quake_corpus, *copies])
    assert any(s.duplicates == (("copy0", "copy1"),) for s in stories)
