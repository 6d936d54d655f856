"""What the story page shows, worked out from a ``Story`` and its articles.

The comparison is laid out by outlet column (one column per article, in timeline order):
which facts each outlet reports or omits, where outlets disagree, how each renders the
same quote, how each names the actors, which words are loaded, and the tone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup

from parallax.model import Article, Comment, Fact, Loaded, Story
from parallax.web.marking import Mark, snippet, word_diff
from parallax.web.plots import Bar, Moment, coverage_chart, parse_time, timeline_chart

UNKNOWN_OUTLET = "unknown outlet"


@dataclass
class Column:
    """One article of the story, headed by its outlet."""

    article: Article
    label: str
    n_facts: int = 0
    n_omitted: int = 0
    n_quotes: int = 0
    n_loaded: int = 0
    copy_of: str | None = None
    copy_of_index: int | None = None

    @property
    def tone(self) -> float | None:
        return self.article.tone


@dataclass
class Cell:
    """One outlet's entry in a row of the fact matrix."""

    state: str  # reported | omitted | absent
    text: str = ""


@dataclass
class FactRow:
    """One fact: its wording by each outlet, and who left it out."""

    number: int
    label: str
    cells: list[Cell]
    disagreement: str | None
    wordings: list[tuple[Column, Markup]] = field(default_factory=list)
    loose: bool = False  # joined from weaker matches (see ``Fact.loose``)

    @property
    def n_reporting(self) -> int:
        return sum(1 for c in self.cells if c.state in ("reported", "copied"))


@dataclass
class QuoteGroup:
    """The same statement of one speaker as each outlet quotes it."""

    speaker: str
    similarity: float
    variants: list[tuple[Column, Markup, bool]]  # column, text (diffed), is the reference


@dataclass
class NameRow:
    """How each outlet names one actor."""

    entity: str
    cells: list[tuple[str, ...]]
    differs: bool


@dataclass
class StoryView:
    """Everything the story page template needs."""

    story: Story
    columns: list[Column]
    facts: list[FactRow]
    omissions: list[tuple[Column, list[FactRow]]]
    disagreements: list[FactRow]
    quotes: list[QuoteGroup]
    names: list[NameRow]
    loaded: list[tuple[Column, list[Markup]]]
    duplicates: list[list[Column]]
    coverage_svg: Markup
    timeline_svg: Markup
    outlets: list[str]
    missing: int = 0

    @property
    def title(self) -> str:
        return self.story.title or (self.columns[0].article.title if self.columns else None) or self.story.id


def build_story_view(story: Story, articles: tuple[Article, ...] | list[Article]) -> StoryView:
    """Lay out the comparison of ``story`` over its ``articles`` (timeline order)."""
    columns = _columns(story, list(articles))
    by_id = {c.article.id: c for c in columns}
    comparison = story.comparison
    omitted = {(o.article, o.fact) for o in comparison.omissions}
    rows = [_fact_row(i, fact, columns, omitted) for i, fact in enumerate(comparison.facts)]
    _fill_copies(rows, columns)
    for row in rows:
        for column, cell in zip(columns, row.cells, strict=True):
            column.n_facts += cell.state in ("reported", "copied")
            column.n_omitted += cell.state == "omitted"
    for loaded in comparison.loaded:
        if loaded.article in by_id:
            by_id[loaded.article].n_loaded += 1
    for match in comparison.quote_matches:
        for variant in match.quotes:
            if variant.article in by_id:
                by_id[variant.article].n_quotes += 1
    rows_sorted = sorted(rows, key=lambda r: (-r.n_reporting, r.number))
    return StoryView(
        story=story,
        columns=columns,
        facts=rows_sorted,
        omissions=_omissions(columns, rows),
        disagreements=[r for r in rows if r.disagreement],
        quotes=_quote_groups(story, by_id),
        names=_name_rows(story, columns),
        loaded=_loaded_blocks(comparison.loaded, columns),
        duplicates=_duplicates(story, by_id),
        coverage_svg=_coverage(columns, len(rows)),
        timeline_svg=_timeline(columns),
        outlets=sorted({c.article.outlet or UNKNOWN_OUTLET for c in columns}),
        missing=len(set(story.articles) - set(by_id)),
    )


