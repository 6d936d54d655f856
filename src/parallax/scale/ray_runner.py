"""Read, clean, annotate and embed many input shards in parallel on Ray Data.

The shards (files found under the given paths: JSONL, WARC, feeds, HTML or text) are
read by Ray tasks; pages are cleaned and annotated in batches by the same functions the
local pipeline uses, and each article's lead is embedded in the workers. The driver
feeds the articles, in shard order, to the :class:`~parallax.stories.StreamingClusterer`,
so memory on the driver grows with the number of articles, not with the page text read.

On one machine ``run(paths, num_cpus=N)`` starts a local Ray cluster and stops it at
the end. On a cluster:

1. install parallax with the extra on every node: ``pip install "parallax[ray]"``;
2. start the head (``ray start --head``) and the workers
   (``ray start --address HEAD_IP:6379``), or use an existing cluster;
3. put the input shards where every node can read them (a shared file system);
4. on the head: ``run(paths, address="auto", workers=<actors>)`` (or
   ``address="ray://HEAD_IP:10001"`` from outside the cluster).

>>> from parallax.scale.ray_runner import run            # doctest: +SKIP
>>> result = run(["shards/"], num_cpus=2)                 # doctest: +SKIP
>>> len(result.stories)                                   # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import UsageError
from ..model import Article, Page, Rejected, Result

SHARD_FILES = 64  # small files (one page each) travel to workers in groups of this many


@dataclass(frozen=True)
class RunStats:
    """What a run did: counts and the wall time of each phase, in seconds."""

    shards: int
    pages: int
    articles: int
    rejected: int
    stories: int
    read_s: float
    process_s: float
    cluster_s: float


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise UsageError('the Ray runner needs Ray: pip install "parallax[ray]"') from exc
    return ray


def list_shards(paths: Sequence[str | PathLike[str]] | str | PathLike[str]) -> list[list[str]]:
    """Input files under ``paths`` (sorted, hidden entries left out), grouped into shards.

    A file with many records (JSONL, WARC, feed) is a shard of its own; one-page files
    (HTML, text) are grouped ``SHARD_FILES`` at a time. Missing paths are kept as
    one-file shards so that the reader reports them as rejected.
    """
    if isinstance(paths, str | PathLike):
        paths = [paths]
    many, single, shards = (".jsonl", ".warc", ".gz", ".xml", ".rss", ".atom"), [], []
    for path in map(Path, paths):
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)) \
            if path.is_dir() else [path]
        for file in files:
            if file.name.lower().endswith(many):
                shards.append([str(file)])
            else:
                single.append(str(file))
    shards.extend(single[i : i + SHARD_FILES] for i in range(0, len(single), SHARD_FILES))
    return shards


def _hidden(file: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in file.relative_to(root).parts)


# --------------------------------------------------------------------------- worker side
def _read_shard(row: dict[str, Any], *, outlet: str | None, settings_json: str) -> Iterator[dict[str, Any]]:
    """One shard -> rows of ``{"kind": "page"|"rejected", "record": JSON}``."""
    from ..ingest import read_pages

    settings = _settings(settings_json)
    for item in read_pages(json.loads(row["files"]), outlet=outlet, settings=settings):
        kind = "rejected" if isinstance(item, Rejected) else "page"
        yield {"order": row["order"], "kind": kind, "record": json.dumps(item.to_dict())}


class _Processor:
    """Cleans, annotates and embeds a batch of pages (one instance per Ray worker)."""

    def __init__(self, *, settings_json: str, templates: Any, embed: bool) -> None:
        self.settings = _settings(settings_json)
        self.templates = templates
        self.embedder = None
        if embed:
            from ..stories.embed import Embedder

            self.embedder = Embedder(threads=1, worker_process=False)  # Ray already runs a worker per core

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        from ..pipeline import annotate_articles, clean_pages

        pages = [Page.from_dict(json.loads(r)) for r in batch["record"]]
        articles, rejected = clean_pages(pages, settings=self.settings, templates=self.templates)
        articles = annotate_articles(articles, settings=self.settings)
        vectors = self._vectors(articles)
        rows = [("article", json.dumps(a.to_dict()), json.dumps(v)) for a, v in zip(articles, vectors, strict=True)]
        rows += [("rejected", json.dumps(r.to_dict()), "null") for r in rejected]
        order = int(batch["order"][0]) if len(batch["order"]) else 0
        return {"order": [order] * len(rows), "kind": [r[0] for r in rows], "record": [r[1] for r in rows],
                "vector": [r[2] for r in rows]}

    def _vectors(self, articles: list[Article]) -> list[list[float] | None]:
        if self.embedder is None or not articles:
            return [None] * len(articles)
        from ..stories.features import lead_text

        return [v.tolist() for v in self.embedder.encode([lead_text(a) for a in articles])]


def _settings(settings_json: str) -> Settings:
    data: dict[str, Any] = json.loads(settings_json)
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
    return Settings(**values)


def _settings_json(settings: Settings) -> str:
    from dataclasses import asdict

    return json.dumps(asdict(settings))


# --------------------------------------------------------------------------- driver side
def run(paths: Sequence[str | PathLike[str]] | str | PathLike[str], *, settings: Settings | None = None,
        outlet: str | None = None, address: str | None = None, num_cpus: int | None = None,
        workers: int | None = None, batch_size: int = 32, embed: bool | None = None,
        compare: bool = False) -> Result:
    """Analyse every page under ``paths`` on Ray; returns the same ``Result`` as ``analyze``.

    ``address`` joins a running cluster (``"auto"``, ``"ray://host:10001"``); without it a
    local one is started with ``num_cpus`` CPUs and shut down at the end. ``workers`` is
    the number of clean/annotate/embed actors (default: CPUs available, at least 1).
    Stories come from the streaming clusterer; ``compare=True`` also fills each story's
    comparison on the driver.
    """
    return run_with_stats(paths, settings=settings, outlet=outlet, address=address, num_cpus=num_cpus,
                          workers=workers, batch_size=batch_size, embed=embed, compare=compare)[0]


def run_with_stats(paths: Sequence[str | PathLike[str]] | str | PathLike[str], *,
                   settings: Settings | None = None, outlet: str | None = None, address: str | None = None,
                   num_cpus: int | None = None, workers: int | None = None, batch_size: int = 32,
                   embed: bool | None = None, compare: bool = False) -> tuple[Result, RunStats]:
    """Like :func:`run`, and also says how long each phase took."""
    import time

    ray = _import_ray()
    settings = settings or Settings()
    embed = settings.use_embeddings if embed is None else embed
    owns = not ray.is_initialized()
    if owns:
        ray.init(address=address, num_cpus=num_cpus, include_dashboard=False, log_to_driver=False,
                 configure_logging=False)
    try:
        ray.data.DataContext.get_current().execution_options.preserve_order = True
        ray.data.DataContext.get_current().enable_progress_bars = False
        shards = list_shards(paths)
        t0 = time.perf_counter()
        pages, rejected, templates = _read(ray, shards, outlet or settings.outlet, settings)
        t1 = time.perf_counter()
        count = workers or max(1, int(ray.available_resources().get("CPU", 1)))
        processor_kwargs = {"settings_json": _settings_json(settings), "templates": templates, "embed": embed}
        processed = pages.map_batches(_Processor, fn_constructor_kwargs=processor_kwargs, batch_size=batch_size,
                                      compute=ray.data.ActorPoolStrategy(size=count), num_cpus=1)
        articles, stories, late_rejected, t2 = _cluster(processed, settings, embed)
        rejected.extend(late_rejected)
        if compare:
            stories = _compare(stories, articles, settings)
        t3 = time.perf_counter()
    finally:
        if owns:
            ray.shutdown()
    result = Result(articles=tuple(articles), stories=tuple(stories), rejected=tuple(rejected))
    stats = RunStats(shards=len(shards), pages=len(articles) + len(rejected), articles=len(articles),
                     rejected=len(rejected), stories=len(stories), read_s=round(t1 - t0, 2),
                     process_s=round(t2 - t1, 2), cluster_s=round(t3 - t2, 2))
    return result, stats


def _read(ray: Any, shards: list[list[str]], outlet: str | None, settings: Settings) -> tuple[Any, list, Any]:
    """Read every shard in parallel; learn the outlets' template lines from all pages."""
    from ..clean import OutletTemplates

    items = [{"order": i, "files": json.dumps(files)} for i, files in enumerate(shards)]
    if not items:
        raise UsageError("no input files found under the given paths")
    read = ray.data.from_items(items, override_num_blocks=len(items)).flat_map(
        _read_shard, fn_kwargs={"outlet": outlet, "settings_json": _settings_json(settings)}).materialize()
    rejected = [Rejected.from_dict(json.loads(r["record"])) for r in read.iter_rows() if r["kind"] == "rejected"]
    pages = read.filter(lambda r: r["kind"] == "page").materialize()
    templates = OutletTemplates().fit(Page.from_dict(json.loads(r["record"])) for r in pages.iter_rows())
    return pages, rejected, templates


