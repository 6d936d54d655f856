"""The HTML report: one self-contained page (inline CSS, no scripts, nothing fetched).

Every text that comes from a page goes through Jinja2's autoescaping; links to outlets are
kept only for http(s) URLs; a Content-Security-Policy in the page forbids any fetch, so
even a mistake in escaping cannot load or run anything.

>>> from parallax.model import Result
>>> "<!doctype html>" in render_html(Result())
True
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from parallax.model import Result
from parallax.report.view import ReportView, build_report, outlet_name

TEMPLATES = Path(__file__).resolve().parent / "templates"
N_OUTLET_COLOURS = 8


def render_html(result: Result) -> str:
    """The whole result as one HTML page a browser opens offline.

    Shows per story the fact matrix (rows = facts, columns = articles), disagreements, each
    outlet's unique facts and omissions, matched quotes with word differences, the naming
    table, loaded words and tone, then each article with its marks, removed parts and comments.
    """
    report = build_report(result)
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        colours=_outlet_colours(report),
        css=Markup(_stylesheet()),
    )


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(when=format_when, web_link=web_link, tone_word=tone_word, plural=plural,
                       outlet=outlet_name)
    return env


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    if "</" in css:  # the stylesheet is ours, but never let it close the <style> element
        raise ValueError("report.css must not contain '</'")
    return css


def _outlet_colours(report: ReportView) -> dict[str, int]:
    colours: dict[str, int] = {}
    for article in report.result.articles:
        name = outlet_name(article)
        if name not in colours:
            colours[name] = len(colours) % N_OUTLET_COLOURS
    return colours


def format_when(value: str | None) -> str:
    """An ISO-8601 time as a reader writes it ("4 Mar 2026, 09:15"); unknown -> "undated"."""
    if not value:
        return "undated"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) <= 10:
        return f"{moment.day} {moment:%b %Y}"
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def web_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None (no javascript:, data:, file: links)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def tone_word(value: float | None) -> str:
    """A word for a tone score in [-1, 1]."""
    if value is None:
        return "no tone"
    if value <= -0.5:
        return "very negative"
    if value <= -0.15:
        return "negative"
    if value < 0.15:
        return "neutral"
    return "positive" if value < 0.5 else "very positive"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 fact``, ``3 facts``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
