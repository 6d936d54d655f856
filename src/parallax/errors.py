"""One exception tree for everything parallax raises on purpose.

Each error carries a short code (like spaCy's E-codes) and a message that says what was
wrong and where, so the CLI can print it without a traceback.
"""

from __future__ import annotations


class ParallaxError(Exception):
    """Base of every error parallax raises on purpose."""

    code = "P000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)
        self.reason = message


class InputError(ParallaxError):
    """An input cannot be read or is not a news page (empty, binary, wrong format)."""

    code = "P100"


class NotArticleError(InputError):
    """The page was read but holds no article text worth analysing."""

    code = "P110"


class LanguageError(InputError):
    """The page is not in a language parallax analyses."""

    code = "P120"


class ModelError(ParallaxError):
    """A packaged model (spaCy, embeddings, classifier) is missing or broken."""

    code = "P200"


class StoreError(ParallaxError):
    """The SQLite store cannot be opened, read or written."""

    code = "P300"


class UsageError(ParallaxError):
    """The user asked for something that cannot be done (bad option, missing story)."""

    code = "P400"
