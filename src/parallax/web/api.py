"""The HTTP API under ``/api/``: stories, story comparisons, articles, search and ingest.

Reads are open; ``POST /api/pages`` needs ``Authorization: Bearer <token>``. Every error
has one shape: ``{"error": {"code": "...", "message": "..."}}``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator

from parallax.model import Page
from parallax.web import store_access
from parallax.web.security import require_writer


class ErrorDetail(BaseModel):
    code: str = Field(description="Short machine-readable code, e.g. not_found, unauthorized.")
    message: str = Field(description="What went wrong, in words.")


class ErrorBody(BaseModel):
    """The one shape of every error the API returns."""

    error: ErrorDetail


class StorySummaryOut(BaseModel):
    id: str
    title: str | None
    n_articles: int
    outlets: list[str]
    first_published: str | None
    last_published: str | None


class StoryPage(BaseModel):
    """One page of stories, newest first."""

    items: list[StorySummaryOut]
    total: int
    limit: int
    offset: int


class ArticleHead(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    source: str


class ArticleHits(BaseModel):
    """Articles whose text matches a search, one page of them."""

    items: list[ArticleHead]
    q: str
    limit: int
    offset: int


class PageIn(BaseModel):
    """A page to add: its visible text or its HTML, and what is known about it."""

    text: str | None = Field(None, description="The page's visible text (select-all + copy).")
    html: str | None = Field(None, description="The page's HTML source.")
    url: str | None = Field(None, max_length=2000, description="Where the page was found.")
    outlet: str | None = Field(None, max_length=200, description="The outlet that published it.")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=64, description="ISO-8601 date or time.")

    @model_validator(mode="after")
    def exactly_one_body(self) -> PageIn:
        if bool(self.text and self.text.strip()) == bool(self.html and self.html.strip()):
            raise ValueError("send exactly one of 'text' or 'html', and not empty")
        return self


class JobOut(BaseModel):
    id: str
    state: str = Field(description="queued, running, done or failed")
    stage: str
    progress: float = Field(description="0..1")
    done: int
    total: int
    articles: list[str]
    stories: list[str]
    rejected: list[dict[str, str]]
    error: str | None
    created: float
    finished: float | None


class JobAccepted(BaseModel):
    job: str
    status_url: str


ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}, 422: {"model": ErrorBody}}
LIST_ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorBody}}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No token sent"},
    403: {"model": ErrorBody, "description": "Wrong token"},
    413: {"model": ErrorBody, "description": "Page over the upload limit"},
    422: {"model": ErrorBody},
}

router = APIRouter(prefix="/api", tags=["api"])


def iso_bound(value: date | datetime | None) -> str | None:
    """A date filter as the ISO string the store compares with ``published``."""
    return value.isoformat() if value is not None else None


@router.get("/stories", response_model=StoryPage, responses=LIST_ERRORS)
def list_stories(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Words in the story's title or text.")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="Only stories this outlet covers.")] = None,
    since: Annotated[date | datetime | None, Query(description="Published on or after (ISO-8601).")] = None,
    until: Annotated[date | datetime | None, Query(description="Published on or before (ISO-8601).")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Stories, newest first, filtered by words, outlet and date range."""
    filters = {"q": q or None, "outlet": outlet or None, "since": iso_bound(since), "until": iso_bound(until)}
    with store_access.open_store(request.app.state.db_path) as store:
        items = store.stories(**filters, limit=limit, offset=offset)
        total = store.count_stories(**filters)
    return {"items": [store_access.story_summary_dict(s) for s in items], "total": total,
            "limit": limit, "offset": offset}


@router.get("/stories/{story_id}", responses=ERRORS)
def get_story(request: Request, story_id: str) -> JSONResponse:
    """One story with its comparison (facts, omissions, quote matches, labels, loaded words, tone)
    and the heads of its articles."""
    found = store_access.load_story(request.app.state.db_path, story_id)
    if found is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    out = found.story.to_dict()
    out["article_heads"] = [store_access.article_summary_dict(a) for a in found.articles]
    return JSONResponse(out)  # already plain JSON types: skip the generic encoder (large comparisons)


@router.get("/articles/{article_id}", responses=ERRORS)
def get_article(request: Request, article_id: str) -> JSONResponse:
    """One article: clean body, what was removed, comments and annotations."""
    article = store_access.load_article(request.app.state.db_path, article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return JSONResponse(article.to_dict())


@router.get("/search", response_model=ArticleHits, responses=LIST_ERRORS)
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to look for in articles.")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Articles whose title or text contains the words."""
    with store_access.open_store(request.app.state.db_path) as store:
        hits = store.search_articles(q, limit=limit, offset=offset)
    return {"items": [store_access.article_summary_dict(a) for a in hits], "q": q, "limit": limit,
            "offset": offset}


@router.post("/pages", status_code=202, response_model=JobAccepted, responses=WRITE_ERRORS,
             dependencies=[Depends(require_writer)])
def add_page(request: Request, page_in: PageIn) -> JSONResponse:
    """Add one page; it is analysed in the background. Poll the returned job for progress."""
    job_ref = request.app.state.jobs.new_reference()
    page = Page(
        source=page_in.url or f"api/{job_ref}",
        text=page_in.text if page_in.text and page_in.text.strip() else None,
        html=page_in.html if page_in.html and page_in.html.strip() else None,
        url=page_in.url, outlet=page_in.outlet, title=page_in.title, published=page_in.published,
    )
    job = request.app.state.jobs.submit([page], job_id=job_ref)
    body = {"job": job.id, "status_url": f"/api/jobs/{job.id}"}
    return JSONResponse(body, status_code=202, headers={"Location": body["status_url"]})


@router.get("/jobs/{job_id}", response_model=JobOut, responses=ERRORS)
def get_job(request: Request, job_id: str) -> dict[str, Any]:
    """State and progress of an upload being analysed."""
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job with id {job_id!r}")
    return job.to_dict()
