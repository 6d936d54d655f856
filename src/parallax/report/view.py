"""What a report shows, worked out once from a ``Result`` for the Markdown and HTML renderers.

A story is shown as columns (one per article; syndicated copies fold into the column of the
article they copy), rows of facts, and the lists around them. Everything here is plain data:
escaping is the renderer's job.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from parallax.model import Article, Fact, Loaded, QuoteMatch, Result, Statement, Story
from parallax.report.article_view import ArticleView, article_view, outlet_name
from parallax.report.highlight import MISSING, Mark, locate, word_diff


@dataclass
class Column:
    """One article of a story, with the syndicated copies other outlets ran."""

    article: Article
    anchor: str
    copies: list[Article] = field(default_factory=list)

    @property
    def outlet(self) -> str:
        return outlet_name(self.article)


@dataclass
class Cell:
    statement: Statement | None
    href: str | None = None


@dataclass
class FactRow:
    """One fact across the story's columns; ``label`` is how the report refers to it (F1, F2...)."""

    label: str
    anchor: str
    fact: Fact
    cells: list[Cell]

    @property
    def reported_by(self) -> list[int]:
        return [i for i, c in enumerate(self.cells) if c.statement is not None]

    @property
    def disagreement(self) -> str | None:
        return self.fact.disagreement or None

    @property
    def loose(self) -> bool:
        """Whether the fact was joined from weaker matches (see ``Fact.loose``)."""
        return bool(self.fact.loose)


@dataclass
class Omission:
    column: Column
    row: FactRow
    reported_by: list[str]


@dataclass
class QuoteVariantView:
    column: Column | None
    text: str
    href: str | None
    words: list[tuple[str, str]]  # word, state: "", "changed" or "missing"


@dataclass
class QuoteMatchView:
    speaker: str | None
    similarity: float
    variants: list[QuoteVariantView]


@dataclass
class LoadedView:
    loaded: Loaded
    href: str | None


@dataclass
class Glance:
    """A column's coverage in numbers."""

    column: Column
    reported: int
    unique: int
    omitted: int
    loaded: int
    tone: float | None


@dataclass
class StoryView:
    """Everything the report shows for one story."""

    number: int
    anchor: str
    story: Story
    title: str
    columns: list[Column]
    outlet_counts: list[tuple[str, int]]
    timeline: list[Article]
    shared: list[FactRow]
    unique: list[list[FactRow]]  # per column, facts only that column reports
    omissions: list[Omission]
    quote_matches: list[QuoteMatchView]
    naming: list[tuple[str, list[tuple[str, ...]]]]
    loaded: list[list[LoadedView]]  # per column
    tone: list[tuple[Column, float | None]]
    articles: list[ArticleView]
    shown_at: dict[str, str] = field(default_factory=dict)  # article id -> anchor of the text shown

    @property
    def glance(self) -> list[Glance]:
        """One line per column: how much of the story it reports, alone or not at all."""
        rows = [r for r in self.shared + [r for rows in self.unique for r in rows]]
        out = []
        for i, col in enumerate(self.columns):
            out.append(Glance(
                column=col,
                reported=sum(1 for r in rows if r.cells[i].statement is not None),
                unique=len(self.unique[i]),
                omitted=sum(1 for om in self.omissions if om.column is col),
                loaded=len(self.loaded[i]),
                tone=self.tone[i][1],
            ))
        return out

    @property
    def omitted(self) -> list[tuple[list[Omission], list[Omission]]]:
        """Per column, the facts it leaves out: those several others report, and those only one
        other reports (already listed among that outlet's unique facts)."""
        out = []
        for col in self.columns:
            mine = [om for om in self.omissions if om.column is col]
            out.append(([om for om in mine if len(om.reported_by) > 1],
                        [om for om in mine if len(om.reported_by) <= 1]))
        return out

    @property
    def disagreements(self) -> list[FactRow]:
        return [r for r in self.shared + [r for rows in self.unique for r in rows] if r.disagreement]


@dataclass
class ReportView:
    result: Result
    stories: list[StoryView]
    loose: list[ArticleView]  # articles in no story
    n_outlets: int


