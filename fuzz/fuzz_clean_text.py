"""Fuzz the plain-text cleaner: no exception but ParallaxError, and the body is drawn from the page.

    python fuzz/fuzz_clean_text.py -max_total_time=60 [CORPUS_DIR]
"""

from __future__ import annotations

import os
import sys

import atheris

with atheris.instrument_imports(include=["parallax"]):
    from parallax.clean import clean_page
    from parallax.errors import ParallaxError
    from parallax.model import Page

SEEDS = {
    "story": "Bridge closes for repairs\n\nBy Jo Lee\n\nMarch 3, 2024 10:00 AM\n\n"
             "The council said on Tuesday that the river bridge will close for six weeks. "
             "\u201cWe have no choice,\u201d the mayor said.\n\nShare this article\n\nComments\n\nAnna\nGreat news.\n",
    "short": "Hello",
}


def body_is_drawn_from(text: str, body: str) -> None:
    """Each paragraph of ``body`` appears in ``text``, in the same order."""
    position = 0
    for paragraph in (p for p in body.split("\n\n") if p.strip()):
        found = text.find(paragraph, position)
        assert found >= 0, f"paragraph not in page text (after {position}): {paragraph[:80]!r}"
        position = found + len(paragraph)


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        article = clean_page(Page(source="fuzz.txt", text=text))
    except ParallaxError:
        return
    body_is_drawn_from(text, article.body)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-seeds"]:
        os.makedirs(sys.argv[2], exist_ok=True)
        for key, seed in SEEDS.items():
            with open(os.path.join(sys.argv[2], key), "wb") as out:
                out.write(b"\x01" + seed.encode("utf-8"))
        sys.exit(0)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