def _columns(story: Story, articles: list[Article]) -> list[Column]:
    counts = Counter(a.outlet or UNKNOWN_OUTLET for a in articles)
    seen: Counter[str] = Counter()
    columns = []
    for article in articles:
        outlet = article.outlet or UNKNOWN_OUTLET
        seen[outlet] += 1
        label = outlet if counts[outlet] == 1 else f"{outlet} ({seen[outlet]})"
        columns.append(Column(article=article, label=label))
    by_id = {c.article.id: c for c in columns}
    for group in story.duplicates:
        present = [by_id[i] for i in group if i in by_id]
        for copy in present[1:]:
            copy.copy_of = present[0].label
            copy.copy_of_index = columns.index(present[0])
    return columns


def _fact_row(index: int, fact: Fact, columns: list[Column], omitted: set[tuple[str, int]]) -> FactRow:
    by_article: dict[str, str] = {}
    for statement in fact.statements:
        by_article.setdefault(statement.article, statement.text)
    cells = []
    for column in columns:
        article_id = column.article.id
        if article_id in by_article:
            cells.append(Cell("reported", by_article[article_id]))
        elif (article_id, index) in omitted:
            cells.append(Cell("omitted"))
        else:
            cells.append(Cell("absent"))
    texts = [(c, by_article[c.article.id]) for c in columns if c.article.id in by_article]
    label = texts[0][1] if texts else (fact.statements[0].text if fact.statements else "")
    wordings = [(col, word_diff(label, text) if i and fact.disagreement else Markup.escape(text))
                for i, (col, text) in enumerate(texts)]
    return FactRow(index + 1, label, cells, fact.disagreement, wordings, bool(fact.loose))


def _fill_copies(rows: list[FactRow], columns: list[Column]) -> None:
    """A near-copy reports what the article it copies reports, even when only the original was compared."""
    for i, column in enumerate(columns):
        source = column.copy_of_index
        if source is None:
            continue
        for row in rows:
            if row.cells[i].state == "absent" and row.cells[source].state == "reported":
                row.cells[i] = Cell("copied", row.cells[source].text)


def _omissions(columns: list[Column], rows: list[FactRow]) -> list[tuple[Column, list[FactRow]]]:
    out = []
    for i, column in enumerate(columns):
        left_out = [r for r in rows if r.cells[i].state == "omitted"]
        if left_out:
            out.append((column, left_out))
    return out


def _quote_groups(story: Story, by_id: dict[str, Column]) -> list[QuoteGroup]:
    groups = []
    order = {article_id: i for i, article_id in enumerate(by_id)}
    for match in story.comparison.quote_matches:
        variants = sorted((v for v in match.quotes if v.article in by_id), key=lambda v: order[v.article])
        if not variants:
            continue
        reference = variants[0].text
        shown = [(by_id[v.article], word_diff(reference, v.text) if i else Markup.escape(v.text), i == 0)
                 for i, v in enumerate(variants)]
        groups.append(QuoteGroup(match.speaker or "unknown speaker", match.similarity, shown))
    return groups


def _name_rows(story: Story, columns: list[Column]) -> list[NameRow]:
    rows = []
    for label in story.comparison.labels:
        cells = [tuple(label.by_article.get(c.article.id, ())) for c in columns]
        used = {tuple(sorted(n.lower() for n in cell)) for cell in cells if cell}
        rows.append(NameRow(label.entity, cells, differs=len(used) > 1))
    rows.sort(key=lambda r: (not r.differs, r.entity.lower()))
    return rows


