"""An approximate nearest-neighbour index over story centroids (faiss HNSW, inner product).

HNSW cannot delete or move a vector, so an update adds the new centroid under a new
slot and marks the old slot stale; searches skip stale slots, and the index is rebuilt
from the live centroids when stale slots outnumber live ones. Below ``exact_below``
live stories a flat (exact) index is used instead, which is faster at that size.

>>> import numpy as np
>>> index = CentroidIndex(dim=2)
>>> index.put("a", np.array([1.0, 0.0])); index.put("b", np.array([0.0, 1.0]))
>>> index.search(np.array([0.9, 0.1]), 1)
[('a', 0.9)]
"""

from __future__ import annotations

import numpy as np


class CentroidIndex:
    """Story key -> unit centroid, searchable by inner product."""

    def __init__(self, dim: int, *, neighbours: int = 32, ef_search: int = 64, exact_below: int = 2048) -> None:
        self.dim = dim
        self.neighbours = neighbours
        self.ef_search = ef_search
        self.exact_below = exact_below
        self._slots: list[str | None] = []  # slot -> story key, None when stale
        self._slot_of: dict[str, int] = {}
        self._vectors: list[np.ndarray] = []
        self._index = self._new_index(hnsw=False)
        self._hnsw = False

    def __len__(self) -> int:
        return len(self._slot_of)

    def _new_index(self, *, hnsw: bool):  # type: ignore[no-untyped-def]
        import faiss

        if not hnsw:
            return faiss.IndexFlatIP(self.dim)
        index = faiss.IndexHNSWFlat(self.dim, self.neighbours, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = self.ef_search
        index.hnsw.efConstruction = 40
        return index

    def put(self, key: str, vector: np.ndarray) -> None:
        """Insert or move the centroid of story ``key``."""
        old = self._slot_of.get(key)
        if old is not None:
            self._slots[old] = None
            self._vectors[old] = np.empty(0, dtype=np.float32)
        vec = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, self.dim)
        self._slot_of[key] = len(self._slots)
        self._slots.append(key)
        self._vectors.append(vec[0])
        self._index.add(vec)
        self._maybe_rebuild()

    def remove(self, key: str) -> None:
        """Forget story ``key`` (closed or merged into another)."""
        old = self._slot_of.pop(key, None)
        if old is not None:
            self._slots[old] = None
            self._vectors[old] = np.empty(0, dtype=np.float32)
            self._maybe_rebuild()

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Up to ``k`` live stories nearest to ``vector``, best first, with inner products."""
        if not self._slot_of:
            return []
        want = min(len(self._slots), 2 * k + 8)
        query = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, self.dim)
        scores, slots = self._index.search(query, want)
        found = []
        for score, slot in zip(scores[0], slots[0], strict=True):
            key = self._slots[slot] if slot >= 0 else None
            if key is not None:
                found.append((key, round(float(score), 6)))
                if len(found) == k:
                    break
        return found

    def _maybe_rebuild(self) -> None:
        live = len(self._slot_of)
        stale = len(self._slots) - live
        # Hysteresis: go approximate at exact_below, back to exact only well below it.
        want_hnsw = live >= self.exact_below or (self._hnsw and live >= self.exact_below // 2)
        if stale > max(live, 256) or want_hnsw != self._hnsw:
            self._rebuild(want_hnsw)

    def _rebuild(self, hnsw: bool) -> None:
        keys = [k for k in self._slots if k is not None]
        vectors = [self._vectors[self._slot_of[k]] for k in keys]
        self._index = self._new_index(hnsw=hnsw)
        self._hnsw = hnsw
        self._slots = list(keys)
        self._slot_of = {k: i for i, k in enumerate(keys)}
        self._vectors = vectors
        if vectors:
            import faiss

            # One thread while building, so the graph (and every answer) is reproducible.
            threads = faiss.omp_get_max_threads()
            faiss.omp_set_num_threads(1)
            try:
                self._index.add(np.vstack(vectors).astype(np.float32))
            finally:
                faiss.omp_set_num_threads(threads)
