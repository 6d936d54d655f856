"""The Markdown report has every section, in order, with page text escaped."""

from __future__ import annotations

import re

from parallax.model import Result
from parallax.report import render_markdown

SECTIONS = [
    "# Coverage report",
    "## Story 1: Delmar River Bridge closed after inspectors find cracks",
    "### Timeline",
    "### At a glance",
    "### Shared facts",
    "### Disagreements",
    "### Only in one outlet",
    "### Omissions",
    "### Matched quotes",
    "### Naming",
    "### Loaded words and tone",
    "## Articles in no story",
    "## Rejected inputs",
]


def test_markdown_has_sections_in_order(bridge) -> None:
    text = render_markdown(bridge)
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert "**5 articles** from **4 outlets**, **1 story**, **2** rejected inputs." in text


def _table_rows(text: str, heading: str) -> list[str]:
    block = text.split(heading, 1)[1].split("\n### ", 1)[0]
    return [line for line in block.splitlines() if line.startswith("|")]


def test_shared_facts_table_shows_gaps_and_disagreements(bridge) -> None:
    rows = _table_rows(render_markdown(bridge), "### Shared facts")
    assert rows[0] == "| Fact | The Riverside Ledger | Patriot Daily | Harbor Voice |"
    assert len(rows) == 2 + 5  # header, rule, five shared facts
    f3 = next(r for r in rows if r.startswith("| **F3**"))
    assert "⚠ durations differ" in f3 and f3.rstrip(" |").endswith("*not reported*")
    assert "*not reported*" in next(r for r in rows if r.startswith("| **F4**")).split(" | ")[2]


def test_unique_facts_omissions_quotes_naming(bridge) -> None:
    text = render_markdown(bridge)
    assert "**Harbor Voice**\n- F6: Community groups welcomed" in text
    assert "**The Riverside Ledger**: nothing only this outlet reports" in text
    assert "**Patriot Daily** leaves out:\n- F4: Okafor added" in text
    assert "**Harbor Voice** leaves out:\n- F3: It will stay" in text
    assert "“We are not going to gamble with **people’s** lives,”" in text
    assert "- Patriot Daily: “We are not going to gamble with ~~people’s~~ lives,”" in text
    naming = _table_rows(text, "### Naming")
    assert "| **Elena Vasquez** | Governor | embattled governor | the governor |" in naming
    assert "| **Daniel Okafor** | transport commissioner | — | transport commissioner |" in naming
    assert "*slammed* (0.90)" in text and "tone -0.62 (very negative)" in text
    assert "| **Harbor Voice** | 4 of 7 | 1 | 2 | 1 | +0.31 (positive) |" in text
    assert "| pages/photo.png | binary file (PNG image), not a news page |" in text
    assert "Syndicated: **Northgate Courier** ran the text of **The Riverside Ledger**" in text


def test_page_text_cannot_break_tables_or_inject_markup(build_result) -> None:
    text = render_markdown(build_result(" | <b>x</b> [link](javascript:1) *"))
    for row in _table_rows(text, "### Shared facts"):
        unescaped = row.replace("\\|", "")
        assert unescaped.count("|") == 5, row
    assert "<b>" not in text and re.search(r"(?<!\\)\[link", text) is None
    assert "\\<b\\>x\\</b\\> \\[link\\](javascript:1) \\*" in text


def test_empty_result_renders() -> None:
    text = render_markdown(Result())
    assert text.startswith("# Coverage report") and "0 articles" in text


def test_loosely_aligned_facts_are_marked_in_both_reports(bridge) -> None:
    from dataclasses import replace

    from parallax.report import render_html

    story = bridge.stories[0]
    facts = list(story.comparison.facts)
    facts[0] = replace(facts[0], strength=0.31, loose=True)
    loose = replace(bridge, stories=(replace(story, comparison=replace(story.comparison, facts=tuple(facts))),
                                     *bridge.stories[1:]))
    f1 = next(r for r in _table_rows(render_markdown(loose), "### Shared facts") if r.startswith("| **F1**"))
    assert "≈ loosely aligned" in f1
    assert "≈ loosely aligned" not in render_markdown(bridge)
    assert render_html(loose).count("≈ loosely aligned") == 1 and "≈ loosely aligned" not in render_html(bridge)
