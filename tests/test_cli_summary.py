"""The summary ``parallax analyze`` prints: whole story ids, every file it wrote."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from parallax import cli
from parallax.model import Result, Story


@pytest.mark.parametrize("width", [80, 160])
def test_summary_keeps_story_ids_whole_and_names_every_report(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    buffer = io.StringIO()
    monkeypatch.setattr(cli, "out", Console(file=buffer, width=width, color_system=None))
    story = Story(id="s-0123456789ab", articles=("a-1", "a-2"),
                  title="A very long headline about a governor's water order that will not fit in the column")
    cli._print_summary(Result(stories=(story,)), 1.0, None, "store.db", Path("report"))
    text = buffer.getvalue()
    assert "s-0123456789ab" in text  # `parallax show` takes this id
    written = " ".join(text.split())
    for name in ("report.html", "report.md", "report.json", "store.db"):
        assert name in written, name


@pytest.mark.parametrize("built", [True, False])
def test_first_run_says_the_models_are_being_prepared(monkeypatch: pytest.MonkeyPatch, built: bool) -> None:
    from parallax.stories import quantize

    buffer = io.StringIO()
    monkeypatch.setattr(cli, "console", Console(file=buffer, width=200, color_system=None))
    monkeypatch.setattr(quantize, "is_built", lambda *_a, **_k: built)
    cli._say_if_models_are_built()
    assert ("First run: preparing the embedding models" in buffer.getvalue()) is not built
