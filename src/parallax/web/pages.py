"""The server-rendered pages: story list, story comparison, article, comments, upload, job."""

from __future__ import annotations

import math
import re
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from parallax.model import Page
from parallax.web import store_access
from parallax.web.api_docs import operations
from parallax.web.ingest_jobs import Job, safe_file_name
from parallax.web.marking import marked_paragraphs
from parallax.web.plots import parse_time
from parallax.web.rendering import render, safe_link
from parallax.web.security import TOKEN_COOKIE, check_same_origin, check_token
from parallax.web.views import article_marks, build_story_view, comment_thread

router = APIRouter(include_in_schema=False)
STORIES_PER_PAGE = 25
_LOOKS_LIKE_HTML = re.compile(r"^\s*<(!doctype|html|head|body|article|div|p|main|section)\b", re.IGNORECASE)


def _date_filter(value: str, name: str, problems: list[str]) -> str | None:
    if not value.strip():
        return None
    if parse_time(value) is None:
        problems.append(f"'{value}' is not a date (use YYYY-MM-DD); the {name} filter was ignored.")
        return None
    return value.strip()


@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, q: str = "", outlet: str = "", since: str = "", until: str = "",
               page: str = "1") -> HTMLResponse:
    """The stories, newest first, with search by words, outlet and date range."""
    problems: list[str] = []
    q, outlet = q[:200], outlet[:200]
    filters = {"q": q.strip() or None, "outlet": outlet.strip() or None,
               "since": _date_filter(since, "from", problems), "until": _date_filter(until, "to", problems)}
    number = int(page) if page.isdigit() and int(page) > 0 else 1
    db_path: Path = request.app.state.db_path
    with store_access.open_store(db_path) as store:
        total = store.count_stories(**filters)
        pages = max(1, math.ceil(total / STORIES_PER_PAGE))
        number = min(number, pages)
        stories = store.stories(**filters, limit=STORIES_PER_PAGE, offset=(number - 1) * STORIES_PER_PAGE)
    kept: dict[str, Any] = {"q": q, "outlet": outlet, "since": since, "until": until}

    def page_link(n: int) -> str:
        return "/?" + urlencode({**{k: v for k, v in kept.items() if v}, "page": n})

    return render("stories.html", stories=stories, total=total, page=number, pages=pages, page_link=page_link,
                  problems=problems, db_name=db_path.name, **kept)


@router.get("/stories", include_in_schema=False)
def stories_alias() -> RedirectResponse:
    return RedirectResponse("/", status_code=308)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    """One story: how each outlet covers it, side by side."""
    found = store_access.load_story(request.app.state.db_path, story_id)
    if found is None:
        raise HTTPException(404, f"There is no story with id '{story_id}'.")
    view = build_story_view(found.story, found.articles)
    times = sorted(t for t in (c.article.published for c in view.columns) if t and parse_time(t))
    n_omissions = sum(len(rows) for _, rows in view.omissions)
    shared = sum(1 for r in view.facts if r.n_reporting == len(view.columns))
    changed = sum(1 for g in view.quotes if any("<ins>" in str(t) or "<del>" in str(t) for _, t, _ in g.variants))
    return render("story.html", view=view, first=times[0] if times else None, last=times[-1] if times else None,
                  n_omissions=n_omissions, shared=shared, changed_quotes=changed)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, story: str = "") -> HTMLResponse:
    """One article: its clean text with quotes, speakers and actors marked, and what was removed."""
    db_path = request.app.state.db_path
    article = store_access.load_article(db_path, article_id)
    if article is None:
        raise HTTPException(404, f"There is no article with id '{article_id}'.")
    context = None
    if story:
        with store_access.open_store(db_path) as store:
            context = store.story(story)
        if context is not None and article.id not in context.articles:
            context = None
    loaded = context.comparison.loaded if context is not None else ()
    paragraphs = marked_paragraphs(article.body, article_marks(article, loaded))
    ordered = sorted(article.removed, key=lambda r: r.kind)
    removed = [(kind, [r.text for r in items]) for kind, items in groupby(ordered, key=lambda r: r.kind)]
    return render("article.html", article=article, story=context, paragraphs=paragraphs, removed=removed,
                  n_removed=len(article.removed), safe_url=safe_link(article.url))


