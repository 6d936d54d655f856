"""Blocks of a plain-text page: its non-empty lines, with their place in the layout.

A *block* is one non-empty line of the page text. Blank lines separate paragraphs (a
browser's copy of a page puts one blank line between block elements); a block remembers
which paragraph it belongs to, its indentation, how many blank lines surround it and
how many tab-separated cells it has (a table row), so features can see the page's layout.

The model that reads them is in :mod:`parallax.clean.block_model`.

>>> [b.text for b in split_blocks("Title\\n\\nFirst line.\\nSecond line.")]
['Title', 'First line.', 'Second line.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # zero-width and soft hyphen


@dataclass(frozen=True)
class Block:
    """One non-empty line of a page, with where it sits in the page's layout."""

    index: int
    text: str
    indent: int = 0
    paragraph: int = 0
    line_in_paragraph: int = 0
    lines_in_paragraph: int = 1
    gap_before: int = 0
    gap_after: int = 0
    line_no: int = 0
    cells: int = 1


def split_blocks(text: str) -> list[Block]:
    """Cut page text into blocks (non-empty lines), keeping the paragraph layout."""
    raw = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[tuple[int, str, int, int, int, int]] = []  # line_no, text, indent, paragraph, gap_before, cells
    paragraph, blanks = -1, 0
    for line_no, line in enumerate(raw):
        stripped = line.strip()
        if not stripped:
            blanks += 1
            continue
        if blanks or paragraph < 0:
            paragraph += 1
        indent = len(line) - len(line.lstrip(" \t\u00a0"))
        cells = max(sum(1 for cell in stripped.split("\t") if cell.strip()), 1)  # table cells
        found.append((line_no, " ".join(stripped.split()), indent, paragraph, blanks, cells))
        blanks = 0
    trailing = blanks
    sizes: dict[int, int] = {}
    for item in found:
        sizes[item[3]] = sizes.get(item[3], 0) + 1
    blocks: list[Block] = []
    seen: dict[int, int] = {}
    for i, (line_no, stripped, indent, par, gap, cells) in enumerate(found):
        gap_after = found[i + 1][4] if i + 1 < len(found) else trailing
        pos = seen.get(par, 0)
        seen[par] = pos + 1
        blocks.append(Block(i, stripped, indent, par, pos, sizes[par], gap, gap_after, line_no, cells))
    return blocks
