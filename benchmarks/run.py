"""Run one benchmark: write predictions for a data set, then score them.

    python benchmarks/run.py TASK --data PATH --out PRED

TASK is one of extraction, pagetext, quotes, stories, bias, speed. The predictions are
scored with the scorers in ``../shared/eval`` (override with ``--eval-dir`` or
``$PARALLAX_EVAL_DIR``); the scorer's output is printed as is, so the last line is its
JSON object. ``speed`` prints its own JSON line (see benchmarks/tasks/speed.py).
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCORERS = {"extraction": "extraction.py", "pagetext": "extraction.py", "quotes": "quotes.py",
           "stories": "stories.py", "bias": "bias.py"}
TASKS = [*SCORERS, "speed"]


def eval_dir(given: str | None) -> Path:
    path = Path(given or os.environ.get("PARALLAX_EVAL_DIR") or ROOT.parent / "shared" / "eval")
    if not (path / "README.md").is_file():
        sys.exit(f"error: scorers not found in {path} (use --eval-dir)")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--data", required=True, type=Path, help="Data set (folder or file) in the task's format.")
    parser.add_argument("--out", required=True, type=Path, help="Where to write the predictions.")
    parser.add_argument("--eval-dir", help="Folder holding the scorers (default ../shared/eval).")
    parser.add_argument("--scorer-args", default="", help="Extra arguments for the scorer, e.g. '--all'.")
    args = parser.parse_args(argv)
    if not args.data.exists():
        sys.exit(f"error: no such data set: {args.data}")
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT / "src"))
    module = importlib.import_module(f"tasks.{args.task}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if args.task == "speed":
        return int(module.main(args.data, args.out) or 0)
    gold, extra = module.predict(args.data, args.out)
    print(f"predicted {args.task} in {time.perf_counter() - started:.1f} s -> {args.out}", file=sys.stderr)
    scorer = eval_dir(args.eval_dir) / SCORERS[args.task]
    cmd = [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(args.out), *extra,
           *args.scorer_args.split()]
    sys.stdout.flush()
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
