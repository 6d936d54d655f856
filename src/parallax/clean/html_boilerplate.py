"""Lines an extractor keeps that are not the outlet's reporting, and what kind each is.

Extractors keep whole blocks; newsrooms put credit lines, newsletter pitches, "Read more"
links, share prompts, copyright notices and datelines inside the article container. Each
rule here is a general newsroom convention, tried on one line of the extracted body at a
time; a rule only fires on lines short enough to be furniture, never on long prose.

>>> boilerplate_kind("Reporting by Jane Roe; Editing by John Doe")
'byline'
>>> boilerplate_kind("Read more: Markets rally after the vote")
'related'
>>> boilerplate_kind("The minister said the vote would go ahead.") is None
True
"""

from __future__ import annotations

import re

from parallax.clean.metadata import parse_published

__all__ = ["boilerplate_kind", "is_list_continuation"]

_RULES: tuple[tuple[str, int, re.Pattern[str]], ...] = tuple(
    (kind, max_words, re.compile(pattern, re.IGNORECASE))
    for kind, max_words, pattern in (
        # credits and contact lines of the reporters
        ("byline", 60, r"^\(?\s*(additional |further )?(reporting|writing|editing) by\b"),
        ("byline", 60, r"\b(contributed|contributing) (to )?(this |the )?(report|story|article|reporting)\b"),
        ("byline", 40, r"^(write|e-?mail|contact|reach) (to )?(the )?(reporters?|writers?|authors?|him|her|them|us|[A-Z][\w.'-]+( [A-Z][\w.'-]+)?)\b.*(@|twitter)"),
        ("byline", 60, r"\bfollow (him|her|them|us|me) (on|@)|^follow @|^follow (the )?[\w' ]{2,40} on (twitter|facebook|instagram)"),
        ("byline", 12, (r"^by (?-i:[A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}( and [A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3})?)"
                       r"\s*[,|]?\s*$")),
        # pitches: newsletters, subscriptions, apps
        ("advertisement", 45, r"\b(sign up|subscribe)\b.*\b(newsletters?|inbox)\b"),
        ("advertisement", 25, (r"\b(our|free|daily|weekly|morning|evening|email) newsletters?\b|^newsletters?\b|"
                              r"^subscribe\b|\bclick here\b|\bdownload (our|the) app\b")),
        ("advertisement", 8, r"\bnewsletters?\b"),
        ("advertisement", 60, r"^if you (enjoyed|liked|value|appreciate)\b|^get (access|the latest|the day'?s|unlimited)\b"),
        ("advertisement", 30, r"^(advertisement|sponsored|promoted|ad)\b\s*[:|-]?\s*$"),
        ("share", 15, r"^(like|love|enjoy(ed)?) this (story|article|post)\?|^share (this|on)\b|^(tweet|email|print|share)( this)?$"),
        # links to other stories
        ("related", 25, (r"^\[?\s*(related|read more|read also|also read|see also|see more|more|watch|recommended|"
                         r"further reading|related (post|article|stories|story|coverage)|also on [\w.]+|"
                         r"more from [\w. ]+|most read|trending|top stories|you may also like|editor'?s picks?)"
                         r"\s*[:|\u2013\u2014-]")),
        ("related", 25, r"(?-i:\[[A-Z ]{3,12}\])\s*\|?\s*$"),
        ("related", 12, r"^(more|full) (coverage|stories|on this story)\b"),
        ("related", 25, r"^(also|more) (on|from) \S+\.[a-z]{2,}\b|^more [\w'. ]{1,25}:\s|^follow [\w' ]{0,30}\bcoverage\b"),
        # notices
        ("legal", 40, r"\bcopyright\b|\u00a9|\ball rights reserved\b|^this (copy|material|article) (is for|may not)\b"),
        ("legal", 80, r"\bnon-commercial use only\b|\bmay not be (published|reproduced|redistributed)\b"),
        ("other", 12, r"^(an error (has )?occurred|please (try again|enable javascript)|javascript is disabled|loading\.*$)"),
        ("other", 40, r"^\[\w+\b[^\]]*\].*\[/\w+\]$"),  # an unrendered CMS shortcode
        ("caption", 30, r"\((photo|image|credit|picture)s?:?\s[^)]*\)\s*$|^(photo|image|picture|credit)s?\s*:"),
    )
)
_DATELINE_WORDS = re.compile(
    r"^(updated|published|posted|last updated|first published|modified)\b[^.!?]{0,60}\d", re.IGNORECASE
)
# the signature line of an embedded post ("— Name (@handle) November 18, 2019") is quoted content
_EMBED_CREDIT = re.compile(r"^[\u2014\u2013-]|\(@\w+\)")
_LIST_ITEM = re.compile(r"^\s*[-\u2022*\u2013]\s+\S")


def boilerplate_kind(line: str) -> str | None:
    """The kind of page furniture ``line`` is, or None when it reads as reporting."""
    text = line.strip()
    if not text:
        return None
    words = len(text.split())
    for kind, max_words, pattern in _RULES:
        if words <= max_words and pattern.search(text):
            return kind
    if words <= 12 and not _EMBED_CREDIT.search(text) and (_DATELINE_WORDS.search(text) or _is_dateline(text)):
        return "dateline"
    return None


def _is_dateline(text: str) -> bool:
    """A short line that is a date with at most a few other words around it."""
    if parse_published(text) is None:
        return False
    rest = re.sub(r"\d+|\b(am|pm|a\.m\.|p\.m\.)", " ", text, flags=re.IGNORECASE)
    return len(re.findall(r"[^\W\d_]{4,}", rest)) <= 5


def is_list_continuation(line: str) -> bool:
    """True for a bulleted line (``- Title``), which continues a list of links above it."""
    return bool(_LIST_ITEM.match(line))
