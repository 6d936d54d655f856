"""What an article looks like to the story clusterer: words, names, numbers, dates, meaning.

Three views of each article are built:

- *lexical*: TF-IDF over the words of the title and body (sublinear counts, bigrams);
- *names and numbers*: TF-IDF over the people, places and organisations the article
  names (``Article.entities`` when annotated, else runs of capitalised words) and the
  numbers it gives (counts, years, scores) - what tells two similar events apart;
- *semantic*: a MiniLM sentence embedding of the title and the first ~200 words.

>>> names_and_numbers("Kim Jong Un met Putin in Vladivostok on April 25, 2019.")
['kim jong un', 'putin', 'vladivostok', 'april', '#25', '#2019']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Article
from ..times import days_since_epoch

LEAD_WORDS = 200
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_CAPITALISED_RUN = re.compile(
    r"(?<![\w.])((?:[A-Z][\w'’&.-]*[\w]|[A-Z])(?:\s+(?:of|de|la|van|von|al|bin|the)?\s*[A-Z][\w'’&.-]*[\w])*)"
)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*\d|(?<![\w.])\d")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“”]\s+|\n)$")
_URL = re.compile(r"https?://\S+|www\.\S+")
# Capitalised words that name no one: sentence openers, days, titles, newsroom words.
_NOT_NAMES = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "but", "and", "or", "so", "if", "when", "while", "after", "before", "as", "at", "by", "for", "from", "in", "into", "of", "on", "to", "with", "there", "here", "what", "who", "why", "how", "where", "which", "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "president", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "said", "says", "according", "photo", "video", "image", "caption", "enlarge", "toggle", "advertisement", "read", "more", "new", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first", "last", "also", "all", "some", "many", "just", "now", "today", "yesterday", "tomorrow", "however", "meanwhile", "still"]
)


def article_text(article: Article) -> str:
    """Title and body in one string (the title is left out when the body repeats it)."""
    title = (article.title or "").strip()
    body = article.body or ""
    if title and body.lstrip().startswith(title):
        return body
    return f"{title}\n\n{body}" if title else body


def lead_text(article: Article, words: int = LEAD_WORDS) -> str:
    """Title plus the first ``words`` words of the body: what the embedding reads."""
    body = _URL.sub(" ", article.body or "")
    lead = " ".join(body.split()[:words])
    title = (article.title or "").strip()
    if title and lead.startswith(title):
        return lead
    return f"{title}. {lead}" if title else lead


def _number_token(raw: str) -> str | None:
    digits = raw.replace(",", "")
    if digits.count(".") > 1:
        return None
    try:
        value = float(digits)
    except ValueError:
        return None
    if value < 2 and "." not in digits:  # "1" and "0" say nothing about an event
        return None
    return "#" + (str(int(value)) if value == int(value) else f"{value:g}")


def _heuristic_names(text: str) -> list[str]:
    names = []
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group(1).split()
        # A lone capitalised word that opens a sentence is usually not a name.
        starts_sentence = bool(_SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]))
        while words and words[0].lower().strip(".") in _NOT_NAMES:
            words = words[1:]
            starts_sentence = False
        while words and words[-1].lower().strip(".") in _NOT_NAMES:
            words = words[:-1]
        if not words or (len(words) == 1 and starts_sentence and match.start() > 0):
            continue
        name = " ".join(words).lower().strip(".")
        if len(name) > 1:
            names.append(name)
    return names


def names_and_numbers(text: str, entities: Sequence[str] | None = None) -> list[str]:
    """Named things (lower-cased) and numbers (``#``-prefixed) in ``text``, in order.

    ``entities`` (e.g. from spaCy) replace the capitalised-word heuristic when given
    (an empty list means the article names no one).
    """
    text = _URL.sub(" ", text)
    if entities is None:
        names = _heuristic_names(text)
    else:
        names = [e.lower().strip() for e in entities if e.strip()]
    numbers = [tok for tok in (_number_token(m.group(0)) for m in _NUMBER.finditer(text)) if tok]
    return names + numbers


def article_names(article: Article) -> list[str]:
    """Names and numbers of an article, from its annotated entities when it has them."""
    text = article_text(article)
    if article.entities:
        kept = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
        ents = [e.text or article.body[e.start : e.end] for e in article.entities if e.label in kept]
        title_names = _heuristic_names(article.title or "")
        return title_names + names_and_numbers(text, ents)
    return names_and_numbers(text)


def published_day(value: str | None) -> float | None:
    """Days since 1970 for an ISO date or datetime string; None when missing or unreadable."""
    return days_since_epoch(value)


def _analyse_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(_URL.sub(" ", text))]


def _analyse_names(tokens: list[str]) -> list[str]:
    return tokens


@dataclass
class Views:
    """The three views of a batch of articles, row-aligned with the articles."""

    words: Any  # sparse (n, vocabulary) L2-normalised TF-IDF
    names: Any  # sparse (n, names) L2-normalised TF-IDF
    meaning: np.ndarray | None  # (n, 384) unit vectors, or None without embeddings
    days: np.ndarray  # (n,) days since 1970, NaN when unknown


def build_views(articles: Sequence[Article], *, embedder: Any = None) -> Views:
    """Fit TF-IDF on ``articles`` and embed their leads (when ``embedder`` is given)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [article_text(a) for a in articles]
    words = TfidfVectorizer(
        analyzer=_analyse_words, sublinear_tf=True, min_df=1, max_df=0.5 if len(texts) > 20 else 1.0,
        dtype=np.float32,
    )
    name_lists = [article_names(a) for a in articles]
    names = TfidfVectorizer(analyzer=_analyse_names, sublinear_tf=True, dtype=np.float32)
    word_matrix = _fit_or_empty(words, texts)
    name_matrix = _fit_or_empty(names, name_lists)
    meaning = embedder.encode([lead_text(a) for a in articles]) if embedder is not None else None
    days = np.array([np.nan if (d := published_day(a.published)) is None else d for a in articles])
    return Views(word_matrix, name_matrix, meaning, days)


def _fit_or_empty(vectorizer: Any, docs: Sequence[Any]) -> Any:
    from scipy import sparse

    try:
        return vectorizer.fit_transform(docs)
    except ValueError:  # empty vocabulary: no words at all
        return sparse.csr_matrix((len(docs), 1), dtype=np.float32)


_SHORT_WORDS = frozenset(
    ["the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "was", "were", "are", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "his", "her", "their", "our", "not", "no", "said", "says", "will", "would", "can", "could", "may", "might", "after", "before", "over", "into", "about", "than", "then", "there", "here", "who", "which", "what", "when"]
)


def content_words(text: str) -> dict[str, int]:
    """Counts of the words of ``text`` that carry content (no short function words)."""
    counts: dict[str, int] = {}
    for word in _analyse_words(text):
        if len(word) > 2 and word not in _SHORT_WORDS:
            counts[word] = counts.get(word, 0) + 1
    return counts


def hashed_vector(text: str | dict[str, int], dim: int = 256,
                  idf: dict[str, float] | None = None) -> np.ndarray:
    """A cheap unit vector of ``text``: signed feature hashing of its words.

    Feature hashing is a random projection of the bag of words, so cosine similarity of
    two such vectors approximates that of the (sublinear, optionally IDF-weighted) word
    counts; used where MiniLM is off or too slow (streams of millions of articles).
    ``text`` may also be the counts from :func:`content_words`.
    """
    import math
    import zlib

    counts = content_words(text) if isinstance(text, str) else text
    vec = np.zeros(dim, dtype=np.float32)
    for word, count in counts.items():
        h = zlib.crc32(word.encode("utf-8"))
        weight = (1.0 + math.log(count)) * (idf.get(word, 1.0) if idf is not None else 1.0)
        vec[h % dim] += weight if (h >> 16) & 1 else -weight
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm > 0 else vec
