"""The Markdown report: the same comparison as the HTML page, for reading in a terminal or a repo.

Page text is escaped so that Markdown viewers show it literally (no stray tables, links or
HTML from an article's words).

>>> from parallax.model import Result
>>> render_markdown(Result()).splitlines()[0]
'# Coverage report'
"""

from __future__ import annotations

import re

from parallax.model import Result
from parallax.report.html import format_when, plural, tone_word
from parallax.report.highlight import MISSING
from parallax.report.article_view import ArticleView, outlet_name
from parallax.report.view import StoryView, build_report

NOT_REPORTED = "*not reported*"
_SPECIAL = re.compile(r"([\\`*\[\]<>|~]|(?<!\w)_|_(?!\w))")  # an underscore inside a word is safe


def escape(text: str | None) -> str:
    """``text`` on one line with Markdown's special characters escaped."""
    if not text:
        return ""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(result: Result) -> str:
    """``result`` as Markdown: summary, then per story outlets, timeline, shared facts table,
    disagreements, unique facts, omissions, matched quotes, naming table, loaded words and tone;
    then articles in no story and rejected inputs."""
    report = build_report(result)
    lines = [
        "# Coverage report",
        "",
        f"**{plural(len(result.articles), 'article')}** from **{plural(report.n_outlets, 'outlet')}**, "
        f"**{plural(len(report.stories), 'story', 'stories')}**, "
        f"**{len(result.rejected)}** rejected input{'' if len(result.rejected) == 1 else 's'}.",
        "",
    ]
    for sv in report.stories:
        lines += _story(sv)
    if report.loose:
        lines += ["## Articles in no story", ""]
        for av in report.loose:
            lines.append(f"- {article_summary(av)} ({escape(av.article.source)})")
        lines.append("")
    lines += _rejected(result)
    return "\n".join(lines).rstrip() + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out + [""]


def _story(sv: StoryView) -> list[str]:
    outlets = ", ".join(f"{escape(name)} ({n})" for name, n in sv.outlet_counts)
    lines = [f"## Story {sv.number}: {escape(sv.title)}", "", f"**Outlets:** {outlets}  ",
             f"**Story id:** {escape(sv.story.id)}", "", "### Timeline", ""]
    for a in sv.timeline:
        lines.append(f"- {format_when(a.published)} — **{escape(outlet_name(a))}**: "
                     f"{escape(a.title) or '(untitled)'}")
    for col in sv.columns:
        for copy in col.copies:
            lines.append(f"- Syndicated: **{escape(outlet_name(copy))}** ran the text of "
                         f"**{escape(col.outlet)}** ({escape(copy.source)})")
    if len(sv.columns) < 2:
        only = escape(sv.columns[0].outlet) if sv.columns else "no known outlet"
        return lines + ["", f"Only {only} covers this story: there is no other version to compare it with.",
                        ""] + _loaded(sv)
    lines += ["", "### At a glance", ""] + _glance(sv) + ["### Shared facts", ""]
    if sv.shared:
        header = ["Fact"] + [escape(c.outlet) for c in sv.columns]
        rows = []
        for row in sv.shared:
            head = (f"**{row.label}**" + (" ≈ loosely aligned" if row.loose else "")
                    + (f" ⚠ {escape(row.disagreement)}" if row.disagreement else ""))
            cells = [escape(c.statement.text) if c.statement else NOT_REPORTED for c in row.cells]
            rows.append([head, *cells])
        lines += _table(header, rows)
    else:
        lines += ["No fact is reported by more than one article.", ""]
    lines += _disagreements(sv) + _unique(sv) + _omissions(sv) + _quotes(sv) + _naming(sv) + _loaded(sv)
    return lines


def _glance(sv: StoryView) -> list[str]:
    n_facts = len(sv.shared) + sum(len(rows) for rows in sv.unique)
    rows = [[f"**{escape(g.column.outlet)}**", f"{g.reported} of {n_facts}", str(g.unique), str(g.omitted),
             str(g.loaded), f"{g.tone:+.2f} ({tone_word(g.tone)})" if g.tone is not None else "—"]
            for g in sv.glance]
    return _table(["Outlet", "Facts reported", "Only here", "Left out", "Loaded words", "Tone"], rows)