def build_report(result: Result) -> ReportView:
    """Work out every story and article view of ``result``."""
    by_id = {a.id: a for a in result.articles}  # an id listed twice is shown once
    anchors = {art_id: f"a{i + 1}" for i, art_id in enumerate(by_id)}
    marks: dict[str, list[Mark]] = {a.id: _quote_marks(a, anchors[a.id]) for a in by_id.values()}
    # stories most outlets cover come first: they are what a comparison is for
    ordered = sorted(result.stories,
                     key=lambda s: -len({outlet_name(by_id[i]) for i in s.articles if i in by_id}))
    stories = [_story_view(n + 1, s, by_id, anchors, marks) for n, s in enumerate(ordered)]
    shown: set[str] = set()
    for sv in stories:
        sv.articles = [article_view(c.article, anchors, marks, c.copies, sv.story)
                       for c in sv.columns if c.article.id not in shown]
        shown.update(c.article.id for c in sv.columns)
        shown.update(a.id for c in sv.columns for a in c.copies)
    loose = [article_view(a, anchors, marks, [], None) for a in by_id.values() if a.id not in shown]
    outlets = {outlet_name(a) for a in by_id.values()}
    return ReportView(result=result, stories=stories, loose=loose, n_outlets=len(outlets))


def _columns(story: Story, by_id: dict[str, Article],
             anchors: dict[str, str]) -> tuple[list[Column], dict[str, int]]:
    """The story's columns in publication order, and the column of each article id (copies included)."""
    order = [i for i in story.timeline if i in by_id] + [i for i in story.articles if i in by_id]
    order = sorted(dict.fromkeys(order), key=lambda i: (by_id[i].published is None, by_id[i].published or ""))
    copy_of: dict[str, str] = {}
    for group in story.duplicates:
        members = [i for i in order if i in set(group)]
        for other in members[1:]:
            copy_of[other] = members[0]
    columns: list[Column] = []
    index: dict[str, int] = {}
    for art_id in order:
        if art_id in copy_of:
            continue
        index[art_id] = len(columns)
        columns.append(Column(by_id[art_id], anchors[art_id]))
    for other, original in copy_of.items():
        columns[index[original]].copies.append(by_id[other])
        index[other] = index[original]
    return columns, index


def _story_view(number: int, story: Story, by_id: dict[str, Article], anchors: dict[str, str],
                marks: dict[str, list[Mark]]) -> StoryView:
    columns, index = _columns(story, by_id, anchors)
    comp = story.comparison
    prefix = f"s{number}"
    rows = [_fact_row(prefix, i, fact, columns, index, by_id, marks) for i, fact in enumerate(comp.facts)]
    shared = [r for r in rows if len(r.reported_by) >= 2]
    unique = [[r for r in rows if r.reported_by == [ci]] for ci in range(len(columns))]
    omissions = []
    for om in comp.omissions:
        if 0 <= om.fact < len(rows) and om.article in index:
            row = rows[om.fact]
            reported_by = [columns[i].outlet for i in row.reported_by]
            omissions.append(Omission(columns[index[om.article]], row, reported_by))
    timeline = [by_id[i] for i in index]
    timeline.sort(key=lambda a: (a.published is None, a.published or ""))
    counts = Counter(outlet_name(a) for a in timeline)
    return StoryView(
        number=number, anchor=prefix, story=story,
        title=story.title or (timeline[0].title if timeline and timeline[0].title else f"Story {number}"),
        columns=columns, outlet_counts=sorted(counts.items(), key=lambda kv: -kv[1]),
        timeline=timeline, shared=shared, unique=unique, omissions=omissions,
        quote_matches=[_quote_match(qm, columns, index, by_id, anchors, marks) for qm in comp.quote_matches],
        naming=[(lab.entity, _naming_cells(lab.by_article, columns, index)) for lab in comp.labels],
        loaded=_loaded_views(comp.loaded, columns, index, anchors, marks),
        tone=[(c, comp.tone.get(c.article.id, c.article.tone)) for c in columns],
        articles=[],
        shown_at={i: columns[col].anchor for i, col in index.items()},
    )


