"""Reading an HTML page's statements about itself: JSON-LD, ``<meta>`` tags, ``<time>``.

:func:`html_metadata` gives the title, byline, published time and outlet in that order of
trust; :func:`headline_variants` every wording of the headline the page holds.

>>> html_metadata('<html><head><meta property="og:site_name" content="Daily"></head></html>')["outlet"]
'Daily'
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import html as lxml_html
from lxml.html import HtmlElement

from parallax.clean.metadata import clean_byline, outlet_from_url, parse_published, tidy_text

__all__ = ["headline_variants", "html_metadata"]


def html_metadata(html: str | HtmlElement, url: str | None = None) -> dict[str, str | None]:
    """Title, byline, published time and outlet as the page states them.

    ``html`` is the page source or an already parsed tree (it is not changed). JSON-LD
    is trusted first, then ``<meta>`` tags, then ``<time>``/``<title>``/``<h1>``. The
    outlet is ``og:site_name``, else the JSON-LD publisher, else the URL's host. Missing
    values are None.
    """
    tree = _as_tree(html)
    found: dict[str, str | None] = {"title": None, "byline": None, "published": None, "outlet": None}
    if tree is None:
        found["outlet"] = outlet_from_url(url)
        return found
    ld = _json_ld_facts(tree)
    meta = _meta_tags(tree)
    found["title"] = ld.get("title") or _first(meta, "og:title", "twitter:title", "title") or _page_title(tree)
    found["byline"] = ld.get("byline") or _meta_byline(meta)
    found["published"] = _first_date(
        ld.get("published"),
        _first(meta, "article:published_time", "og:published_time", "published_time", "pubdate",
               "publishdate", "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
               "parsely-pub-date", "datepublished", "article.published", "publish-date"),
        *_time_elements(tree),
    )
    found["outlet"] = (
        _first(meta, "og:site_name") or ld.get("outlet") or _first(meta, "publisher", "application-name")
        or outlet_from_url(url)
    )
    return {k: tidy_text(v) for k, v in found.items()}


def headline_variants(html: str | HtmlElement) -> dict[str, list[str]]:
    """Every headline and standfirst the page states (JSON-LD, meta tags, ``<title>``, ``<h1>``).

    Outlets word the headline differently in each place; an extractor that keeps one of
    them at the top of the body has kept the headline, whichever it is. Returns
    ``{"titles": [...], "descriptions": [...]}``.
    """
    tree = _as_tree(html)
    if tree is None:
        return {"titles": [], "descriptions": []}
    meta = _meta_tags(tree)
    titles = [meta.get(n) for n in ("og:title", "twitter:title", "title", "headline")]
    titles += [item.get("headline") for item in _json_ld_items(tree)]
    titles += [h.text_content() for h in tree.iter("h1")]
    title_element = tree.find(".//title")
    if title_element is not None and title_element.text:
        titles.append(title_element.text)
        titles += re.split(r"\s+[|\u2013\u2014-]\s+", title_element.text.strip())
    descriptions = [meta.get(n) for n in ("og:description", "twitter:description", "description")]
    descriptions += [item.get("description") for item in _json_ld_items(tree)]
    return {"titles": _distinct(titles), "descriptions": _distinct(descriptions)}


def _distinct(values: list[Any]) -> list[str]:
    found: list[str] = []
    for value in values:
        text = tidy_text(value) if isinstance(value, str) else None
        if text and text not in found:
            found.append(text)
    return found


def _as_tree(html: str | HtmlElement) -> HtmlElement | None:
    if isinstance(html, HtmlElement):
        return html
    if not html or not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html.encode("utf-8", "replace"))
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _first(meta: dict[str, str], *names: str) -> str | None:
    for name in names:
        if meta.get(name):
            return meta[name]
    return None


def _first_date(*candidates: str | None) -> str | None:
    for candidate in candidates:
        parsed = parse_published(candidate) if candidate else None
        if parsed:
            return parsed
    return None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        name = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if name and content and content.strip():
            meta.setdefault(name.strip().lower(), content.strip())
    return meta


def _meta_byline(meta: dict[str, str]) -> str | None:
    for name in ("author", "article:author", "byl", "sailthru.author", "parsely-author", "dc.creator"):
        value = meta.get(name)
        if value and not value.startswith(("http://", "https://", "/")):
            return clean_byline(value)
    return None


def _page_title(tree: HtmlElement) -> str | None:
    for heading in tree.iter("h1"):
        text = heading.text_content().strip()
        if text:
            return text
    title = tree.find(".//title")
    if title is not None and title.text:
        # "Headline | Outlet" or "Headline - Outlet": keep the longest part
        parts = re.split(r"\s+[|\u2013\u2014-]\s+", title.text.strip())
        return max(parts, key=len)
    return None


def _time_elements(tree: HtmlElement) -> list[str]:
    values = []
    for element in tree.iter("time"):
        values.append(element.get("datetime") or element.text_content())
        if len(values) >= 3:
            break
    return values


def _json_ld_facts(tree: HtmlElement) -> dict[str, str]:
    """Headline, author names, datePublished and publisher of the page's article object."""
    facts: dict[str, str] = {}
    for item in _json_ld_items(tree):
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and ("Article" in k or k in ("NewsArticle", "BlogPosting", "Report"))
                   for k in kinds):
            continue
        if isinstance(item.get("headline"), str):
            facts.setdefault("title", item["headline"])
        names = _names(item.get("author"))
        if names:
            facts.setdefault("byline", ", ".join(names))
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if isinstance(item.get(key), str):
                facts.setdefault("published", item[key])
                break
        publisher = _names(item.get("publisher"))
        if publisher:
            facts.setdefault("outlet", publisher[0])
    return facts


def _json_ld_items(tree: HtmlElement) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"))
        except (ValueError, RecursionError):
            continue
        _collect_items(data, items, depth=0)
    return items


def _collect_items(data: Any, items: list[dict[str, Any]], depth: int) -> None:
    if depth > 4:
        return
    if isinstance(data, list):
        for value in data:
            _collect_items(value, items, depth + 1)
    elif isinstance(data, dict):
        items.append(data)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                _collect_items(data[key], items, depth + 1)


def _names(value: Any) -> list[str]:
    """Person or organisation names from a JSON-LD value (string, object or list)."""
    if isinstance(value, str):
        return [value] if value.strip() and not value.startswith("http") else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for v in value[:8] for n in _names(v)]
    return []
