"""Fixtures of the web tests: small hand-made results (one of them full of XSS payloads)
saved into a real SQLite store, and apps over them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from parallax.model import (
    Actor,
    Article,
    Comment,
    Comparison,
    Fact,
    Label,
    Loaded,
    Omission,
    Quote,
    QuoteMatch,
    QuoteVariant,
    Rejected,
    Removed,
    Result,
    Span,
    Statement,
    Story,
)

TOKEN = "test-token-5f2a"

XSS_PAYLOADS = (
    "<script>alert('x1')</script>",
    '"><img src=x onerror=alert(\'x2\')>',
    "<svg/onload=alert('x3')>",
    "javascript:alert('x4')",
    "'><iframe src=javascript:alert('x5')></iframe>",
    "</textarea><script>alert('x6')</script>",
    "<a href=\"javascript:alert('x7')\">click</a>",
    "{{7*7}}<b onmouseover=alert('x8')>bold</b>",
)


def _body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def _span(body: str, text: str, label: str = "") -> Span:
    start = body.index(text)
    return Span(start, start + len(text), label, text)


def _quote(body: str, text: str, speaker: str, speaker_text: str) -> Quote:
    start = body.index(text)
    s_start = body.index(speaker_text)
    return Quote(text, start, start + len(text), speaker, "direct", "said", s_start, s_start + len(speaker_text))


def _article(article_id: str, outlet: str, title: str, published: str, body: str, **extra: object) -> Article:
    return Article(id=article_id, source=f"corpus/{article_id}.txt", body=body, outlet=outlet, title=title,
                   published=published, url=f"https://{outlet.lower().replace(' ', '')}.example/{article_id}",
                   language="en", **extra)  # type: ignore[arg-type]


def water_order_result() -> Result:
    """Three outlets (and a wire copy) covering one council decision, plus a lone story."""
    b1 = _body("The city council ordered residents to boil water on Tuesday after tests found bacteria.",
               "Mayor Lena Ortiz said \"we acted within hours to protect every family\" at a briefing.",
               "About 40,000 homes are affected, officials said.")
    b2 = _body("Residents were told to boil water on Tuesday after a reckless delay by city hall.",
               "Ortiz said \"we acted within hours to protect families\" but critics disagreed.",
               "Some 4,000 homes are affected.")
    b3 = _body("The council issued a boil-water order on Wednesday.",
               "\"We acted quickly to protect every family,\" the mayor said.")
    b4 = b1
    b5 = _body("The harbour festival returns this weekend with boats, music and food stalls for all ages.")
    a1 = _article("a-herald", "Harbor Herald", "Boil-water order issued after bacteria found",
                  "2024-03-05T09:00:00+00:00", b1,
                  quotes=(_quote(b1, "we acted within hours to protect every family", "Lena Ortiz", "Mayor Lena Ortiz"),),
                  actors=(Actor("Lena Ortiz", "PERSON", ("Ortiz",), ("Mayor",), ("Mayor",),
                                (_span(b1, "Lena Ortiz", "PERSON"),)),),
                  removed=(Removed("navigation", "Home | News | Sport"), Removed("advertisement", "Buy now!"),
                           Removed("navigation", "Weather | Traffic")),
                  comments=(Comment("c1", "Thanks for the update.", None, "ann", 0.02),
                            Comment("c2", "You idiots should resign.", "c1", "bob", 0.91, 1),
                            Comment("c3", "Agreed, slow response.", "c2", "cy", 0.3, 2)),
                  tone=0.2)
    a2 = _article("a-ledger", "Liberty Ledger", "City hall's reckless delay leaves residents boiling water",
                  "2024-03-05T14:30:00+00:00", b2,
                  quotes=(_quote(b2, "we acted within hours to protect families", "Lena Ortiz", "Ortiz"),),
                  tone=-0.55)
    a3 = _article("a-courier", "Coastline Courier", "Council orders boil-water notice", "2024-03-06T08:00:00+00:00",
                  b3, tone=0.05)
    a4 = _article("a-wire", "Tidewater Daily", "Boil-water order issued after bacteria found",
                  "2024-03-05T10:00:00+00:00", b4, tone=0.2)
    a5 = _article("a-festival", "Harbor Herald", "Harbour festival returns", "2024-02-20", b5, tone=0.6)

    def st(article: Article, text: str) -> Statement:
        start = article.body.index(text)
        return Statement(article.id, text, start, start + len(text))

    facts = (
        Fact((st(a1, "The city council ordered residents to boil water on Tuesday after tests found bacteria."),
              st(a2, "Residents were told to boil water on Tuesday after a reckless delay by city hall."),
              st(a3, "The council issued a boil-water order on Wednesday."),
              st(a4, "The city council ordered residents to boil water on Tuesday after tests found bacteria.")),
             ("Harbor Herald", "Liberty Ledger", "Coastline Courier", "Tidewater Daily"), "date: Tuesday vs Wednesday"),
        Fact((st(a1, "About 40,000 homes are affected, officials said."), st(a2, "Some 4,000 homes are affected."),
              st(a4, "About 40,000 homes are affected, officials said.")),
             ("Harbor Herald", "Liberty Ledger", "Tidewater Daily"), "number: 40,000 vs 4,000"),
    )
    comparison = Comparison(
        facts=facts,
        omissions=(Omission("a-courier", "Coastline Courier", 1),),
        quote_matches=(QuoteMatch("Lena Ortiz", (
            QuoteVariant("a-herald", "we acted within hours to protect every family"),
            QuoteVariant("a-ledger", "we acted within hours to protect families"),
            QuoteVariant("a-courier", "We acted quickly to protect every family")), 0.82),),
        labels=(Label("Lena Ortiz", {"a-herald": ("Mayor Lena Ortiz",), "a-ledger": ("Ortiz",),
                                     "a-courier": ("the mayor",)}),),
        loaded=(Loaded("a-ledger", "reckless delay", b2.index("reckless delay"),
                       b2.index("reckless delay") + len("reckless delay"), 0.88),),
        tone={"a-herald": 0.2, "a-ledger": -0.55, "a-courier": 0.05, "a-wire": 0.2},
    )
    story = Story("s-water", ("a-herald", "a-wire", "a-ledger", "a-courier"), (("a-herald", "a-wire"),),
                  "Boil-water order issued after bacteria found", ("a-herald", "a-wire", "a-ledger", "a-courier"),
                  comparison)
    lone = Story("s-festival", ("a-festival",), (), "Harbour festival returns", ("a-festival",))
    return Result((a1, a2, a3, a4, a5), (story, lone), (Rejected("corpus/empty.txt", "the page is empty"),))


def xss_result() -> Result:
    """Every text field of an article, a story and its comparison holds a payload."""
    p = XSS_PAYLOADS
    body = _body(f"Intro {p[0]} text.", f"She said \"{p[1]}\" loudly.", f"Then {p[2]} and {p[6]}.")
    quote_text = p[1]
    q_start = body.index(quote_text)
    a = Article(
        id="a-x<s>", source=f"evil/{p[3]}", body=body, outlet=p[2], url=p[3], title=p[0], byline=p[7],
        published="2024-01-01T00:00:00+00:00", language="en",
        removed=(Removed(p[5], p[0]), Removed("navigation", p[4])),
        comments=(Comment("c<1>", p[0], None, p[1], 0.1), Comment("c2", p[5], "c<1>", p[7], 0.95, 1)),
        quotes=(Quote(quote_text, q_start, q_start + len(quote_text), p[4], "direct", p[6], 0, 5),),
        actors=(Actor(p[6], "PERSON", (p[0],), (p[1],), (), (Span(0, 5, "PERSON", "Intro"),)),),
        tone=-0.2,
    )
    b = a.replace(id="a-y", outlet=p[5], title=p[4], url="https://ok.example/a", published="2024-01-02")
    comparison = Comparison(
        facts=(Fact((Statement(a.id, p[0]), Statement(b.id, p[1])), (p[2], p[5]), p[6]),
               Fact((Statement(a.id, p[7]),), (p[2],))),
        omissions=(Omission(b.id, p[5], 1),),
        quote_matches=(QuoteMatch(p[4], (QuoteVariant(a.id, p[1]), QuoteVariant(b.id, p[6] + " extra")), 0.5),),
        labels=(Label(p[0], {a.id: (p[1], p[2]), b.id: (p[3],)}),),
        loaded=(Loaded(a.id, p[2], body.index(p[2]), body.index(p[2]) + len(p[2]), 0.9),),
        tone={a.id: -0.2, b.id: -0.2},
    )
    story = Story("s-x", (a.id, b.id), ((a.id, b.id),), p[3], (a.id, b.id), comparison)
    return Result((a, b), (story,), (Rejected(p[0], p[1]),))


def save_result(db_path: Path, result: Result) -> Path:
    """Save ``result`` into a new store at ``db_path``."""
    from parallax.store import Store

    with Store(db_path) as store:
        store.save(result)
    return db_path


@pytest.fixture()
def water_db(tmp_path: Path) -> Path:
    return save_result(tmp_path / "water.db", water_order_result())


@pytest.fixture()
def xss_db(tmp_path: Path) -> Path:
    return save_result(tmp_path / "xss.db", xss_result())


@pytest.fixture()
def client(water_db: Path) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    with TestClient(create_app(water_db, token=TOKEN)) as test_client:
        yield test_client


@pytest.fixture()
def xss_client(xss_db: Path) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    with TestClient(create_app(xss_db, token=TOKEN)) as test_client:
        yield test_client
