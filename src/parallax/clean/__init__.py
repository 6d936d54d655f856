"""Page -> Article: the outlet's own reporting, and what was removed around it, labelled.

``clean_page`` sends plain-text pages to the block model of ``clean.text`` and HTML pages
to ``clean.html``; both thread the comments they find. ``OutletTemplates`` learns each
outlet's repeated lines (menus, footers) from the corpus being analysed.

>>> from parallax.model import Page
>>> para = "The council approved the budget on Monday after a long debate about the harbour."
>>> article = clean_page(Page(source="p.txt", text="Share\\n\\n" + "\\n\\n".join([para] * 3)))
>>> article.body.count(para), [r.kind for r in article.removed]
(3, ['share'])
"""

from __future__ import annotations

from parallax.clean.templates import OutletTemplates
from parallax.config import Settings
from parallax.errors import InputError
from parallax.model import Article, Page

__all__ = ["OutletTemplates", "clean_page"]


def _language(article: Article) -> Article:
    """Fill ``language`` when the language detector is available."""
    try:
        from parallax.clean.language import detect_language
    except ImportError:
        return article
    try:
        code, _ = detect_language(article.body)
    except Exception:  # noqa: BLE001 - a failed guess leaves the field empty; the pipeline decides
        return article
    return article.replace(language=code)


def clean_page(page: Page, *, settings: Settings | None = None,
               templates: OutletTemplates | None = None) -> Article:
    """Clean one page into an Article (body, title, byline, published, removed, comments).

    Raises ``InputError`` for a page without text and ``NotArticleError`` when no article
    body is found (fewer than ``settings.min_body_words`` words).
    """
    settings = settings or Settings()
    if page.html is not None and page.html.strip():
        try:
            from parallax.clean.html import clean_html
        except ImportError as err:
            raise InputError("HTML cleaning unavailable", source=page.source) from err
        article = clean_html(page, settings=settings)
        return article if article.language else _language(article)
    if page.text is None or not page.text.strip():
        raise InputError("empty page: no text to clean", source=page.source)
    from parallax.clean.text import clean_text

    return _language(clean_text(page, settings=settings, templates=templates))
