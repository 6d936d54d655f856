"""Train the loaded-wording models shipped in src/parallax/compare/models/loaded.npz.

    python scripts/train_loaded.py [--data ../shared/data/babe-mbic/babe_sg2_folds.jsonl] [--out PATH]

Reads BABE (SG2) sentences with their labels, marked words and folds, embeds them with
the packaged MiniLM model and fits the sentence and word models on all of them (the folds
only serve the held-out word features and the word threshold). The result is a single
``.npz`` of plain arrays: no pickle, no scikit-learn or torch needed to use it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "babe-mbic" / "babe_sg2_folds.jsonl"
DEFAULT_OUT = ROOT / "src" / "parallax" / "compare" / "models" / "loaded.npz"


def main(argv: list[str] | None = None) -> int:
    """Train on ``--data`` and write the model to ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="BABE SG2 folds JSONL.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Where to write the .npz model.")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        sys.exit(f"error: no such data file: {args.data}")
    sys.path.insert(0, str(ROOT / "src"))
    from parallax.compare.training import fit_loaded_model
    from parallax.stories.embed import default_embedder

    rows = [json.loads(line) for line in args.data.open(encoding="utf-8") if line.strip()]
    texts = [r["text"] for r in rows]
    encode = default_embedder().encode
    model = fit_loaded_model(texts, [r["label"] for r in rows], [r["biased_words"] for r in rows],
                             encode(texts), [r["fold"] for r in rows], encode_words=encode)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"{len(rows)} sentences -> {args.out} ({args.out.stat().st_size // 1024} KiB, "
          f"{len(model.terms.vocabulary)} terms, {len(model.words.seen)} words, "
          f"word threshold {model.word_threshold})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
