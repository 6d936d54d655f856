"""Loaded wording: sentences that carry judgement, and the words that carry it.

A sentence model (logistic regression over MiniLM embeddings, TF-IDF of words and word
pairs, and bias-word features) gives each sentence a probability of being loaded; a word
model (how often annotators marked a word as bias-inducing when it occurred in a training
sentence) picks the words inside it. Both are plain arrays in ``models/loaded.npz``
(written by ``scripts/train_loaded.py``; no pickle, no torch). Extra word lists (for
instance a bias lexicon the user has the right to use) can be passed as ``lexicon``.

>>> tokens("Trump’s ‘bizarre’ syntax")
["trump's", 'bizarre', 'syntax']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..model import Article, Loaded
from .statements import split_sentences

MODEL_PATH = Path(__file__).with_name("models") / "loaded.npz"
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|'s", re.IGNORECASE)
_WORD_SPAN = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
# Names are not wording: "Cold War" in a historian's title is not a loaded phrase. Group
# names (NORP: "Nazis", "Communists") can be, so they stay.
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "DATE", "TIME", "WORK_OF_ART", "LAW"})
WORD_PRIOR = (0.05, 2.0)  # smoothing of the word model: (marked + a) / (seen + b)
Encoder = Callable[[list[str]], np.ndarray]


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (curly apostrophes made straight), as the models see them."""
    return [t.lower() for t in _TOKEN.findall(text.replace("’", "'"))]


def ngrams(text: str) -> list[str]:
    """Words and word pairs of ``text``: the TF-IDF terms."""
    words = tokens(text)
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def word_key(word: str) -> str:
    """How a word is looked up in the word model and lexicons."""
    return word.lower().replace("’", "'").strip("'\"-.,;:!?()[]")


# --------------------------------------------------------------------------- features


@dataclass
class WordModel:
    """How likely each word is to be marked as bias-inducing when it appears in a sentence.

    score = (marked + a + m * p) / (seen + a' + m): the training counts of the word, pulled
    toward ``p``, what a logistic regression over the word's MiniLM vector predicts from
    the words it resembles — so a word never seen in training ("hysterical") still gets a
    score from marked words like it ("hysteria", "frenzied"). ``p`` needs :meth:`prepare`.
    """

    seen: dict[str, int] = field(default_factory=dict)
    marked: dict[str, int] = field(default_factory=dict)
    lexicon: frozenset[str] = frozenset()
    vector_coef: np.ndarray | None = None
    vector_bias: float = 0.0
    prior_weight: float = 2.0
    _prior: dict[str, float] = field(default_factory=dict, repr=False)

    @classmethod
    def fit(cls, texts: Sequence[str], marked: Sequence[Iterable[str]], *, lexicon: Iterable[str] = (),
            encode: Encoder | None = None, prior_weight: float = 2.0) -> WordModel:
        """Count how often each word occurs and is marked; with ``encode``, also fit the
        vector regression over the words seen."""
        seen: Counter[str] = Counter()
        hits: Counter[str] = Counter()
        for text, words in zip(texts, marked, strict=True):
            present = {word_key(w) for w in tokens(text)} - {""}
            seen.update(present)
            hits.update({word_key(w) for w in words} & present)
        model = cls(dict(seen), dict(hits), frozenset(word_key(w) for w in lexicon), prior_weight=prior_weight)
        if encode is not None:
            model._fit_vectors(encode)
        return model

    def _fit_vectors(self, encode: Encoder) -> None:
        from sklearn.linear_model import LogisticRegression

        words = sorted(self.seen)
        vectors = encode(words)
        hits = np.array([self.marked.get(w, 0) for w in words], dtype=float)
        misses = np.array([self.seen[w] for w in words], dtype=float) - hits
        x, y = np.vstack([vectors, vectors]), np.r_[np.ones(len(words)), np.zeros(len(words))]
        weight = np.r_[hits, misses]
        clf = LogisticRegression(C=1.0, max_iter=2000).fit(x[weight > 0], y[weight > 0], sample_weight=weight[weight > 0])
        self.vector_coef, self.vector_bias = clf.coef_[0].astype(np.float32), float(clf.intercept_[0])
        self._prior = {}
        self.prepare(words, encode)

    def prepare(self, words: Iterable[str], encode: Encoder) -> None:
        """Compute the vector prediction ``p`` of the words not yet seen by this model."""
        if self.vector_coef is None:
            return
        todo = sorted({word_key(w) for w in words} - set(self._prior) - {""})
        if todo:
            vectors = encode(todo)
            probs = 1.0 / (1.0 + np.exp(-(vectors @ self.vector_coef + self.vector_bias)))
            self._prior.update(zip(todo, probs.tolist(), strict=True))

    def score(self, word: str) -> float:
        """Probability-like score that ``word`` carries bias."""
        key = word_key(word)
        a, b = WORD_PRIOR
        m = self.prior_weight if self.vector_coef is not None else 0.0
        p = self._prior.get(key, 0.0)
        return (self.marked.get(key, 0) + a + m * p) / (self.seen.get(key, 0) + b + m)

    def features(self, text: str) -> list[float]:
        """Sentence features: strongest, second strongest and summed word scores, lexicon hits."""
        scores = sorted((self.score(w) for w in tokens(text)), reverse=True) + [0.0, 0.0]
        hits = sum(1 for w in tokens(text) if word_key(w) in self.lexicon)
        return [scores[0], scores[1], sum(s for s in scores if s > 0.2), math.log1p(hits)]