def _cluster(processed: Any, settings: Settings, embed: bool) -> tuple[list, list, list, float]:
    """Feed the processed articles, in input order, to the streaming clusterer."""
    import time

    from ..stories import StreamingClusterer

    stream = StreamingClusterer(settings=settings, use_embeddings=embed)
    articles: list[Article] = []
    rejected: list[Rejected] = []
    seen: set[str] = set()
    for row in processed.iter_rows():
        record = json.loads(row["record"])
        if row["kind"] == "rejected":
            rejected.append(Rejected.from_dict(record))
            continue
        article = Article.from_dict(record)
        if article.id in seen:
            rejected.append(Rejected(source=article.source,
                                     reason="the same page was given twice (identical source and content)"))
            continue
        seen.add(article.id)
        vector = json.loads(row["vector"])
        stream.add(article, None if vector is None else np.asarray(vector, dtype=np.float32))
        articles.append(article)
    done = time.perf_counter()
    return articles, stream.stories(), rejected, done


def _compare(stories: list, articles: list[Article], settings: Settings) -> list:
    from ..compare import compare_story

    by_id = {a.id: a for a in articles}
    return [s.replace(comparison=compare_story(s, [by_id[i] for i in s.articles], settings=settings))
            for s in stories]


def default_workers() -> int:
    """A sensible number of worker actors on this machine (CPUs less one for the driver)."""
    return max(1, (os.cpu_count() or 2) - 1)
