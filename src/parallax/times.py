"""The ISO-8601 times parallax keeps (``published`` of pages and articles), read back.

>>> parse_iso("2023-09-13T21:36:00+01:00").isoformat()
'2023-09-13T20:36:00+00:00'
>>> parse_iso("2023-09-13 late") is None, parse_iso("2023-09-13 late", date_fallback=True).day
(True, 13)
>>> days_since_epoch("1970-01-02T12:00:00Z")
1.5
"""

from __future__ import annotations

from datetime import UTC, datetime

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_iso(value: str | None, *, date_fallback: bool = False) -> datetime | None:
    """``value`` as an aware UTC datetime (a time without a zone is taken as UTC); None when
    missing or unreadable. With ``date_fallback`` a value whose time cannot be read still
    gives its date (the first ten characters)."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        if not date_fallback:
            return None
        try:
            moment = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def days_since_epoch(value: str | None) -> float | None:
    """Days since 1970-01-01 UTC of an ISO date or time (its date when the time is unreadable)."""
    moment = parse_iso(value, date_fallback=True)
    return None if moment is None else (moment - EPOCH).total_seconds() / 86400.0
