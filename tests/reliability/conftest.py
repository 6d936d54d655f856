"""Fixtures of the reliability tests: the bad-input corpus, written once per session."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent


def load_corpus_maker() -> ModuleType:
    """The ``make_bad_corpus`` module next to this file (tests are imported without packages)."""
    name = "parallax_tests_make_bad_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "make_bad_corpus.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def corpus_maker() -> ModuleType:
    return load_corpus_maker()


@pytest.fixture(scope="session")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory, corpus_maker: ModuleType) -> tuple[Path, dict[str, str]]:
    """(folder, expected pipeline outcome per key) of the full bad corpus, 50 MB file included."""
    folder = tmp_path_factory.mktemp("bad-corpus")
    return folder, corpus_maker.make_bad_corpus(folder)


@pytest.fixture(scope="session")
def small_bad_corpus(tmp_path_factory: pytest.TempPathFactory, corpus_maker: ModuleType) -> tuple[Path, dict[str, str]]:
    """The bad corpus without its 50 MB file, for runs through the whole pipeline."""
    folder = tmp_path_factory.mktemp("bad-corpus-small")
    return folder, corpus_maker.make_bad_corpus(folder, huge=False)
