"""bias: loaded-wording sentences of BABE (SG2), strict 5-fold protocol.

For each fold k the sentence and word models are fitted on the other folds only (their
own word features and word threshold chosen by cross-validation inside those folds) and
predict fold k. Words of fold k are scored as at inference: from the word model's table
where it has them, else with their own MiniLM pass (the same score either way). Each
output line: {"id", "label", "words"}. Set ``PARALLAX_BIAS_FOLDS`` (e.g. "0") to predict
only some folds (a quick check; the scorer then reports those).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

from parallax.compare.loaded import LoadedModel, tokens
from parallax.compare.training import fit_loaded_model


def read_sentences(data: Path) -> list[dict]:
    """The gold lines (id, text, label, biased_words, fold)."""
    with data.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def embed(texts: list[str], use_embeddings: bool) -> np.ndarray:
    """MiniLM sentence vectors (zeros when embeddings are switched off)."""
    if not use_embeddings:
        return np.zeros((len(texts), 384), dtype=np.float32)
    from parallax.stories.embed import default_embedder

    return default_embedder().encode(texts)


_WORD_VECTORS: dict[str, np.ndarray] = {}


def encode_words(words: list[str]) -> np.ndarray:
    """MiniLM vectors of single words (kept across folds: the word table is large)."""
    todo = sorted({w for w in words if w not in _WORD_VECTORS})
    if todo:
        _WORD_VECTORS.update(zip(todo, embed(todo, True), strict=True))
    return np.array([_WORD_VECTORS[w] for w in words], dtype=np.float32).reshape(len(words), -1)


def predict_fold(rows: list[dict], vectors: np.ndarray, fold: int, *, use_embeddings: bool = True,
                 c: float | None = None) -> list[dict]:
    """Fit on every fold but ``fold``, then label the sentences of ``fold``."""
    train = [i for i, r in enumerate(rows) if r["fold"] != fold]
    test = [i for i, r in enumerate(rows) if r["fold"] == fold]
    kwargs = {"c": c} if c else {}
    model: LoadedModel = fit_loaded_model(
        [rows[i]["text"] for i in train], [rows[i]["label"] for i in train],
        [rows[i]["biased_words"] for i in train], vectors[train], [rows[i]["fold"] for i in train],
        use_embeddings=use_embeddings, encode_words=encode_words if use_embeddings else None, **kwargs,
    )
    texts = [rows[i]["text"] for i in test]
    if use_embeddings:
        model.prepare_words(texts, encode_words)
    probs = model.predict_proba(texts, vectors[test])
    out = []
    for i, text, prob in zip(test, texts, probs, strict=True):
        words = sorted({w for w in tokens(text) if model.words.score(w) >= model.word_threshold})
        out.append({"id": rows[i]["id"], "label": int(prob >= 0.5), "words": words})
    return out


def predict(data: Path, out: Path) -> tuple[Path, list[str]]:
    """Write 5-fold predictions for ``data`` to ``out``; return (gold path, scorer args)."""
    rows = read_sentences(data)
    use_embeddings = os.environ.get("PARALLAX_BIAS_EMBEDDINGS", "1") != "0"
    folds = sorted({r["fold"] for r in rows})
    if os.environ.get("PARALLAX_BIAS_FOLDS"):
        folds = [int(f) for f in os.environ["PARALLAX_BIAS_FOLDS"].split(",")]
    vectors = embed([r["text"] for r in rows], use_embeddings)
    lines = []
    for fold in folds:
        lines.extend(predict_fold(rows, vectors, fold, use_embeddings=use_embeddings))
        print(f"fold {fold} done", file=sys.stderr)
    with out.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line) + "\n")
    if len(folds) < len({r["fold"] for r in rows}):
        gold = out.with_suffix(".gold.jsonl")
        keep = set(folds)
        with gold.open("w", encoding="utf-8") as fh:
            for r in rows:
                if r["fold"] in keep:
                    fh.write(json.dumps(r) + "\n")
        return gold, []
    return data, []


def basil_words(folder: Path, *, threshold: float = 0.5) -> dict[str, float]:
    """Word-level P/R/F1 of the shipped model's flagged words against BASIL's lexical-bias
    spans (``bias == "lex"``), micro-averaged over sentences: a word counts once per
    sentence; words are flagged only inside sentences the sentence model rates >= ``threshold``
    (as in the analysis pipeline)."""
    from parallax.compare.loaded import shipped_model, word_key

    model = shipped_model()
    texts, gold = [], []
    for article_path in sorted((folder / "articles").rglob("*.json")):
        ann_path = folder / "annotations" / article_path.parent.name / (article_path.stem + "_ann.json")
        if not ann_path.is_file():
            continue
        article = json.loads(article_path.read_text(encoding="utf-8"))
        sentences = [s for para in article["body-paragraphs"] for s in para]
        marked: list[set[str]] = [set() for _ in sentences]
        for span in json.loads(ann_path.read_text(encoding="utf-8"))["phrase-level-annotations"]:
            if span.get("bias") == "lex" and span["id"].startswith("p") and int(span["id"][1:]) < len(sentences):
                marked[int(span["id"][1:])].update(word_key(w) for w in tokens(span["txt"]))
        texts.extend(sentences)
        gold.extend(marked)
    model.prepare_words(texts, encode_words)
    probs = model.predict_proba(texts, embed(texts, True))
    tp = fp = fn = 0
    for text, words, prob in zip(texts, gold, probs, strict=True):
        found = {word_key(text[a:b]) for a, b, _ in model.loaded_words(text)} if prob >= threshold else set()
        tp, fp, fn = tp + len(found & words), fp + len(found - words), fn + len(words - found)
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"sentences": len(texts), "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / max(1e-9, p + r), 4)}


if __name__ == "__main__":  # python benchmarks/tasks/bias.py BASIL_FOLDER
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    print(json.dumps(basil_words(Path(sys.argv[1]))))
