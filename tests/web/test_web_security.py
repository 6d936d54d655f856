"""Security: page text is inert everywhere, protective headers, no path traversal, the token."""

from __future__ import annotations

import asyncio
import os
import stat
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from parallax.errors import UsageError
from parallax.web import create_app
from parallax.web.security import check_loopback, resolve_token, token_file

from .conftest import TOKEN, XSS_PAYLOADS

HTML = {"accept": "text/html"}
XSS_PAGES = [
    "/",
    "/?q=%3Cscript%3Ealert(1)%3C/script%3E&outlet=%22%3E%3Cb%3E",
    "/stories/s-x",
    "/articles/a-x%3Cs%3E?story=s-x",
    "/articles/a-y?story=s-x",
    "/articles/a-x%3Cs%3E/comments",
    "/stories/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/upload",
]


class ActiveContent(HTMLParser):
    """Collects everything in a page that could run script."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "object", "embed", "img", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith(("javascript:", "data:text")):
                self.found.append(f"{tag} {name}={value}")
        if tag == "script" and dict(attrs).get("src") != "/static/job.js":
            self.found.append("<script> not from /static")
        if tag == "link" and dict(attrs).get("rel") == "stylesheet" and dict(attrs).get("href") != "/static/style.css":
            self.found.append("foreign stylesheet")

    def handle_data(self, data: str) -> None:
        self.text += data


@pytest.mark.parametrize("path", XSS_PAGES)
def test_xss_payloads_render_as_inert_text(xss_client: TestClient, path: str) -> None:
    page = xss_client.get(path, headers=HTML)
    assert page.headers["content-type"].startswith("text/html")
    checker = ActiveContent()
    checker.feed(page.text)
    assert checker.found == []
    assert "<script>alert" not in page.text and "<svg/onload" not in page.text and "<img src=x" not in page.text


def test_the_payloads_are_shown_as_text(xss_client: TestClient) -> None:
    checker = ActiveContent()
    checker.feed(xss_client.get("/stories/s-x", headers=HTML).text)
    for payload in (XSS_PAYLOADS[0], XSS_PAYLOADS[2], XSS_PAYLOADS[5]):
        assert payload in checker.text  # visible to the reader, as the words they are
    article = ActiveContent()
    article.feed(xss_client.get("/articles/a-x%3Cs%3E?story=s-x", headers=HTML).text)
    assert XSS_PAYLOADS[0] in article.text and XSS_PAYLOADS[1] in article.text


def test_javascript_urls_never_become_links(xss_client: TestClient) -> None:
    page = xss_client.get("/articles/a-x%3Cs%3E", headers=HTML).text
    assert 'href="javascript' not in page.lower()
    safe = xss_client.get("/articles/a-y", headers=HTML).text
    assert 'href="https://ok.example/a"' in safe


def test_api_json_keeps_payloads_as_data(xss_client: TestClient) -> None:
    story = xss_client.get("/api/stories/s-x")
    assert story.headers["content-type"].startswith("application/json")
    assert story.json()["title"] == XSS_PAYLOADS[3]


def test_every_response_carries_the_protective_headers(client: TestClient) -> None:
    for path in ("/", "/stories/s-water", "/api/stories", "/static/style.css", "/api/nothing", "/nothing"):
        headers = client.get(path, headers=HTML).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_pages_hold_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/stories/s-water", "/articles/a-herald?story=s-water", "/articles/a-herald/comments",
                 "/upload", "/docs"):
        page = client.get(path, headers=HTML).text
        assert "<style" not in page and " style=" not in page
        assert "<script>" not in page and "<script " not in page.replace('<script src="/static/job.js"', "")


TRAVERSALS = [
    "/static/../app.py",
    "/static/..%2fapp.py",
    "/static/%2e%2e%2fapp.py",
    "/static/%2e%2e/%2e%2e/security.py",
    "/static/..%5capp.py",
    "/static/%252e%252e%252fapp.py",
    "/static/....//app.py",
    "/static/%2fetc%2fpasswd",
    "/static//etc/passwd",
    "/static/style.css%00.py",
    "/static/..",
    "/static/.",
    "/static/%2e",
]


def raw_get(app: object, raw_path: str) -> tuple[int, bytes]:
    """Send ``raw_path`` to the ASGI app exactly as given (no client-side clean-up of dot segments)."""
    path, _, query = raw_path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": unquote(path), "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))  # type: ignore[operator]
    status = next(int(m["status"]) for m in sent if m["type"] == "http.response.start")  # type: ignore[call-overload]
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")  # type: ignore[misc]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_traversal_out_of_the_static_folder(water_db: Path, path: str) -> None:
    status, body = raw_get(create_app(water_db, token=TOKEN), path)
    assert status == 404
    assert b"create_app" not in body and b"root:" not in body


def test_static_files_are_served(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get("/static/job.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]


def test_the_token_comes_from_the_environment_or_is_generated_once(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "store.db"
    monkeypatch.setenv("PARALLAX_TOKEN", "from-env")
    assert resolve_token(db) == ("from-env", "env")
    monkeypatch.delenv("PARALLAX_TOKEN")
    token, source = resolve_token(db)
    assert source == "new" and len(token) >= 24
    assert stat.S_IMODE(os.stat(token_file(db)).st_mode) == 0o600
    assert resolve_token(db) == (token, "file")


def test_generated_token_guards_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARALLAX_TOKEN", raising=False)
    app = create_app(tmp_path / "store.db")
    with TestClient(app) as fresh:
        assert fresh.post("/api/pages", json={"text": "words"}).status_code == 401
        assert fresh.post("/api/pages", json={"text": "words"},
                          headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 403


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.4", "example.org", "::"])
def test_no_auth_is_refused_off_loopback(host: str) -> None:
    with pytest.raises(UsageError, match="no-auth"):
        check_loopback(host, no_auth=True)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_no_auth_is_allowed_on_loopback(host: str) -> None:
    check_loopback(host, no_auth=True)
    check_loopback("0.0.0.0", no_auth=False)


def test_upload_form_refuses_other_sites_and_wrong_tokens(client: TestClient) -> None:
    data = {"text": "Some pasted words.", "token": TOKEN}
    cross = client.post("/upload", data=data, headers={"origin": "https://evil.example", **HTML})
    assert cross.status_code == 403
    wrong = client.post("/upload", data={**data, "token": "nope"}, headers=HTML)
    assert wrong.status_code == 403 and "token is wrong" in wrong.text and 'name="token"' in wrong.text
    missing = client.post("/upload", data={"text": "words"}, headers=HTML)
    assert missing.status_code == 401


def test_the_token_entered_once_is_kept_in_a_strict_cookie(client: TestClient,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from parallax.web import ingest_jobs

    from .test_web_api import quick_analysis

    monkeypatch.setattr(ingest_jobs, "run_analysis", quick_analysis)
    first = client.post("/upload", data={"text": "Pasted words.", "token": TOKEN}, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/jobs/")
    cookie = first.headers["set-cookie"]
    assert "parallax_token=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert 'name="token"' not in client.get("/upload").text
    again = client.post("/upload", data={"text": "More pasted words."}, follow_redirects=False)
    assert again.status_code == 303
