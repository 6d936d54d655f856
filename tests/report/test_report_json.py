"""The JSON report is exactly Result.to_json_dict() with the CONTRACT.md fields."""

from __future__ import annotations

import json

from parallax.model import Result
from parallax.report import render_json, write_reports

ARTICLE_FIELDS = {"id", "source", "outlet", "title", "published", "body", "removed", "comments", "quotes"}
STORY_FIELDS = {"id", "articles", "duplicates", "facts", "quote_matches", "labels", "loaded"}


def test_json_is_the_result_document(bridge) -> None:
    text = render_json(bridge)
    assert json.loads(text) == bridge.to_json_dict()
    assert text.endswith("}\n") and "\n  " in text  # pretty-printed


def test_json_keeps_non_ascii_text(bridge) -> None:
    text = render_json(bridge)
    assert "\u201cWe are not going" in text and "\\u201c" not in text


def test_json_has_contract_fields(bridge) -> None:
    doc = json.loads(render_json(bridge))
    assert set(doc) >= {"articles", "stories", "rejected"}
    for article in doc["articles"]:
        assert set(article) >= ARTICLE_FIELDS
        for comment in article["comments"]:
            assert set(comment) >= {"id", "parent", "author", "text", "offensive"}
            assert 0.0 <= comment["offensive"] <= 1.0
        for quote in article["quotes"]:
            assert article["body"][quote["start"]:quote["end"]] == quote["text"]
    story = doc["stories"][0]
    assert set(story) >= STORY_FIELDS
    assert all({"article", "text"} <= set(s) for f in story["facts"] for s in f["statements"])
    assert all({"article", "text"} <= set(q) for m in story["quote_matches"] for q in m["quotes"])
    assert story["duplicates"] == [["a-ledger00001", "a-courier0004"]]
    assert {"source", "reason"} <= set(doc["rejected"][0])


def test_json_round_trips_to_the_same_result(bridge) -> None:
    assert Result.from_json_dict(json.loads(render_json(bridge))) == bridge


def test_write_reports_writes_three_files(bridge, tmp_path) -> None:
    paths = write_reports(bridge, tmp_path / "out", stem="bridge")
    assert {k: p.name for k, p in paths.items()} == {
        "json": "bridge.json", "md": "bridge.md", "html": "bridge.html"}
    assert json.loads(paths["json"].read_text(encoding="utf-8")) == bridge.to_json_dict()
    assert paths["md"].read_text(encoding="utf-8").startswith("# Coverage report")
    assert paths["html"].read_text(encoding="utf-8").startswith("<!doctype html>")


def test_write_reports_survives_lone_surrogates(build_result, tmp_path) -> None:
    paths = write_reports(build_result("bad \udc80 byte"), tmp_path)
    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert doc["articles"][0]["title"].endswith("bad \udc80 byte")
    assert "bad ? byte" in paths["html"].read_text(encoding="utf-8")