class TermWeights:
    """TF-IDF of words and word pairs with a fixed vocabulary (sublinear tf, l2 norm)."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray) -> None:
        self.vocabulary = list(vocabulary)
        self.index = {t: i for i, t in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float32)

    @classmethod
    def fit(cls, texts: Sequence[str], *, min_df: int = 2) -> TermWeights:
        """Vocabulary and smoothed idf from training texts."""
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(ngrams(text)))
        vocab = sorted(t for t, c in df.items() if c >= min_df)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in vocab], dtype=np.float32)
        return cls(vocab, idf)

    def transform(self, texts: Sequence[str]) -> Any:
        """Sparse (n, vocabulary) float32 matrix (scipy CSR)."""
        from scipy import sparse

        rows, cols, vals = [], [], []
        for row, text in enumerate(texts):
            found = [(self.index[t], c) for t, c in Counter(ngrams(text)).items() if t in self.index]
            weights = np.array([(1 + math.log(c)) * self.idf[col] for col, c in found], dtype=np.float32)
            norm = float(np.linalg.norm(weights)) if len(weights) else 0.0
            for (col, _), w in zip(found, weights, strict=True):
                rows.append(row)
                cols.append(col)
                vals.append(w / norm)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.vocabulary)), dtype=np.float32)


def sentence_features(texts: Sequence[str], embeddings: np.ndarray, terms: TermWeights,
                      words: WordModel, *, embedding_weight: float = 1.0) -> Any:
    """The sentence model's input (sparse): [embedding | TF-IDF | word-model features]."""
    from scipy import sparse

    word_feats = np.array([words.features(t) for t in texts], dtype=np.float32).reshape(len(texts), -1)
    return sparse.hstack([sparse.csr_matrix(embeddings * embedding_weight), terms.transform(texts),
                          sparse.csr_matrix(word_feats)], format="csr")


# --------------------------------------------------------------------------- model


