"""The HTTP API: listing, pagination, one error shape, the token, upload limits, jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from parallax.model import Article, Page, Result, Story, make_article_id
from parallax.web import create_app, ingest_jobs

from .conftest import TOKEN, save_result, water_order_result

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body


def quick_analysis(pages: list[Page], existing: tuple[Article, ...], progress: Any) -> Result:
    """A stand-in analyser for the job tests: one article and one story per page, no models."""
    articles = []
    for i, page in enumerate(pages, 1):
        text = page.text or "html page"
        title = text.split("\n", 1)[0][:80]
        articles.append(Article(id=make_article_id(page), source=page.source, body=text, outlet=page.outlet,
                                title=title, url=page.url, published=page.published))
        progress("annotate", i, len(pages))
    stories = tuple(Story(f"s-{a.id}", (a.id,), title=a.title, timeline=(a.id,)) for a in articles)
    return Result(tuple(articles), stories)


def test_story_list_is_paginated_and_newest_first(client: TestClient) -> None:
    first = client.get("/api/stories", params={"limit": 1}).json()
    assert first["total"] == 2 and first["limit"] == 1 and first["offset"] == 0
    assert [s["id"] for s in first["items"]] == ["s-water"]  # published later than the festival
    second = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert [s["id"] for s in second["items"]] == ["s-festival"]
    beyond = client.get("/api/stories", params={"limit": 1, "offset": 5}).json()
    assert beyond["items"] == [] and beyond["total"] == 2
    item = first["items"][0]
    assert item["n_articles"] == 4
    assert set(item["outlets"]) == {"Harbor Herald", "Liberty Ledger", "Coastline Courier", "Tidewater Daily"}


def test_story_list_filters(client: TestClient) -> None:
    by_outlet = client.get("/api/stories", params={"outlet": "Liberty Ledger"}).json()
    assert [s["id"] for s in by_outlet["items"]] == ["s-water"]
    by_words = client.get("/api/stories", params={"q": "festival"}).json()
    assert [s["id"] for s in by_words["items"]] == ["s-festival"]
    by_date = client.get("/api/stories", params={"since": "2024-03-01"}).json()
    assert [s["id"] for s in by_date["items"]] == ["s-water"]
    before = client.get("/api/stories", params={"until": "2024-02-28"}).json()
    assert [s["id"] for s in before["items"]] == ["s-festival"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1000}, {"offset": -1}, {"since": "yesterday"}])
def test_bad_query_parameters_get_422_in_the_error_shape(client: TestClient, params: dict[str, Any]) -> None:
    assert_error(client.get("/api/stories", params=params), 422, "invalid_request")


def test_story_comes_with_its_comparison(client: TestClient) -> None:
    story = client.get("/api/stories/s-water").json()
    assert story["id"] == "s-water"
    assert len(story["comparison"]["facts"]) == 2
    assert story["comparison"]["omissions"][0]["article"] == "a-courier"
    assert {h["id"] for h in story["article_heads"]} == {"a-herald", "a-wire", "a-ledger", "a-courier"}


def test_article_and_search(client: TestClient) -> None:
    article = client.get("/api/articles/a-ledger").json()
    assert article["outlet"] == "Liberty Ledger" and "reckless delay" in article["body"]
    hits = client.get("/api/search", params={"q": "festival"}).json()
    assert [h["id"] for h in hits["items"]] == ["a-festival"]
    assert_error(client.get("/api/search"), 422, "invalid_request")


@pytest.mark.parametrize("path", ["/api/stories/nope", "/api/articles/nope", "/api/jobs/nope", "/api/nothing"])
def test_unknown_things_get_404_in_the_error_shape(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404, "not_found")


def test_wrong_method_gets_405_in_the_error_shape(client: TestClient) -> None:
    assert_error(client.delete("/api/stories"), 405, "method_not_allowed")


def test_writing_needs_the_token(client: TestClient) -> None:
    page = {"text": "A page.\n\nWith words."}
    missing = assert_error(client.post("/api/pages", json=page), 401, "unauthorized")
    assert "Bearer" in missing["error"]["message"]
    assert_error(client.post("/api/pages", json=page, headers={"Authorization": "Bearer wrong"}), 403, "forbidden")
    assert_error(client.post("/api/pages", json=page, headers={"Authorization": "Basic " + TOKEN}), 401,
                 "unauthorized")


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "x", "html": "<p>x</p>"}, {"url": "https://a.example"}])
def test_a_page_needs_exactly_one_of_text_or_html(client: TestClient, body: dict[str, Any]) -> None:
    assert_error(client.post("/api/pages", json=body, headers=AUTH), 422, "invalid_request")


def test_oversized_pages_get_413(water_db: Path) -> None:
    with TestClient(create_app(water_db, token=TOKEN, max_upload_bytes=2_000)) as small:
        body = {"text": "word " * 1_000}
        answer = assert_error(small.post("/api/pages", json=body, headers=AUTH), 413, "payload_too_large")
        assert "2,000 bytes" in answer["error"]["message"]
        files = {"files": ("big.txt", b"x" * 3_000, "text/plain")}
        upload = small.post("/upload", files=files, data={"token": TOKEN}, headers={"accept": "text/html"})
        assert upload.status_code == 413 and "2,000 bytes" in upload.text


def test_too_many_files_get_413(water_db: Path) -> None:
    with TestClient(create_app(water_db, token=TOKEN, max_files=2)) as small:
        files = [("files", (f"p{i}.txt", b"words", "text/plain")) for i in range(3)]
        answer = small.post("/upload", files=files, data={"token": TOKEN})
        assert_error(answer, 413, "payload_too_large")


def test_posted_page_is_analysed_in_the_background(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_jobs, "run_analysis", quick_analysis)
    page = {"text": "Ferry strike ends\n\nThe ferry strike ended on Monday.", "outlet": "Bay Post",
            "url": "https://baypost.example/ferry"}
    accepted = client.post("/api/pages", json=page, headers=AUTH)
    assert accepted.status_code == 202
    job_id = accepted.json()["job"]
    assert accepted.headers["location"] == f"/api/jobs/{job_id}"
    client.app.state.jobs.wait(job_id, timeout=20)  # type: ignore[attr-defined]
    job = client.get(f"/api/jobs/{job_id}").json()
    assert job["state"] == "done", job
    assert job["progress"] == 1.0 and len(job["articles"]) == 1 and len(job["stories"]) == 1
    stored = client.get(f"/api/articles/{job['articles'][0]}").json()
    assert stored["outlet"] == "Bay Post" and stored["url"] == "https://baypost.example/ferry"
    listed = client.get("/api/stories", params={"q": "ferry"}).json()
    assert listed["total"] == 1


def test_a_failing_analysis_ends_the_job_with_its_reason(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(pages: list[Page], existing: tuple[Article, ...], progress: Any) -> Result:
        raise RuntimeError("model file missing")

    monkeypatch.setattr(ingest_jobs, "run_analysis", broken)
    job_id = client.post("/api/pages", json={"text": "Some words here."}, headers=AUTH).json()["job"]
    client.app.state.jobs.wait(job_id, timeout=20)  # type: ignore[attr-defined]
    job = client.get(f"/api/jobs/{job_id}").json()
    assert job["state"] == "failed" and "model file missing" in job["error"]


def test_no_auth_mode_lets_writes_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_jobs, "run_analysis", quick_analysis)
    db = save_result(tmp_path / "open.db", water_order_result())
    with TestClient(create_app(db, no_auth=True), base_url="http://127.0.0.1:8000") as open_client:
        assert open_client.post("/api/pages", json={"text": "A page of text."}).status_code == 202
        rebound = open_client.post("/api/pages", json={"text": "A page of text."},
                                   headers={"host": "attacker.example:8000"})
        assert_error(rebound, 403, "forbidden")


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/search", "/api/pages",
            "/api/jobs/{job_id}"} <= set(spec["paths"])
    assert "401" in spec["paths"]["/api/pages"]["post"]["responses"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/pages" in docs.text and "<script" not in docs.text


@pytest.mark.slow
def test_posted_page_runs_through_the_real_pipeline(tmp_path: Path) -> None:
    page = {"text": ("Ferry crews strike over new rota\n\nFerry crews walked out on Monday morning, stranding "
                     "hundreds of commuters on both sides of the bay. \"We warned the company for months that "
                     "the new rota was unsafe,\" union spokesman Daniel Okafor said. The ferry company said it "
                     "regretted the disruption and would meet the union on Wednesday to discuss the schedule."),
            "outlet": "Bay Post", "published": "2024-06-03"}
    with TestClient(create_app(tmp_path / "fresh.db", token=TOKEN)) as fresh:
        job_id = fresh.post("/api/pages", json=page, headers=AUTH).json()["job"]
        fresh.app.state.jobs.wait(job_id, timeout=120)  # type: ignore[attr-defined]
        job = fresh.get(f"/api/jobs/{job_id}").json()
        assert job["state"] == "done", job
        assert len(job["articles"]) == 1 and job["rejected"] == []
        article = fresh.get(f"/api/articles/{job['articles'][0]}").json()
        assert article["outlet"] == "Bay Post" and "Ferry crews walked out" in article["body"]
        assert any(q["speaker"] and "Okafor" in q["speaker"] for q in article["quotes"])
        assert fresh.get("/api/stories").json()["total"] == 1


def test_uploaded_files_are_read_by_the_ingest_readers(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_jobs, "run_analysis", quick_analysis)
    files = [("files", ("../../etc/first.txt", b"First page title\n\nSome words of the first page.", "text/plain")),
             ("files", ("second.txt", b"Second page title\n\nSome words of the second page.", "text/plain")),
             ("files", ("empty.txt", b"", "text/plain"))]
    answer = client.post("/upload", files=files, data={"token": TOKEN, "outlet": "Bay Post"}, follow_redirects=False)
    assert answer.status_code == 303
    job_id = answer.headers["location"].rsplit("/", 1)[-1]
    job = client.app.state.jobs.wait(job_id, timeout=20)  # type: ignore[attr-defined]
    assert job is not None and job.state == "done", job
    stored = [client.get(f"/api/articles/{i}").json() for i in job.articles]
    assert sorted(a["source"] for a in stored) == ["upload/000_first.txt", "upload/001_second.txt"]
    assert {a["outlet"] for a in stored} == {"Bay Post"}
    assert [r.source for r in job.rejected] == ["upload/002_empty.txt"]  # said why, not dropped
    page = client.get(f"/jobs/{job_id}", headers={"accept": "text/html"}).text
    assert "First page title" in page and "upload/002_empty.txt" in page


def test_large_stores_group_new_pages_with_their_recent_stories_only(water_db: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert {a.id for a in ingest_jobs.recent_articles(water_db)} == {"a-herald", "a-ledger", "a-courier", "a-wire",
                                                                     "a-festival"}
    monkeypatch.setattr(ingest_jobs, "ALL_ARTICLES_UP_TO", 2)
    monkeypatch.setattr(ingest_jobs, "RECENT_STORIES", 1)
    assert {a.id for a in ingest_jobs.recent_articles(water_db)} == {"a-herald", "a-ledger", "a-courier", "a-wire"}
