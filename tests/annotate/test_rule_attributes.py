"""The compiled attribute rules give every token what spaCy's attribute ruler gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.annotate.nlp import load_nlp
from parallax.annotate.rule_attributes import compile_rules
from parallax.config import Settings

ROOT = Path(__file__).resolve().parents[2]
# Sentences that reach the ruler's less common rules: two-token ones ("ai n't", "y' all"),
# word exceptions ("that" as a pronoun, "something" as a pronoun), negative index rules.
TRICKY = [
    "Y'all ain't seen nothin' yet, and that's something the governor said he would not do.",
    "But the ministry, whose staff had quit, wasn't sure whether anyone could help; it's over.",
    "\n\nThey said   that they'd go.\n\n“It was the best of times,” she added, “but not for us.”",
    "Sen. Lt. Gen. Ray O'Neil—who's 61—cannot, will not and shan't resign: 'Never!'",
]


@pytest.fixture(scope="module")
def pipelines():  # type: ignore[no-untyped-def]
    import spacy

    from parallax.annotate.nlp import add_title_special_cases

    fast = load_nlp()
    reference = spacy.load(Settings().spacy_model, exclude=["lemmatizer"])
    add_title_special_cases(reference)
    reference.add_pipe("paragraph_breaks", before="parser")
    return fast, reference


def test_the_pipeline_uses_the_compiled_rules(pipelines) -> None:  # type: ignore[no-untyped-def]
    fast, reference = pipelines
    assert "rule_attributes" in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    assert "attribute_ruler" in reference.pipe_names


def test_every_token_gets_the_same_attributes(pipelines) -> None:  # type: ignore[no-untyped-def]
    fast, reference = pipelines
    texts = list(TRICKY)
    for folder in (ROOT / "examples" / "corpus", ROOT.parent / "shared" / "seeds"):
        if folder.is_dir():
            texts += [p.read_text(encoding="utf-8", errors="replace")[:20_000] for p in sorted(folder.iterdir())
                      if p.is_file()]
    compared = 0
    for mine, theirs in zip(fast.pipe(texts), reference.pipe(texts), strict=True):
        assert [t.text for t in mine] == [t.text for t in theirs]
        for a, b in zip(mine, theirs, strict=True):
            assert (a.pos_, a.tag_, str(a.morph), a.lemma_, a.dep_) == (b.pos_, b.tag_, str(b.morph), b.lemma_, b.dep_), a.text
            compared += 1
    assert compared > 1_000


class _Ruler:
    """A stand-in ruler with one rule of a kind the compiler does not read."""

    attrs = [{}]
    patterns = [{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"POS": "DET"}, "index": 0}]


def test_rules_it_cannot_read_keep_spacy_s_ruler() -> None:
    assert compile_rules(_Ruler()) is None
