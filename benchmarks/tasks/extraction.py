"""Benchmark task ``extraction``: article text from HTML pages.

Runs :func:`parallax.clean.html.clean_html` over ``DATA/html/*.html.gz`` and writes
``{id: {"articleBody": body}}``. In the same run it times trafilatura 2.3.1 (precision
mode, no comments: the strongest peer on this data) over the same pages and prints, on
stderr, pages/s of both and their ratio (parallax time / trafilatura time), so speed is
a ratio measured on one machine at one moment. Both timings are CPU seconds of this
process after a warm-up page (models and modules loaded). The parallax time covers the
whole HTML cleaning (body, metadata, removed parts, comments with their scores, language),
trafilatura's only its text.

Every page is scored, however short: ``min_body_words`` is 1 here, so a page is empty in
the predictions only when parallax finds no text at all.

    python benchmarks/run.py extraction --data ../shared/data/article-extraction-benchmark --out pred.json
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

from parallax.clean.html import clean_html
from parallax.clean.html_comments import score_comments
from parallax.config import Settings
from parallax.errors import InputError
from parallax.model import Comment, Page

__all__ = ["extract_bodies", "load_pages", "page_files", "page_urls", "predict", "reference_seconds"]


def page_files(data: Path) -> list[Path]:
    """The benchmark's HTML pages, sorted by id."""
    folder = data / "html" if (data / "html").is_dir() else data
    return sorted(folder.glob("*.html.gz")) + sorted(folder.glob("*.html"))


def _page_id(path: Path) -> str:
    return path.name.split(".")[0]


def _read(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", "replace")


def page_urls(data: Path) -> dict[str, str]:
    gold = data / "ground-truth.json"
    if not gold.is_file():
        return {}
    records = json.loads(gold.read_text(encoding="utf-8"))
    return {k: str(v["url"]) for k, v in records.items() if isinstance(v, dict) and v.get("url")}


def load_pages(data: Path, *, every: int = 1) -> dict[str, str]:
    """HTML of every ``every``-th benchmark page (by sorted id), by id."""
    return {_page_id(p): _read(p) for p in page_files(data)[::every]}


def extract_bodies(pages: dict[str, str], urls: dict[str, str] | None = None) -> dict[str, str]:
    """Body text parallax extracts from each page (empty when it finds no article)."""
    settings = Settings(min_body_words=1)
    bodies: dict[str, str] = {}
    for page_id, html in pages.items():
        page = Page(source=page_id, html=html, url=(urls or {}).get(page_id))
        try:
            bodies[page_id] = clean_html(page, settings=settings).body
        except InputError as error:
            print(f"{page_id}: {error.reason}", file=sys.stderr)
            bodies[page_id] = ""
    return bodies


def reference_seconds(pages: dict[str, str]) -> float:
    """CPU seconds trafilatura (precision mode, comments off) takes on the same pages."""
    import trafilatura

    started = time.process_time()
    for html in pages.values():
        trafilatura.extract(html, favor_precision=True, include_comments=False)
    return time.process_time() - started


def predict(data: Path, out: Path) -> tuple[Path, list[str]]:
    """Write parallax's predictions for ``data`` to ``out``; return the gold file and scorer args."""
    pages = load_pages(data)
    first = dict(list(pages.items())[:1])
    extract_bodies(first)  # load models and modules before timing: steady-state throughput
    score_comments([Comment("warm-up", "warm-up text")])
    reference_seconds(first)
    started = time.process_time()
    bodies = extract_bodies(pages, page_urls(data))
    ours = time.process_time() - started
    theirs = reference_seconds(pages)
    out.write_text(json.dumps({k: {"articleBody": v} for k, v in bodies.items()}, ensure_ascii=False),
                   encoding="utf-8")
    n = max(1, len(pages))
    print(json.dumps({"speed": "extraction", "n": len(pages), "pages_per_s": round(n / max(ours, 1e-9), 1),
                      "trafilatura_pages_per_s": round(n / max(theirs, 1e-9), 1),
                      "ratio": round(ours / max(theirs, 1e-9), 2)}), file=sys.stderr)
    return data / "ground-truth.json", []
