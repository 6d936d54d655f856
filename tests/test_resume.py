"""A run killed at any moment resumes with --resume and ends with the same store."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parallax.store import Store

pytestmark = pytest.mark.slow


def _analyze(corpus: Path, db: Path, *extra: str) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "parallax.cli", "analyze", str(corpus), "--db", str(db), "--batch", "2",
           "--quiet", "--no-embeddings", *extra]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONHASHSEED": "0"})


def _dump(db: Path) -> str:
    with Store(db) as store:
        return store.dump()


def test_killed_run_resumes_to_the_same_store(example_corpus: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole.db"
    started = time.monotonic()
    proc = _analyze(example_corpus, whole)
    assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
    full_run = time.monotonic() - started

    killed = tmp_path / "killed.db"
    proc = _analyze(example_corpus, killed)
    # Kill somewhere between start-up and the end of the run (the seed is printed on failure).
    seed = random.randrange(1_000_000)
    delay = random.Random(seed).uniform(0.3, 0.9) * full_run
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    resumed = _analyze(example_corpus, killed, "--resume")
    assert resumed.wait(timeout=300) == 0, resumed.stderr.read() if resumed.stderr else ""
    assert _dump(killed) == _dump(whole), f"kill after {delay:.1f} s (seed {seed})"
