"""Story clustering on a story-benchmark JSONL, scored by ``../shared/eval/stories.py``.

Each line ``{"id","outlet","title","published","text"}`` becomes a minimal Article (the
gold ``story`` field is never read); the batch clusterer groups them with the one
configuration parallax ships, and one ``{"id","story"}`` line per article is written.

Embeddings of the article leads are cached on disk (``out/cache/`` under the repository,
ignored by git) so that re-running a set does not embed it again;
``PARALLAX_STORY_MODE=stream`` scores the streaming clusterer in file order instead, and
``PARALLAX_STORY_MODE=lexical`` the batch clusterer without embeddings (words, names,
numbers and dates only; seconds instead of minutes, used by the quick quality gate).

``python benchmarks/tasks/stories.py SET.jsonl ... --orders 20`` prints the streaming
figures in file order and their spread over shuffled orders.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from parallax.model import Article
from parallax.stories import StoryClusterer, StreamingClusterer
from parallax.stories.embed import DIM, default_embedder

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "out" / "cache" / "story-embeddings"


class DiskCachedEmbedder:
    """Wraps the MiniLM embedder with a per-text ``.npy`` cache on disk."""

    def __init__(self, folder: Path = CACHE) -> None:
        self.folder = folder
        self.inner = default_embedder()

    def _path(self, text: str) -> Path:
        build = self.inner.model_id  # vectors of one model build only
        key = hashlib.blake2b(f"{build}\x00{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        return self.folder / key[:2] / f"{key}.npy"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return unit vectors for ``texts``, embedding only those not cached yet."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo = []
        for i, text in enumerate(texts):
            path = self._path(text)
            if path.is_file():
                out[i] = np.load(path)
            else:
                todo.append(i)
        if todo:
            fresh = self.inner.encode([texts[i] for i in todo])
            for i, vec in zip(todo, fresh, strict=True):
                path = self._path(texts[i])
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, vec)
                out[i] = vec
        return out


def read_articles(data: Path) -> list[Article]:
    """Minimal articles from a story-benchmark JSONL (the ``story`` field is not read)."""
    articles = []
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            rec = json.loads(line)
            body = "\n\n".join(p for p in (rec.get("text") or "").split("\n") if p.strip())
            articles.append(Article(id=rec["id"], source=str(data), body=body, outlet=rec.get("outlet"),
                                    title=rec.get("title"), published=rec.get("published")))
    return articles


def cluster(articles: list[Article], *, mode: str = "batch", embedder: object = None) -> dict[str, str]:
    """Article id -> story id, by the batch clusterer or the streaming one (input order)."""
    if mode == "lexical":
        stories = StoryClusterer(use_embeddings=False).fit(articles).stories_
        return {aid: story.id for story in stories for aid in story.articles}
    embedder = embedder or DiskCachedEmbedder()
    if mode == "stream":
        stream = StreamingClusterer(embedder=embedder)
        for article in articles:
            stream.add(article)
        stories = stream.stories()
    else:
        stories = StoryClusterer(embedder=embedder).fit(articles).stories_
    return {aid: story.id for story in stories for aid in story.articles}


def predict(data: Path, out: Path) -> tuple[Path, list[str]]:
    """Write ``{"id","story"}`` lines for ``data`` to ``out``; return (gold path, scorer args)."""
    articles = read_articles(data)
    labels = cluster(articles, mode=os.environ.get("PARALLAX_STORY_MODE", "batch"))
    with out.open("w", encoding="utf-8") as dst:
        for article in articles:
            dst.write(json.dumps({"id": article.id, "story": labels[article.id]}) + "\n")
    return data, []


def _score(gold: Path, pred: Path) -> dict[str, float]:
    import subprocess
    import sys

    scorer = ROOT.parent / "shared" / "eval" / "stories.py"
    done = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def order_spread(data: Path, orders: int, out_dir: Path, seed: int = 0) -> dict[str, float]:
    """Stream ``data`` in file order and in ``orders`` shuffled orders; BCubed F1 of each."""
    import random
    import statistics
    import time

    articles = read_articles(data)
    embedder = DiskCachedEmbedder()
    embedder.encode([_lead(a) for a in articles])  # warm the cache: time only the clustering
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = []
    rng = random.Random(seed)
    for run in range(orders + 1):
        order = list(articles)
        if run:
            rng.shuffle(order)
        started = time.perf_counter()
        labels = cluster(order, mode="stream", embedder=embedder)
        elapsed = time.perf_counter() - started
        pred = out_dir / f"{data.stem}-order{run}.jsonl"
        pred.write_text("".join(json.dumps({"id": a.id, "story": labels[a.id]}) + "\n" for a in articles))
        scored = _score(data, pred)
        figures.append(scored["bcubed_f1"])
        if not run:
            file_order = {**scored, "seconds": round(elapsed, 2)}
    shuffled = figures[1:]
    return {"set": data.stem, "file_order": file_order, "orders": orders,
            "mean": round(statistics.mean(shuffled), 4) if shuffled else None,
            "sd": round(statistics.pstdev(shuffled), 4) if shuffled else None,
            "min": min(shuffled, default=None), "max": max(shuffled, default=None)}


def _lead(article: Article) -> str:
    from parallax.stories.features import lead_text

    return lead_text(article)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Streaming figures: file order and shuffled orders.")
    parser.add_argument("data", type=Path, nargs="+", help="Story-benchmark JSONL files.")
    parser.add_argument("--orders", type=int, default=20, help="How many shuffled orders.")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "out" / "stories-orders")
    args = parser.parse_args()
    for path in args.data:
        print(json.dumps(order_spread(path, args.orders, args.out_dir)), flush=True)
