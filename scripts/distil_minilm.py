"""Train the three-layer encoder parallax embeds with (``src/parallax/stories/minilm/student.npz``).

    pip install torch==2.13.0        # CPU build; not needed to run parallax
    python scripts/distil_minilm.py --texts CORPUS.jsonl [CORPUS2.txt ...] --out student.npz

The teacher is the packaged MiniLM-L6 (all six layers, float arithmetic); the student
starts as three of its layers (``--keep``) and learns to give the same token states (mean
squared error over the real tokens) and the same sentence vectors (cosine of the mean
pools, and of the mean pools of random spans, which is how clauses are read) for news
text. The token embeddings stay the teacher's and are not shipped. The texts are cut into
training examples of one sentence, two or three sentences (like an article's lead) and
short fragments (like a clause or a word), so the student sees what the pipeline embeds.

Any English news text serves as corpus: JSON Lines with a ``text``, ``article``, ``articleBody``
or ``sentence_normalized`` field, a JSON object of such records, or plain text files. Use
text that the benchmarks do not score embeddings on, and leave out (``--exclude``) the
sentences of any labelled set the vectors are evaluated on. The shipped weights were
trained on the PolNeAR articles, the bodies of the article-extraction benchmark, the
NewsMTSC sentences and the MBIC articles less every sentence of BABE, in two epochs of
about 50,000 examples (1.4 million tokens; 17 minutes each on two cores)::

    CORPUS="polnear/gold_dev.jsonl polnear/gold_test.jsonl newsmtsc/*/*.jsonl
            article-extraction-benchmark/ground-truth.json babe-mbic/mbic_articles.jsonl"
    python scripts/distil_minilm.py --texts $CORPUS --exclude babe-mbic/babe_sg2_folds.jsonl \\
        --keep 0,4,5 --lr 2e-4 --max-tokens 96 --out first.npz
    python scripts/distil_minilm.py --texts $CORPUS --exclude babe-mbic/babe_sg2_folds.jsonl \\
        --init first.npz --seed 14 --lr 1e-4 --max-tokens 96 --out src/parallax/stories/minilm/student.npz

The last 2% of examples are held out and their agreement is printed: after the first
epoch a mean cosine of 0.927 with the six-layer model's vectors (5th percentile 0.853) and
a correlation of 0.920 between the two models' pairwise similarities; after the second,
0.936 (0.881) and 0.929, on a held-out part the first epoch partly trained on.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])")


def read_texts(paths: list[Path]) -> list[str]:
    fields = ("text", "article", "articleBody", "sentence_normalized")
    texts: list[str] = []
    for path in paths:
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".json":
            data = json.loads(raw)
            records = data.values() if isinstance(data, dict) else data
            texts += [r[f] for r in records for f in fields if isinstance(r, dict) and r.get(f)]
        elif path.suffix == ".jsonl":
            for line in raw.splitlines():
                if line.strip():
                    rec = json.loads(line)
                    texts += [rec[f] for f in fields if rec.get(f)]
        else:
            texts.append(raw)
    return texts


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def examples(texts: list[str], rng: random.Random) -> list[str]:
    out: list[str] = []
    for text in texts:
        for para in re.split(r"\n\s*\n|\n", text):
            sentences = [s.strip() for s in _SENTENCE.split(para.strip()) if len(s.strip()) > 1]
            i = 0
            while i < len(sentences):
                roll = rng.random()
                if roll < 0.15 and i + 1 < len(sentences):
                    n = rng.choice((2, 3))
                    out.append(" ".join(sentences[i : i + n]))
                    i += n
                    continue
                sentence = sentences[i]
                if roll > 0.93:
                    words = sentence.split()
                    size = rng.choice((1, 1, 2, 4, 7))
                    start = rng.randrange(max(1, len(words) - size + 1))
                    out.append(" ".join(words[start : start + size]).strip(".,;:\"'“”"))
                out.append(sentence)
                i += 1
    return [t for t in out if t]


def build(weights: dict[str, np.ndarray], layers: list[int], trainable: bool):  # type: ignore[no-untyped-def]
    import torch
    from torch import nn

    from parallax.stories.student import MATRICES, NORMS

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            for key in ("word_embeddings.weight", "position_embeddings.weight", "token_type_embeddings.weight",
                        "LayerNorm.weight", "LayerNorm.bias"):
                self.register_buffer("emb_" + key.replace(".", "_"), torch.tensor(weights["embeddings." + key]))
            self.params = nn.ParameterDict()
            for j, layer in enumerate(layers):
                for module in (*MATRICES, *NORMS):
                    for kind in ("weight", "bias"):
                        value = torch.tensor(weights[f"layer.{layer}.{module}.{kind}"])
                        self.params[f"l{j}_{module}_{kind}".replace(".", "_")] = nn.Parameter(
                            value, requires_grad=trainable)

        def p(self, j: int, module: str, kind: str) -> torch.Tensor:
            return self.params[f"l{j}_{module}_{kind}".replace(".", "_")]

        def lin(self, x: torch.Tensor, j: int, module: str) -> torch.Tensor:
            return x @ self.p(j, module, "weight") + self.p(j, module, "bias")

        def norm(self, x: torch.Tensor, j: int, module: str) -> torch.Tensor:
            return nn.functional.layer_norm(x, (x.shape[-1],), self.p(j, module, "weight"), self.p(j, module, "bias"),
                                            eps=1e-12)

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            b, t = ids.shape
            x = (self.emb_word_embeddings_weight[ids] + self.emb_position_embeddings_weight[:t][None]
                 + self.emb_token_type_embeddings_weight[0][None, None])
            x = nn.functional.layer_norm(x, (x.shape[-1],), self.emb_LayerNorm_weight, self.emb_LayerNorm_bias,
                                         eps=1e-12)
            bias = (1.0 - mask[:, None, None, :].float()) * -1e9
            for j in range(len(layers)):
                q, k, v = (self.lin(x, j, m).view(b, t, 12, 32).transpose(1, 2) for m in MATRICES[:3])
                att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(32) + bias, dim=-1)
                ctx = (att @ v).transpose(1, 2).reshape(b, t, 384)
                x = self.norm(self.lin(ctx, j, "attention.output.dense") + x, j, "attention.output.LayerNorm")
                h = nn.functional.gelu(self.lin(x, j, "intermediate.dense"))
                x = self.norm(self.lin(h, j, "output.dense") + x, j, "output.LayerNorm")
            return x

    return Encoder()


def pooled(states, mask):  # type: ignore[no-untyped-def]
    import torch

    w = mask[..., None].float()
    v = (states * w).sum(1) / w.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(v, dim=-1)


def batches(encoded: list[list[int]], size: int, rng: random.Random) -> list[list[int]]:
    order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i]), rng.random()))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    return groups


def tensors(encoded: list[list[int]], idx: list[int]):  # type: ignore[no-untyped-def]
    import torch

    t = max(len(encoded[i]) for i in idx)
    ids = torch.zeros((len(idx), t), dtype=torch.long)
    mask = torch.zeros((len(idx), t), dtype=torch.long)
    for row, i in enumerate(idx):
        ids[row, : len(encoded[i])] = torch.tensor(encoded[i])
        mask[row, : len(encoded[i])] = 1
    return ids, mask


def span_pools(states, mask, rng: random.Random):  # type: ignore[no-untyped-def]
    """Mean pools of one random inner span per row (tokens between [CLS] and [SEP])."""
    import torch

    sel = torch.zeros(mask.shape, dtype=torch.float32)
    for row, n in enumerate(mask.sum(1).tolist()):
        inner = n - 2
        if inner < 3:
            sel[row, 1 : max(2, n - 1)] = 1
            continue
        size = rng.randint(2, inner)
        start = 1 + rng.randrange(inner - size + 1)
        sel[row, start : start + size] = 1
    v = (states * sel[..., None]).sum(1) / sel.sum(1, keepdim=True).clamp(min=1e-9)
    return torch.nn.functional.normalize(v, dim=-1)


def agreement(teacher, student, encoded: list[list[int]], size: int = 64) -> dict[str, float]:  # type: ignore[no-untyped-def]
    import torch

    cos: list[float] = []
    tv, sv = [], []
    with torch.no_grad():
        for start in range(0, len(encoded), size):
            idx = list(range(start, min(len(encoded), start + size)))
            ids, mask = tensors(encoded, idx)
            a, b = pooled(teacher(ids, mask), mask), pooled(student(ids, mask), mask)
            cos += (a * b).sum(1).tolist()
            tv.append(a)
            sv.append(b)
    t, s = torch.cat(tv), torch.cat(sv)
    n = min(len(t), 1000)
    pt, ps = (t[:n] @ t[:n].T).flatten(), (s[:n] @ s[:n].T).flatten()
    corr = float(torch.corrcoef(torch.stack([pt, ps]))[0, 1])
    return {"cosine": float(np.mean(cos)), "cosine_p05": float(np.percentile(cos, 5)), "pair_corr": corr}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", nargs="+", type=Path, required=True)
    parser.add_argument("--exclude", nargs="*", type=Path, default=[],
                        help="Files of sentences (same formats) no training example may contain.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--keep", default="0,2,4", help="Teacher layers the student starts from.")
    parser.add_argument("--init", type=Path, help="Start from these student weights (continue a training).")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=0, help="Use at most this many examples (0: all).")
    args = parser.parse_args(argv)

    import onnx
    import torch
    from tokenizers import Tokenizer

    from parallax.stories.embed import _TOKENIZER
    from parallax.stories.quantize import float_model
    from parallax.stories.student import layer_count, layer_parameters

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    graph = onnx.load_from_string(float_model())
    weights = layer_parameters(graph)
    keep = [int(x) for x in args.keep.split(",")]
    teacher = build(weights, list(range(layer_count(graph))), trainable=False).eval()
    if args.init:
        from parallax.stories.student import load_weights

        keep, trained = load_weights(args.init)
        weights = {**weights, **{f"layer.{keep[int(k.split('.')[1])]}.{k.split('.', 2)[2]}": v
                                 for k, v in trained.items()}}
    student = build(weights, keep, trainable=True)

    tokenizer = Tokenizer.from_file(str(_TOKENIZER))
    tokenizer.enable_truncation(max_length=args.max_tokens)
    tokenizer.no_padding()
    texts = examples(read_texts(args.texts), rng)
    banned = {_norm(t) for t in read_texts(args.exclude)}
    if banned:
        before = len(texts)
        texts = [t for t in texts if not any(_norm(s) in banned for s in [t, *_SENTENCE.split(t)])]
        print(f"{before - len(texts)} examples left out (--exclude)", file=sys.stderr)
    rng.shuffle(texts)
    if args.limit:
        texts = texts[: args.limit]
    held = max(200, len(texts) // 50)
    encoded = [e.ids for e in tokenizer.encode_batch(texts)]
    train, test = encoded[held:], encoded[:held]
    print(f"{len(train)} training examples, {sum(map(len, train))} tokens; {held} held out", file=sys.stderr)
    print("before:", json.dumps(agreement(teacher, student, test)), file=sys.stderr)

    params = [p for p in student.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    plan = [g for _ in range(math.ceil(args.epochs)) for g in batches(train, args.batch, rng)]
    plan = plan[: int(len(train) / args.batch * args.epochs)]
    warm = max(1, len(plan) // 20)
    started = time.time()
    for step, idx in enumerate(plan, 1):
        lr = args.lr * min(step / warm, max(0.0, (len(plan) - step) / (len(plan) - warm)))
        for group in optimiser.param_groups:
            group["lr"] = lr
        ids, mask = tensors(train, idx)
        with torch.no_grad():
            target = teacher(ids, mask)
        states = student(ids, mask)
        w = mask[..., None].float()
        token_loss = (((states - target) ** 2) * w).sum() / (w.sum() * states.shape[-1])
        span_rng = random.Random(step)
        sentence_loss = (1 - (pooled(states, mask) * pooled(target, mask)).sum(1)).mean()
        span_loss = (1 - (span_pools(states, mask, span_rng) * span_pools(target, mask, span_rng)).sum(1)).mean()
        loss = token_loss + 20 * sentence_loss + 10 * span_loss
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimiser.step()
        if step % 200 == 0 or step == len(plan):
            print(f"step {step}/{len(plan)} {time.time() - started:.0f}s token {token_loss.item():.4f} "
                  f"sentence {sentence_loss.item():.4f} span {span_loss.item():.4f}", file=sys.stderr, flush=True)
        if step % 2000 == 0 or step == len(plan):
            save(student, keep, args.out)
    print("after:", json.dumps(agreement(teacher, student.eval(), test)), file=sys.stderr)
    save(student, keep, args.out)
    return 0


def save(student, keep: list[int], out: Path) -> None:  # type: ignore[no-untyped-def]
    from parallax.stories.student import MATRICES, NORMS, pack_weights

    weights = {f"layer.{j}.{module}.{kind}": student.p(j, module, kind).detach().numpy()
               for j in range(len(keep)) for module in (*MATRICES, *NORMS) for kind in ("weight", "bias")}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **pack_weights(keep, weights))  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main())
