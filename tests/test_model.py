"""The model types round-trip through JSON and keep the CONTRACT field names."""

from __future__ import annotations

import json

from parallax.model import (
    Actor, Article, Comment, Comparison, Fact, Label, Loaded, Page, Quote, QuoteMatch, QuoteVariant,
    Rejected, Removed, Result, Span, Statement, Story, make_article_id,
)


def _result() -> Result:
    body = "Kim met Putin.\n\n“We agree,” Kim said."
    a = Article(id="a-1", source="x.txt", body=body, outlet="Herald", title="T", published="2023-09-13T21:36:00",
                removed=(Removed("teaser", "Other story..."),),
                comments=(Comment("c1", "Nice", None, "Ann", 0.1), Comment("c2", "No", "c1", None, 0.9, 1)),
                sentences=(Span(0, 14, "sentence", "Kim met Putin."),),
                quotes=(Quote("We agree", 17, 25, "Kim", "direct", "said"),),
                actors=(Actor("Kim Jong Un", "PERSON", ("Kim",), ("the North Korean leader",), (), ()),))
    comp = Comparison(facts=(Fact((Statement("a-1", "Kim met Putin.", 0, 14),), ("Herald",)),),
                      quote_matches=(QuoteMatch("Kim Jong Un", (QuoteVariant("a-1", "We agree", 17, 25),), 1.0),),
                      labels=(Label("Kim Jong Un", {"a-1": ("the North Korean leader",)}),),
                      loaded=(Loaded("a-1", "notorious", 0, 9, 0.8),), tone={"a-1": 0.2})
    story = Story("s-1", ("a-1",), (), "T", ("a-1",), comp)
    return Result((a,), (story,), (Rejected("bad.bin", "binary file"),))


def test_result_round_trips_through_json() -> None:
    result = _result()
    data = json.loads(json.dumps(result.to_json_dict()))
    assert Result.from_json_dict(data) == result


def test_json_has_contract_fields() -> None:
    data = _result().to_json_dict()
    article = data["articles"][0]
    for key in ("id", "source", "outlet", "title", "published", "body", "removed", "comments", "quotes"):
        assert key in article
    assert set(article["comments"][1]) >= {"id", "parent", "author", "text", "offensive"}
    assert set(article["quotes"][0]) >= {"text", "speaker", "start", "end"}
    story = data["stories"][0]
    for key in ("id", "articles", "duplicates", "facts", "quote_matches", "labels", "loaded"):
        assert key in story
    assert story["facts"][0]["statements"][0] == {"article": "a-1", "text": "Kim met Putin.", "start": 0, "end": 14}
    assert story["labels"][0]["by_article"] == {"a-1": ["the North Korean leader"]}
    assert data["rejected"] == [{"source": "bad.bin", "reason": "binary file"}]


def test_quote_offsets_index_the_body() -> None:
    a = _result().articles[0]
    q = a.quotes[0]
    assert a.body[q.start:q.end] == q.text


def test_article_id_is_stable_and_content_sensitive() -> None:
    p = Page(source="a.txt", text="hello")
    assert make_article_id(p) == make_article_id(Page(source="a.txt", text="hello"))
    assert make_article_id(p) != make_article_id(Page(source="a.txt", text="hello!"))
    assert make_article_id(p) != make_article_id(Page(source="b.txt", text="hello"))
