"""Stream a folder of 100,000 small pages through ``read_pages``: peak memory and pages/s.

    python benchmarks/read_100k.py [--files 100000] [--keep DIR]

The pages are generated into a temporary folder (one folder, the worst case for listing),
then read twice in this process: first by ``read_pages``, then by a bare loop that opens
and reads each file (the floor any reader pays). Printed: pages/s of both, their ratio, and
peak RSS (``ru_maxrss``) before and after reading; the last line is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from parallax.ingest import read_pages
from parallax.model import Rejected

WORDS = ["council", "bridge", "river", "mayor", "vote", "repairs", "million", "traffic", "engineers", "ferry", "residents", "plan", "office", "month", "week", "said", "would", "spend", "closed", "inspection", "cracks", "piers", "spring", "families", "work"]


def peak_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_pages(folder: Path, count: int) -> int:
    """Write ``count`` small plain-text pages (about 1.5 KB each); return the bytes written."""
    rng = random.Random(7)
    total = 0
    for n in range(count):
        paragraphs = [" ".join(rng.choices(WORDS, k=40)).capitalize() + "." for _ in range(5)]
        text = f"Story number {n} about the bridge\n\n" + "\n\n".join(paragraphs) + "\n"
        data = text.encode()
        (folder / f"page-{n:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def bare_read(folder: Path) -> tuple[int, float]:
    start = time.perf_counter()
    count = 0
    for name in sorted(os.listdir(folder)):
        with open(folder / name, "rb") as handle:
            handle.read()
        count += 1
    return count, time.perf_counter() - start


def stream(folder: Path) -> tuple[int, int, float]:
    start = time.perf_counter()
    pages = rejected = 0
    for item in read_pages([str(folder)]):
        if isinstance(item, Rejected):
            rejected += 1
        else:
            pages += 1
    return pages, rejected, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--keep", help="write the pages here and keep them")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="parallax-read-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        size = write_pages(folder, args.files)
        before = peak_mib()
        pages, rejected, read_s = stream(folder)
        after = peak_mib()
        bare_count, bare_s = bare_read(folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    figures = {
        "task": "read_100k",
        "files": args.files,
        "megabytes": round(size / 1e6, 1),
        "pages": pages,
        "rejected": rejected,
        "pages_per_s": round(pages / read_s, 1),
        "bare_read_files_per_s": round(bare_count / bare_s, 1),
        "ratio_to_bare_read": round(read_s / bare_s, 2),
        "peak_rss_mib_before": round(before, 1),
        "peak_rss_mib_after": round(after, 1),
        "peak_rss_growth_mib": round(after - before, 1),
    }
    print(f"read {pages} pages ({rejected} rejected) of {figures['megabytes']} MB at {figures['pages_per_s']} pages/s")
    print(f"bare open+read: {figures['bare_read_files_per_s']} files/s; ratio {figures['ratio_to_bare_read']}")
    print(f"peak RSS {figures['peak_rss_mib_before']} MiB before reading, {figures['peak_rss_mib_after']} MiB after")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
