"""The two seed pages: every quote found, with the right speaker, and their actors."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.annotate import annotate_doc
from parallax.model import Article


def _paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def _seed_body(seeds_dir: Path, prefix: str) -> str:
    """The body as the cleaner gives it (title, dateline and the page around removed)."""
    paragraphs = _paragraphs(next(seeds_dir.glob(f"{prefix}_*.txt")))
    if prefix == "000":
        return "\n\n".join(paragraphs[1:9])
    start = next(i for i, p in enumerate(paragraphs) if "•" in p) + 1
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("Russia ‘suffering significant losses’"))
    return "\n\n".join(paragraphs[start:end])


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path, nlp) -> dict[str, Article]:  # type: ignore[no-untyped-def]
    out = {}
    for prefix in ("000", "003"):
        article = Article(prefix, prefix, _seed_body(seeds_dir, prefix))
        out[prefix] = annotate_doc(nlp(article.body), article)
    return out


def _speaker_of(article: Article, words: str) -> str | None:
    found = [q for q in article.quotes if words in q.text and q.kind != "indirect"]
    assert found, f"no quote with {words!r}: {[q.text for q in article.quotes]}"
    return found[0].speaker


@pytest.mark.parametrize(
    ("seed", "words", "speaker"),
    [
        ("000", "We would call on North Korea", "Pat Ryder"),
        ("000", "We have always supported and stand by", "Kim Jong Un"),
        ("000", "Russia is now rising to the sacred struggle", "Kim Jong Un"),
        ("000", "always stand with Russia in the fight against imperialism", "Kim Jong Un"),
        ("000", "all the questions would be addressed", "Vladimir Putin"),
        ("000", "There are certain restrictions", "Vladimir Putin"),
        ("003", "full and unconditional support", "Kim Jong Un"),
        ("003", "We have always supported and always will support", "Kim Jong Un"),
        ("003", "I hope that we will always be together", "Kim Jong Un"),
        ("003", "I firmly believe that the heroic Russian army", "Kim Jong Un"),
        ("003", "will certainly win a great victory", "Kim Jong Un"),  # "he added"
        ("003", "future strengthening of cooperation", "Vladimir Putin"),  # "the Russian leader said"
        ("003", "In Korea, there is a proverb", "Vladimir Putin"),
        ("003", "It’s good to see you", "Vladimir Putin"),
        ("003", "What we are seeing here is the emergence", "Sergey Radachenko"),  # "he said"
        ("003", "worth remembering that today’s relationship", "Sergey Radachenko"),
        ("003", "The glory to Russia, which gave birth", "Kim Jong Un"),
    ],
)
def test_seed_quote_speakers(seeds: dict[str, Article], seed: str, words: str, speaker: str) -> None:
    assert _speaker_of(seeds[seed], words) == speaker


def test_every_spoken_seed_quote_has_a_speaker(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        for quote in article.quotes:
            if quote.kind in ("direct", "mixed"):
                assert quote.speaker, quote
            assert article.body[quote.start : quote.end] == quote.text


def test_seed_actors(seeds: dict[str, Article]) -> None:
    by_name = {a.name: a for a in seeds["000"].actors}
    assert "Air Force Brig. General" in by_name["Pat Ryder"].roles
    assert "Kim" in by_name["Kim Jong Un"].aliases
    kim = {a.name: a for a in seeds["003"].actors}["Kim Jong Un"]
    assert "North Korean dictator" in kim.descriptors
    radachenko = {a.name: a for a in seeds["003"].actors}["Sergey Radachenko"]
    assert "a Cold War historian" in radachenko.descriptors
    putin = {a.name: a for a in seeds["003"].actors}["Vladimir Putin"]
    assert "the Russian leader" in putin.descriptors
    first = {a.name: a for a in seeds["000"].actors}
    assert "the North Korean leader" in first["Kim Jong Un"].descriptors
    assert "the North Korean leader" not in first["Vladimir Putin"].descriptors
    assert "the notorious leaders" in first["Kim Jong Un"].descriptors
    assert "the notorious leaders" in first["Vladimir Putin"].descriptors


def test_seed_tone_in_range(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        assert article.tone is not None and -1.0 <= article.tone <= 1.0
        assert article.sentences and all(s.label == "sentence" for s in article.sentences)
        assert any(e.label == "PERSON" and e.text == "Pat Ryder" for e in seeds["000"].entities)
