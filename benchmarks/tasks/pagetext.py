"""Benchmark task ``pagetext``: article text from a page's visible text (``<id>.txt``).

The body model is trained on this very benchmark, so the figures reported here are
cross-validated: pages are put in 5 folds by sorted id (page i -> fold i % 5), a model is
trained on 4 folds (``scripts/train_blocks.py``) and cleans the pages of the 5th. A folder
without ``ground-truth.json`` is cleaned with the packaged model instead.

The text path's speed is printed (pages/s of cleaning with the packaged model, training
excluded); when the HTML of the same pages is found next to the folder
(``../article-extraction-benchmark/html``) trafilatura's time on that HTML is measured in
the same run, in turns with ours, and the ratio printed too.
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
    from parallax.clean.block_model import BlockModel

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
    from parallax.clean.block_model import load_block_model

    model = load_block_model()
    texts = {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted(data.glob("*.txt"))}
    started = time.perf_counter()
    bodies = {pid: _clean(text, pid, model) for pid, text in texts.items()}
    return bodies, time.perf_counter() - started


def speed(data: Path, html_dir: Path, repeats: int = 3) -> str:
    """Cleaning speed of the packaged model against trafilatura on the same pages' HTML.

    Both are timed in CPU seconds of this process, ``repeats`` times in turn, and the
    fastest round of each is kept, so that other work on the machine weighs little.
    """
    from parallax.clean.block_model import load_block_model

    model = load_block_model()
    texts = {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted(data.glob("*.txt"))}
    files = [html_dir / f"{pid}.html.gz" for pid in texts]
    html = [gzip.decompress(f.read_bytes()).decode("utf-8", errors="replace") for f in files if f.is_file()]
    ours, theirs = [], []
    for _ in range(repeats):
        started = time.process_time()
        for pid, text in texts.items():
            _clean(text, pid, model)
        ours.append(time.process_time() - started)
        if len(html) == len(texts) and html:
            import trafilatura

            started = time.process_time()
            for page in html:
                trafilatura.extract(page, favor_precision=True, include_comments=False)
            theirs.append(time.process_time() - started)
    n, best = len(texts), min(ours)
    line = f"pagetext: {n} pages cleaned in {best:.2f} CPU s ({n / max(best, 1e-9):.1f} pages/s, best of {repeats})"
    if theirs:
        reference = min(theirs)
        line += (f"; trafilatura on their HTML {reference:.2f} CPU s ({n / max(reference, 1e-9):.1f} pages/s);"
                 f" time ratio text/trafilatura {best / max(reference, 1e-9):.2f}")
    return line


def predict(data: Path, out: Path) -> tuple[Path, list[str]]:
    """Clean every ``<id>.txt`` of ``data``, write ``{id: {"articleBody": body}}`` to ``out``."""
    gold = data / "ground-truth.json"
    bodies, seconds = cross_validated(data) if gold.is_file() else packaged(data)
    out.write_text(json.dumps({k: {"articleBody": v} for k, v in bodies.items()}, ensure_ascii=False),
                   encoding="utf-8")
    print(speed(data, data.parent / "article-extraction-benchmark" / "html"), file=sys.stderr)
    return gold, []
