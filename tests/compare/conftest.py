"""The two seed pages as annotated articles, built by hand for the comparison tests.

Body paragraphs are taken from the seed files by their blank-line boundaries; sentences
and entities come from the spaCy pipeline; quotes, speakers and actors are written here
as a reader would mark them, so the comparison is tested on its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parallax.model import Actor, Article, Quote, Span, Story

SEED_000 = "000_19fe8ba06b74387d.txt"
SEED_003 = "003_e735b21986628ef2.txt"

QUOTES_000 = [
    ("We have always supported and stand by all decisions of President Putin and the Russian government.", "Kim"),
    ("Russia is now rising to the sacred struggle to defend its state sovereignty and protect its security.", "Kim"),
    ("always stand with Russia in the fight against imperialism", "Kim"),
    ("first priority", "Kim"),
    ("We would call on North Korea to meet its previous stated public commitments", "Pat Ryder"),
    ("all the questions would be addressed", "Putin"),
    ("rocket technology", "Putin"),
    ("within the framework of the current rules", "Putin"),
    ("There are certain restrictions, and Russia abides by them.", "Putin"),
]
QUOTES_003 = [
    ("full and unconditional support", "Kim Jong Un"),
    ("We have always supported and always will support all decisions of President Putin,", "Kim"),
    ("I hope that we will always be together in the struggle against imperialism.", "Kim"),
    ("I firmly believe that the heroic Russian army and people will brilliantly inherit", "Kim"),
    ("The Russian army and people will certainly win a great victory in the sacred struggle", "Kim"),
    ("future strengthening of cooperation and friendship between our countries", "Putin"),
    ("It’s good to see you. Thank you for coming,", "Putin"),
    ("What we are seeing here is the emergence of a de facto alliance between Pyongyang and Moscow,",
     "Sergey Radachenko"),
    ("The glory to Russia, which gave birth to the first space conquerors, will be immortal.", "Kim"),
    # reported speech: what the officials fear, in their words as the outlet reports them
    ("that Kim could provide weapons and ammunition to Russia", "US and South Korean officials", "indirect"),
]
ACTORS_000 = [
    ("Kim Jong Un", ("Kim",), ("the North Korean leader",), ()),
    ("Vladimir Putin", ("Putin",), ("the Russian president",), ("President",)),
    ("Pat Ryder", (), (), ("Air Force Brig. General",)),
]
ACTORS_003 = [
    ("Kim Jong Un", ("Kim",), ("North Korean dictator",), ()),
    ("Vladimir Putin", ("Putin",), ("the Russian leader",), ("President",)),
    ("Sergey Radachenko", (), ("a Cold War historian",), ()),
]


def _paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]


def _quotes(body: str, quotes: list[tuple[str, ...]]) -> tuple[Quote, ...]:
    out = []
    for text, speaker, *kind in quotes:
        start = body.index(text)
        out.append(Quote(text=text, start=start, end=start + len(text), speaker=speaker, kind=(kind or ["direct"])[0]))
    return tuple(out)


def _actors(body: str, actors: list[tuple[str, tuple, tuple, tuple]]) -> tuple[Actor, ...]:
    out = []
    for name, aliases, descriptors, roles in actors:
        pattern = "|".join(re.escape(n) for n in sorted((name, *aliases, *descriptors), key=len, reverse=True))
        mentions = tuple(Span(m.start(), m.end(), "PERSON", m.group()) for m in re.finditer(pattern, body))
        out.append(Actor(name=name, aliases=aliases, descriptors=descriptors, roles=roles, mentions=mentions))
    return tuple(out)


def _annotated(nlp, article: Article, quotes, actors) -> Article:  # type: ignore[no-untyped-def]
    doc = nlp(article.body)
    return article.replace(
        sentences=tuple(Span(s.start_char, s.end_char, "sentence") for s in doc.sents if s.text.strip()),
        entities=tuple(Span(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents),
        quotes=_quotes(article.body, quotes),
        actors=_actors(article.body, actors),
    )


@pytest.fixture(scope="session")
def seed_articles(seeds_dir: Path, nlp) -> list[Article]:  # type: ignore[no-untyped-def]
    """Article 000 (eight body paragraphs before the image caption) and article 003 (the
    paragraphs between the dateline and the next story's heading), annotated."""
    p0 = _paragraphs(seeds_dir / SEED_000)
    end0 = next(i for i, p in enumerate(p0) if p.startswith("Image:"))
    a0 = Article(id="a-000", source=SEED_000, body="\n\n".join(p0[1:end0]), outlet="outlet-000", title=p0[0])
    p3 = _paragraphs(seeds_dir / SEED_003)
    end3 = next(i for i, p in enumerate(p3) if p.startswith("Russia ‘suffering"))
    a3 = Article(id="a-003", source=SEED_003, body="\n\n".join(p3[2:end3]), outlet="outlet-003", title=p3[0],
                 published="2023-09-13T21:36:00")
    return [_annotated(nlp, a0, QUOTES_000, ACTORS_000), _annotated(nlp, a3, QUOTES_003, ACTORS_003)]


@pytest.fixture(scope="session")
def seed_story(seed_articles: list[Article]) -> Story:
    return Story(id="s-seeds", articles=tuple(a.id for a in seed_articles))
