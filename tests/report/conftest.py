"""Fixtures of the report tests: the invented bridge story (see fixtures.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest


def load_fixtures() -> ModuleType:
    """The module tests/report/fixtures.py, loaded by path (tests are not a package)."""
    path = Path(__file__).resolve().parent / "fixtures.py"
    spec = importlib.util.spec_from_file_location("parallax_report_fixtures", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIXTURES = load_fixtures()


@pytest.fixture(scope="session")
def bridge():  # type: ignore[no-untyped-def]
    """The invented bridge story as a Result."""
    return FIXTURES.build_result()


@pytest.fixture(scope="session")
def build_result():  # type: ignore[no-untyped-def]
    """``build_result(mark)``: the bridge story with ``mark`` in every shown text."""
    return FIXTURES.build_result


@pytest.fixture(params=FIXTURES.XSS_PAYLOADS)
def xss_payload(request) -> str:  # type: ignore[no-untyped-def]
    return request.param
