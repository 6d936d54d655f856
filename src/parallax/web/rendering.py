"""The Jinja2 environment of the web pages: autoescaped templates and a few filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from parallax.web.plots import parse_time, tone_meter

TEMPLATES = Path(__file__).with_name("templates")


def when(value: str | None) -> str:
    """A publication time for people: ``2023-09-13 14:05 UTC``, or the text as given."""
    if not value:
        return "date unknown"
    moment = parse_time(value)
    if moment is None:
        return value
    if moment.hour == 0 and moment.minute == 0 and "T" not in value:
        return moment.strftime("%d %b %Y")
    return moment.strftime("%d %b %Y, %H:%M UTC")


def idpath(value: str) -> str:
    """An id made safe to put in one segment of a URL path."""
    return quote(str(value), safe="")


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None (no ``javascript:`` links)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def tone(value: float | None) -> Markup:
    return tone_meter(value)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(when=when, idpath=idpath, tone=tone)
    return env


ENVIRONMENT = _environment()


def render(name: str, *, status_code: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """Render template ``name`` to an HTML response."""
    html = ENVIRONMENT.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status_code, headers=headers)
