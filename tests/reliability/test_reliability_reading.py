"""Every input of the bad corpus is read into a page or rejected with a reason; none is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from parallax.config import Settings
from parallax.ingest import read_pages
from parallax.model import Page, Rejected


def _outcomes(folder: Path, **options: object) -> dict[str, Page | Rejected]:
    found: dict[str, Page | Rejected] = {}
    for item in read_pages([str(folder)], **options):  # type: ignore[arg-type]
        key = os.path.relpath(item.source, folder)
        assert key not in found, f"{key} read twice"
        found[key] = item
    return found


def test_every_input_is_a_page_or_a_rejection(bad_corpus: tuple[Path, dict[str, str]], corpus_maker: ModuleType) -> None:
    folder, _ = bad_corpus
    expected = corpus_maker.expected_reads()
    found = _outcomes(folder)
    assert set(found) == set(expected)
    for key, item in found.items():
        outcome = "rejected" if isinstance(item, Rejected) else "page"
        assert outcome == expected[key], (key, item)
        if isinstance(item, Rejected):
            assert item.reason.strip(), key
        else:
            assert (item.text or item.html or "").strip(), key


def test_reasons_say_what_was_wrong(bad_corpus: tuple[Path, dict[str, str]]) -> None:
    found = _outcomes(bad_corpus[0])
    reasons = {key: item.reason for key, item in found.items() if isinstance(item, Rejected)}
    assert "empty" in reasons["empty.txt"]
    assert "whitespace" in reasons["whitespace.txt"]
    assert "PNG" in reasons["image.png"]
    assert "PDF" in reasons["document.pdf"]
    assert "ZIP" in reasons["archive.zip"]
    assert "binary" in reasons["random.bin"]
    assert "too large" in reasons["huge.txt"]
    assert "invalid JSON" in reasons["broken.jsonl#2"]
    assert "truncated" in reasons["truncated.warc#3"]
    assert "truncated" in reasons["truncated.warc.gz#3"]
    assert "gzip" in reasons["corrupt.txt.gz"]


_PEAK = """
import resource, sys
from parallax.ingest import read_pages
for _ in read_pages(sys.argv[1:]):
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kib(*paths: str) -> int:
    done = subprocess.run([sys.executable, "-c", _PEAK, *paths], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1])


def test_the_large_file_is_not_read_whole(bad_corpus: tuple[Path, dict[str, str]]) -> None:
    baseline = _peak_kib()
    grown_kib = _peak_kib(str(bad_corpus[0])) - baseline
    assert grown_kib < 30 * 1024, f"peak memory grew by {grown_kib} KiB reading a folder with a 50 MB file"


def test_decoded_pages_hold_the_original_text(bad_corpus: tuple[Path, dict[str, str]], corpus_maker: ModuleType) -> None:
    found = _outcomes(bad_corpus[0])
    texts = {key: item.text for key, item in found.items() if isinstance(item, Page)}
    assert texts["latin1.txt"] == corpus_maker.latin1_text()
    assert texts["cp1252.txt"] == corpus_maker.article_text(81)
    assert texts["utf16_bom.txt"] == corpus_maker.article_text(82)
    assert texts["utf16le_no_bom.txt"] == corpus_maker.article_text(83)
    assert texts["mojibake.txt"] == corpus_maker.article_text(60)
    assert "市议会批准修复旧河桥计划" in (texts["chinese.txt"] or "")


def test_reading_twice_gives_the_same_sequence(bad_corpus: tuple[Path, dict[str, str]]) -> None:
    first = list(read_pages([str(bad_corpus[0])], settings=Settings(max_page_bytes=1_000_000)))
    second = list(read_pages([str(bad_corpus[0])], settings=Settings(max_page_bytes=1_000_000)))
    assert first == second
    long_lines = [item for item in first if item.source.endswith("long_lines.txt")]
    assert len(long_lines) == 1 and isinstance(long_lines[0], Page)
