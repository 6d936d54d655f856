"""The whole pipeline over the bad corpus: every input ends in ``articles`` or ``rejected``.

The corpus is analysed once per module (without its 50 MB file, which the reader tests
cover); each input's outcome is then checked as its own test case.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest


def _corpus_maker() -> ModuleType:
    name = "parallax_tests_make_bad_corpus"  # the name conftest.py loads it under
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("make_bad_corpus.py"))
        assert spec and spec.loader
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


#: Inputs whose expected outcome is known not to be reached yet, and why.
KNOWN_GAPS: dict[str, str] = {}
KEYS = sorted(key for case in _corpus_maker().CASES for key in case.outcomes)


@pytest.fixture(scope="module")
def outcomes(small_bad_corpus: tuple[Path, dict[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Key -> [(outcome, reason or body start), ...] after ``parallax.analyze`` over the corpus."""
    clean = pytest.importorskip("parallax.clean")
    if not hasattr(clean, "clean_page"):
        pytest.skip("parallax.clean.clean_page is not available")
    import parallax

    folder, _ = small_bad_corpus
    result = parallax.analyze([str(folder)])
    found: dict[str, list[tuple[str, str]]] = {}
    for article in result.articles:
        found.setdefault(os.path.relpath(article.source, folder), []).append(("article", article.body[:60]))
    for rejected in result.rejected:
        found.setdefault(os.path.relpath(rejected.source, folder), []).append(("rejected", rejected.reason))
    return found


@pytest.mark.slow
def test_every_input_is_accounted_for_once(
    outcomes: dict[str, list[tuple[str, str]]], small_bad_corpus: tuple[Path, dict[str, str]]
) -> None:
    expected = small_bad_corpus[1]
    assert set(outcomes) == set(expected)
    assert {key: found for key, found in outcomes.items() if len(found) != 1} == {}
    assert all(reason.strip() for found in outcomes.values() for kind, reason in found if kind == "rejected")


@pytest.mark.slow
@pytest.mark.parametrize(
    "key",
    [pytest.param(k, marks=pytest.mark.xfail(reason=KNOWN_GAPS[k], strict=False)) if k in KNOWN_GAPS else k
     for k in KEYS],
)
def test_input_reaches_its_expected_outcome(
    key: str, outcomes: dict[str, list[tuple[str, str]]], small_bad_corpus: tuple[Path, dict[str, str]]
) -> None:
    expected = small_bad_corpus[1][key]
    (found,) = outcomes[key]
    assert found[0] == expected, f"{key}: expected {expected}, found {found}"
