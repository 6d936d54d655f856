"""Outlet templates: lines on many pages of one outlet are boilerplate, learned deterministically."""

from __future__ import annotations

from parallax.clean import OutletTemplates, clean_page
from parallax.model import Page

STORIES = [
    "The harbour authority approved a new ferry route on Tuesday after months of talks with the operators.",
    "Farmers in the valley said the late frost had destroyed much of the apple harvest this spring.",
    "The city council voted to extend library opening hours, citing a rise in visits by students.",
    "A new bridge across the river will open next month, two years later than first planned by engineers.",
]


def _page(i: int, outlet: str = "Daily Tide") -> Page:
    story = STORIES[i]
    text = "\n\n".join(["Daily Tide | Your coast, your news", story, story.replace("The", "Officials said the"),
                        "Sign up for the morning briefing and get every story first in your inbox today"])
    return Page(source=f"p{i}.txt", text=text, outlet=outlet)


def test_repeated_lines_are_boilerplate_of_that_outlet_only() -> None:
    templates = OutletTemplates(min_pages=3).fit(_page(i) for i in range(4))
    assert templates.is_boilerplate("Daily Tide", "Daily Tide | Your coast, your news")
    assert templates.is_boilerplate("Daily Tide", "daily tide |  your coast, your news")
    assert not templates.is_boilerplate("Daily Tide", STORIES[0])
    assert not templates.is_boilerplate("Other Post", "Daily Tide | Your coast, your news")
    assert not OutletTemplates().is_boilerplate("Daily Tide", "anything")


def test_fit_is_order_independent() -> None:
    pages = [_page(i) for i in range(4)]
    a = OutletTemplates().fit(pages)
    b = OutletTemplates().fit(reversed(pages))
    assert a.lines_ == b.lines_ and a.pages_ == {"Daily Tide": 4}


def test_too_few_pages_learn_nothing() -> None:
    templates = OutletTemplates(min_pages=3).fit(_page(i) for i in range(2))
    assert templates.boilerplate("Daily Tide") == frozenset()


def test_clean_page_removes_template_lines_as_boilerplate() -> None:
    pages = [_page(i) for i in range(4)]
    templates = OutletTemplates().fit(pages)
    article = clean_page(pages[0], templates=templates)
    kinds = {r.text: r.kind for r in article.removed}
    assert "Sign up for the morning briefing" not in article.body
    assert kinds["Sign up for the morning briefing and get every story first in your inbox today"] == "boilerplate"
    assert kinds["Daily Tide | Your coast, your news"] == "boilerplate"


def test_template_key_ignores_case_spacing_and_numbers() -> None:
    from parallax.clean.templates import template_key

    assert template_key("  Home |\tWorld\u00a0\u2003News 2024 ") == "home | world news 0"
    assert template_key("Page 12 of 30") == template_key("page  7 of 9") == "page 0 of 0"
    assert template_key(" \t ") == ""
