"""spaCy's attribute ruler, applied by table lookups instead of its token matcher.

The English pipelines set each token's coarse part of speech, morphology and a few lemmas
with an attribute ruler: some 180 one- and two-token rules ("tag NN -> POS NOUN", "the
word 'that' tagged WDT -> PRON"). Run through spaCy's general ``Matcher`` they cost about
a tenth of the whole parse. :class:`RuleAttributes` applies the same rules with the same
precedence (the last rule that sets an attribute wins) from a table of the token kinds it
has seen, at a fraction of that cost; the result is the same token for token
(``tests/annotate/test_rule_attributes.py`` compares every attribute). Rules it cannot
read (operators, other token attributes) make :func:`compile_rules` return None, and the
pipeline keeps spaCy's ruler.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

#: Token attributes the compiled rules can test (spaCy attribute names); IS_ ones are flags.
TESTABLE = frozenset({"TAG", "DEP", "LOWER", "ORTH", "NORM", "IS_SPACE", "IS_PUNCT"})


class _Test:
    """One token's conditions, as spaCy's ``Matcher`` reads them: an attribute equal to a
    value, in or not in a list of values, or matching a regular expression (``re.search``)."""

    __slots__ = ("checks", "equal")

    def __init__(self, spec: dict[str, Any]) -> None:
        checks: list[tuple[str, Callable[[Any], bool]]] = []
        self.equal: dict[str, Any] = {}  # attribute -> the one value it must have
        for key, value in spec.items():
            if key not in TESTABLE:
                raise KeyError(key)
            if not isinstance(value, dict):
                self.equal[key] = value
                checks.append((key, frozenset([value]).__contains__))
                continue
            if len(value) != 1:
                raise KeyError(key)
            ((op, arg),) = value.items()
            if op == "IN":
                checks.append((key, frozenset(arg).__contains__))
            elif op == "NOT_IN":
                checks.append((key, (lambda v, a=frozenset(arg): v not in a)))
            elif op == "REGEX":
                checks.append((key, (lambda v, r=re.compile(arg): r.search(v) is not None)))
            else:
                raise KeyError(op)
        self.checks = tuple(checks)

    def matches(self, token: dict[str, Any]) -> bool:
        """Whether a token with these attribute values (name -> string or flag) passes."""
        return all(accept(token[key]) for key, accept in self.checks)


class _Rule:
    __slots__ = ("index", "number", "tests")

    def __init__(self, number: int, tests: Sequence[_Test], index: int) -> None:
        self.number = number
        self.tests = tuple(tests)
        self.index = index


def compile_rules(ruler: Any) -> RuleAttributes | None:
    """The ruler's rules as lookups, or None when some rule uses what they cannot express."""
    rules: list[_Rule] = []
    try:
        for number, rule in enumerate(ruler.patterns):
            for pattern in rule["patterns"]:
                if not pattern or any(not isinstance(spec, dict) for spec in pattern):
                    return None
                rules.append(_Rule(number, [_Test(spec) for spec in pattern], int(rule["index"])))
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
    return RuleAttributes(ruler, rules)


