"""Small plots drawn on the server as inline SVG (no script, no network, no library).

Every label is escaped; colours come from the stylesheet through CSS classes, so the
Content-Security-Policy needs no inline styles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from parallax.times import parse_iso


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: ``value`` out of ``total`` (an outlet's share of the facts)."""

    label: str
    value: float
    total: float
    note: str = ""


@dataclass(frozen=True)
class Moment:
    """One point on a timeline."""

    when: datetime
    label: str
    href: str | None = None


def parse_time(value: str | None) -> datetime | None:
    """An ISO-8601 date or time as an aware UTC datetime; None when missing or unreadable.

    >>> parse_time("2023-09-13").isoformat()
    '2023-09-13T00:00:00+00:00'
    """
    return parse_iso(value)


def coverage_chart(bars: list[Bar], *, title: str) -> Markup:
    """Horizontal bars, one per outlet, each with its count written at the end."""
    label_w, bar_w, row_h = 190, 320, 26
    height = row_h * len(bars) + 10
    width = label_w + bar_w + 90
    rows = []
    for i, bar in enumerate(bars):
        y = 5 + i * row_h
        share = (bar.value / bar.total) if bar.total else 0.0
        length = max(2.0, bar_w * share) if bar.value else 0.0
        rows.append(
            Markup(
                '<text class="plot-label" x="{lx}" y="{ty}" text-anchor="end">{label}</text>'
                '<rect class="plot-track" x="{x}" y="{y}" width="{bw}" height="16" rx="3"/>'
                '<rect class="plot-bar" x="{x}" y="{y}" width="{w:.1f}" height="16" rx="3"/>'
                '<text class="plot-value" x="{vx}" y="{ty}">{value}</text>'
            ).format(
                lx=label_w - 8, ty=y + 13, label=_clip(bar.label, 26), x=label_w, y=y, bw=bar_w,
                w=length, vx=label_w + bar_w + 8, value=bar.note or f"{bar.value:g} / {bar.total:g}",
            )
        )
    return Markup(
        '<svg class="plot" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{rows}</svg>'
    ).format(w=width, h=height, title=title, rows=Markup("").join(rows))


def timeline_chart(moments: list[Moment], *, title: str) -> Markup:
    """Dots on a time axis, one per article, labelled with the outlet; earliest on the left."""
    if not moments:
        return Markup("")
    moments = sorted(moments, key=lambda m: m.when)
    width, left, right, axis_y = 720, 30, 30, 40
    span = (moments[-1].when - moments[0].when).total_seconds() or 1.0
    parts = [Markup('<line class="plot-axis" x1="{a}" y1="{y}" x2="{b}" y2="{y}"/>').format(
        a=left, b=width - right, y=axis_y)]
    for i, moment in enumerate(moments):
        offset = (moment.when - moments[0].when).total_seconds() / span
        x = left + offset * (width - left - right) if len(moments) > 1 else width / 2
        label_y = axis_y + 22 + (i % 4) * 15
        anchor = "end" if x > width * 0.8 else ("start" if x < width * 0.2 else "middle")
        dot = Markup('<circle class="plot-dot" cx="{x:.1f}" cy="{y}" r="6"><title>{t}</title></circle>'
                     '<line class="plot-tick" x1="{x:.1f}" y1="{y2}" x2="{x:.1f}" y2="{y3}"/>'
                     '<text class="plot-label" x="{x:.1f}" y="{ly}" text-anchor="{anchor}">{label}</text>'
                     ).format(x=x, y=axis_y, y2=axis_y + 7, y3=label_y - 10, ly=label_y, anchor=anchor,
                              t=f"{moment.label}, {_when(moment.when)}", label=_clip(moment.label, 22))
        if moment.href:
            dot = Markup('<a href="{}">{}</a>').format(moment.href, dot)
        parts.append(dot)
    parts.append(Markup(
        '<text class="plot-date" x="{a}" y="16">{first}</text>'
        '<text class="plot-date" x="{b}" y="16" text-anchor="end">{last}</text>'
    ).format(a=left, b=width - right, first=_when(moments[0].when), last=_when(moments[-1].when)))
    height = axis_y + 22 + min(len(moments), 4) * 15
    return Markup(
        '<svg class="plot" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{title}</title>{body}</svg>'
    ).format(w=width, h=height, title=title, body=Markup("").join(parts))


def tone_meter(tone: float | None) -> Markup:
    """A small bar from -1 (negative) to +1 (positive) with the tone marked."""
    if tone is None:
        return Markup('<span class="muted">no tone</span>')
    tone = max(-1.0, min(1.0, float(tone)))
    width, mid = 120, 60
    x, w = (mid, tone * mid) if tone >= 0 else (mid + tone * mid, -tone * mid)
    kind = "pos" if tone > 0.05 else ("neg" if tone < -0.05 else "neu")
    return Markup(
        '<svg class="tone" role="img" viewBox="0 0 {width} 14" width="{width}" height="14" '
        'xmlns="http://www.w3.org/2000/svg"><title>tone {tone:+.2f}</title>'
        '<rect class="plot-track" x="0" y="3" width="{width}" height="8" rx="4"/>'
        '<rect class="tone-{kind}" x="{x:.1f}" y="3" width="{w:.1f}" height="8" rx="2"/>'
        '<line class="plot-axis" x1="{mid}" y1="0" x2="{mid}" y2="14"/></svg>'
        ' <span class="tone-value">{tone:+.2f}</span>'
    ).format(width=width, mid=mid, x=x, w=max(w, 1.0), kind=kind, tone=tone)


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _when(moment: datetime) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M")

