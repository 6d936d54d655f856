"""The one flow: pages -> articles -> annotated articles -> stories -> comparisons.

>>> result = analyze(["examples/corpus"])            # doctest: +SKIP
>>> [len(s.articles) for s in result.stories]       # doctest: +SKIP
[7, 1]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from os import PathLike
from typing import Any

from .config import Settings
from .errors import InputError, ParallaxError
from .model import Article, Page, Rejected, Result, Story

#: progress(stage, done, total) — total is None while it is not known yet.
Progress = Callable[[str, int, int | None], None]


def _noop(stage: str, done: int, total: int | None) -> None:
    return None


def analyze(
    paths: Sequence[str | PathLike[str]] | str | PathLike[str],
    *,
    settings: Settings | None = None,
    outlet: str | None = None,
    progress: Progress | None = None,
    skip: Callable[[Page], bool] | None = None,
    on_batch: Callable[[Result], None] | None = None,
    existing: Sequence[Article] = (),
) -> Result:
    """Read every page under ``paths`` and analyse them together.

    Files and folders are read recursively (text, HTML, JSON Lines, WARC, RSS/Atom).
    Every input ends up in ``Result.articles`` or ``Result.rejected``. Pages are cleaned
    and annotated in batches of ``settings.pipeline_batch`` pages; ``on_batch`` receives
    each batch's articles and rejections as soon as they are done (the CLI stores them,
    so an interrupted run can resume). ``skip`` leaves out pages the caller already holds
    and ``existing`` are their articles, grouped into stories with the new ones.

    >>> result = analyze("examples/corpus")           # doctest: +SKIP
    >>> result.stories[0].comparison.facts[0].outlets  # doctest: +SKIP
    ('Harbor Herald', 'The Coastline Courier', 'Tidewater Daily')
    """
    from .clean import OutletTemplates

    settings = settings or Settings()
    if isinstance(paths, str | PathLike):
        paths = [paths]
    paths = list(paths)
    report = progress or _noop
    outlet = outlet or settings.outlet
    # Pass 1: learn each outlet's template lines from every page (streamed, bounded memory).
    templates = OutletTemplates().fit(_pages_only(paths, outlet, settings))
    articles: list[Article] = []
    rejected: list[Rejected] = []
    batch: list[Page] = []
    seen: set[str] = {a.id for a in existing}
    n_read = 0
    embedder = _embedder(settings)

    ready = _early_prefetch(embedder, settings)
    cleaner = cleaning_worker(settings, templates)  # one cleaning process for every batch

    def flush() -> None:
        bad: list[Rejected] = []
        cleaned = clean_stream(batch, settings=settings, templates=templates, progress=report, seen=seen,
                               ready=ready, rejected=bad, worker=cleaner)
        new = annotate_articles(cleaned, settings=settings, progress=report, embedder=embedder)
        articles.extend(new)
        rejected.extend(bad)
        if on_batch is not None:
            on_batch(Result(articles=tuple(new), rejected=tuple(bad)))
        batch.clear()

    from .ingest import read_pages

    try:
        for item in read_pages(paths, outlet=outlet, settings=settings):
            n_read += 1
            if isinstance(item, Rejected):
                rejected.append(item)
                if on_batch is not None:
                    on_batch(Result(rejected=(item,)))
            elif skip is None or not skip(item):
                batch.append(item)
                if len(batch) >= settings.pipeline_batch:
                    flush()
            report("read", n_read, None)
        if batch:
            flush()
    finally:
        if cleaner is not None:
            _stop_later(cleaner)
    stories = build_stories([*existing, *articles], settings=settings, progress=report, embedder=embedder)
    return Result(articles=tuple(articles), stories=tuple(stories), rejected=tuple(rejected))


def _pages_only(paths: list[Any], outlet: str | None, settings: Settings) -> Iterator[Page]:
    from .ingest import read_pages

    for item in read_pages(paths, outlet=outlet, settings=settings):
        if isinstance(item, Page):
            yield item


def analyze_pages(
    pages: Iterable[Page],
    *,
    settings: Settings | None = None,
    existing: Sequence[Article] = (),
    progress: Progress | None = None,
) -> Result:
    """Analyse pages already read; ``existing`` annotated articles join the grouping.

    The result holds the new articles, every story that involves a new article (with
    the existing articles it groups them with), and the pages rejected on the way.
    """
    settings = settings or Settings()
    report = progress or _noop
    pages = list(pages)
    embedder = _embedder(settings)
    from .clean import OutletTemplates

    rejected: list[Rejected] = []
    cleaned = clean_stream(pages, settings=settings, templates=OutletTemplates().fit(pages), progress=report,
                           ready=_early_prefetch(embedder, settings), rejected=rejected)
    articles = annotate_articles(cleaned, settings=settings, progress=report, embedder=embedder)
    stories = build_stories([*existing, *articles], settings=settings, progress=report, embedder=embedder)
    new_ids = {a.id for a in articles}
    if existing:
        stories = [s for s in stories if new_ids.intersection(s.articles)]
    return Result(articles=tuple(articles), stories=tuple(stories), rejected=tuple(rejected))


def clean_pages(
    pages: Sequence[Page], *, settings: Settings, templates: Any = None, progress: Progress = _noop,
    seen: set[str] | None = None, ready: Callable[[Article], None] | None = None,
) -> tuple[list[Article], list[Rejected]]:
    """Clean every page; pages without an article become ``Rejected`` records. ``ready``
    is called with each article as soon as it is cleaned."""
    from .clean import OutletTemplates

    if templates is None:
        templates = OutletTemplates().fit(pages)
    rejected: list[Rejected] = []
    articles = list(clean_stream(pages, settings=settings, templates=templates, progress=progress, seen=seen,
                                 ready=ready, rejected=rejected, in_process=True))
    return articles, rejected


def clean_stream(
    pages: Sequence[Page], *, settings: Settings, templates: Any, rejected: list[Rejected],
    progress: Progress = _noop, seen: set[str] | None = None, ready: Callable[[Article], None] | None = None,
    in_process: bool = False, worker: Any = None,
) -> Iterator[Article]:
    """The articles of ``pages`` in page order, each as soon as it is clean (the parse
    can start on the first while the rest are cleaned); rejections go to ``rejected``.

    Unless ``in_process`` (or ``settings.clean_process`` is off), a second process cleans
    ahead (``python -m parallax.clean_worker``, chunks of :data:`CLEAN_CHUNK` pages) while
    this one parses; a chunk it has not started yet is cleaned here, and where it cannot
    run everything is. The articles are the same either way. ``worker``
    (:func:`cleaning_worker`) is a cleaning process the caller keeps across several
    calls (and stops); without it each call starts and stops one of its own.
    """
    seen = set() if seen is None else seen
    items = _cleaned(pages, settings, templates, parallel=not in_process, worker=worker)
    for i, (page, item) in enumerate(zip(pages, items, strict=True), 1):
        if isinstance(item, Article) and item.id in seen:
            item = Rejected(source=page.source, reason=_rejection_reason(page, _duplicate_input(page.source), settings))
        if isinstance(item, Rejected):
            rejected.append(item)
        else:
            seen.add(item.id)
            if ready is not None:
                ready(item)
        progress("clean", i, len(pages))
        if isinstance(item, Article):
            yield item


#: Pages per chunk the cleaning process is handed, and the fewest chunks worth a process.
CLEAN_CHUNK = 16
CLEAN_MIN_CHUNKS = 4


def clean_one(page: Page, settings: Settings, templates: Any) -> Article | Rejected:
    """The page's article (its language detected), or why it has none."""
    from .clean import clean_page
    from .clean.language import detect_language

    try:
        article = clean_page(page, settings=settings, templates=templates)
        language, confidence = detect_language(article.body)
        if language not in settings.languages and confidence >= 0.9:
            raise _language_error(language, confidence, page.source)
        return article.replace(language=language)
    except InputError as exc:
        return Rejected(source=page.source, reason=_rejection_reason(page, exc, settings))
    except Exception as exc:  # a defect must not lose the page: record it
        return Rejected(source=page.source, reason=f"internal error while cleaning: {exc!r}")


