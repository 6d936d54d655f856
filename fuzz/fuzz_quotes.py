"""Fuzz the quote finder: no exception, and every quote and speaker lies inside the text.

    python fuzz/fuzz_quotes.py -max_total_time=60 [CORPUS_DIR]
"""

from __future__ import annotations

import os
import sys

import atheris

with atheris.instrument_imports(include=["parallax"]):
    from parallax.annotate.nlp import load_nlp
    from parallax.annotate.quotes import find_quotes

NLP = load_nlp()
SEEDS = {
    "said": "\u201cWe will rebuild,\u201d Mayor Dana Whitfield said. She added: \u201cIt takes time.\u201d",
    "colon": 'Kim continued, "Russia is now rising to the sacred struggle." He vowed to "always stand" with it.',
    "nested": "\u00abHe said \u2018no\u2019 twice\u00bb, according to Ravi Menon, who said that it was over.",
}


def check_quotes(text: str) -> None:
    """Quotes of ``text`` have offsets inside it that give back their text."""
    doc = NLP(text)
    for quote in find_quotes(doc):
        assert 0 <= quote.start < quote.end <= len(text), quote
        assert text[quote.start : quote.end] == quote.text, quote
        if quote.speaker_start is not None or quote.speaker_end is not None:
            assert quote.speaker_start is not None and quote.speaker_end is not None, quote
            assert 0 <= quote.speaker_start <= quote.speaker_end <= len(text), quote


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(min(len(data), 4000))
    check_quotes(text)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-seeds"]:
        os.makedirs(sys.argv[2], exist_ok=True)
        for key, seed in SEEDS.items():
            with open(os.path.join(sys.argv[2], key), "wb") as out:
                out.write(b"\x01" + seed.encode("utf-8"))
        sys.exit(0)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
