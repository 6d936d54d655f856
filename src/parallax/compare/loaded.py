"""Loaded wording: sentences that carry judgement, and the words that carry it.

A sentence model (logistic regression over MiniLM embeddings, words and word pairs
weighted by how strongly they lean to loaded or neutral sentences, and bias-word features)
gives each sentence a probability of being loaded; a word model (how often annotators
marked a word as bias-inducing when it occurred in a training sentence, pulled toward a
score read off the word's MiniLM vector) picks the words inside it. The vector scores are
precomputed for a large vocabulary, so finding loaded words needs one MiniLM pass per
sentence and none per word. Both models are plain arrays in ``models/loaded.npz`` (written
by ``scripts/train_loaded.py``; no pickle, no torch). Extra word lists (for instance a bias
lexicon the user has the right to use) can be passed as ``lexicon``.

>>> tokens("Trump’s ‘bizarre’ syntax")
["trump's", 'bizarre', 'syntax']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..model import Article, Loaded
from .statements import article_sentences

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
    score from marked words like it ("hysteria", "frenzied"). ``p`` is kept in a table
    filled by :meth:`prepare` (the shipped model holds it for a large vocabulary); a word
    outside the table gets a ``p`` derived from it where it can (see :meth:`prior`).
    """

    seen: dict[str, int] = field(default_factory=dict)
    marked: dict[str, int] = field(default_factory=dict)
    lexicon: frozenset[str] = frozenset()
    vector_coef: np.ndarray | None = None
    vector_bias: float = 0.0
    prior_weight: float = 2.0
    unknown_prior: float = 0.0
    _prior: dict[str, float] = field(default_factory=dict, repr=False)

    @classmethod
    def fit(cls, texts: Sequence[str], marked: Sequence[Iterable[str]], *, lexicon: Iterable[str] = (),
            encode: Encoder | None = None, prior_weight: float = 2.0,
            table_words: Iterable[str] = ()) -> WordModel:
        """Count how often each word occurs and is marked; with ``encode``, also fit the
        vector regression over the words seen and fill the table of ``p`` for them and for
        ``table_words``."""
        seen: Counter[str] = Counter()
        hits: Counter[str] = Counter()
        for text, words in zip(texts, marked, strict=True):
            present = {word_key(w) for w in tokens(text)} - {""}
            seen.update(present)
            hits.update({word_key(w) for w in words} & present)
        model = cls(dict(seen), dict(hits), frozenset(word_key(w) for w in lexicon), prior_weight=prior_weight)
        if encode is not None:
            model._fit_vectors(encode, table_words)
        return model

    def _fit_vectors(self, encode: Encoder, table_words: Iterable[str] = ()) -> None:
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
        self.prepare([*words, *table_words], encode)
        self.unknown_prior = float(np.median(list(self._prior.values())))

    def missing(self, words: Iterable[str]) -> list[str]:
        """Keys of ``words`` with no table score of their own or one derived from it (see
        :meth:`prior`): the words that need a MiniLM pass."""
        if self.vector_coef is None:
            return []
        return sorted({k for k in map(word_key, words) if k and self._lookup(k) is None})

    def prepare(self, words: Iterable[str], encode: Encoder) -> None:
        """Add the vector prediction ``p`` of the words missing from the table (one batch).
        A zero vector (an encoder without embeddings) gives ``unknown_prior``."""
        todo = self.missing(words)
        if todo:
            vectors = np.asarray(encode(todo), dtype=np.float32)
            probs = 1.0 / (1.0 + np.exp(-(vectors @ self.vector_coef + self.vector_bias)))
            probs = np.where(np.abs(vectors).sum(axis=1) > 0, probs, self.unknown_prior)
            self._prior.update(zip(todo, probs.tolist(), strict=True))

    def with_words(self, words: Iterable[str], encode: Encoder) -> WordModel:
        """A copy whose table also holds the words of ``words`` it lacked (this model is left
        as it is, so a shared model never keeps scores from a caller's encoder)."""
        todo = self.missing(words)
        if not todo:
            return self
        copy = replace(self, _prior=dict(self._prior))
        copy.prepare(todo, encode)
        return copy

    def _lookup(self, key: str) -> float | None:
        p = self._prior.get(key)
        if p is None and key.endswith("'s"):
            p = self._prior.get(key[:-2])
        if p is None and any(c.isdigit() for c in key):
            p = self.unknown_prior
        return p

    def prior(self, key: str) -> float:
        """The vector prediction ``p`` of a word key: its table entry, else that of its stem
        without "'s", else (a word with digits, or any other word the table lacks)
        ``unknown_prior``."""
        p = self._lookup(key)
        return self.unknown_prior if p is None else p

    def score(self, word: str) -> float:
        """Probability-like score that ``word`` carries bias."""
        key = word_key(word)
        a, b = WORD_PRIOR
        m = self.prior_weight if self.vector_coef is not None else 0.0
        p = self.prior(key) if m else 0.0
        return (self.marked.get(key, 0) + a + m * p) / (self.seen.get(key, 0) + b + m)

    def features(self, text: str) -> list[float]:
        """Sentence features: strongest, second strongest and summed word scores, lexicon hits."""
        words = tokens(text)
        scores = sorted((self.score(w) for w in words), reverse=True) + [0.0, 0.0]
        hits = sum(1 for w in words if word_key(w) in self.lexicon)
        return [scores[0], scores[1], sum(s for s in scores if s > 0.2), math.log1p(hits)]


