"""The spaCy pipeline parallax parses with: loaded once, with title abbreviations kept whole.

>>> nlp = load_nlp()                                  # doctest: +SKIP
>>> [t.text for t in nlp("Brig. Gen. Pat Ryder said.")][:2]   # doctest: +SKIP
['Brig.', 'Gen.']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..config import Settings
from ..errors import ModelError

#: Abbreviated military and civil titles. spaCy would split "Brig." into "Brig" + "." and
#: often end the sentence there, which cuts the speaker's name off its title.
TITLE_ABBREVIATIONS: tuple[str, ...] = (
    "Adm.",
    "Amb.",
    "Brig.",
    "Capt.",
    "Cmdr.",
    "Col.",
    "Cpl.",
    "Det.",
    "Dr.",
    "Gen.",
    "Gov.",
    "Lt.",
    "Maj.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Pfc.",
    "Pres.",
    "Prof.",
    "Pvt.",
    "Rep.",
    "Reps.",
    "Rev.",
    "Sen.",
    "Sens.",
    "Sgt.",
    "Supt.",
    "Atty.",
    "Insp.",
    "Cdr.",
    "Gens.",
    "Lt.Col.",
    "Sec.",
)

#: Components parallax never reads: the lemmatizer (cue verbs are matched on word forms).
UNUSED_COMPONENTS: tuple[str, ...] = ("lemmatizer",)


def load_nlp(settings: Settings | None = None) -> Any:
    """The cached spaCy pipeline named by ``settings.spacy_model``.

    Title abbreviations ("Brig.", "Lt.", "Sen.", ...) are tokenizer special cases, and
    components parallax does not use are left out, so parsing costs no more than needed.
    Raises :class:`ModelError` when the model is not installed.
    """
    settings = settings or Settings()
    return _load(settings.spacy_model)


@lru_cache(maxsize=4)
def _load(name: str) -> Any:
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as err:
        raise ModelError(f"spaCy model {name!r} is not installed ({err})") from err
    add_title_special_cases(nlp)
    use_rule_lookups(nlp)
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        _register_paragraph_breaks()
        nlp.add_pipe("paragraph_breaks", before="parser")
    if "ner" in nlp.pipe_names and "line_entities" not in nlp.pipe_names:
        _register_line_entities()
        nlp.add_pipe("line_entities", after="ner")
    return nlp


def use_rule_lookups(nlp: Any) -> None:
    """Swap the attribute ruler for :class:`~.rule_attributes.RuleAttributes` (same result,
    a fraction of the cost) where its rules can be compiled."""
    from .rule_attributes import compile_rules

    if "attribute_ruler" not in nlp.pipe_names:
        return
    if compile_rules(nlp.get_pipe("attribute_ruler")) is None:
        return
    _register_rule_attributes()
    nlp.add_pipe("rule_attributes", after="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")


def _register_rule_attributes() -> None:
    from spacy.language import Language

    if Language.has_factory("rule_attributes"):
        return

    @Language.factory("rule_attributes")
    def rule_attributes(nlp: Any, name: str) -> Any:
        """The pipeline's attribute ruler, compiled (it must still be in the pipeline)."""
        from .rule_attributes import compile_rules

        return compile_rules(nlp.get_pipe("attribute_ruler"))


def _register_paragraph_breaks() -> None:
    from spacy.language import Language

    if Language.has_factory("paragraph_breaks"):
        return

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc: Any) -> Any:
        """A sentence never runs across a blank line: the parser keeps these starts."""
        for token in doc[:-1]:
            if (token.is_space and "\n\n" in token.text) or "\n\n" in token.whitespace_:
                doc[token.i + 1].is_sent_start = True
        return doc


def _register_line_entities() -> None:
    from spacy.language import Language

    if Language.has_factory("line_entities"):
        return

    @Language.component("line_entities")
    def line_entities(doc: Any) -> Any:
        """A name never runs across a line break: "Reuters\nBodies were found" is the
        credit line's "Reuters". An entity the recogniser ran across lines keeps its first
        line that holds a proper noun (its label was read from that start); the rest
        was a caption, a credit or the next line's first word."""
        if "\n" not in doc.text:  # a line break is a token of its own, never a token's trailing space
            return doc
        ents = []
        for ent in doc.ents:
            if not any(t.is_space and "\n" in t.text for t in ent):
                ents.append(ent)
                continue
            line: list[Any] = []
            for token in [*ent, None]:
                if token is None or (token.is_space and "\n" in token.text):
                    if any(t.pos_ == "PROPN" for t in line):
                        ents.append(doc.char_span(line[0].idx, line[-1].idx + len(line[-1]), label=ent.label_))
                        break
                    line = []
                else:
                    line.append(token)
        doc.ents = [e for e in ents if e is not None]
        return doc


def add_title_special_cases(nlp: Any) -> None:
    """Keep each title abbreviation (and its upper-case spelling) as one token."""
    from spacy.symbols import ORTH

    for title in TITLE_ABBREVIATIONS:
        for form in {title, title.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
