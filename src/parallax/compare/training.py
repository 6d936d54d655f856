"""Training of the loaded-wording models (used by ``scripts/train_loaded.py`` and the
``bias`` benchmark; needs scikit-learn, never runs in the analysis pipeline).

The sentence model is a logistic regression over [MiniLM embedding | NB-weighted words and
word pairs | word-model features]. The word-model features of a training sentence come
from a word model fitted on the *other* training folds, so the classifier learns how much
to trust the word model on sentences it has not seen. The word threshold (which words
inside a loaded sentence are flagged) is chosen on those held-out folds as well.

The word model's vector scores are computed once, here, for the words of the training
sentences and for ``table_words`` (by default the whole words of MiniLM's WordPiece
vocabulary and of the spaCy pipeline's string store, see :func:`vocabulary_words`), and
shipped as a table: at inference only the words missing from it need a MiniLM pass (one
batch for all articles). A word's score is the same whether it comes from the table or
from its own pass, so the held-out word models (which give each word its own pass instead
of building a table) score words as the shipped inference path does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .loaded import Encoder, LoadedModel, TermWeights, WordModel, stack_features, tokens, word_key

DEFAULT_C = 1.0
TERM_MIN_DF = 2  # a word or word pair must occur in this many training sentences
WORD_FEATURE_WEIGHT = 3.0  # scale of the word-model features (less shrunk by the regulariser)
_WHOLE_WORD = re.compile(r"[a-z][a-z'-]*[a-z]")


@lru_cache(maxsize=4)
def vocabulary_words(path: Path | None = None, *, spacy_model: str | None = None) -> list[str]:
    """Words worth a precomputed score: the whole words (no "##" pieces, no single letters)
    of MiniLM's WordPiece vocabulary and, where the spaCy pipeline is installed, the
    lower-case words of its string store (inflected forms the WordPiece vocabulary lacks)."""
    if path is None:
        path = Path(__file__).resolve().parents[1] / "stories" / "minilm" / "tokenizer.json"
    vocab = set(json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"])
    try:
        import spacy

        from ..config import Settings

        nlp = spacy.load(spacy_model or Settings().spacy_model)
        vocab.update(nlp.vocab.strings)
    except (ImportError, OSError):
        pass
    return sorted(w for w in vocab if _WHOLE_WORD.fullmatch(w))


def _held_out_word_models(
    texts: Sequence[str], marked: Sequence[Iterable[str]], folds: Sequence[int], lexicon: Iterable[str],
    encode: Encoder | None,
) -> list[WordModel]:
    """For every sentence, the word model fitted without its fold."""
    lexicon = list(lexicon)
    models: dict[int, WordModel] = {}
    for fold in sorted(set(folds)):
        keep = [i for i, f in enumerate(folds) if f != fold]
        models[fold] = WordModel.fit([texts[i] for i in keep], [marked[i] for i in keep], lexicon=lexicon,
                                     encode=encode)
        if encode is not None:
            models[fold].prepare((w for i, f in enumerate(folds) if f == fold for w in tokens(texts[i])), encode)
    return [models[f] for f in folds]


def choose_word_threshold(
    texts: Sequence[str], labels: Sequence[int], marked: Sequence[Iterable[str]], models: Sequence[WordModel]
) -> float:
    """The word-score threshold with the best word-level F1 on biased sentences."""
    best, best_f1 = 0.3, -1.0
    for threshold in np.arange(0.05, 0.75, 0.025):
        tp = fp = fn = 0
        for text, label, gold, model in zip(texts, labels, marked, models, strict=True):
            if not label:
                continue
            predicted = {word_key(w) for w in tokens(text) if model.score(w) >= threshold}
            gold_set = {word_key(w) for w in gold}
            tp += len(predicted & gold_set)
            fp += len(predicted - gold_set)
            fn += len(gold_set - predicted)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return round(best, 2)


def fit_loaded_model(
    texts: Sequence[str],
    labels: Sequence[int],
    marked: Sequence[Iterable[str]],
    embeddings: np.ndarray,
    folds: Sequence[int],
    *,
    lexicon: Iterable[str] = (),
    c: float = DEFAULT_C,
    use_embeddings: bool = True,
    encode_words: Encoder | None = None,
    table_words: Sequence[str] | None = None,
    word_weight: float = WORD_FEATURE_WEIGHT,
) -> LoadedModel:
    """Fit the sentence and word models on labelled sentences split into ``folds`` (the
    folds only serve the held-out word features and the word threshold). ``encode_words``
    (MiniLM's encode) lets the word model score words it has not seen marked, from a table
    over ``table_words`` (default :func:`vocabulary_words`) and the training words."""
    from sklearn.linear_model import LogisticRegression

    marked = [list(m) for m in marked]
    lexicon = list(lexicon)
    if table_words is None:
        table_words = vocabulary_words() if encode_words is not None else []
    held_out = _held_out_word_models(texts, marked, folds, lexicon, encode_words)
    terms = TermWeights.fit_nb(texts, labels, min_df=TERM_MIN_DF)
    weight = 1.0 if use_embeddings else 0.0
    word_feats = np.array([held_out[i].features(t) for i, t in enumerate(texts)], dtype=np.float32)
    embedded = np.asarray(embeddings, dtype=np.float32)
    x = stack_features(embedded, terms.transform(texts), word_feats, embedding_weight=weight, word_weight=word_weight)
    clf = LogisticRegression(C=c, max_iter=5000).fit(x, np.asarray(labels))
    words = WordModel.fit(texts, marked, lexicon=lexicon, encode=encode_words, table_words=table_words)
    threshold = choose_word_threshold(texts, labels, marked, held_out)
    return LoadedModel(terms=terms, words=words, coef=clf.coef_[0].astype(np.float32),
                       intercept=float(clf.intercept_[0]), embedding_weight=weight, word_threshold=threshold,
                       word_weight=word_weight)