class TermWeights:
    """Words and word pairs with a fixed vocabulary and one weight per term, l2-normalised.

    ``mode="nb"`` (what the shipped model uses): a term present in a sentence counts
    once, times its log-count ratio between loaded and neutral training sentences (the
    NB-SVM features of Wang & Manning 2012). ``mode="tfidf"``: sublinear tf times idf.
    """

    def __init__(self, vocabulary: Sequence[str], weights: np.ndarray, mode: str = "tfidf") -> None:
        if mode not in ("tfidf", "nb"):
            raise ValueError(f"unknown term mode: {mode}")
        self.vocabulary = list(vocabulary)
        self.index = {t: i for i, t in enumerate(self.vocabulary)}
        self.weights = np.asarray(weights, dtype=np.float32)
        self.mode = mode

    @classmethod
    def fit(cls, texts: Sequence[str], *, min_df: int = 2) -> TermWeights:
        """TF-IDF: vocabulary and smoothed idf from training texts."""
        df = _document_frequency(texts)
        vocab = sorted(t for t, c in df.items() if c >= min_df)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in vocab], dtype=np.float32)
        return cls(vocab, idf, "tfidf")

    @classmethod
    def fit_nb(cls, texts: Sequence[str], labels: Sequence[int], *, min_df: int = 2,
               alpha: float = 1.0) -> TermWeights:
        """NB weights: log of (share of loaded sentences' terms) / (share of neutral ones')."""
        pos = _document_frequency([t for t, y in zip(texts, labels, strict=True) if y])
        neg = _document_frequency([t for t, y in zip(texts, labels, strict=True) if not y])
        vocab = sorted(t for t in pos.keys() | neg.keys() if pos[t] + neg[t] >= min_df)
        p = alpha + np.array([pos[t] for t in vocab], dtype=np.float64)
        q = alpha + np.array([neg[t] for t in vocab], dtype=np.float64)
        ratio = np.log((p / p.sum()) / (q / q.sum())) if vocab else np.zeros(0)
        return cls(vocab, ratio.astype(np.float32), "nb")

    def transform(self, texts: Sequence[str]) -> Any:
        """Sparse (n, vocabulary) float32 matrix (scipy CSR)."""
        from scipy import sparse

        rows, cols, vals = [], [], []
        for row, text in enumerate(texts):
            found = [(self.index[t], c) for t, c in Counter(ngrams(text)).items() if t in self.index]
            if self.mode == "nb":
                weights = np.array([self.weights[col] for col, _ in found], dtype=np.float32)
            else:
                weights = np.array([(1 + math.log(c)) * self.weights[col] for col, c in found], dtype=np.float32)
            norm = float(np.linalg.norm(weights)) if len(weights) else 0.0
            for (col, _), w in zip(found, weights, strict=True):
                rows.append(row)
                cols.append(col)
                vals.append(w / norm if norm else 0.0)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.vocabulary)), dtype=np.float32)


def _document_frequency(texts: Iterable[str]) -> Counter[str]:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(ngrams(text)))
    return df


def sentence_features(texts: Sequence[str], embeddings: np.ndarray, terms: TermWeights,
                      words: WordModel, *, embedding_weight: float = 1.0, word_weight: float = 1.0) -> Any:
    """The sentence model's input (sparse): [embedding | terms | word-model features]."""
    word_feats = np.array([words.features(t) for t in texts], dtype=np.float32).reshape(len(texts), -1)
    return stack_features(embeddings, terms.transform(texts), word_feats, embedding_weight=embedding_weight,
                          word_weight=word_weight)


