"""Fixtures of the store tests: the invented bridge story of tests/report/fixtures.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def _load():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parents[1] / "report" / "fixtures.py"
    spec = importlib.util.spec_from_file_location("parallax_store_fixtures", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURES = _load()


@pytest.fixture
def bridge():  # type: ignore[no-untyped-def]
    """The invented bridge story as a Result."""
    return FIXTURES.build_result()


@pytest.fixture
def build_result():  # type: ignore[no-untyped-def]
    return FIXTURES.build_result
