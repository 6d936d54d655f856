"""The ``parallax`` command: a thin layer over the library, printing with rich.

Every command maps onto one library call; user mistakes print a one-line error and
exit with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .config import Settings
from .errors import ParallaxError, UsageError
from .model import Result, make_article_id

console = Console(stderr=True)
out = Console()

STAGES = {"read": "Reading pages", "clean": "Cleaning", "annotate": "Annotating",
          "compare": "Comparing stories"}


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parallax",
        description="See how different news outlets cover the same event.",
    )
    parser.add_argument("--version", action="version", version=f"parallax {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("analyze", help="Analyse pages (files or folders) and write reports.",
                       description="Read every page under PATH (text, HTML, JSON Lines, WARC, RSS/Atom), "
                       "clean it, group the articles into stories and compare the outlets.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders to read (recursively).")
    p.add_argument("--json", metavar="OUT.json", help="Write the JSON result to this file.")
    p.add_argument("--db", metavar="FILE", help="Also store the result in this SQLite file (added to it).")
    p.add_argument("--out-dir", metavar="DIR",
                   help="Write report.html, report.md, report.json and parallax.db into DIR "
                   "(the default when neither --json nor --db is given: ./parallax-report).")
    p.add_argument("--outlet", help="Outlet name for pages that do not say which outlet they come from.")
    p.add_argument("--resume", action="store_true",
                   help="With --db: skip pages the store already holds and group the new ones with them.")
    p.add_argument("--no-embeddings", action="store_true",
                   help="Do not use sentence embeddings (faster, less accurate grouping).")
    p.add_argument("--processes", type=int, default=1, metavar="N", help="spaCy worker processes.")
    p.add_argument("--batch", type=int, default=Settings().pipeline_batch, metavar="N",
                   help="Pages cleaned, annotated and stored per batch (a resumed run starts after "
                   "the last stored batch).")
    p.add_argument("--strict", action="store_true", help="Exit with status 3 if any input was rejected.")
    p.add_argument("--quiet", action="store_true", help="No progress bar or summary.")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("show", help="Print one story (or the list of stories) from a store.")
    p.add_argument("story", nargs="?", help="Story id (omit to list the stories).")
    p.add_argument("--db", required=True, metavar="FILE", help="The SQLite store.")
    p.add_argument("--limit", type=int, default=50, help="How many stories to list.")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("export", help="Export the store as JSON, JSON Lines, Markdown or HTML.")
    p.add_argument("--db", required=True, metavar="FILE", help="The SQLite store.")
    p.add_argument("--format", choices=["json", "jsonl", "md", "html"], default="json",
                   help="Output format (jsonl: one article per line, then one story per line).")
    p.add_argument("--out", metavar="FILE", help="Output file (default: standard output).")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="Serve the web app and HTTP API over a store.")
    p.add_argument("--db", default="parallax.db", metavar="FILE", help="The SQLite store (created if missing).")
    p.add_argument("--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1).")
    p.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
    p.add_argument("--token", default=None,
                   help="Token for write endpoints (default: $PARALLAX_TOKEN, else generated and printed).")
    p.add_argument("--no-auth", action="store_true",
                   help="No token for write endpoints (only allowed on 127.0.0.1).")
    p.set_defaults(func=cmd_serve)
    return parser


def _version() -> str:
    from . import __version__

    return __version__


# --------------------------------------------------------------------------- analyze


@contextmanager
def _progress_bar(quiet: bool) -> Iterator[Any]:
    if quiet:
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        yield bar


def _progress_callback(bar: Any) -> Any:
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        if bar is None:
            return
        if stage not in tasks:
            tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return update


def cmd_analyze(args: argparse.Namespace) -> int:
    from .pipeline import analyze

    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if args.resume and not args.db:
        raise UsageError("--resume needs --db FILE (the store to resume into)")
    out_dir = Path(args.out_dir) if args.out_dir else None
    if out_dir is None and not args.json and not args.db:
        out_dir = Path("parallax-report")
    db = args.db or (str(out_dir / "parallax.db") if out_dir else None)
    if args.batch < 1 or args.processes < 1:
        raise UsageError("--batch and --processes take a number of at least 1")
    settings = Settings(outlet=args.outlet, use_embeddings=not args.no_embeddings, n_process=args.processes,
                        pipeline_batch=args.batch)

    if settings.use_embeddings and not args.quiet:
        _say_if_models_are_built()
    started = time.perf_counter()
    with _open_or_create_store(db) as store, _progress_bar(args.quiet) as bar:
        existing: Sequence[Any] = ()
        skip = None
        if args.resume and store is not None:
            existing = store.articles()
            done = {a.id for a in existing}
            skip = lambda page: make_article_id(page) in done  # noqa: E731
        result = analyze(args.paths, settings=settings, progress=_progress_callback(bar), skip=skip,
                         existing=existing, on_batch=store.save if store is not None else None)
        if store is not None:
            store.save(result)
            if existing:
                result = store.result()
    elapsed = time.perf_counter() - started
    _write_outputs(result, args.json, out_dir)
    if not args.quiet:
        _print_summary(result, elapsed, args.json, db, out_dir)
    return 3 if args.strict and result.rejected else 0


def _say_if_models_are_built() -> None:
    """On the first run the embedding models are quantised for this machine (some seconds,
    then cached): say so, rather than let the progress bar stand still."""
    from .errors import ModelError
    from .stories.quantize import cache_dir, is_built, packaged_model
    from .stories.student import WEIGHTS

    try:
        source = packaged_model()
        missing = not (is_built(source) and is_built(source, student=WEIGHTS))
    except (ModelError, OSError, ImportError):
        return  # the embedder reports a missing model itself
    if missing:
        console.print(f"First run: preparing the embedding models for this machine (about 20 s, "
                      f"kept in {cache_dir()}).")


@contextmanager
def _open_or_create_store(db: str | None) -> Iterator[Any]:
    if db is None:
        yield None
        return
    from .store import Store

    Path(db).parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        yield store


def _write_outputs(result: Result, json_path: str | None, out_dir: Path | None) -> None:
    from .report import render_json, write_reports

    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(render_json(result), encoding="utf-8")
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_reports(result, out_dir)


def _print_summary(result: Result, elapsed: float, json_path: str | None, db: str | None,
                   out_dir: Path | None) -> None:
    n_in = len(result.articles) + len(result.rejected)
    out.print(f"[bold]{n_in}[/] inputs: [green]{len(result.articles)} articles[/], "
              f"[yellow]{len(result.rejected)} rejected[/], [bold]{len(result.stories)}[/] stories "
              f"in {elapsed:.1f} s")
    table = Table(show_header=True, header_style="bold", box=None)
    ids = [story.id for story in result.stories[:20]]
    table.add_column("story", no_wrap=True, min_width=max(map(len, ids), default=5))  # whole: `show` takes it
    for col in ("articles", "outlets", "shared\nfacts", "matched\nquotes"):
        table.add_column(col, justify="right", no_wrap=True, min_width=max(map(len, col.split("\n"))))
    table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=1)
    for story in result.stories[:20]:
        arts = [a for a in result.articles if a.id in story.articles]
        outlets = sorted({a.outlet or "?" for a in arts})
        shared = sum(1 for f in story.comparison.facts if len({s.article for s in f.statements}) > 1)
        table.add_row(story.id, str(len(story.articles)), str(len(outlets)), str(shared),
                      str(len(story.comparison.quote_matches)), _short(story.title or "", 60))
    if result.stories:
        out.print(table)
    for r in result.rejected[:10]:
        out.print(f"  [yellow]rejected[/] {escape(r.source)}: {escape(r.reason)}", highlight=False)
    if len(result.rejected) > 10:
        out.print(f"  ... and {len(result.rejected) - 10} more rejected (see the JSON)")
    written = [p for p in (json_path, db) if p]
    if out_dir:
        written[:0] = [str(out_dir / name) for name in ("report.html", "report.md", "report.json")]
    if written:
        out.print("wrote " + ", ".join(written))


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- store commands


def _open_store(db: str) -> Any:
    from .store import Store

    if not os.path.exists(db):
        raise UsageError(f"no such store: {db} (create one with `parallax analyze PATH --db {db}`)")
    return Store(db)


def cmd_show(args: argparse.Namespace) -> int:
    with _open_store(args.db) as store:
        if not args.story:
            _print_story_list(store.stories(limit=args.limit))
            return 0
        story = store.story(args.story)
        if story is None:
            raise UsageError(f"no story '{args.story}' in {args.db} (run `parallax show --db {args.db}`)")
        articles = {a.id: a for a in store.articles(list(story.articles))}
    _print_story(story, articles)
    return 0


def _print_story_list(summaries: Sequence[Any]) -> None:
    table = Table(show_header=True, header_style="bold")
    for col in ("id", "articles", "outlets", "first published", "title"):
        table.add_column(col)
    for s in summaries:
        table.add_row(s.id, str(s.n_articles), ", ".join(s.outlets), s.first_published or "", s.title or "")
    out.print(table)


def _print_story(story: Any, articles: dict[str, Any]) -> None:
    def name(aid: str) -> str:
        a = articles.get(aid)
        return (a.outlet or a.source) if a else aid

    out.rule(story.title or story.id, style="bold")
    for aid in story.timeline or story.articles:
        a = articles.get(aid)
        if a:
            out.print(f"  {a.published or '':<25} {name(aid):<28} {a.title or ''}", markup=False)
    comp = story.comparison
    out.print(f"\n[bold]Facts[/] ({len(comp.facts)})")
    for fact in comp.facts[:15]:
        who = ", ".join(sorted({name(s.article) for s in fact.statements}))
        flag = f"  [red]disagreement: {fact.disagreement}[/]" if fact.disagreement else ""
        out.print(f"  • [dim]{who}[/]{flag}")
        out.print(f"    {fact.statements[0].text}", markup=False)
    if comp.quote_matches:
        out.print(f"\n[bold]Matched quotes[/] ({len(comp.quote_matches)})")
        for m in comp.quote_matches:
            out.print(f"  {m.speaker or 'unknown speaker'}:", markup=False)
            for q in m.quotes:
                out.print(f"    [{name(q.article)}] “{q.text}”", markup=False)
    if comp.labels:
        out.print("\n[bold]Naming[/]")
        for label in comp.labels:
            words = "; ".join(f"{name(aid)}: {', '.join(w)}" for aid, w in label.by_article.items() if w)
            out.print(f"  {label.entity}: {words}", markup=False)


def cmd_export(args: argparse.Namespace) -> int:
    import json

    from .report import render_html, render_json, render_markdown

    with _open_store(args.db) as store:
        result = store.result()
    if args.format == "json":
        text = render_json(result)
    elif args.format == "md":
        text = render_markdown(result)
    elif args.format == "html":
        text = render_html(result)
    else:
        data = result.to_json_dict()
        lines = [json.dumps({"type": "article", **a}, ensure_ascii=False) for a in data["articles"]]
        lines += [json.dumps({"type": "story", **s}, ensure_ascii=False) for s in data["stories"]]
        lines += [json.dumps({"type": "rejected", **r}, ensure_ascii=False) for r in data["rejected"]]
        text = "\n".join(lines) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        console.print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .web import serve

    if args.no_auth and args.host not in ("127.0.0.1", "localhost", "::1"):
        raise UsageError("--no-auth is only allowed when bound to 127.0.0.1")
    serve(Path(args.db), args.host, args.port, token=args.token, no_auth=args.no_auth)
    return 0


# --------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except ParallaxError as exc:
        console.print(f"[red]error[/] \\[{exc.code}] {escape(str(exc))}", highlight=False)
        return 2
    except KeyboardInterrupt:
        console.print("[yellow]interrupted[/]")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
