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


@pytest.mark.slow
def test_ray_run_on_the_example_corpus(example_corpus: Path) -> None:
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'parallax[ray]')")
    from parallax.scale.ray_runner import run_with_stats

    result, stats = run_with_stats([example_corpus, example_corpus / "no-such-file.txt"], num_cpus=2,
                                   workers=1, batch_size=8, embed=False)
    sources = {a.source for a in result.articles} | {r.source for r in result.rejected}
    assert any(s.endswith("no-such-file.txt") for s in sources)
    assert stats.articles == len(result.articles) >= 5
    grouped = [aid for s in result.stories for aid in s.articles]
    assert sorted(grouped) == sorted(a.id for a in result.articles)
    assert all(a.sentences for a in result.articles)  # annotated in the workers
    # The water-order coverage of several outlets ends up in one story.
    biggest = max(result.stories, key=lambda s: len(s.articles))
    assert len(biggest.articles) >= 4
