"""Compare how the outlets of one story covered it.

``compare_story`` returns a :class:`~parallax.model.Comparison`: the facts each outlet
reports (aligned across outlets, with disagreements flagged), what each article leaves
out, the same quotes as rendered by different outlets, how each outlet names each actor,
loaded wording, and tone. Near-identical copies (``Story.duplicates``) count once: the
first article of each duplicate group stands for the group.

>>> from parallax.model import Article, Story
>>> a = Article("a1", "x", "Kim met Putin on Wednesday at the cosmodrome.", outlet="Daily")
>>> b = Article("b1", "y", "Putin met Kim on Wednesday at the space centre.", outlet="Post")
>>> comparison = compare_story(Story("s", ("a1", "b1")), [a, b],
...                            settings=Settings(use_embeddings=False))   # doctest: +SKIP
>>> comparison.facts[0].outlets                                          # doctest: +SKIP
('Daily', 'Post')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..config import Settings
from ..errors import UsageError
from ..model import Article, Comparison, Label, Story
from ..stories.embed import DIM
from .facts import align_facts, lexical_vectors
from .loaded import find_loaded
from .naming import link_story_actors, name_actors
from .omissions import find_omissions
from .quotes import QUOTE_LAYERS, match_quotes, quote_diff
from .tone import article_tone, tone_toward

__all__ = ["compare_story", "quote_diff", "representatives"]


def representatives(story: Story, articles: Sequence[Article]) -> list[Article]:
    """The story's articles in story order, each duplicate group counted once (its first
    member). Raises :class:`UsageError` if the story names an article not given."""
    by_id = {a.id: a for a in articles}
    missing = [i for i in story.articles if i not in by_id]
    if missing:
        raise UsageError(f"story {story.id} names articles that were not given: {', '.join(missing)}")
    stand_in = {}
    for group in story.duplicates:
        present = [i for i in group if i in by_id]
        for member in present[1:]:
            stand_in[member] = present[0]
    return [by_id[i] for i in story.articles if i not in stand_in]


def _embedder(settings: Settings, embedder: object | None, *, layers: int = 3) -> object | None:
    """The embedder the comparison uses: the one given, else the shared one of the encoder
    with ``layers`` layers; None when embeddings are off (lexical vectors stand in)."""
    if not settings.use_embeddings:
        return None
    if embedder is None:
        from ..stories.embed import default_embedder

        embedder = default_embedder(layers)
    return embedder


def _no_embeddings(texts: list[str]) -> np.ndarray:
    """Zero vectors: the loaded-wording model then leans on its word features alone."""
    return np.zeros((len(texts), DIM), dtype=np.float32)


def _actor_tone(articles: Sequence[Article], labels: Sequence[Label],
                links: dict[str, dict[str, str]]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for label in labels:
        for article in articles:
            local = links.get(article.id, {})
            actors = [a for a in article.actors if local.get(a.name, a.name) == label.entity]
            words = [w for a in actors for w in (a.name, *a.aliases, *a.descriptors)]
            mentions = [m for a in actors for m in a.mentions]
            tone = tone_toward(article, words, mentions) if actors else None
            if tone is not None:
                out.setdefault(label.entity, {})[article.id] = tone
    return out


def compare_story(
    story: Story, articles: Sequence[Article], *, settings: Settings | None = None, embedder: object | None = None,
    quote_embedder: object | None = None, links: dict[str, dict[str, str]] | None = None,
) -> Comparison:
    """Compare the annotated ``articles`` of ``story`` (see the module docstring).
    ``embedder`` reads the sentences and statements, ``quote_embedder`` the quotes (by
    default the process-wide embedders of the distilled and of the six-layer encoder).
    ``links`` are the story's actor links when the caller has them already
    (:func:`link_story_actors` of the story's :func:`representatives`)."""
    settings = settings or Settings()
    reps = representatives(story, articles)
    if not reps:
        return Comparison()
    embedder = _embedder(settings, embedder)
    encode: Callable[[list[str]], np.ndarray] = (
        embedder.encode if embedder is not None else lexical_vectors  # type: ignore[attr-defined]
    )
    quote_embedder = _embedder(settings, quote_embedder, layers=QUOTE_LAYERS)
    links = link_story_actors(reps) if links is None else links
    # Loaded wording first: its vectors are ready (embedded with the sentences) while the
    # quotes may still be embedding in the background.
    loaded = tuple(find_loaded(reps, encode if settings.use_embeddings else _no_embeddings,
                               threshold=settings.loaded_threshold))
    quote_matches = match_quotes(reps, links, quote_embedder.encode if quote_embedder is not None  # type: ignore[attr-defined]
                                 else lexical_vectors, threshold=settings.quote_match_threshold)
    facts = align_facts(reps, links, encode, threshold=settings.fact_threshold,
                        mutual_threshold=settings.fact_mutual_threshold, quote_matches=quote_matches,
                        encode_pieces=getattr(embedder, "encode_pieces", None))
    labels = name_actors(reps, links)
    return Comparison(
        facts=tuple(facts),
        omissions=tuple(find_omissions(facts, [a.id for a in reps], {a.id: a.outlet for a in reps})),
        quote_matches=tuple(quote_matches),
        labels=tuple(labels),
        loaded=loaded,
        tone={a.id: article_tone(a) for a in reps},
        actor_tone=_actor_tone(reps, labels, links),
    )