def _disagreements(sv: StoryView) -> list[str]:
    if not sv.disagreements:
        return []
    lines = ["### Disagreements", ""]
    for row in sv.disagreements:
        lines.append(f"- **{row.label}** ⚠ {escape(row.disagreement)}")
        for col, cell in zip(sv.columns, row.cells):
            if cell.statement:
                lines.append(f"  - {escape(col.outlet)}: {escape(cell.statement.text)}")
    return lines + [""]


def _unique(sv: StoryView) -> list[str]:
    lines = ["### Only in one outlet", ""]
    for col, rows in zip(sv.columns, sv.unique):
        lines.append(f"**{escape(col.outlet)}**" + ("" if rows else ": nothing only this outlet reports"))
        for row in rows:
            cell = next(c for c in row.cells if c.statement)
            lines.append(f"- {row.label}: {escape(cell.statement.text if cell.statement else '')}")
        lines.append("")
    return lines


def _omissions(sv: StoryView) -> list[str]:
    lines = ["### Omissions", ""]
    if not sv.omissions:
        return lines + ["No outlet leaves out a fact the others report.", ""]
    for col, (several, single) in zip(sv.columns, sv.omitted):
        if not several and not single:
            continue
        lines.append(f"**{escape(col.outlet)}** leaves out:")
        for om in several:
            cell = next((c for c in om.row.cells if c.statement), None)
            said = f": {escape(cell.statement.text)}" if cell and cell.statement else ""
            others = ", ".join(escape(o) for o in om.reported_by)
            lines.append(f"- {om.row.label}{said} (reported by {others})")
        if single:
            labels = ", ".join(om.row.label for om in single)
            lines.append(f"- {'and ' if several else ''}{plural(len(single), 'fact')} only one other outlet "
                         f"reports: {labels}")
        lines.append("")
    return lines


def _quotes(sv: StoryView) -> list[str]:
    lines = ["### Matched quotes", ""]
    if not sv.quote_matches:
        return lines + ["No quote appears in more than one article.", ""]
    for qm in sv.quote_matches:
        lines.append(f"**{escape(qm.speaker) or 'Unknown speaker'}** (similarity {qm.similarity:.2f}; "
                     "words that differ in **bold**, left out ~~struck~~)")
        for v in qm.variants:
            words = " ".join(_diff_word(w, state) for w, state in v.words)
            lines.append(f"- {escape(v.column.outlet) if v.column else 'unknown article'}: “{words}”")
        lines.append("")
    return lines


def _diff_word(word: str, state: str) -> str:
    if state == MISSING:
        return f"~~{escape(word)}~~"
    return f"**{escape(word)}**" if state else escape(word)


def _naming(sv: StoryView) -> list[str]:
    lines = ["### Naming", ""]
    if not sv.naming:
        return lines + ["No actor descriptions found.", ""]
    rows = [[f"**{escape(entity)}**"] + [", ".join(escape(w) for w in words) or "—" for words in cells]
            for entity, cells in sv.naming]
    return lines + _table(["Actor"] + [escape(c.outlet) for c in sv.columns], rows)


def _loaded(sv: StoryView) -> list[str]:
    lines = ["### Loaded words and tone", ""]
    for col, views, (_, tone) in zip(sv.columns, sv.loaded, sv.tone):
        tone_text = f"tone {tone:+.2f} ({tone_word(tone)})" if tone is not None else "no tone"
        words = ", ".join(f"*{escape(v.loaded.text)}* ({v.loaded.score:.2f})" for v in views) or "none found"
        lines.append(f"- **{escape(col.outlet)}** — {tone_text}; loaded: {words}")
    return lines + [""]


def _rejected(result: Result) -> list[str]:
    if not result.rejected:
        return []
    rows = [[escape(r.source), escape(r.reason)] for r in result.rejected]
    return ["## Rejected inputs", ""] + _table(["Input", "Reason"], rows)


def article_summary(av: ArticleView) -> str:
    """One Markdown line naming an article: outlet, date and title."""
    title = escape(av.article.title) or "(untitled)"
    return f"**{escape(av.outlet)}**, {format_when(av.article.published)}: {title}"
