"""End to end in headless Chromium (Debian's ``chromium``, driven by Playwright's Python package).

The server runs in a thread on a free loopback port over a store made from the bundled
example corpus. Screenshots go to ``out/screenshots/`` (ignored by git).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .conftest import TOKEN, save_result, xss_result

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
UPLOADED = (
    "Harbour pilots strike over night shifts\n\n"
    "Harbour pilots walked off the job on Thursday night, leaving six cargo ships waiting outside the port. "
    "The pilots' union said the new night-shift rota was unsafe and that talks with the port authority had "
    "broken down. \"We will not guide ships in the dark on twelve-hour shifts,\" union leader Maria Keller said.\n\n"
    "The port authority said it regretted the strike and hoped to resume talks on Monday."
)


def chromium_or_skip() -> str:
    """The Chromium binary: a failure on CI when it is missing, a clear skip elsewhere."""
    found = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    reason = "Debian's chromium is not installed (apt-get install -y chromium)"
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + "; CI must run the browser tests")
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("the playwright package is missing; CI must run the browser tests")
        pytest.skip("the playwright Python package is not installed")
    return found


@dataclass
class LiveServer:
    url: str
    app: Any
    server: Any
    thread: threading.Thread
    messages: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path) -> LiveServer:
    import uvicorn

    from parallax.web import create_app

    app = create_app(db, token=TOKEN)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web server did not start")
        time.sleep(0.05)
    return LiveServer(f"http://127.0.0.1:{port}", app, server, thread)


def stop_server(live: LiveServer) -> None:
    live.server.should_exit = True
    live.thread.join(timeout=10)


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory: pytest.TempPathFactory, example_corpus: Path) -> Iterator[LiveServer]:
    chromium_or_skip()
    from parallax import analyze
    from parallax.store import Store

    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    with Store(db) as store:
        store.save(analyze([os.path.relpath(example_corpus)]))  # sources as a user sees them, not machine paths
    live = start_server(db)
    yield live
    stop_server(live)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab that records console errors and refuses (and records) any dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield tab
    context.close()


def _biggest_story(live: LiveServer) -> dict[str, Any]:
    import httpx

    stories = httpx.get(f"{live.url}/api/stories", params={"limit": 200}).json()["items"]
    assert stories, "the corpus store holds no story"
    return max(stories, key=lambda s: (len(s["outlets"]), s["n_articles"]))


def test_story_page_then_article(corpus_server: LiveServer, page: Any) -> None:
    story = _biggest_story(corpus_server)
    page.goto(corpus_server.url + "/")
    page.screenshot(path=str(SHOTS / "stories.png"), full_page=True)
    page.click(f'a.story-link[href="/stories/{story["id"]}"]')
    page.wait_for_selector("table.matrix, #facts")
    assert page.locator(".column-card").count() == story["n_articles"]
    if story["title"]:
        assert page.locator("h1").inner_text().strip() == story["title"].strip()
    page.screenshot(path=str(SHOTS / "story-full.png"), full_page=True)
    page.screenshot(path=str(SHOTS / "story.png"), full_page=True,  # the part a reader sees first
                    clip={"x": 0, "y": 0, "width": 1280, "height": 2000})
    page.locator(".column-card a.article-link").first.click()
    page.wait_for_selector(".article .body p")
    assert page.locator(".removed h2").inner_text() == "What was removed"
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)
    assert page.problems == []


def test_upload_a_page_and_watch_it_analysed(corpus_server: LiveServer, page: Any) -> None:
    page.goto(corpus_server.url + "/upload")
    page.fill('input[name="token"]', TOKEN)
    page.fill('textarea[name="text"]', UPLOADED)
    page.fill('input[name="outlet"]', "Port Gazette")
    page.fill('input[name="published"]', "2024-05-02")
    page.screenshot(path=str(SHOTS / "upload.png"), full_page=True)
    page.click('form.upload button[type="submit"]')
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector('#job[data-state="done"], #job[data-state="failed"]', timeout=90_000)
    assert page.locator("#job").get_attribute("data-state") == "done", page.locator("#job").inner_text()
    page.screenshot(path=str(SHOTS / "job.png"), full_page=True)
    links = page.locator("#job a[href^='/articles/']")
    assert links.count() == 1, page.locator("#job").inner_text()
    links.first.click()
    page.wait_for_selector(".article .body p")
    assert "Harbour pilots" in page.locator(".article .body").inner_text()
    assert page.locator(".kicker").first.inner_text().lower() == "port gazette"
    assert page.problems == []


def test_xss_corpus_stays_inert_in_a_real_browser(tmp_path: Path, browser: Any, page: Any) -> None:
    live = start_server(save_result(tmp_path / "xss.db", xss_result()))
    try:
        for path in ("/", "/stories/s-x", "/articles/a-x%3Cs%3E?story=s-x", "/articles/a-x%3Cs%3E/comments",
                     "/articles/a-y?story=s-x"):
            page.goto(live.url + path)
            for summary in page.locator("details summary").all()[:10]:
                summary.click()
            page.mouse.move(300, 300)
        page.screenshot(path=str(SHOTS / "xss-story.png"), full_page=True)
        assert [p for p in page.problems if p.startswith(("dialog", "page error"))] == []
    finally:
        stop_server(live)


def test_raw_traversal_requests_to_the_live_server(corpus_server: LiveServer) -> None:
    host, port = corpus_server.url.removeprefix("http://").split(":")
    for raw in ("/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/%2e%2e/web/app.py",
                "/static/..\\app.py", "/static/./style.css/../../app.py"):
        with socket.create_connection((host, int(port)), timeout=5) as conn:
            conn.sendall(f"GET {raw} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        status = answer.split(b" ", 2)[1]
        assert status in (b"404", b"400"), (raw, answer[:200])
        assert b"create_app" not in answer
