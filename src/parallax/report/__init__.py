"""Reports of a ``Result``: JSON (the CLI's document), Markdown, and one self-contained HTML page.

>>> from parallax.model import Result
>>> render_json(Result()).startswith("{")
True
"""

from __future__ import annotations

from pathlib import Path

from parallax.model import Result
from parallax.report.html import render_html
from parallax.report.json_report import render_json
from parallax.report.markdown import render_markdown

__all__ = ["render_html", "render_json", "render_markdown", "write_reports"]


def write_reports(result: Result, out_dir: Path, stem: str = "report") -> dict[str, Path]:
    """Write ``<stem>.html``, ``<stem>.md`` and ``<stem>.json`` into ``out_dir`` (created if missing).

    Returns the written paths by format name ("html", "md", "json").
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for fmt, render, errors in (
        ("json", render_json, "backslashreplace"),  # keeps JSON valid for lone surrogates
        ("md", render_markdown, "replace"),
        ("html", render_html, "replace"),
    ):
        path = out_dir / f"{stem}.{fmt}"
        path.write_text(render(result), encoding="utf-8", errors=errors)
        written[fmt] = path
    return written
