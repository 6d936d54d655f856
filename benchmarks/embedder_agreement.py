"""How much the three-layer encoder changes what parallax reports, against MiniLM-L6.

    python benchmarks/embedder_agreement.py ../shared/data/story-benchmarks/basil_dev.jsonl

Runs the whole analysis on a story-benchmark JSONL twice, once with the default encoder
(three distilled layers, int8 arithmetic) and once with the six-layer model as packaged
(int8 arithmetic as well), and compares the outputs: the pairs of statements aligned as
one fact (precision, recall and F1 of the default's pairs against the six-layer's), the
words flagged as loaded, the quote matches, the stories (pairs of articles grouped
together), and the cosine between the two encoders' sentence vectors. Prints one JSON
line. The six-layer run is the reference, not a gold standard: it shows how far the
cheaper encoder moves the output, not which is right.
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))


def _pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}  # type: ignore[misc]


def _prf(found: set, reference: set) -> dict[str, float]:  # type: ignore[type-arg]
    tp = len(found & reference)
    p = tp / len(found) if found else 1.0
    r = tp / len(reference) if reference else 1.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "n": len(reference)}


def _summary(result) -> dict[str, set]:  # type: ignore[no-untyped-def,type-arg]
    facts, loaded, quotes, stories = [], set(), [], []
    for story in result.stories:
        stories.append(list(story.articles))
        comparison = story.comparison
        if comparison is None:
            continue
        for fact in comparison.facts:
            facts.append([f"{s.article}:{s.start}" for s in fact.statements])
        for item in comparison.loaded:
            loaded.add((item.article, item.start))
        for match in comparison.quote_matches:
            quotes.append([f"{q.article}:{q.start}" for q in match.quotes])
    return {"facts": _pairs(facts), "loaded": loaded, "quotes": _pairs(quotes), "stories": _pairs(stories)}


def run(pages: Path, layers: int):  # type: ignore[no-untyped-def]
    import parallax
    from parallax.stories import embed

    for old in embed.default_embedders():
        old.close()
    embed._DEFAULTS[3] = embed.Embedder(layers=layers)  # the sentence encoder under test
    parallax.preload()
    started = time.process_time()
    result = parallax.analyze([pages])
    cpu = time.process_time() - started
    for used in embed.default_embedders():
        used.close()
    return result, cpu


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.exit(__doc__)
    from tasks.speed import _as_pages_jsonl

    data = Path(argv[0])
    with tempfile.TemporaryDirectory() as tmp:  # one file for both runs: the same article ids
        pages = _as_pages_jsonl(data, Path(tmp))
        full, full_cpu = run(pages, 6)
        student, student_cpu = run(pages, 3)
    a, b = _summary(student), _summary(full)
    from parallax.compare.statements import sentence_texts
    from parallax.stories.embed import Embedder

    sentences = [t for art in full.articles for t in sentence_texts(art)][:2000]
    cos = (Embedder(layers=3, worker_process=False).encode(sentences)
           * Embedder(layers=6, worker_process=False).encode(sentences)).sum(axis=1)
    out = {"data": data.name, "articles": len(full.articles),
           "fact_pairs": _prf(a["facts"], b["facts"]), "loaded_words": _prf(a["loaded"], b["loaded"]),
           "quote_pairs": _prf(a["quotes"], b["quotes"]), "story_pairs": _prf(a["stories"], b["stories"]),
           "sentence_cosine_mean": round(float(cos.mean()), 3),
           "sentence_cosine_p05": round(float(sorted(cos)[len(cos) // 20]), 3),
           "main_cpu_s": {"layers6": round(full_cpu, 1), "layers3": round(student_cpu, 1)}}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
