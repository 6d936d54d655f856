"""Annotation: sentences, entities, quotes with speakers, actors and tone for each article.

>>> from parallax.annotate import Annotator              # doctest: +SKIP
>>> article = next(Annotator().annotate([article]))      # doctest: +SKIP
>>> [(q.speaker, q.text) for q in article.quotes]        # doctest: +SKIP
[('Pat Ryder', 'We would call on North Korea ...')]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from ..config import Settings
from ..model import Article, Span
from .actors import find_actors, index_actors, link_actors
from .nlp import load_nlp
from .quotes import find_quotes
from .tone import tone_of

__all__ = [
    "Annotator",
    "annotate_doc",
    "find_actors",
    "find_quotes",
    "link_actors",
    "load_nlp",
    "parsed_part",
    "tone_of",
]

#: Articles in the first ``nlp.pipe`` batch (see :meth:`Annotator.annotate`).
FIRST_BATCH = 8

ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)


class Annotator:
    """Parses article bodies in one batched ``nlp.pipe`` pass and fills the annotations.

    Fills ``sentences`` (label "sentence"), ``entities``, ``quotes``, ``actors`` and
    ``tone`` (mean VADER compound score of the sentences, in [-1, 1]).
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    def annotate(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Yield each article with its annotations, in the order given (streams).

        A body longer than spaCy's ``max_length`` is annotated up to the last paragraph
        break before that limit (offsets stay valid; the rest carries no annotations).
        """
        nlp = load_nlp(self.settings)
        items = ((parsed_part(a.body, nlp.max_length), a) for a in articles)
        size, n_process = self.settings.batch_size, self.settings.n_process
        parts = [items]
        if n_process <= 1 and size > FIRST_BATCH:
            # A short first batch: the first articles come out (and the work that waits on
            # them, such as embedding their sentences, can start) after a few parses, not
            # after a whole batch.
            parts = [itertools.islice(items, FIRST_BATCH), items]
        for part in parts:
            for doc, article in nlp.pipe(part, as_tuples=True, batch_size=size, n_process=n_process):
                yield annotate_doc(doc, article)


def parsed_part(body: str, limit: int) -> str:
    """``body``, or its longest prefix under ``limit`` characters that ends a paragraph."""
    if len(body) < limit:
        return body
    cut = body.rfind("\n\n", 0, limit - 1)
    return body[: cut if cut > 0 else limit - 1]


def annotate_doc(doc: Any, article: Article) -> Article:
    """The article with the annotations read from its parsed body ``doc``."""
    body = doc.text
    sentences = tuple(
        Span(s.start_char, s.end_char, "sentence", body[s.start_char : s.end_char])
        for s in doc.sents
        if body[s.start_char : s.end_char].strip()
    )
    entities = tuple(
        Span(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents if e.label_ in ENTITY_LABELS
    )
    actors = index_actors(doc)
    quotes = find_quotes(doc, actors)
    return article.replace(
        sentences=sentences,
        entities=entities,
        quotes=tuple(quotes),
        actors=tuple(actors.actors()),
        tone=tone_of([s.text for s in sentences]),
    )
