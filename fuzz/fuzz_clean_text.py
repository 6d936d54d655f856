"""Fuzz the plain-text cleaner: no exception but ParallaxError, and the body is drawn from the page.

    python fuzz/fuzz_clean_text.py -max_total_time=60 [CORPUS_DIR]
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["parallax"]):
    from parallax.clean import clean_page
    from parallax.errors import ParallaxError
    from parallax.model import Page

LIMIT = 20_000  # characters of page text per input
_WHITESPACE = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def _comparable(text: str) -> str:
    return _WHITESPACE.sub(" ", _INVISIBLE.sub("", text))

SEEDS = {
    "story": "Bridge closes for repairs\n\nBy Jo Lee\n\nMarch 3, 2024 10:00 AM\n\n"
             "The council said on Tuesday that the river bridge will close for six weeks. "
             "\u201cWe have no choice,\u201d the mayor said.\n\nShare this article\n\nComments\n\nAnna\nGreat news.\n",
    "short": "Hello",
}


def body_is_drawn_from(text: str, body: str) -> None:
    """Each paragraph of ``body`` appears in ``text``, in the same order.

    Runs of whitespace compare equal to one space and invisible characters (zero-width
    spaces and joiners, soft hyphens, BOMs) are ignored: the cleaner may turn a no-break
    space into a plain space or drop a zero-width one, but never change, add or reorder a word.
    """
    page = _comparable(text)
    position = 0
    for paragraph in (_comparable(p).strip() for p in body.split("\n\n") if p.strip()):
        found = page.find(paragraph, position)
        assert found >= 0, f"body paragraph not found in the page text after {position}: {paragraph[:80]!r}"
        position = found + len(paragraph)


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
    try:
        article = clean_page(Page(source="fuzz.txt", text=text))
    except ParallaxError:
        return
    body_is_drawn_from(text, article.body)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-seeds"]:
        os.makedirs(sys.argv[2], exist_ok=True)
        write_seeds(sys.argv[2])
        sys.exit(0)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
