"""Benchmark task ``pagetext``: article text from a page's visible text (``<id>.txt``).

The body model is trained on this very benchmark, so the figures reported here are
cross-validated: pages are put in 5 folds by sorted id (page i -> fold i % 5), a model is
trained on 4 folds (``scripts/train_blocks.py``) and cleans the pages of the 5th. A folder
without ``ground-truth.json`` is cleaned with the packaged model instead.

The text path's speed is printed (pages/s of cleaning, training excluded); when the HTML
of the same pages is found next to the folder (``../article-extraction-benchmark/html``)
trafilatura's time on that HTML is measured in the same run and the ratio printed too.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FOLDS = 5


def _trainer() -> Any:
    spec = importlib.util.spec_from_file_location("train_blocks", ROOT / "scripts" / "train_blocks.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _clean(text: str, source: str, model: Any) -> str:
    from parallax.clean.text import clean_text
    from parallax.config import Settings
    from parallax.errors import ParallaxError
    from parallax.model import Page

    try:
        return clean_text(Page(source=source, text=text), settings=Settings(min_body_words=1), model=model).body
    except ParallaxError:
        return ""


def cross_validated(data: Path) -> tuple[dict[str, str], float]:
    """Body of every page, each cleaned by a model that never saw it; and cleaning seconds."""
    from parallax.clean.blocks import BlockModel

    trainer = _trainer()
    pages = trainer.load_pages(data)
    bodies: dict[str, str] = {}
    seconds = 0.0
    for held, spec in trainer.fold_models(pages, FOLDS):
        model = BlockModel(spec)
        started = time.perf_counter()
        for pid, text, _ in pages:
            if pid in held:
                bodies[pid] = _clean(text, pid, model)
        seconds += time.perf_counter() - started
    return bodies, seconds


def packaged(data: Path) -> tuple[dict[str, str], float]:
    """Body of every ``<id>.txt`` cleaned with the packaged model; and cleaning seconds."""
    from parallax.clean.blocks import load_block_model

    model = load_block_model()
    texts = {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted(data.glob("*.txt"))}
    started = time.perf_counter()
    bodies = {pid: _clean(text, pid, model) for pid, text in texts.items()}
    return bodies, time.perf_counter() - started


def trafilatura_seconds(html_dir: Path, ids: list[str]) -> float | None:
    """trafilatura's time (favor_precision, no comments) on the same pages' HTML, if present."""
    files = [html_dir / f"{pid}.html.gz" for pid in ids]
    if not files or not all(f.is_file() for f in files):
        return None
    import trafilatura

    pages = [gzip.decompress(f.read_bytes()).decode("utf-8", errors="replace") for f in files]
    started = time.perf_counter()
    for html in pages:
        trafilatura.extract(html, favor_precision=True, include_comments=False)
    return time.perf_counter() - started


def predict(data: Path, out: Path) -> tuple[Path, list[str]]:
    """Clean every ``<id>.txt`` of ``data``, write ``{id: {"articleBody": body}}`` to ``out``."""
    gold = data / "ground-truth.json"
    bodies, seconds = cross_validated(data) if gold.is_file() else packaged(data)
    out.write_text(json.dumps({k: {"articleBody": v} for k, v in bodies.items()}, ensure_ascii=False),
                   encoding="utf-8")
    rate = len(bodies) / max(seconds, 1e-9)
    line = f"pagetext: {len(bodies)} pages cleaned in {seconds:.2f} s ({rate:.1f} pages/s)"
    reference = trafilatura_seconds(data.parent / "article-extraction-benchmark" / "html", sorted(bodies))
    if reference:
        line += f"; trafilatura on their HTML {reference:.2f} s; time ratio text/trafilatura {seconds / reference:.2f}"
    print(line, file=sys.stderr)
    return gold, []
