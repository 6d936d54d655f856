"""Loaded wording: the shipped model, its file format, and a BABE quality gate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from parallax.compare.loaded import (
    MODEL_PATH,
    LoadedModel,
    TermWeights,
    WordModel,
    find_loaded,
    shipped_model,
)
from parallax.errors import ModelError
from parallax.model import Article

ROOT = Path(__file__).resolve().parents[2]
# Fold 0 of BABE SG2, models fitted on folds 1-4 without embeddings (the quick path of
# benchmarks/tasks/bias.py); measured 0.7481 macro-F1 / 0.4532 word F1. The full model
# (with MiniLM embeddings, all five folds) measures 0.7957 / 0.5468 with run.py bias.
FOLD0_MACRO_F1 = 0.7481
FOLD0_WORD_F1 = 0.4532
MARGIN = 0.005


def _lexical(texts: list[str]) -> np.ndarray:
    return np.zeros((len(texts), 384), dtype=np.float32)


def test_shipped_model_is_plain_arrays() -> None:
    data = np.load(MODEL_PATH, allow_pickle=False)
    assert {"vocabulary", "idf", "term_mode", "word_list", "word_seen", "word_marked", "word_vector_coef",
            "prior_words", "prior", "coef", "intercept"} <= set(data.files)
    model = shipped_model()
    assert model.coef.shape[0] == 384 + len(model.terms.vocabulary) + 4
    assert model.terms.mode == "nb"
    # The word table covers the training words and MiniLM's whole-word vocabulary.
    assert not model.words.missing(model.words.seen)
    assert not model.words.missing(["hysterical", "xenophobic", "disregards", "mayor's", "2019"])
    assert len(model.words._prior) > 20_000
    assert MODEL_PATH.stat().st_size < 2_000_000


def test_loaded_sentence_scores_higher_than_neutral_one() -> None:
    from parallax.stories.embed import default_embedder

    texts = ["The radical extremists unleashed yet another hysterical smear campaign against the nation.",
             "The committee will meet on Tuesday to discuss the budget for next year."]
    probs = shipped_model().predict_proba(texts, default_embedder().encode(texts))
    assert probs[0] > 0.5 > probs[1]


def test_find_loaded_spans_point_into_the_body() -> None:
    body = "The council met on Monday.\n\nCritics slammed the radical, hysterical scheme as a disastrous power grab."
    model = shipped_model()
    found = find_loaded([Article("a", "a.txt", body)], _lexical, threshold=0.0, model=model)
    assert found
    assert all(body[f.start : f.end] == f.text and f.article == "a" for f in found)
    assert any("hysterical" in f.text or "radical" in f.text for f in found)


def test_find_loaded_encodes_sentences_once_and_no_known_word() -> None:
    body = ("The council met on Monday. Critics slammed the radical, hysterical scheme as a disastrous power grab. "
            "The mayor's office said the vote would be held in June.")
    calls: list[list[str]] = []

    def counting(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return _lexical(texts)

    model = shipped_model()
    articles = [Article("a", "a.txt", body), Article("b", "b.txt", body.replace("Monday", "Friday"))]
    find_loaded(articles, counting, threshold=0.0, model=model)
    assert len(calls[0]) == 6  # all sentences of all articles in one call
    words = [w for c in calls[1:] for w in c]
    assert not {"radical", "hysterical", "disastrous", "council", "mayor's"} & set(words)


def test_word_table_scores_without_encoding() -> None:
    texts = ["an awful plan", "an atrocious deal", "the bridge budget", "a bridge opened", "the budget passed"]
    marked = [["awful"], ["atrocious"], [], [], []]
    model = WordModel.fit(texts, marked, encode=_by_first_letter, table_words=["abysmal", "bench"])
    assert model.score("abysmal") > 2 * model.score("bench")
    assert model.score("abysmal's") == model.score("abysmal")  # possessive: the stem's entry
    assert model.prior("zzz-unknown") == model.unknown_prior


def test_nb_terms_lean_to_the_loaded_class() -> None:
    terms = TermWeights.fit_nb(["a shocking plan", "shocking news", "the plan", "the news"], [1, 1, 0, 0], min_df=1)
    weight = dict(zip(terms.vocabulary, terms.weights.tolist(), strict=True))
    assert weight["shocking"] > 0 > weight["the"]
    x = terms.transform(["shocking plan"]).toarray()[0]
    assert abs(float(np.linalg.norm(x)) - 1.0) < 1e-5


def _by_first_letter(words: list[str]) -> np.ndarray:
    """A toy word encoder: words sharing a first letter get the same vector."""
    out = np.zeros((len(words), 384), dtype=np.float32)
    for row, word in enumerate(words):
        out[row, ord(word[0]) % 384 if word else 0] = 1.0
    return out


def test_word_model_scores_unseen_words_like_marked_ones() -> None:
    texts = ["an awful plan", "an atrocious deal", "the bridge budget", "a bridge opened", "the budget passed"]
    marked = [["awful"], ["atrocious"], [], [], []]
    model = WordModel.fit(texts, marked, encode=_by_first_letter)
    model.prepare(["abysmal", "bench"], _by_first_letter)
    assert model.score("abysmal") > 2 * model.score("bench")
    assert model.score("awful") > model.score("abysmal")
    plain = WordModel.fit(texts, marked)
    assert plain.score("abysmal") == plain.score("bench")


@pytest.mark.parametrize("mode", ["tfidf", "nb"])
def test_save_and_load_round_trip(tmp_path: Path, mode: str) -> None:
    texts = ["a shocking disgrace", "the meeting is on monday", "a shocking result", "plain report"]
    words = WordModel.fit(texts, [["shocking"], [], ["shocking"], []], encode=_by_first_letter,
                          table_words=["disgraceful"])
    terms = TermWeights.fit(texts, min_df=1) if mode == "tfidf" else TermWeights.fit_nb(texts, [1, 0, 1, 0], min_df=1)
    model = LoadedModel(terms, words, np.ones(384 + len(terms.vocabulary) + 4, np.float32), -1.0, word_weight=3.0)
    path = tmp_path / "m.npz"
    model.save(path)
    again = LoadedModel.load(path)
    assert again.terms.vocabulary == model.terms.vocabulary
    assert again.terms.mode == mode and again.word_weight == 3.0
    assert again.words.score("disgraceful") == pytest.approx(model.words.score("disgraceful"), abs=1e-3)
    for m in (model, again):
        m.prepare_words([*texts, "A shocking disgrace"], _by_first_letter)
    assert again.loaded_words("A shocking disgrace") == model.loaded_words("A shocking disgrace")
    np.testing.assert_allclose(again.predict_proba(texts, _lexical(texts)), model.predict_proba(texts, _lexical(texts)),
                               atol=1e-4)


def test_unreadable_model_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError):
        LoadedModel.load(bad)


def test_babe_fold0_quality_gate(shared_data: Path, tmp_path: Path) -> None:
    data = shared_data / "babe-mbic" / "babe_sg2_folds.jsonl"
    if not data.is_file():
        pytest.skip("BABE not available")
    out = tmp_path / "pred.jsonl"
    env = {**os.environ, "PARALLAX_BIAS_EMBEDDINGS": "0", "PARALLAX_BIAS_FOLDS": "0"}
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "bias", "--data", str(data),
                             "--out", str(out)], check=False, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["n"] == 735
    assert summary["macro_f1"] >= FOLD0_MACRO_F1 - MARGIN
    assert summary["word_f1"] >= FOLD0_WORD_F1 - MARGIN
