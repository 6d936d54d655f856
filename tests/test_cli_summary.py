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
