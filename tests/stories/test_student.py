"""The three-layer encoder: assembled from the packaged graph, close to the six-layer model."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from parallax.stories.embed import Embedder
from parallax.stories.quantize import float_model
from parallax.stories.student import (
    MATRICES,
    WEIGHTS,
    layer_count,
    layer_parameters,
    load_weights,
    pack_weights,
    student_graph,
)

NEWS = [
    "The two leaders met on Wednesday at a space launch site in the far east of Russia.",
    "Kim and Putin held talks at the cosmodrome in Russia's far east on Wednesday.",
    "The central bank left its benchmark interest rate unchanged for a third month.",
    "Interest rates were kept on hold by the central bank again this month.",
    "Heavy rain flooded dozens of homes in the coastal town overnight.",
]


@pytest.fixture(scope="module")
def teacher_graph() -> bytes:
    return float_model()


def _run(model: bytes, texts: list[str]) -> np.ndarray:
    from tokenizers import Tokenizer

    from parallax.stories.embed import _TOKENIZER

    tok = Tokenizer.from_file(str(_TOKENIZER))
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    enc = tok.encode_batch(texts)
    ids = np.array([e.ids for e in enc], dtype=np.int64)
    mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    return session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]


def test_keeping_every_layer_with_its_own_weights_is_the_same_model(teacher_graph: bytes) -> None:
    graph = onnx.load_from_string(teacher_graph)
    weights = {k: v for k, v in layer_parameters(graph).items() if k.startswith("layer.")}
    rebuilt = student_graph(graph, list(range(6)), weights).SerializeToString()
    assert np.allclose(_run(rebuilt, NEWS[:2]), _run(teacher_graph, NEWS[:2]), atol=1e-5)


def test_the_student_has_the_kept_layers_only(teacher_graph: bytes) -> None:
    keep, weights = load_weights()
    assert len(keep) == 3 and len(set(keep)) == 3
    graph = student_graph(onnx.load_from_string(teacher_graph), keep, weights)
    assert layer_count(onnx.load_from_string(teacher_graph)) == 6
    matmuls = sum(n.op_type == "MatMul" for n in graph.graph.node)
    full = sum(n.op_type == "MatMul" for n in onnx.load_from_string(teacher_graph).graph.node)
    assert matmuls * 2 == full
    names = {i.name for i in graph.graph.initializer}
    assert not any(f"layer.{i}." in n for n in names for i in set(range(6)) - set(keep))


def test_packed_weights_round_trip_closely(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    weights = {"layer.0.attention.self.query.weight": rng.normal(0, 0.05, (384, 384)).astype(np.float32),
               "layer.0.attention.self.query.bias": rng.normal(0, 0.05, 384).astype(np.float32)}
    path = tmp_path / "w.npz"
    np.savez_compressed(path, **pack_weights([0, 4, 5], weights))  # type: ignore[arg-type]
    keep, back = load_weights(path)
    assert keep == [0, 4, 5]
    assert np.array_equal(back["layer.0.attention.self.query.bias"], weights["layer.0.attention.self.query.bias"])
    err = np.abs(back["layer.0.attention.self.query.weight"] - weights["layer.0.attention.self.query.weight"]).max()
    assert err < 0.05 * 4 / 127


def test_a_broken_weights_file_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from parallax.errors import ModelError

    bad = tmp_path / "student.npz"
    bad.write_bytes(b"not a numpy archive")
    with pytest.raises(ModelError, match="student.npz"):
        load_weights(bad)


def test_the_shipped_weights_hold_every_parameter_of_three_layers() -> None:
    keep, weights = load_weights(WEIGHTS)
    for j in range(len(keep)):
        for module in MATRICES:
            assert weights[f"layer.{j}.{module}.weight"].ndim == 2


def test_the_student_reads_news_like_the_six_layer_model() -> None:
    student = Embedder(worker_process=False).encode(NEWS)
    full = Embedder(worker_process=False, layers=6, int8_arithmetic=False).encode(NEWS)
    assert float((student * full).sum(axis=1).min()) > 0.85
    sims = student @ student.T
    # the paraphrases are each other's nearest neighbours, as with the full model
    assert sims[0, 1] > max(sims[0, 2], sims[0, 3], sims[0, 4])
    assert sims[2, 3] > max(sims[2, 0], sims[2, 1], sims[2, 4])
    pairs = np.triu_indices(len(NEWS), 1)
    assert np.corrcoef(sims[pairs], (full @ full.T)[pairs])[0, 1] > 0.9


def test_one_shared_embedder_per_encoder() -> None:
    from parallax.stories.embed import default_embedder, default_embedders

    assert default_embedder() is default_embedder(3)
    assert default_embedder(6) is default_embedder(6) and default_embedder(6) is not default_embedder()
    assert default_embedder(6).layers == 6 and default_embedder(6) in default_embedders()
    with pytest.raises(ValueError, match="layers"):
        Embedder(layers=4)
