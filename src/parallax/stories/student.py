"""A three-layer MiniLM that reproduces the six-layer model's sentence vectors.

MiniLM-L6 reads every sentence parallax compares, and that pass cost more than spaCy's
parse of the same text. The encoder used by default keeps three of the six transformer
layers (the token embeddings and the tokenizer are the packaged model's, unchanged) with
weights trained to give the same token states and sentence vectors as all six layers
(``scripts/distil_minilm.py``). It costs half as much per token.

Only the trained layers are shipped (``minilm/student.npz``); the model is assembled from
the packaged ONNX graph: the dropped layers are cut out, the kept layers rewired one after
the other and given the trained weights. This module is the single place that knows the
graph's layout (names of the layer inputs, outputs and parameters), read from the graph
itself: :func:`layer_parameters` reads a layer's weights, :func:`student_graph` writes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError

#: The shipped weights of the kept layers.
WEIGHTS = Path(__file__).with_name("minilm") / "student.npz"

#: The parameters of one layer: matrices (``x @ W``, shape in x out) and vectors.
MATRICES = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
            "intermediate.dense", "output.dense")
NORMS = ("attention.output.LayerNorm", "output.LayerNorm")
_LAYER = re.compile(r"^inner\.encoder\.layer\.(\d+)\.(.+)\.(weight|bias)$")


def layer_count(model: Any) -> int:
    found = {int(m.group(1)) for i in model.graph.initializer if (m := _LAYER.match(i.name))}
    if not found:
        raise ModelError("the embedding model's graph has no encoder layers by the expected names")
    return max(found) + 1


def _producers(model: Any) -> dict[str, Any]:
    return {out: node for node in model.graph.node for out in node.output}


def _parameter_names(model: Any) -> dict[tuple[int, str], str]:
    """``(layer, "query.weight")``-like keys to initializer names: biases and norms by
    their own names; a matrix is the constant operand of the MatMul its bias is added to."""
    names: dict[tuple[int, str], str] = {}
    inits = {i.name for i in model.graph.initializer}
    producers = _producers(model)
    for name in inits:
        m = _LAYER.match(name)
        if m:
            names[(int(m.group(1)), f"{m.group(2)}.{m.group(3)}")] = name
    for node in model.graph.node:
        if node.op_type != "Add":
            continue
        for pos, operand in enumerate(node.input):
            m = _LAYER.match(operand)
            if not m or m.group(3) != "bias" or m.group(2) not in MATRICES:
                continue
            matmul = producers.get(node.input[1 - pos])
            if matmul is None or matmul.op_type != "MatMul" or matmul.input[1] not in inits:
                raise ModelError(f"unexpected graph around {operand}")
            names[(int(m.group(1)), f"{m.group(2)}.weight")] = matmul.input[1]
    return names


def layer_parameters(model: Any) -> dict[str, np.ndarray]:
    """Every parameter of the graph's encoder as ``layer.{i}.{module}.{weight|bias}``
    (matrices as multiplied: input x output), plus the embeddings as ``embeddings.*``."""
    from onnx import numpy_helper

    arrays = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    out = {f"layer.{layer}.{key}": arrays[name] for (layer, key), name in _parameter_names(model).items()}
    for name, value in arrays.items():
        if name.startswith("inner.embeddings."):
            out[name[len("inner."):]] = value
    return out


def _layer_ends(model: Any, n_layers: int) -> tuple[list[str], list[str]]:
    """The tensor each layer reads and the one it writes (its output LayerNorm's)."""
    outputs: dict[int, str] = {}
    embedded = ""
    for node in model.graph.node:
        if node.op_type != "LayerNormalization" or len(node.input) < 2:
            continue
        m = _LAYER.match(node.input[1])
        if m and m.group(2) == "output.LayerNorm":
            outputs[int(m.group(1))] = node.output[0]
        elif node.input[1] == "inner.embeddings.LayerNorm.weight":
            embedded = node.output[0]
    if not embedded or sorted(outputs) != list(range(n_layers)):
        raise ModelError("the embedding model's graph does not have the expected layer outputs")
    ends = [outputs[i] for i in range(n_layers)]
    return [embedded, *ends[:-1]], ends


def student_graph(model: Any, keep: Sequence[int], weights: dict[str, np.ndarray]) -> Any:
    """``model`` (a float ONNX graph of the full encoder, changed in place) with only the
    layers ``keep``, in that order, holding ``weights`` (keys ``layer.{j}.…`` for the j-th
    kept layer, as :func:`layer_parameters` names them)."""
    from onnx import numpy_helper

    n_layers = layer_count(model)
    inputs, outputs = _layer_ends(model, n_layers)
    final = model.graph.output[0].name
    rename: dict[str, str] = {}
    previous = inputs[0]
    for layer in keep:
        if inputs[layer] != previous:
            rename[inputs[layer]] = previous
        previous = outputs[layer]
    for node in model.graph.node:
        for i, name in enumerate(node.input):
            if name in rename:
                node.input[i] = rename[name]
    if previous != final:
        for node in model.graph.node:
            if final in node.output:
                node.output[list(node.output).index(final)] = final + "_unused"
        for node in model.graph.node:
            for i, name in enumerate(node.output):
                if name == previous:
                    node.output[i] = final
            for i, name in enumerate(node.input):
                if name == previous:
                    node.input[i] = final
    _prune(model)
    names = _parameter_names(model)
    inits = {i.name: i for i in model.graph.initializer}
    for j, layer in enumerate(keep):
        for (at, key), name in names.items():
            if at != layer:
                continue
            value = weights.get(f"layer.{j}.{key}")
            if value is None:
                raise ModelError(f"student weights lack layer.{j}.{key}")
            old = inits[name]
            if tuple(old.dims) != value.shape:
                raise ModelError(f"student weight layer.{j}.{key} has shape {value.shape}, not {tuple(old.dims)}")
            old.CopyFrom(numpy_helper.from_array(value.astype(np.float32), name))
    return model


def _prune(model: Any) -> None:
    """Drop the nodes and constants no graph output depends on."""
    producers = _producers(model)
    needed = [o.name for o in model.graph.output]
    live: set[int] = set()
    seen: set[str] = set()
    while needed:
        name = needed.pop()
        if name in seen:
            continue
        seen.add(name)
        node = producers.get(name)
        if node is not None and id(node) not in live:
            live.add(id(node))
            needed.extend(n for n in node.input if n)
    kept = [n for n in model.graph.node if id(n) in live]
    del model.graph.node[:]
    model.graph.node.extend(kept)
    used = {n for node in kept for n in node.input}
    inits = [i for i in model.graph.initializer if i.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(inits)


def pack_weights(keep: Sequence[int], weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """What the weights file holds: matrices as int8 with one scale per output column
    (the precision the model runs at), vectors as float32, and the kept layers."""
    out: dict[str, np.ndarray] = {"keep": np.asarray(keep, dtype=np.int64)}
    for key, value in weights.items():
        value = np.asarray(value, dtype=np.float32)
        if value.ndim == 2:
            scale = np.maximum(np.abs(value).max(axis=0), 1e-12) / 127.0
            out[key] = np.round(value / scale).astype(np.int8)
            out[key + ".scale"] = scale.astype(np.float32)
        else:
            out[key] = value
    return out


def load_weights(path: Path = WEIGHTS) -> tuple[list[int], dict[str, np.ndarray]]:
    """The kept layers and their weights, as :func:`pack_weights` stored them."""
    try:
        with np.load(path) as data:
            keep = [int(x) for x in data["keep"]]
            weights: dict[str, np.ndarray] = {}
            for key in data.files:
                if key == "keep" or key.endswith(".scale"):
                    continue
                value = data[key].astype(np.float32)
                if key + ".scale" in data.files:
                    value = value * data[key + ".scale"][None, :]
                weights[key] = value
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"cannot read the embedding model's weights {path.name}: {exc}") from exc
    return keep, weights


def student_float_model(source: Path, weights: Path = WEIGHTS) -> bytes:
    """The student built from the ONNX model at ``source``, in float arithmetic (serialised)."""
    import onnx

    from .quantize import float_model

    keep, trained = load_weights(weights)
    return student_graph(onnx.load_from_string(float_model(source)), keep, trained).SerializeToString()  # type: ignore[no-any-return]
