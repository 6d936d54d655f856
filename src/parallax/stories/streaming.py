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
from .centroids import CentroidIndex
from .features import article_names, content_words, hashed_vector, lead_text, published_day
from .similarity import date_penalty
from .story import make_story

# The join cut is ``story_threshold`` (default 0.5) less this shift: the stream score has
# no neighbour contrast, so it sits on a lower scale; tuned once on the benchmarks.
STREAM_SHIFT = 0.05
MERGE_CENTROID = 0.85  # two stories an article fits merge when their centroids are this close
REINDEX_COSINE = 0.995  # a centroid that moved less than this keeps its place in the index


@dataclass
class _OpenStory:
    key: str
    members: list[tuple[int, Article]] = field(default_factory=list)  # (arrival, article)
    vector_sum: np.ndarray | None = None
    names: Counter[str] = field(default_factory=Counter)
    first_day: float | None = None
    last_day: float | None = None
    last_arrival: int = 0
    indexed: np.ndarray | None = None  # the centroid as the index holds it

    def gap(self, day: float | None) -> float | None:
        """Days between ``day`` and the story's date range (0 inside it; None if unknown)."""
        if day is None or self.first_day is None or self.last_day is None:
            return None
        return max(self.first_day - day, day - self.last_day, 0.0)

    def widen(self, first: float | None, last: float | None) -> None:
        if first is not None:
            self.first_day = first if self.first_day is None else min(self.first_day, first)
        if last is not None:
            self.last_day = last if self.last_day is None else max(self.last_day, last)

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
                 weights: tuple[float, float] = (0.7, 0.3), keep_open: int = 20_000) -> None:
        settings = settings or Settings()
        self.settings = settings
        # ``threshold`` is the cut on the stream score itself; by default it follows the setting.
        self.threshold = settings.story_threshold - STREAM_SHIFT if threshold is None else threshold
        # One window serves as the hard cut and as the scale of the date penalty; streams
        # use the longer horizon, as a story that keeps getting articles can run for weeks.
        self.window_days = settings.story_horizon_days if window_days is None else window_days
        use = settings.use_embeddings if use_embeddings is None else use_embeddings
        if use and embedder is None:
            from .embed import default_embedder

            embedder = default_embedder()
        self.embedder = embedder if use else None
        self.dim = 384 if self.embedder is not None else dim
        self.candidates = candidates
        self.weights = weights
        self.keep_open = keep_open
        self._date_weight = float(date_penalty(np.array(math.e - 1), window_days=1.0))  # per log-unit
        self.index = CentroidIndex(self.dim)
        self._open: dict[str, _OpenStory] = {}
        self._closed: list[tuple[str, list[tuple[int, Article]]]] = []
        self._alias: dict[str, str] = {}
        self._story_of: dict[str, str] = {}  # article id -> key of the story it joined
        self._name_df: Counter[str] = Counter()
        self._word_df: Counter[str] = Counter()
        self._seen = 0
        self._clock: float | None = None
        self._made = 0

    # ------------------------------------------------------------------ public
    def vector(self, article: Article) -> np.ndarray:
        """The article's unit vector: MiniLM of its lead, or hashed TF-IDF without embeddings.

        Without embeddings the document frequencies seen so far are updated here, so
        words every article of a kind uses (the "quake" words) weigh little.
        """
        if self.embedder is not None:
            return np.asarray(self.embedder.encode([lead_text(article)])[0], dtype=np.float32)
        counts = content_words(lead_text(article))
        self._word_df.update(counts.keys())
        total = self._seen + 2
        idf = {w: math.log(total / (self._word_df[w] + 1)) + 1.0 for w in counts}
        return hashed_vector(counts, self.dim, idf)

    def add(self, article: Article, vector: np.ndarray | None = None) -> str:
        """Assign ``article`` to a story and return that story's key.

        ``vector`` (a unit vector of ``dim`` floats) replaces the clusterer's own; an
        article already added is not added again: its story's key is returned.
        """
        if article.id in self._story_of:
            return self.resolve(self._story_of[article.id])
        vec = self.vector(article) if vector is None else np.asarray(vector, dtype=np.float32)
        if vec.shape != (self.dim,):
            raise ValueError(f"article {article.id}: vector of shape {vec.shape}, expected ({self.dim},)")
        day = published_day(article.published)
        self._advance_clock(day)
        names = set(article_names(article))
        self._seen += 1
        self._name_df.update(names)
        weighted = self._name_weights(names)
        ranked = self._rank(vec, weighted, day)
        if ranked and ranked[0][0] >= self.threshold:
            story = self._open[ranked[0][1]]
        else:
            story = self._open_story()
        self._join(story, article, vec, names, day)
        for score, key in ranked[1:3]:
            if score >= self.threshold and key in self._open and key != story.key:
                self._maybe_merge(self._open[self.resolve(story.key)], self._open[key])
        self._story_of[article.id] = story.key
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
        return [make_story([a for _, a in sorted(members, key=lambda m: m[0])]) for _, members in groups]

    # ------------------------------------------------------------------ scoring
    def _rank(self, vec: np.ndarray, names: list[tuple[str, float]], day: float | None) -> list[tuple[float, str]]:
        ranked = []
        for key, cosine in self.index.search(vec, self.candidates):
            story = self._open[key]
            gap = story.gap(day)
            if gap is not None and gap > self.window_days:
                continue
            ranked.append((self._score(story, cosine, names, day), key))
        ranked.sort(key=lambda pair: (-pair[0], int(pair[1][1:])))
        return ranked

    def _score(self, story: _OpenStory, cosine: float, names: list[tuple[str, float]],
               day: float | None) -> float:
        w_meaning, w_names = self.weights
        score = w_meaning * cosine + w_names * self._name_overlap(story, names)
        gap = story.gap(day)
        if gap:
            score -= self._date_weight * math.log1p(gap / self.window_days)
        return score

    def _name_weights(self, names: set[str]) -> list[tuple[str, float]]:
        """The article's names with their IDF weights, summing to 1."""
        weights = [(n, math.log((self._seen + 1) / (self._name_df[n] + 1)) + 1.0) for n in sorted(names)]
        total = sum(w for _, w in weights)
        return [(n, w / total) for n, w in weights] if total else []

    @staticmethod
    def _name_overlap(story: _OpenStory, names: list[tuple[str, float]]) -> float:
        """IDF-weighted share of the article's names that the story's articles use."""
        size = len(story.members)
        counts = story.names
        return sum(w * min(1.0, counts.get(n, 0) / size) for n, w in names)

    # ------------------------------------------------------------------ bookkeeping
    def _open_story(self) -> _OpenStory:
        key = f"k{self._made}"
        self._made += 1
        story = _OpenStory(key=key)
        self._open[key] = story
        return story

    def _join(self, story: _OpenStory, article: Article, vec: np.ndarray, names: set[str],
              day: float | None) -> None:
        # Keep what a Story needs (id, title, date), not the body: streams are long.
        stub = Article(id=article.id, source=article.source, body="", title=article.title,
                       published=article.published)
        story.members.append((self._seen, stub))
        story.last_arrival = self._seen
        story.vector_sum = vec.copy() if story.vector_sum is None else story.vector_sum + vec
        story.names.update(names)
        story.widen(day, day)
        self._reindex(story)

    def _reindex(self, story: _OpenStory) -> None:
        """Move the story in the index unless its centroid barely moved (the exact
        centroid is used for scoring anyway; the index only proposes candidates)."""
        centroid = story.centroid()
        if story.indexed is None or float(story.indexed @ centroid) < REINDEX_COSINE:
            self.index.put(story.key, centroid)
            story.indexed = centroid

    def _maybe_merge(self, keep: _OpenStory, other: _OpenStory) -> None:
        if float(keep.centroid() @ other.centroid()) < MERGE_CENTROID:
            return
        if int(other.key[1:]) < int(keep.key[1:]):
            keep, other = other, keep  # the older story survives, whatever the order of checks
        keep.members.extend(other.members)
        keep.vector_sum = keep.vector_sum + other.vector_sum  # type: ignore[operator]
        keep.names.update(other.names)
        keep.widen(other.first_day, other.last_day)
        keep.last_arrival = max(keep.last_arrival, other.last_arrival)
        del self._open[other.key]
        self.index.remove(other.key)
        self._alias[other.key] = keep.key
        keep.indexed = None
        self._reindex(keep)

    def _advance_clock(self, day: float | None) -> None:
        """Close stories idle for longer than the window before the newest date seen.

        A story also stays open for ``keep_open`` arrivals after its last article, so
        late or shuffled input still finds its story; only long streams close any.
        """
        if day is None or (self._clock is not None and day <= self._clock):
            return
        previous = self._clock
        self._clock = day
        if previous is not None and math.floor(day) == math.floor(previous):
            return  # closing once per new day is enough
        horizon = day - self.window_days
        recent = self._seen - self.keep_open
        idle = [k for k, s in self._open.items()
                if s.last_day is not None and s.last_day < horizon and s.last_arrival < recent]
        for key in idle:
            story = self._open.pop(key)
            self.index.remove(key)
            self._closed.append((key, story.members))
