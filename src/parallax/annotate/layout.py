"""Where quotation marks, lines and tokens of one parsed Doc lie relative to each other.

Shared by the direct-quote finder (:mod:`parallax.annotate.quotes`) and the reported-speech
finder (:mod:`parallax.annotate.reported`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from spacy.attrs import IDX, LOWER

from .marks import QuotedPassage
from .speakers import Speaker

TRAILING = " \t\n\xa0,;:—–-"
SENTENCE_END = ".!?…"


@dataclass
class Attribution:
    """A quote in the making: its span, its cue and the token naming its speaker."""

    start: int
    end: int
    kind: str
    cue: Any = None
    subject: Any = None
    passage: int | None = None
    speaker: Speaker | None = None


class QuoteLayout:
    """Where the quotation marks, lines and tokens of one Doc lie relative to each other."""

    def __init__(self, doc: Any, passages: list[QuotedPassage]) -> None:
        self.doc = doc
        self.passages = passages
        columns = doc.to_array([IDX, LOWER]) if len(doc) else None
        self.token_starts = columns[:, 0].tolist() if columns is not None else []
        self.lower_ids = columns[:, 1].tolist() if columns is not None else []
        self.text: str = doc.text  # spaCy rebuilds Doc.text on every access: read it once
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.quote_of = [-1] * len(doc)
        self.reported: list[tuple[int, int]] = []  # content spans of reported speech
        self.cue_tokens: list[int] = []  # reporting verbs outside quotation marks
        for k, p in enumerate(passages):
            for i in range(self.token_index(p.open_start), self.token_index(p.close_end)):
                self.quote_of[i] = k

    def token_index(self, char: int) -> int:
        return bisect_left(self.token_starts, char)

    def line_of(self, char: int) -> int:
        return bisect_right(self.line_starts, char) - 1

    def inside_quote(self, token: Any) -> bool:
        return self.quote_of[token.i] != -1

    def words(self, k: int) -> tuple[int, int]:
        p = self.passages[k]
        return self.token_index(p.start), self.token_index(p.end)


def is_heading(line: str) -> bool:
    """A line that is not running text: it does not end like a sentence."""
    return line.rstrip()[-1:] not in SENTENCE_END + "”\"’'"


def token_end(token: Any) -> int:
    return token.idx + len(token.text)