class RuleAttributes:
    """A pipeline component that sets what the attribute ruler sets.

    Which one-token rules match a token depends only on the attributes the rules test
    (its tag, lower-case form, dependency label...), so each combination of them seen is
    given a row in a table, once: the value each attribute ends with (the ruler applies its
    rules in order, so the last rule that sets an attribute wins) and whether each token
    of the longer rules accepts it. A document is then a few array lookups, and its values
    are written in one ``Doc.from_array``.
    """

    #: Rows kept before the table starts again (it grows with the vocabulary of a corpus).
    MAX_ROWS = 500_000

    def __init__(self, ruler: Any, rules: Sequence[_Rule]) -> None:
        from spacy.attrs import IDS

        self.ruler = ruler
        self.tested = sorted({key for rule in rules for test in rule.tests for key, _ in test.checks})
        self.tested_ids = [IDS[key] for key in self.tested]
        # One-token rules filed under the tag and the lower-case form they require (None: any).
        self.single: dict[tuple[Any, Any], list[_Rule]] = {}
        for rule in rules:
            if len(rule.tests) == 1:
                equal = rule.tests[0].equal
                self.single.setdefault((equal.get("TAG"), equal.get("LOWER")), []).append(rule)
        self.longer = [r for r in rules if len(r.tests) > 1]
        self.set_ids = sorted({attr for attrs in ruler.attrs for attr in attrs})
        self._column = {attr: k for k, attr in enumerate(self.set_ids)}
        self._reset()

    def _reset(self, capacity: int = 4096) -> None:
        self._rows: dict[tuple[int, ...], int] = {}
        # per row and set attribute: the last rule setting it (-1: none) and its value
        self._last_rule = np.full((capacity, len(self.set_ids)), -1, dtype=np.int64)
        self._last_value = np.zeros((capacity, len(self.set_ids)), dtype=np.uint64)
        # per row: whether each token test of the longer rules accepts it
        self._accepts = np.zeros((capacity, sum(len(r.tests) for r in self.longer)), dtype=bool)

    def _grow(self) -> None:
        self._last_rule = np.concatenate([self._last_rule, np.full_like(self._last_rule, -1)])
        self._last_value = np.concatenate([self._last_value, np.zeros_like(self._last_value)])
        self._accepts = np.concatenate([self._accepts, np.zeros_like(self._accepts)])

    def _add_row(self, key: tuple[int, ...]) -> int:
        strings = self.ruler.vocab.strings
        token = {name: bool(value) if name.startswith("IS_") else strings[value]
                 for name, value in zip(self.tested, key, strict=True)}
        row = len(self._rows)
        if row == len(self._last_rule):
            self._grow()
        last_rule, last_value = self._last_rule[row], self._last_value[row]
        tag, lower = token.get("TAG"), token.get("LOWER")
        filed = [self.single.get(k, []) for k in ((tag, lower), (tag, None), (None, lower), (None, None))]
        for rule in sorted((r for rules in filed for r in rules), key=lambda r: r.number):  # a later rule wins
            if rule.tests[0].matches(token):
                for attr, value in self.ruler.attrs[rule.number].items():
                    last_rule[self._column[attr]] = rule.number
                    last_value[self._column[attr]] = value
        self._accepts[row] = [test.matches(token) for rule in self.longer for test in rule.tests]
        self._rows[key] = row
        return row

    def __call__(self, doc: Any) -> Any:
        n = len(doc)
        if not n:
            return doc
        keys = map(tuple, doc.to_array(self.tested_ids).reshape(n, -1).tolist())
        if len(self._rows) > self.MAX_ROWS:
            self._reset()
        rows = np.fromiter((self._rows[k] if k in self._rows else self._add_row(k) for k in keys),
                           dtype=np.int64, count=n)
        accepts = self._accepts
        winner = self._last_rule[rows]
        values = np.where(winner >= 0, self._last_value[rows], doc.to_array(self.set_ids).reshape(n, -1))
        test = 0
        for rule in self.longer:
            width = len(rule.tests)
            if n >= width:
                starts = np.ones(n - width + 1, dtype=bool)
                for k in range(width):
                    starts &= accepts[rows[k : n - width + 1 + k], test + k]
                for start in np.flatnonzero(starts).tolist():
                    target = (start if rule.index >= 0 else start + width) + rule.index
                    if not start <= target < start + width:
                        continue
                    for attr, value in self.ruler.attrs[rule.number].items():
                        column = self._column[attr]
                        if rule.number >= winner[target, column]:
                            winner[target, column] = rule.number
                            values[target, column] = value
            test += width
        doc.from_array(self.set_ids, values.astype(np.uint64))
        return doc