def stack_features(embeddings: np.ndarray, term_matrix: Any, word_feats: np.ndarray, *,
                   embedding_weight: float, word_weight: float) -> Any:
    """[embedding | terms | word-model features], each part scaled by its weight (sparse)."""
    from scipy import sparse

    return sparse.hstack([sparse.csr_matrix(embeddings * embedding_weight), term_matrix,
                          sparse.csr_matrix(word_feats * word_weight)], format="csr")


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
    word_weight: float = 1.0

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
        """Probability that each sentence is loaded."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        x = sentence_features(texts, embeddings, self.terms, self.words, embedding_weight=self.embedding_weight,
                              word_weight=self.word_weight)
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
        """Add the words of ``texts`` missing from the word model's table, scored from their
        own vectors (see :meth:`WordModel.prepare`)."""
        self.words.prepare((w for t in texts for w in tokens(t)), encode)

    def save(self, path: Path) -> None:
        """Write the model as one ``.npz`` of plain arrays."""
        word_list = sorted(self.words.seen)
        coef = self.words.vector_coef if self.words.vector_coef is not None else np.zeros(0, np.float32)
        table = sorted(self.words._prior)
        np.savez_compressed(
            path, vocabulary=np.array(self.terms.vocabulary), idf=self.terms.weights,
            term_mode=np.array(self.terms.mode),
            prior_words=np.array(table, dtype=str),
            prior=np.array([self.words._prior[w] for w in table], dtype=np.float16),
            word_list=np.array(word_list), word_seen=np.array([self.words.seen[w] for w in word_list]),
            word_marked=np.array([self.words.marked.get(w, 0) for w in word_list]),
            word_vector_coef=coef,
            word_vector=np.array([self.words.vector_bias, self.words.prior_weight, self.words.unknown_prior]),
            coef=self.coef.astype(np.float32), intercept=np.array([self.intercept]),
            settings=np.array([self.embedding_weight, self.word_threshold, self.word_weight]),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH, *, lexicon: Iterable[str] = ()) -> LoadedModel:
        """Read a model written by :meth:`save`."""
        try:
            data = np.load(path, allow_pickle=False)
            words_list = data["word_list"].tolist()
            bias, prior_weight, unknown = [*data["word_vector"].tolist(), 0.0][:3]
            words = WordModel(
                dict(zip(words_list, data["word_seen"].tolist(), strict=True)),
                {w: c for w, c in zip(words_list, data["word_marked"].tolist(), strict=True) if c},
                frozenset(word_key(w) for w in lexicon),
                data["word_vector_coef"] if data["word_vector_coef"].size else None, bias, prior_weight, unknown,
            )
            if "prior_words" in data.files:
                words._prior = dict(zip(data["prior_words"].tolist(), data["prior"].astype(float).tolist(),
                                        strict=True))
            weight, threshold, word_weight = [*data["settings"].tolist(), 1.0][:3]
            mode = str(data["term_mode"]) if "term_mode" in data.files else "tfidf"
            return cls(TermWeights(data["vocabulary"].tolist(), data["idf"], mode), words, data["coef"],
                       float(data["intercept"][0]), weight, threshold, word_weight)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"loaded-wording model cannot be read: {exc}", source=str(path)) from exc


@lru_cache(maxsize=1)
def shipped_model() -> LoadedModel:
    """The model that ships with parallax (loaded once)."""
    return LoadedModel.load(MODEL_PATH)


def words_to_embed(texts: Iterable[str], model: LoadedModel | None = None) -> list[str]:
    """The words of ``texts`` that :func:`find_loaded` will embed (those missing from the
    word model's table), to be embedded ahead of need."""
    return (model or shipped_model()).words.missing(w for t in texts for w in tokens(t))


def find_loaded(
    articles: Sequence[Article],
    encode: Callable[[list[str]], np.ndarray],
    *,
    threshold: float = 0.5,
    model: LoadedModel | None = None,
) -> list[Loaded]:
    """Loaded words and phrases in the articles: inside each sentence the sentence model
    rates above ``threshold``, the runs of words the word model flags, names left out
    (score = sentence probability times word score, so the strongest cases sort first).
    ``encode`` is called once on all the sentences, and at most once more on the words
    missing from the word model's table (rare words; most come from the table)."""
    model = model or shipped_model()
    found: list[Loaded] = []
    batches = []
    for article in articles:
        spans = article_sentences(article)
        batches.append((article, spans, [article.body[s.start : s.end] for s in spans]))
    all_texts = [t for _, _, texts in batches for t in texts]
    if not all_texts:
        return found
    vectors = encode(all_texts)
    model = replace(model, words=model.words.with_words((w for t in all_texts for w in tokens(t)), encode))
    all_probs = model.predict_proba(all_texts, vectors)
    offset = 0
    for article, spans, texts in batches:
        probs = all_probs[offset : offset + len(texts)]
        offset += len(texts)
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