def cleaning_worker(settings: Settings, templates: Any) -> Any:
    """A cleaning process for :func:`clean_stream` (started on first use; ``stop()`` it),
    or None where pages are cleaned in this process only."""
    if not settings.clean_process or settings.n_process > 1:
        return None
    from .stories.embed_worker import WorkerProcess

    return WorkerProcess((settings, templates), module="parallax.clean_worker", name="cleaning worker")


def _cleaned(pages: Sequence[Page], settings: Settings, templates: Any, *, parallel: bool, worker: Any = None
             ) -> Iterator[Article | Rejected]:
    """:func:`clean_one` of every page, in order; with ``parallel``, partly in the
    cleaning process (``worker``, else one of its own where :func:`cleaning_worker`
    gives one)."""
    chunks = [pages[i : i + CLEAN_CHUNK] for i in range(0, len(pages), CLEAN_CHUNK)]
    own = worker is None
    if parallel and own and len(chunks) >= CLEAN_MIN_CHUNKS:
        worker = cleaning_worker(settings, templates)
    if not parallel or len(chunks) < CLEAN_MIN_CHUNKS or worker is None or not worker.usable():
        for page in pages:
            yield clean_one(page, settings, templates)
        return
    from concurrent.futures import ThreadPoolExecutor
    # One thread feeds the process chunk after chunk (it waits on a pipe, without the GIL);
    # the process starts first, while this one cleans the chunks it reaches before that.
    feeder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clean-feeder")
    futures: list[Any] = []
    try:
        feeder.submit(worker.start)
        futures = [feeder.submit(worker.run, list(chunk)) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            answer: Any = None
            if not future.cancel():  # taken by the process: wait for it
                try:
                    answer = future.result()
                except Exception:  # noqa: BLE001 - the process failed: clean here
                    answer = None
            if not isinstance(answer, list) or len(answer) != len(chunk):
                answer = [clean_one(page, settings, templates) for page in chunk]
            yield from answer
    finally:
        for future in futures:
            future.cancel()
        feeder.shutdown(wait=False)
        if own:
            _stop_later(worker)


def _stop_later(worker: Any) -> None:
    """Stop ``worker`` from a thread of its own, once its current chunk is answered (no
    one waits for a chunk that is no longer needed)."""
    import threading

    threading.Thread(target=worker.stop, name="clean-worker-stop", daemon=True).start()


def _rejection_reason(page: Page, exc: InputError, settings: Settings) -> str:
    """Why a page was rejected; a page in another language says so, whatever failed first."""
    from .clean.language import detect_language
    from .errors import LanguageError

    if isinstance(exc, LanguageError):
        return exc.reason
    text = page.text if page.text is not None else _visible_text(page.html or "")
    if text.strip():
        language, confidence = detect_language(text)
        if language not in settings.languages and confidence >= 0.9:
            return _language_error(language, confidence, page.source).reason
    return exc.reason


def _visible_text(html: str) -> str:
    import re

    return re.sub(r"<[^>]*>", " ", html[:200_000])


def _language_error(language: str, confidence: float, source: str) -> ParallaxError:
    from .errors import LanguageError

    return LanguageError(
        f"page is in language '{language}' (confidence {confidence:.2f}); only English is analysed",
        source=source,
    )


def _duplicate_input(source: str) -> ParallaxError:
    from .errors import InputError

    return InputError("the same page was given twice (identical source and content)", source=source)


def annotate_articles(
    articles: Iterable[Article], *, settings: Settings, progress: Progress = _noop, embedder: Any = None
) -> list[Article]:
    """Sentences, entities, quotes, actors and tone for every article (one spaCy pass).

    With an ``embedder``, the texts the story and comparison stages will embed (leads,
    sentences, statements) are handed to its background thread as soon as each article is
    ready, so the embedding model runs on a second core while spaCy parses on the first.
    ``articles`` may be a stream (:func:`clean_stream`): each is parsed as it comes.
    """
    from .annotate import Annotator

    ahead = _ahead(embedder, settings)
    total = len(articles) if isinstance(articles, Sequence) else None  # a stream: not known yet
    if ahead is not None and total is not None:
        from .stories.features import lead_text

        ahead.prefetch([lead_text(a) for a in articles], front=True)
    out: list[Article] = []
    for article in Annotator(settings).annotate(articles):
        out.append(article)
        if ahead is not None:
            ahead.prefetch(_article_texts(article))
        progress("annotate", len(out), total)
    return out


def _ahead(embedder: Any, settings: Settings) -> Any:
    """``embedder`` where it can embed in the background while this process parses."""
    return embedder if embedder is not None and settings.n_process <= 1 and hasattr(embedder, "prefetch") else None


def _early_prefetch(embedder: Any, settings: Settings) -> Callable[[Article], None] | None:
    """What :func:`clean_stream` calls with each article it cleans: queue what can be
    embedded before the parse, so that the embedding worker starts with the cleaning."""
    ahead = _ahead(embedder, settings)
    if ahead is None:
        return None
    return lambda article: _prefetch_unparsed(ahead, article)


def _prefetch_unparsed(ahead: Any, article: Article) -> None:
    """Queue the article's lead (story grouping reads it) and the words of its body the
    loaded-wording model's table lacks: neither needs the parse."""
    from .compare.loaded import words_to_embed
    from .stories.features import lead_text

    ahead.prefetch([lead_text(article), *words_to_embed([article.body])])


#: Embedding requests of recent articles (id, body) -> requests, queued again by the stories stage.
_REQUESTS: dict[tuple[str, int], list[Any]] = {}
_REQUESTS_KEPT = 2_000


def _article_texts(article: Article) -> list[Any]:
    """What the comparison embeds for one article: its statements (each also read with the
    one before it when short), as pieces of its sentences, and the sentences themselves.
    (The words the loaded-wording model's table lacks are queued from the body when the
    article is cleaned, see :func:`_prefetch_unparsed`; its quotes go to the quote encoder
    once the stories are known, and only those with a possible partner in another
    article: see :func:`build_stories`.)"""
    from .compare.facts import statement_requests
    from .compare.statements import article_statements, sentence_texts

    key = (article.id, hash((article.body, article.sentences)))
    found = _REQUESTS.get(key)
    if found is None:
        own, around = statement_requests([article], article_statements(article, details=False))
        sentences = sentence_texts(article)
        found = [*own, *around, *sentences]
        if len(_REQUESTS) >= _REQUESTS_KEPT:
            _REQUESTS.clear()
        _REQUESTS[key] = found
    return found


def build_stories(
    articles: Sequence[Article], *, settings: Settings, progress: Progress = _noop, embedder: Any = None
) -> list[Story]:
    """Group articles into stories and compare the outlets of each story."""
    from .compare import compare_story, representatives
    from .compare.naming import link_story_actors
    from .compare.quotes import quotes_to_embed
    from .compare.statements import sentence_texts
    from .stories import group_stories

    embedder = embedder if embedder is not None else _embedder(settings)
    # Same set of articles, same stories: the order they arrived in must not matter.
    articles = sorted(articles, key=lambda a: (a.published or "", a.source, a.id))
    stories = group_stories(articles, settings=settings, embedder=embedder)
    by_id = {a.id: a for a in articles}
    members_of = [[by_id[a] for a in story.articles if a in by_id] for story in stories]
    ahead = embedder if hasattr(embedder, "prefetch") else None
    quotes = _quote_embedder(settings)
    quotes_ahead = quotes if quotes is not ahead and hasattr(quotes, "prefetch") else None
    # The actor links of each story, computed once: the quotes to embed ahead depend on them.
    links_of: list[dict[str, dict[str, str]] | None] = [None] * len(stories)
    if ahead is not None:
        # Embed ahead in the order the stories are compared, only what they will use.
        ahead.cancel_prefetch()
        for n, (story, members) in enumerate(zip(stories, members_of, strict=True)):
            reps = representatives(story, members) if len(members) == len(story.articles) else members
            if len(reps) < 2:  # a story of one article has no facts to align, only loaded wording
                for article in reps:
                    ahead.prefetch(sentence_texts(article))
                continue
            for article in reps:
                ahead.prefetch(_article_texts(article))
            if quotes_ahead is not None and len(members) == len(story.articles):
                links_of[n] = link_story_actors(reps)
                quotes_ahead.prefetch(quotes_to_embed(reps, links_of[n], threshold=settings.quote_match_threshold))
    compared: list[Story] = []
    try:
        for i, (story, members, links) in enumerate(zip(stories, members_of, links_of, strict=True), 1):
            comparison = compare_story(story, members, settings=settings, embedder=embedder,
                                       quote_embedder=quotes, links=links)
            compared.append(story.replace(comparison=comparison))
            progress("compare", i, len(stories))
    finally:
        if ahead is not None:
            ahead.cancel_prefetch()
        if quotes_ahead is not None:
            quotes_ahead.cancel_prefetch()
        _REQUESTS.clear()
    return compared


def preload(settings: Settings | None = None) -> None:
    """Load now what a run loads on first use: the spaCy pipeline, the embedding model (and
    its worker process), the loaded-wording, offensive-language and language-detection
    models, and the libraries the later stages import (MinHash, TF-IDF). A long-lived process (the web
    app, a benchmark) calls it once at start so that no request or timing pays for it."""
    import importlib

    from .annotate import load_nlp
    from .clean.language import detect_language
    from .clean.offensive import score_offensive
    from .compare.loaded import shipped_model

    settings = settings or Settings()
    load_nlp(settings)
    for embedder in (_embedder(settings), _quote_embedder(settings)):
        if embedder is not None:
            embedder.load()
    shipped_model()
    score_offensive(["preload"])
    detect_language("preload")
    for module in ("datasketch", "sklearn.feature_extraction.text", "parallax.ingest"):
        importlib.import_module(module)


def _embedder(settings: Settings) -> Any:
    if not settings.use_embeddings:
        return None
    from .stories.embed import default_embedder

    return default_embedder()


def _quote_embedder(settings: Settings) -> Any:
    if not settings.use_embeddings:
        return None
    from .compare.quotes import QUOTE_LAYERS
    from .stories.embed import default_embedder

    return default_embedder(QUOTE_LAYERS)
