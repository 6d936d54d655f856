"""Training of the loaded-wording models (used by ``scripts/train_loaded.py`` and the
``bias`` benchmark; needs scikit-learn, never runs in the analysis pipeline).

The sentence model is a logistic regression over [MiniLM embedding | TF-IDF | word-model
features]. The word-model features of a training sentence come from a word model fitted
on the *other* training folds, so the classifier learns how much to trust the word model
on sentences it has not seen. The word threshold (which words inside a loaded sentence
are flagged) is chosen on those held-out folds as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .loaded import Encoder, LoadedModel, TermWeights, WordModel, sentence_features, tokens, word_key

DEFAULT_C = 1.0


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
) -> LoadedModel:
    """Fit the sentence and word models on labelled sentences split into ``folds`` (the
    folds only serve the held-out word features and the word threshold). ``encode_words``
    (MiniLM's encode) lets the word model score words it has not seen marked."""
    from sklearn.linear_model import LogisticRegression

    marked = [list(m) for m in marked]
    lexicon = list(lexicon)
    held_out = _held_out_word_models(texts, marked, folds, lexicon, encode_words)
    terms = TermWeights.fit(texts)
    weight = 1.0 if use_embeddings else 0.0
    rows = [sentence_features([t], embeddings[i : i + 1], terms, held_out[i], embedding_weight=weight)
            for i, t in enumerate(texts)]
    from scipy import sparse

    x = sparse.vstack(rows, format="csr")
    clf = LogisticRegression(C=c, max_iter=3000).fit(x, np.asarray(labels))
    words = WordModel.fit(texts, marked, lexicon=lexicon, encode=encode_words)
    threshold = choose_word_threshold(texts, labels, marked, held_out)
    return LoadedModel(terms=terms, words=words, coef=clf.coef_[0].astype(np.float32),
                       intercept=float(clf.intercept_[0]), embedding_weight=weight, word_threshold=threshold)
