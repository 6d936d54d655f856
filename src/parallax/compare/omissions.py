"""Omissions: facts most other outlets of a story report that one article leaves out.

>>> from parallax.model import Fact, Statement
>>> facts = [Fact((Statement("a", "x"), Statement("b", "x")), ("A", "B")), Fact((Statement("c", "y"),), ("C",))]
>>> [(o.article, o.fact) for o in find_omissions(facts, ["a", "b", "c"], {"c": "C"})]
[('c', 0)]
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Fact, Omission


def find_omissions(
    facts: Sequence[Fact], article_ids: Sequence[str], outlet_of: dict[str, str | None]
) -> list[Omission]:
    """For each article, the facts that more than half of the *other* articles report
    and it does not (in a two-article story: everything only the other one reports)."""
    omissions = []
    for article in article_ids:
        others = len(article_ids) - 1
        if others < 1:
            continue
        for index, fact in enumerate(facts):
            reporters = {s.article for s in fact.statements}
            if article in reporters:
                continue
            if len(reporters) * 2 > others or (others == 1 and reporters):
                omissions.append(Omission(article=article, outlet=outlet_of.get(article), fact=index))
    return omissions
