"""The Ray runner: shard listing, a local-mode run on the example corpus, no Ray in the core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from parallax.scale.ray_runner import SHARD_FILES, list_shards


def test_shards_keep_record_files_apart_and_group_pages(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text("{}\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skip.txt").write_text("x")
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(SHARD_FILES + 3):
        (pages / f"p{i:03d}.txt").write_text("text")
    shards = list_shards([tmp_path, tmp_path / "missing.txt"])
    assert shards[0] == [str(tmp_path / "feed.jsonl")]
    assert [len(s) for s in shards[1:]] == [SHARD_FILES, 4]
    assert str(tmp_path / "missing.txt") in shards[-1]
    assert not any("skip.txt" in f for s in shards for f in s)


def test_core_packages_do_not_import_ray() -> None:
    code = ("import sys, parallax, parallax.stories, parallax.scale, parallax.scale.ray_runner; "
            "sys.exit(1 if 'ray' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def _local_articles(paths: list[Path]) -> tuple[set[str], set[str]]:
    """Article ids and rejected sources of the local pipeline stages on the same files."""
    from parallax.config import Settings
    from parallax.ingest import read_pages
    from parallax.model import Page, Rejected
    from parallax.pipeline import clean_pages

    items = list(read_pages([f for shard in list_shards(paths) for f in shard], settings=Settings()))
    pages = [p for p in items if isinstance(p, Page)]
    articles, rejected = clean_pages(pages, settings=Settings())
    gone = {r.source for r in rejected} | {r.source for r in items if isinstance(r, Rejected)}
    return {a.id for a in articles}, gone


@pytest.mark.slow
def test_ray_run_matches_the_local_stages(example_corpus: Path) -> None:
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'parallax[ray]')")
    from parallax.scale.ray_runner import run_with_stats

    paths = [example_corpus, example_corpus / "no-such-file.txt"]
    result, stats = run_with_stats(paths, num_cpus=2, workers=1, batch_size=8, embed=False)
    local_ids, local_rejected = _local_articles(paths)
    assert {a.id for a in result.articles} == local_ids
    assert {r.source for r in result.rejected} == local_rejected
    assert any(s.endswith("no-such-file.txt") for s in local_rejected)
    assert stats.articles == len(result.articles) and stats.shards >= 2
    grouped = [aid for s in result.stories for aid in s.articles]
    assert sorted(grouped) == sorted(local_ids)
    assert all(a.sentences for a in result.articles)  # annotated in the workers
