"""Tone: how positive or negative each article reads, overall and around each actor.

VADER (a lexicon-and-rules model made for social media) gives each sentence a compound
score in [-1, 1]; an article's tone is the mean over its sentences, its tone toward an
actor the mean over the sentences that mention the actor. Limits on news text: VADER
reads the words, not the stance — quoted praise by one side ("heroic Russian army") scores
as positive reporting, reported violence scores as negative tone even in neutral wire copy,
and sarcasm or loaded nouns without sentiment words ("regime") go unseen. On NewsMTSC
(sentiment toward a named person in political news, ``benchmarks/tone.py``) this reaches
F1_m 0.51 (real-world test split), against 0.83 for the published target-dependent model.

>>> -1.0 <= sentence_tone("A great victory for friendship.") <= 1.0
True
"""

from __future__ import annotations

from collections.abc import Sequence

from ..annotate.tone import sentence_tone
from ..model import Article, Span
from .statements import article_sentences


def article_tone(article: Article) -> float:
    """Mean sentence tone of the article (the annotate stage's value when it set one)."""
    if article.tone is not None:
        return float(article.tone)
    scores = [sentence_tone(article.body[s.start : s.end]) for s in article_sentences(article)]
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def tone_toward(article: Article, words: Sequence[str], mentions: Sequence[Span] = ()) -> float | None:
    """Mean tone of the sentences that mention an actor (by mention span or by one of
    ``words``, its names and descriptors); None when no sentence does."""
    lowered = [w.lower() for w in words if w]
    scores = []
    for s in article_sentences(article):
        text = article.body[s.start : s.end]
        hit = any(m.start >= s.start and m.end <= s.end for m in mentions)
        if hit or any(w in text.lower() for w in lowered):
            scores.append(sentence_tone(text))
    return round(sum(scores) / len(scores), 4) if scores else None