@dataclass
class LoadedModel:
    """The shipped sentence and word models (plain arrays)."""

    terms: TermWeights
    words: WordModel
    coef: np.ndarray
    intercept: float
    embedding_weight: float = 1.0
    word_threshold: float = 0.3

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """Probability that each sentence is loaded."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        x = sentence_features(texts, embeddings, self.terms, self.words, embedding_weight=self.embedding_weight)
        return np.asarray(1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))).ravel()

    def loaded_words(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, score) of the words in ``text`` the word model or lexicon flags."""
        found = []
        for m in _WORD_SPAN.finditer(text):
            score = self.words.score(m.group())
            if word_key(m.group()) in self.words.lexicon:
                score = max(score, self.word_threshold)
            if score >= self.word_threshold:
                found.append((m.start(), m.end(), round(score, 3)))
        return found

    def prepare_words(self, texts: Sequence[str], encode: Encoder) -> None:
        """Let the word model score every word of ``texts`` (see :meth:`WordModel.prepare`)."""
        self.words.prepare((w for t in texts for w in tokens(t)), encode)

    def save(self, path: Path) -> None:
        """Write the model as one ``.npz`` of plain arrays."""
        word_list = sorted(self.words.seen)
        coef = self.words.vector_coef if self.words.vector_coef is not None else np.zeros(0, np.float32)
        np.savez_compressed(
            path, vocabulary=np.array(self.terms.vocabulary), idf=self.terms.idf,
            word_list=np.array(word_list), word_seen=np.array([self.words.seen[w] for w in word_list]),
            word_marked=np.array([self.words.marked.get(w, 0) for w in word_list]),
            word_vector_coef=coef, word_vector=np.array([self.words.vector_bias, self.words.prior_weight]),
            coef=self.coef.astype(np.float32), intercept=np.array([self.intercept]),
            settings=np.array([self.embedding_weight, self.word_threshold]),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH, *, lexicon: Iterable[str] = ()) -> LoadedModel:
        """Read a model written by :meth:`save`."""
        try:
            data = np.load(path, allow_pickle=False)
            words_list = data["word_list"].tolist()
            bias, prior_weight = data["word_vector"].tolist()
            words = WordModel(
                dict(zip(words_list, data["word_seen"].tolist(), strict=True)),
                {w: c for w, c in zip(words_list, data["word_marked"].tolist(), strict=True) if c},
                frozenset(word_key(w) for w in lexicon),
                data["word_vector_coef"] if data["word_vector_coef"].size else None, bias, prior_weight,
            )
            weight, threshold = data["settings"].tolist()
            return cls(TermWeights(data["vocabulary"].tolist(), data["idf"]), words, data["coef"],
                       float(data["intercept"][0]), weight, threshold)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"loaded-wording model cannot be read: {exc}", source=str(path)) from exc


@lru_cache(maxsize=1)
def shipped_model() -> LoadedModel:
    """The model that ships with parallax (loaded once)."""
    return LoadedModel.load(MODEL_PATH)


def find_loaded(
    articles: Sequence[Article],
    encode: Callable[[list[str]], np.ndarray],
    *,
    threshold: float = 0.5,
    model: LoadedModel | None = None,
) -> list[Loaded]:
    """Loaded words and phrases in the articles: inside each sentence the sentence model
    rates above ``threshold``, the runs of words the word model flags, names left out
    (score = sentence probability times word score, so the strongest cases sort first)."""
    model = model or shipped_model()
    found: list[Loaded] = []
    for article in articles:
        spans = list(article.sentences) or split_sentences(article.body)
        texts = [article.body[s.start : s.end] for s in spans]
        if not texts:
            continue
        model.prepare_words(texts, encode)
        probs = model.predict_proba(texts, encode(texts))
        names = [(e.start, e.end) for e in article.entities if e.label in _NAME_LABELS]
        for span, text, prob in zip(spans, texts, probs, strict=True):
            if prob < threshold:
                continue
            words = [w for w in model.loaded_words(text)
                     if not any(a < span.start + w[1] and span.start + w[0] < b for a, b in names)]
            for start, end, score in _merge_runs(text, words):
                found.append(Loaded(article.id, text[start:end], span.start + start, span.start + end,
                                    round(float(prob) * score, 3)))
    return found


def _merge_runs(text: str, words: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Join flagged words separated only by spaces or hyphens into one phrase."""
    runs: list[tuple[int, int, float]] = []
    for start, end, score in words:
        if runs and not text[runs[-1][1] : start].strip(" -"):
            prev = runs[-1]
            runs[-1] = (prev[0], end, max(prev[2], score))
        else:
            runs.append((start, end, score))
    return runs