@router.get("/articles/{article_id}/comments", response_class=HTMLResponse)
def comments_page(request: Request, article_id: str) -> HTMLResponse:
    """The reader comments of an article as a thread, with offensive scores."""
    article = store_access.load_article(request.app.state.db_path, article_id)
    if article is None:
        raise HTTPException(404, f"There is no article with id '{article_id}'.")
    return render("comments.html", article=article, rows=comment_thread(article.comments))


def _upload_form(request: Request, *, status: int = 200, error: str | None = None,
                 values: dict[str, str] | None = None, ask_token: bool = False) -> HTMLResponse:
    state = request.app.state
    has_cookie = bool(request.cookies.get(TOKEN_COOKIE)) and not ask_token
    fields: dict[str, Any] = {"text": "", "outlet": "", "url": "", "published": "", **(values or {})}
    return render("upload.html", status_code=status, error=error, need_token=not state.no_auth and not has_cookie,
                  max_files=state.max_files, max_mb=f"{state.max_upload_bytes / 1_000_000:g} MB", **fields)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> HTMLResponse:
    """The form to upload files or paste the text of a page."""
    return _upload_form(request)


@router.post("/upload")
async def upload(request: Request) -> Response:
    """Take the form's files and pasted text, queue them for analysis, go to the job's page."""
    check_same_origin(request)
    state = request.app.state
    form = await _read_form(request)
    values = {k: str(form.get(k) or "").strip() for k in ("text", "outlet", "url", "published")}
    values["text"] = str(form.get("text") or "")
    given = str(form.get("token") or "").strip() or request.cookies.get(TOKEN_COOKIE)
    try:
        check_token(request, given)
    except HTTPException as err:
        refused = _upload_form(request, status=err.status_code, error=str(err.detail), values=values,
                               ask_token=True)
        refused.delete_cookie(TOKEN_COOKIE)
        return refused
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files and not values["text"].strip():
        return _upload_form(request, status=400, error="Choose at least one file or paste some text.",
                            values=values)
    job_id = state.jobs.new_reference()
    folder = await _spool(state.jobs, files) if files else None
    pages = [_pasted_page(job_id, values)] if values["text"].strip() else []
    job = state.jobs.submit(pages, folder=folder, outlet=values["outlet"] or None, job_id=job_id)
    response = RedirectResponse(f"/jobs/{job.id}", status_code=303)
    if given and not state.no_auth and form.get("token"):
        response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict", max_age=30 * 86400)
    return response


async def _read_form(request: Request) -> Any:
    state = request.app.state
    try:
        return await request.form(max_files=state.max_files, max_fields=50,
                                  max_part_size=state.max_upload_bytes)
    except StarletteHTTPException as err:
        if err.status_code == 400 and "files" in str(err.detail).lower():
            raise HTTPException(413, f"Too many files: at most {state.max_files} per upload.") from err
        raise


async def _spool(jobs: Any, files: list[UploadFile]) -> Path:
    folder: Path = jobs.spool_folder()
    for index, upload_file in enumerate(files):
        data = await upload_file.read()
        (folder / safe_file_name(upload_file.filename or "", index)).write_bytes(data)
    return folder


def _pasted_page(job_id: str, values: dict[str, str]) -> Page:
    text = values["text"]
    is_html = bool(_LOOKS_LIKE_HTML.match(text))
    return Page(source=f"upload/{job_id}/pasted", text=None if is_html else text, html=text if is_html else None,
                url=values["url"] or None, outlet=values["outlet"] or None, published=values["published"] or None)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    """The progress of an upload, then links to its articles and stories."""
    job: Job | None = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"There is no upload job '{job_id}' (jobs are forgotten when the server restarts).")
    info = job.to_dict()
    articles, titles = [], {}
    if job.state == "done" and (job.articles or job.stories):
        with store_access.open_store(request.app.state.db_path) as store:
            articles = [a for a in store.articles(ids=job.articles)] if job.articles else []
            for story_id in job.stories:
                found = store.story(story_id)
                titles[story_id] = found.title if found is not None else None
    return render("job.html", job=info, running=job.state in ("queued", "running"), articles=articles,
                  story_titles=titles)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI description."""
    spec = request.app.openapi()
    return render("api_docs.html", spec=spec, operations=operations(spec))
