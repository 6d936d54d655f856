"""Fuzz the HTML cleaner: no exception but ParallaxError on any markup the reader lets through.

    python fuzz/fuzz_clean_html.py -max_total_time=60 [CORPUS_DIR]
    python fuzz/fuzz_clean_html.py --write-seeds DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["parallax"]):
    from parallax.clean import clean_page
    from parallax.errors import ParallaxError
    from parallax.ingest.html import read_html

SEEDS = {
    "article": b"<!doctype html><html><head><title>Bridge closes</title><meta property='og:site_name' "
               b"content='Tide'></head><body><nav><a href='/'>Home</a></nav><article><h1>Bridge closes</h1>"
               b"<p class=byline>By Jo Lee</p><p>The council said on Tuesday the river bridge will close.</p>"
               b"<p>\xe2\x80\x9cWe have no choice,\xe2\x80\x9d the mayor said.</p><figure><figcaption>The bridge"
               b"</figcaption></figure></article><section id=comments><ol><li>Anna: Great news.<ol><li>Ben: No."
               b"</li></ol></li></ol></section><footer>Copyright</footer></body></html>",
    "broken": b"<html><head><title>T</title><body><div><p>Text <b>bold<i>both</b> after</i><table><td>x",
}


def test_one_input(data: bytes) -> None:
    try:
        page = read_html("fuzz.html", data)
        clean_page(page)
    except ParallaxError:
        return


def write_seeds(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for key, data in SEEDS.items():
        Path(folder, key).write_bytes(data)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write-seeds"]:
        write_seeds(sys.argv[2])
        sys.exit(0)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
