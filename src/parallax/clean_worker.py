"""The cleaning process: cleans pages ahead while the pipeline's own process parses.

Started by :func:`parallax.pipeline.clean_stream` as ``python -m parallax.clean_worker``
(see :class:`parallax.stories.embed_worker.WorkerProcess`: not through ``multiprocessing``,
whose "spawn" start would run the caller's unguarded script again). It reads the settings
and the outlet templates, then answers each list of pages with
:func:`parallax.pipeline.clean_one` of each: an article or a rejection.
"""

from __future__ import annotations

from typing import Any


def main() -> None:
    """Serve lists of pages on stdin with their cleaned articles on stdout."""
    from .stories.embed_worker import serve

    def setup(state: tuple[Any, Any]) -> Any:
        from .clean.language import detect_language
        from .pipeline import clean_one

        settings, templates = state
        detect_language("load the language model now")
        return lambda pages: [clean_one(page, settings, templates) for page in pages]

    serve(setup, "cleaning failed in the worker")


if __name__ == "__main__":
    main()
