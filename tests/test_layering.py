"""The core (model, clean, annotate, stories, compare, report) imports no I/O framework."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "parallax"
CORE = ["model.py", "config.py", "errors.py", "pipeline.py", "clean", "annotate", "stories", "compare", "report"]
FORBIDDEN = {"sqlite3", "fastapi", "starlette", "uvicorn", "ray", "click", "typer", "rich", "argparse"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level > 0 and node.module:
            names.add("." + node.module.split(".")[0])
    return names


def _core_files() -> list[Path]:
    files: list[Path] = []
    for entry in CORE:
        path = SRC / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def test_core_imports_no_io_framework() -> None:
    for path in _core_files():
        bad = _imports(path) & FORBIDDEN
        assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}"


def test_core_does_not_reach_into_outer_layers() -> None:
    for path in _core_files():
        outer = {n for n in _imports(path) if n in {".store", ".web", ".cli", ".scale"}}
        assert not outer, f"{path.relative_to(SRC)} imports {sorted(outer)}"
