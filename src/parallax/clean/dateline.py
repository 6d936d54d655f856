"""Datelines and bylines in visible page text.

A dateline such as ``13 September 2023 • 9:36pm p4cF3NSADlM`` becomes an ISO 8601 time
(``2023-09-13T21:36``, with its offset when the page states a zone); leftover tokens that
are neither date nor zone (ids, bullets) are dropped.

>>> parse_dateline("13 September 2023 • 9:36pm p4cF3NSADlM")
'2023-09-13T21:36'
>>> parse_dateline("Updated: Nov. 5, 2019 at 10:04 a.m. ET")
'2019-11-05T10:04-05:00'
>>> parse_byline("By Jane Doe and John Roe, Reuters")
'Jane Doe and John Roe'
"""

from __future__ import annotations

import re
from datetime import datetime

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
         "aug august", "sep sept september", "oct october", "nov november", "dec december"]
    )
    for m in names.split()
}
ZONES = {"utc": "+00:00", "gmt": "+00:00", "z": "+00:00", "bst": "+01:00", "cet": "+01:00",
         "cest": "+02:00", "est": "-05:00", "edt": "-04:00", "et": "-05:00", "cst": "-06:00",
         "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00",
         "pt": "-08:00", "ist": "+05:30", "jst": "+09:00", "kst": "+09:00", "aest": "+10:00"}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
DATE_FORMS = [
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
]
TIME = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?(?::(?P<second>\d{2}))?\s*"
    r"(?P<ampm>[ap]\.?\s?m\.?)?(?=[\s,;)|•·]|$)(?:\s*(?P<zone>[A-Z]{1,4}\b|[+-]\d{2}:?\d{2}))?",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^(?:by|written by|words by|reporting by|von)\s+(?P<names>.+)$", re.IGNORECASE)
BYLINE_END = re.compile(r"\s*(?:[,|•·—–-]\s*|\s+(?:for|in|at)\s+|\s+\d).*$")


def _month(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS.get(value.lower().rstrip("."), 0)


def _find_date(text: str) -> tuple[int, int, int, int] | None:
    """(year, month, day, end offset) of the first calendar date in ``text``."""
    best = None
    for form in DATE_FORMS:
        m = form.search(text)
        if m and (best is None or m.start() < best[1].start()):
            best = (form, m)
    if best is None:
        return None
    m = best[1]
    year, month, day = int(m["year"]), _month(m["month"]), int(m["day"])
    try:
        datetime(year, month, day)
    except ValueError:
        return None
    return year, month, day, m.end()


def _find_time(text: str) -> tuple[int, int, str] | None:
    for m in TIME.finditer(text):
        if m["minute"] is None and m["ampm"] is None:
            continue
        hour, minute = int(m["hour"]), int(m["minute"] or 0)
        if m["ampm"]:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        if hour > 23 or minute > 59:
            continue
        zone = m["zone"] or ""
        offset = ZONES.get(zone.lower(), "")
        if not offset and re.fullmatch(r"[+-]\d{2}:?\d{2}", zone):
            offset = zone[:3] + ":" + zone[-2:]
        return hour, minute, offset
    return None


def parse_dateline(text: str) -> str | None:
    """ISO 8601 date (and time, and offset when stated) of a dateline, or None."""
    found = _find_date(text)
    if found is None:
        return None
    year, month, day, end = found
    stamp = f"{year:04d}-{month:02d}-{day:02d}"
    clock = _find_time(text[end:]) or _find_time(text[: max(text.find(str(year)), 0)])
    if clock:
        hour, minute, offset = clock
        stamp += f"T{hour:02d}:{minute:02d}{offset}"
    return stamp


def is_dateline(text: str, *, other_words: int = 3) -> bool:
    """True for a short line that is mostly a date (and time), like a page's dateline: at
    most ``other_words`` words besides month and weekday names and words such as
    "Published" or "Updated"."""
    if len(text) > 90 or _find_date(text) is None:
        return False
    words = re.findall(r"[A-Za-z]{3,}", text)
    content = [w for w in words if w.lower().rstrip(".") not in MONTHS and w.lower() not in _DATE_WORDS]
    return len(content) <= other_words


_DATE_WORDS = {"updated", "published", "posted", "last", "modified", "on", "at", "am", "pm", "the",
               "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "mon", "tue", "wed", "thu", "fri", "sat", "sun", "gmt", "utc", "bst", "edt", "est"}


def parse_byline(text: str) -> str | None:
    """The author names of a ``By ...`` line, or None when the line is not a byline."""
    m = BYLINE.match(text.strip())
    if not m or len(text) > 120:
        return None
    names = BYLINE_END.sub("", m["names"]).strip()
    words = names.split()
    if not 1 <= len(words) <= 10 or not all(w[:1].isupper() or w.lower() in {"and", "&", "de", "van", "von"}
                                             for w in words):
        return None
    return names