def _fact_row(prefix: str, i: int, fact: Fact, columns: list[Column], index: dict[str, int],
              by_id: dict[str, Article], marks: dict[str, list[Mark]]) -> FactRow:
    label, anchor = f"F{i + 1}", f"{prefix}-f{i + 1}"
    cells = [Cell(None) for _ in columns]
    for st in fact.statements:
        col = index.get(st.article)
        if col is None or cells[col].statement is not None:
            continue
        article = columns[col].article  # a copy's statement points into the article it copies
        where = locate(article.body, st.text, st.start, st.end)
        href = None
        if where:
            target = f"{columns[col].anchor}-{prefix}-f{i + 1}"
            marks[article.id].append(Mark(where[0], where[1], "fact", target, label, (label, f"#{anchor}")))
            href = f"#{target}"
        cells[col] = Cell(st, href)
    return FactRow(label, anchor, fact, cells)


def _quote_marks(article: Article, anchor: str) -> list[Mark]:
    out = []
    for q in article.quotes:
        where = locate(article.body, q.text, q.start, q.end)
        if where:
            note = f"quote: {q.speaker}" if q.speaker else "quote, speaker unknown"
            out.append(Mark(where[0], where[1], "quote", f"{anchor}-q{where[0]}", note))
    return out


def _quote_match(qm: QuoteMatch, columns: list[Column], index: dict[str, int], by_id: dict[str, Article],
                 anchors: dict[str, str], marks: dict[str, list[Mark]]) -> QuoteMatchView:
    variants = sorted(qm.quotes, key=lambda v: index.get(v.article, len(columns)))  # in column order
    if not variants:
        return QuoteMatchView(qm.speaker, qm.similarity, [])
    ref_words, other_words = word_diff(variants[0].text, [v.text for v in variants[1:]])
    views = []
    for v, words in zip(variants, [ref_words, *other_words]):
        col = columns[index[v.article]] if v.article in index else None
        shown = col.article if col else by_id.get(v.article)
        href = None
        if shown is not None:
            where = locate(shown.body, v.text, v.start, v.end)
            if where:
                target = f"{anchors[shown.id]}-q{where[0]}"
                note = f"quote: {qm.speaker}" if qm.speaker else "quote, speaker unknown"
                marks[shown.id].append(Mark(where[0], where[1], "quote", target, note))
                href = f"#{target}"
        views.append(QuoteVariantView(col, v.text, href, _runs(words)))
    return QuoteMatchView(qm.speaker, qm.similarity, views)


def _runs(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Neighbouring words in the same diff state joined, so a changed phrase reads as one."""
    runs: list[tuple[str, str]] = []
    for word, state in words:
        if runs and runs[-1][1] == state and state != MISSING:
            runs[-1] = (f"{runs[-1][0]} {word}", state)
        else:
            runs.append((word, state))
    return runs


def _naming_cells(by_article: dict[str, tuple[str, ...]], columns: list[Column],
                  index: dict[str, int]) -> list[tuple[str, ...]]:
    cells: list[list[str]] = [[] for _ in columns]
    for art_id, words in by_article.items():
        if art_id in index:
            cell = cells[index[art_id]]
            cell.extend(w for w in words if w not in cell)
    return [tuple(c) for c in cells]


def _loaded_views(loaded: tuple[Loaded, ...], columns: list[Column], index: dict[str, int],
                  anchors: dict[str, str], marks: dict[str, list[Mark]]) -> list[list[LoadedView]]:
    per_column: list[list[LoadedView]] = [[] for _ in columns]
    for item in loaded:
        if item.article not in index:
            continue
        shown = columns[index[item.article]].article
        where = locate(shown.body, item.text, item.start, item.end)
        href = None
        if where:
            target = f"{anchors[shown.id]}-l{where[0]}"
            note = f"loaded wording ({item.score:.2f})"
            marks[shown.id].append(Mark(where[0], where[1], "loaded", target, note))
            href = f"#{target}"
        per_column[index[item.article]].append(LoadedView(item, href))
    return per_column