def _loaded_blocks(loaded: tuple[Loaded, ...], columns: list[Column]) -> list[tuple[Column, list[Markup]]]:
    blocks = []
    for column in columns:
        body = column.article.body
        marks = [m for m in loaded if m.article == column.article.id]
        snippets = []
        for m in sorted(marks, key=lambda m: -m.score):
            start, end = loaded_offsets(body, m)
            if start is not None and end is not None:
                snippets.append(snippet(body, start, end))
        if snippets:
            blocks.append((column, snippets))
    return blocks


def loaded_offsets(body: str, loaded: Loaded) -> tuple[int | None, int | None]:
    """Where a loaded span lies in ``body``: its own offsets when they match its text, else a search."""
    if 0 <= loaded.start < loaded.end <= len(body) and (
        not loaded.text or body[loaded.start : loaded.end] == loaded.text
    ):
        return loaded.start, loaded.end
    found = body.find(loaded.text) if loaded.text else -1
    if found == -1:
        return None, None
    return found, found + len(loaded.text)


def _duplicates(story: Story, by_id: dict[str, Column]) -> list[list[Column]]:
    groups = []
    for group in story.duplicates:
        present = [by_id[i] for i in group if i in by_id]
        if len(present) > 1:
            groups.append(present)
    return groups


def _coverage(columns: list[Column], n_facts: int) -> Markup:
    if not n_facts or not columns:
        return Markup("")
    bars = [Bar(c.label, c.n_facts, n_facts) for c in columns]
    return coverage_chart(bars, title="Facts of the story each outlet reports")


def _timeline(columns: list[Column]) -> Markup:
    moments = []
    for column in columns:
        when = parse_time(column.article.published)
        if when is not None:
            moments.append(Moment(when, column.label, f"/articles/{column.article.id}"))
    return timeline_chart(moments, title="When each outlet published")


# --------------------------------------------------------------------------- article page


def article_marks(article: Article, loaded: tuple[Loaded, ...] = ()) -> list[Mark]:
    """The highlights of an article body: quotes, speakers, actor mentions and loaded words."""
    marks = []
    for quote in article.quotes:
        who = f"quote ({quote.kind}) by {quote.speaker}" if quote.speaker else f"quote ({quote.kind}), speaker unknown"
        marks.append(Mark(quote.start, quote.end, "quote", who))
        if quote.speaker_start is not None and quote.speaker_end is not None:
            marks.append(Mark(quote.speaker_start, quote.speaker_end, "speaker", f"speaker: {quote.speaker or ''}"))
    for actor in article.actors:
        for mention in actor.mentions:
            marks.append(Mark(mention.start, mention.end, "actor", f"{actor.label.lower()}: {actor.name}"))
    for item in loaded:
        if item.article == article.id:
            start, end = loaded_offsets(article.body, item)
            if start is not None and end is not None:
                marks.append(Mark(start, end, "loaded", f"loaded wording (score {item.score:.2f})"))
    return marks


@dataclass
class CommentRow:
    """A comment in thread order with its depth in the thread."""

    comment: Comment
    depth: int

    @property
    def level(self) -> str:
        score = self.comment.offensive
        return "high" if score >= 0.7 else ("mid" if score >= 0.4 else "low")


def comment_thread(comments: tuple[Comment, ...]) -> list[CommentRow]:
    """Comments in reading order: each reply right under its parent, depth from the thread."""
    first_index: dict[str, int] = {}
    for i, comment in enumerate(comments):
        first_index.setdefault(comment.id, i)
    children: dict[int | None, list[int]] = {}
    for i, comment in enumerate(comments):
        parent = first_index.get(comment.parent) if comment.parent is not None else None
        children.setdefault(None if parent == i else parent, []).append(i)
    rows: list[CommentRow] = []
    placed: set[int] = set()
    stack = [(i, 0) for i in reversed(children.get(None, []))]
    while stack:
        i, depth = stack.pop()
        if i in placed:
            continue
        placed.add(i)
        rows.append(CommentRow(comments[i], depth))
        stack.extend((j, depth + 1) for j in reversed(children.get(i, [])))
    rows += [CommentRow(c, 0) for i, c in enumerate(comments) if i not in placed]  # cycles: shown flat
    return rows
