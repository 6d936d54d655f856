"""The Ray runner against the local pipeline on the same corpus, in one process.

    python benchmarks/ray_ratio.py [PATH ...] [--num-cpus 2] [--workers 1] [--no-embed]

Runs the read/clean/annotate/embed stages plus streaming story assignment twice: once
locally in this process (the pipeline's own ``clean_pages``/``annotate_articles``, then
``StreamingClusterer``), once through ``parallax.scale.ray_runner.run_with_stats`` on a
local Ray cluster. Prints one JSON line with both wall times, their ratio (Ray / local)
and whether both found the same stories. On a small corpus the ratio mostly measures
Ray's start-up and worker warm-up; it is the fixed cost a cluster run pays.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def local_run(paths: list[Path], embed: bool) -> tuple[float, set[frozenset[str]]]:
    """The same stages without Ray: read, clean, annotate, embed, stream into stories."""
    from parallax.config import Settings
    from parallax.ingest import read_pages
    from parallax.model import Page
    from parallax.pipeline import annotate_articles, clean_pages
    from parallax.scale.ray_runner import list_shards
    from parallax.stories import StreamingClusterer

    started = time.perf_counter()
    settings = Settings()
    files = [f for shard in list_shards(paths) for f in shard]  # the runner's order
    pages = [p for p in read_pages(files, settings=settings) if isinstance(p, Page)]
    articles, _ = clean_pages(pages, settings=settings)
    articles = annotate_articles(articles, settings=settings)
    stream = StreamingClusterer(settings=settings, use_embeddings=embed)
    for article in articles:
        stream.add(article)
    stories = {frozenset(s.articles) for s in stream.stories()}
    return time.perf_counter() - started, stories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "examples" / "corpus"])
    parser.add_argument("--num-cpus", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-embed", action="store_true", help="Hashed word vectors instead of MiniLM.")
    args = parser.parse_args(argv)
    from parallax.scale.ray_runner import run_with_stats

    embed = not args.no_embed
    local_s, local_stories = local_run(args.paths, embed)
    started = time.perf_counter()
    result, stats = run_with_stats(args.paths, num_cpus=args.num_cpus, workers=args.workers, embed=embed)
    ray_s = time.perf_counter() - started
    same = {frozenset(s.articles) for s in result.stories} == local_stories
    print(json.dumps({"task": "ray_ratio", "articles": stats.articles, "shards": stats.shards,
                      "local_s": round(local_s, 2), "ray_s": round(ray_s, 2), "ratio": round(ray_s / local_s, 2),
                      "ray_read_s": stats.read_s, "ray_process_s": stats.process_s,
                      "ray_cluster_s": stats.cluster_s, "same_stories": same}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
