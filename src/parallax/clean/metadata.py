"""Page metadata: title, byline, publication time and outlet.

:func:`parse_published` reads one date string as newsrooms print it
(``13 September 2023 • 9:36pm``, ``Sept. 13, 2023 at 9:36 p.m. EDT``, ISO strings) and
returns ISO 8601; bylines, outlets and titles are tidied here too. What an HTML page
states about itself (JSON-LD, ``<meta>`` tags, ``<time>``) is read in
:mod:`parallax.clean.html_meta`.

>>> parse_published("Sept. 13, 2023 at 9:36 p.m. EDT")
'2023-09-13T21:36:00-04:00'
>>> parse_published("13 September 2023 • 9:36pm")
'2023-09-13T21:36:00'
>>> parse_published("Call 555 2023 now") is None
True
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import urlsplit


__all__ = [
    "byline_from_line", "clean_byline", "outlet_from_url", "parse_published", "tidy_text",
]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# month names of other languages outlets publish in (pt, es, fr, de, it), by month
_FOREIGN_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "janeiro enero janvier januar gennaio",
            "fevereiro febrero février fevrier februar febbraio",
            "março marzo mars märz marz",
            "abril avril aprile",
            "maio mayo mai maggio",
            "junho junio juin juni giugno",
            "julho julio juillet juli luglio",
            "agosto août aout",
            "setembro septiembre setiembre septembre settembre",
            "outubro octubre octobre oktober ottobre",
            "novembro noviembre novembre",
            "dezembro diciembre décembre decembre dezember dicembre",
        ),
        start=1,
    )
    for name in names.split()
}
_ENGLISH_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = (
    rf"(?P<month>{'|'.join(sorted(_FOREIGN_MONTHS, key=len, reverse=True))}|{_ENGLISH_MONTH})\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º)?"
# "13 September 2023", "Sept. 13, 2023", "September 13th 2023", "22 de outubro de 2010"
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY}\.?\s+(?:of\s+|de\s+)?{_MONTH}\s*(?:,|\s+de)?\s+{_YEAR}\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+{_DAY}\s*,?\s+{_YEAR}\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b")
_ISO = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:[T ](?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:\.\d+)?)?"
    r"\s*(?P<zone>Z|[+-][01]\d:?[0-5]\d)?)?(?![\d-])"
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<hour>[0-2]?\d)(?:[:.](?P<minute>[0-5]\d))?(?::(?P<second>[0-5]\d))?"
    r"\s*(?:(?P<ampm>[ap])\.?\s?m\b\.?|(?=\s*(?:h\b|hrs\b|[A-Z]{2,4}\b|$|[^\d\s])))",
    re.IGNORECASE,
)
_ZONE = re.compile(
    r"^\s*(?:\(?\s*(?P<name>[A-Z]{1,4}T|UTC|GMT|Z)\b\)?)?\s*(?P<offset>[+-][01]?\d(?::?[0-5]\d)?)?"
)
_ZONE_HOURS = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "MSK": 3, "IST": 5.5, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
    "EST": -5, "EDT": -4, "ET": None, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
}


def parse_published(text: str | None, *, day_first: bool | None = None) -> str | None:
    """Read a date (and time and zone where given) from ``text``; return ISO 8601 or None.

    Only unambiguous dates are read: ISO dates, day + month name + year in either order
    (English, and month names in Portuguese, Spanish, French, German and Italian), and
    numeric forms: ``20.11.2019`` is day-first, ``11/20/2019`` month-first unless
    ``day_first`` says otherwise (pass it from the page's language or outlet) or the
    first number cannot be a month. A bare year or a run of digits is not a date. A time
    of day found next to the date is added; a zone offset or a known zone abbreviation
    (``EDT``, ``GMT``, ``+02:00``) becomes the offset.

    >>> parse_published("2019-11-19T05:45:00Z")
    '2019-11-19T05:45:00+00:00'
    >>> parse_published("Published Monday, Nov. 18, 2019")
    '2019-11-18'
    """
    if not text or not isinstance(text, str):
        return None
    text = text.strip()[:400]
    iso = _parse_iso(text)
    if iso is not None:
        return iso
    found = _find_day(text, day_first)
    if found is None:
        return None
    day, start, end = found
    clock = _find_time(text, start, end)
    if clock is None:
        return day.isoformat()
    (hour, minute, second), zone = clock
    moment = datetime(day.year, day.month, day.day, hour, minute, second)
    if zone is not None:
        moment = moment.replace(tzinfo=zone)
    return moment.isoformat()


def _parse_iso(text: str) -> str | None:
    match = _ISO.search(text)
    if match is None:
        return None
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None
    if match["hour"] is None:
        return day.isoformat()
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if hour > 23:
        return None
    moment = datetime(day.year, day.month, day.day, hour, minute, second)
    zone = _offset_zone(match["zone"]) if match["zone"] else None
    if zone is not None:
        moment = moment.replace(tzinfo=zone)
    return moment.isoformat()


def _find_day(text: str, day_first: bool | None) -> tuple[date, int, int] | None:
    """The first calendar day named in ``text`` and where it stands."""
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.search(text)
        if match is not None:
            name = match["month"].lower()
            month = _FOREIGN_MONTHS.get(name) or _MONTHS[name[:3]]
            try:
                return date(int(match["year"]), month, int(match["day"])), match.start(), match.end()
            except ValueError:
                continue
    match = _NUMERIC.search(text)
    if match is not None:
        a, b = int(match["a"]), int(match["b"])
        # dotted dates are day-first (20.11.2019); slashed ones month-first (US) unless
        # the caller knows better or the first number cannot be a month
        first_is_day = day_first if day_first is not None else match["sep"] == "."
        month, day_of_month = (b, a) if first_is_day or a > 12 else (a, b)
        try:
            return date(int(match["year"]), month, day_of_month), match.start(), match.end()
        except ValueError:
            return None
    return None


def _find_time(text: str, start: int, end: int) -> tuple[tuple[int, int, int], timezone | None] | None:
    """A clock time close after (or else just before) the date at ``text[start:end]``."""
    after, before = text[end:end + 40], text[max(0, start - 30):start]
    for chunk in (after, before):
        for match in _TIME.finditer(chunk):
            hour = int(match["hour"])
            minute = int(match["minute"] or 0)
            if match["ampm"] is None and match["minute"] is None:
                continue  # "9" alone is not a time
            if match["ampm"]:
                if not 1 <= hour <= 12:
                    continue
                hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
            if hour > 23:
                continue
            zone = _zone_after(chunk[match.end():])
            return (hour, minute, int(match["second"] or 0)), zone
    return None


def _zone_after(rest: str) -> timezone | None:
    match = _ZONE.match(rest)
    if match is None:
        return None
    if match["offset"]:
        return _offset_zone(match["offset"])
    hours = _ZONE_HOURS.get((match["name"] or "").upper())
    return timezone(timedelta(hours=hours)) if hours is not None else None


def _offset_zone(offset: str) -> timezone | None:
    if offset.upper() == "Z":
        return UTC
    digits = offset[1:].replace(":", "")
    hours = int(digits[:-2] or digits) if len(digits) > 2 else int(digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    if hours > 14:
        return None
    sign = -1 if offset[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


# --------------------------------------------------------------------------- outlet, HTML, bylines


def outlet_from_url(url: str | None) -> str | None:
    """The host name of ``url`` without ``www.``, or None.

    >>> outlet_from_url("https://www.example.com/news/1")
    'example.com'
    """
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def tidy_text(value: str | None) -> str | None:
    """``value`` with entities decoded and runs of spaces made one; None when empty."""
    if value is None:
        return None
    value = " ".join(html_lib.unescape(str(value)).split())
    return value or None


_BY_PREFIX = re.compile(r"^(?:[\w-]+\s+)?by\s+", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?:[\w-]+\s+)?(?i:by)\s+(?P<names>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}"
    r"(?:(?:,\s*|\s+and\s+)[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})*)"
)


def clean_byline(text: str | None) -> str | None:
    """A byline without its "By"/"Analysis by" lead-in and extra spaces; None when empty.

    >>> clean_byline("  Analysis by  Chris Roe ")
    'Chris Roe'
    """
    tidy = tidy_text(text)
    return tidy_text(_BY_PREFIX.sub("", tidy)) if tidy else None


def byline_from_line(line: str) -> str | None:
    """The names of a visible byline line ("By Jane Roe and Sam Poe | May 2"), or None.

    >>> byline_from_line("By Jane Roe and Sam Poe | May 14, 2026")
    'Jane Roe and Sam Poe'
    """
    match = _BYLINE.match(line.strip())
    return match["names"] if match else None
