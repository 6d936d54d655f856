"""Fuzz the quote finder: no exception, and every quote and speaker lies inside the text.

    python fuzz/fuzz_quotes.py -max_total_time=60 [CORPUS_DIR]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["parallax"]):
    from parallax.annotate.nlp import load_nlp
    from parallax.annotate.quotes import find_quotes

NLP = load_nlp()
LIMIT = 4_000  # characters of text per input: one parse must stay fast
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


def as_input(text: str) -> bytes:
    """The fuzzer input that ``ConsumeUnicodeNoSurrogates`` turns back into ``text`` (UTF-16 form)."""
    return b"\x02" + text.encode("utf-16-le", "surrogatepass")


def write_seeds(folder: str) -> None:
    """The seeds above, plus the shared seed pages when the checkout has them (read, not copied)."""
    os.makedirs(folder, exist_ok=True)
    texts = dict(SEEDS)
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
    for page in sorted(shared.glob("*.txt")) if shared.is_dir() else []:
        texts[page.stem] = page.read_text(encoding="utf-8")[:LIMIT]
    for key, text in texts.items():
        Path(folder, key).write_bytes(as_input(text))


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(LIMIT)
    check_quotes(text)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-seeds"]:
        os.makedirs(sys.argv[2], exist_ok=True)
        write_seeds(sys.argv[2])
        sys.exit(0)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
