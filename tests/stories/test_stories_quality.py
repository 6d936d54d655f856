"""Quality gates: the story benchmarks must not fall more than 0.005 below the pinned figures.

The quick gates run the lexical path (no embeddings, seconds); the slow gate runs the
shipped configuration with MiniLM embeddings on basil_dev (embeddings cached on disk
under out/cache after the first run). Scores come from the shared scorer, run as is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARGIN = 0.005
LEXICAL_FLOORS = {"basil_dev": 1.0, "ecbplus_dev": 0.864}
FULL_FLOORS = {"basil_dev": 0.9928}


def bcubed(shared_data: Path, name: str, mode: str, tmp_path: Path) -> float:
    data = shared_data / "story-benchmarks" / f"{name}.jsonl"
    if not data.is_file():
        pytest.skip(f"benchmark set not found: {data}")
    env = {**os.environ, "PARALLAX_STORY_MODE": mode}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "stories", "--data", str(data),
                           "--out", str(tmp_path / f"{name}.jsonl")],
                          capture_output=True, text=True, env=env, check=True)
    return float(json.loads(done.stdout.strip().splitlines()[-1])["bcubed_f1"])


@pytest.mark.parametrize("name", sorted(LEXICAL_FLOORS))
def test_lexical_path_keeps_its_quality(shared_data: Path, tmp_path: Path, name: str) -> None:
    assert bcubed(shared_data, name, "lexical", tmp_path) >= LEXICAL_FLOORS[name] - MARGIN


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FULL_FLOORS))
def test_shipped_configuration_keeps_its_quality(shared_data: Path, tmp_path: Path, name: str) -> None:
    assert bcubed(shared_data, name, "batch", tmp_path) >= FULL_FLOORS[name] - MARGIN
