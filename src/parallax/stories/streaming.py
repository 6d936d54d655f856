"""Streaming story assignment: each new article joins an open story or opens one.

An article is scored against the few open stories whose centroid is nearest to its
vector (an approximate nearest-neighbour index, :class:`CentroidIndex`), on meaning
(cosine to the story centroid), names and numbers (how many of the article's rarer
names the story already uses), and publication dates. It joins the best story whose
score reaches the threshold and whose latest article lies within the time window;
otherwise it opens a story. When an article fits two open stories whose centroids are
close, the two stories merge. Stories idle for longer than the window are closed and
leave the index, so memory and latency stay flat on endless streams.

The same articles in the same order always give the same stories.

>>> from parallax.model import Article
>>> stream = StreamingClusterer(use_embeddings=False)
>>> a = stream.add(Article(id="1", source="x", body="Quake of magnitude 6 hits Chile near Valparaiso."))
>>> b = stream.add(Article(id="2", source="x", body="Magnitude 6 quake hits Valparaiso in Chile."))
>>> a == b
True
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..config import Settings
from ..model import Article, Story
from .batch import make_story
from .centroids import CentroidIndex
from .features import article_names, hashed_vector, lead_text, published_day
from .similarity import date_penalty

# Scores are on the batch scale: the join cut equals ``story_threshold`` (default 0.5)
# after this shift; tuned once on the benchmarks' streaming runs.
STREAM_SHIFT = 0.1
MERGE_CENTROID = 0.85  # two stories an article fits merge when their centroids are this close


@dataclass
class _OpenStory:
    key: str
    members: list[Article] = field(default_factory=list)
    vector_sum: np.ndarray | None = None
    names: Counter[str] = field(default_factory=Counter)
    last_day: float | None = None

    def centroid(self) -> np.ndarray:
        assert self.vector_sum is not None
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm > 0 else self.vector_sum


class StreamingClusterer:
    """Assign articles to stories one at a time (see the module docstring).

    ``add`` returns the key of the story the article joined; keys stay valid while the
    stream runs (after a merge, ``resolve`` maps an old key to the surviving one).
    ``stories()`` returns every story so far, with ids derived from member ids.
    """

    def __init__(self, *, settings: Settings | None = None, embedder: Any = None,
                 use_embeddings: bool | None = None, threshold: float | None = None,
                 window_days: float | None = None, candidates: int = 8, dim: int = 256,
                 weights: tuple[float, float] = (0.7, 0.3)) -> None:
        settings = settings or Settings()
        self.settings = settings
        # ``threshold`` is the cut on the stream score itself; by default it follows the setting.
        self.threshold = settings.story_threshold - STREAM_SHIFT if threshold is None else threshold
        self.window_days = settings.story_window_days if window_days is None else window_days
        use = settings.use_embeddings if use_embeddings is None else use_embeddings
        if use and embedder is None:
            from .embed import default_embedder

            embedder = default_embedder()
        self.embedder = embedder if use else None
        self.dim = 384 if self.embedder is not None else dim
        self.candidates = candidates
        self.weights = weights
        self.index = CentroidIndex(self.dim)
        self._open: dict[str, _OpenStory] = {}
        self._closed: list[tuple[str, list[Article]]] = []
        self._alias: dict[str, str] = {}
        self._name_df: Counter[str] = Counter()
        self._seen = 0
        self._clock: float | None = None
        self._made = 0

    # ------------------------------------------------------------------ public
    def vector(self, article: Article) -> np.ndarray:
        """The article's unit vector: MiniLM of its lead, or hashed words without embeddings."""
        if self.embedder is not None:
            return np.asarray(self.embedder.encode([lead_text(article)])[0], dtype=np.float32)
        return hashed_vector(lead_text(article), self.dim)

    def add(self, article: Article, vector: np.ndarray | None = None) -> str:
        """Assign ``article`` to a story and return that story's key."""
        vec = self.vector(article) if vector is None else np.asarray(vector, dtype=np.float32)
        day = published_day(article.published)
        self._advance_clock(day)
        names = set(article_names(article))
        self._seen += 1
        self._name_df.update(names)
        ranked = self._rank(vec, names, day)
        if ranked and ranked[0][0] >= self.threshold:
            story = self._open[ranked[0][1]]
        else:
            story = self._open_story()
        self._join(story, article, vec, names, day)
        for score, key in ranked[1:3]:
            if score >= self.threshold and key in self._open and key != story.key:
                self._maybe_merge(self._open[self.resolve(story.key)], self._open[key])
        return self.resolve(story.key)

    def resolve(self, key: str) -> str:
        """The surviving key of a story that may have merged into another."""
        while key in self._alias:
            key = self._alias[key]
        return key

    def stories(self) -> list[Story]:
        """Every story so far (closed and open), in order of their first article."""
        groups = list(self._closed) + [(s.key, s.members) for s in self._open.values()]
        groups.sort(key=lambda g: int(g[0][1:]))
        return [make_story(members) for _, members in groups]

    # ------------------------------------------------------------------ scoring
    def _rank(self, vec: np.ndarray, names: set[str], day: float | None) -> list[tuple[float, str]]:
        ranked = []
        for key, cosine in self.index.search(vec, self.candidates):
            story = self._open[key]
            if day is not None and story.last_day is not None and abs(day - story.last_day) > self.window_days:
                continue
            ranked.append((self._score(story, cosine, names, day), key))
        ranked.sort(key=lambda pair: (-pair[0], int(pair[1][1:])))
        return ranked

    def _score(self, story: _OpenStory, cosine: float, names: set[str], day: float | None) -> float:
        w_meaning, w_names = self.weights
        score = w_meaning * cosine + w_names * self._name_overlap(story, names)
        if day is not None and story.last_day is not None:
            score -= float(date_penalty(np.array(day - story.last_day), window_days=self.window_days))
        return score

    def _name_overlap(self, story: _OpenStory, names: set[str]) -> float:
        """IDF-weighted share of the article's names that the story's articles use."""
        if not names:
            return 0.0
        size = len(story.members)
        total = shared = 0.0
        for name in names:
            weight = math.log((self._seen + 1) / (self._name_df[name] + 1)) + 1.0
            total += weight
            shared += weight * min(1.0, story.names.get(name, 0) / size)
        return shared / total if total else 0.0

    # ------------------------------------------------------------------ bookkeeping
    def _open_story(self) -> _OpenStory:
        key = f"k{self._made}"
        self._made += 1
        story = _OpenStory(key=key)
        self._open[key] = story
        return story

    def _join(self, story: _OpenStory, article: Article, vec: np.ndarray, names: set[str],
              day: float | None) -> None:
        story.members.append(article)
        story.vector_sum = vec.copy() if story.vector_sum is None else story.vector_sum + vec
        story.names.update(names)
        if day is not None:
            story.last_day = day if story.last_day is None else max(story.last_day, day)
        self.index.put(story.key, story.centroid())

    def _maybe_merge(self, keep: _OpenStory, other: _OpenStory) -> None:
        if float(keep.centroid() @ other.centroid()) < MERGE_CENTROID:
            return
        if int(other.key[1:]) < int(keep.key[1:]):
            keep, other = other, keep  # the older story survives, whatever the order of checks
        keep.members.extend(other.members)
        keep.vector_sum = keep.vector_sum + other.vector_sum  # type: ignore[operator]
        keep.names.update(other.names)
        if other.last_day is not None:
            keep.last_day = other.last_day if keep.last_day is None else max(keep.last_day, other.last_day)
        del self._open[other.key]
        self.index.remove(other.key)
        self._alias[other.key] = keep.key
        self.index.put(keep.key, keep.centroid())

    def _advance_clock(self, day: float | None) -> None:
        """Close stories idle for longer than the window before the newest date seen."""
        if day is None or (self._clock is not None and day <= self._clock):
            return
        previous = self._clock
        self._clock = day
        if previous is not None and math.floor(day) == math.floor(previous):
            return  # closing once per new day is enough
        horizon = day - self.window_days
        for key in [k for k, s in self._open.items() if s.last_day is not None and s.last_day < horizon]:
            story = self._open.pop(key)
            self.index.remove(key)
            self._closed.append((key, story.members))
