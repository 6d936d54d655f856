"""Story-page latency of the web app on a large store, under a bounded load from another process.

1. Builds a store of synthetic articles (default 10,000 in 1,000 stories, each with a full
   comparison) without any model: the objects are made directly, from a fixed seed.
2. Starts ``parallax.web`` in a subprocess (uvicorn, one worker) on a free loopback port.
3. From this process, a few concurrent clients request random story pages (and, for
   reference, the story list and article pages) for a bounded number of requests or time.
4. Prints p50/p95/max per kind of page and the goal check (story page p95 < 200 ms), then
   one JSON line with the figures.

    python benchmarks/web_latency.py                    # 10,000 articles, 4 clients, 600 story requests
    python benchmarks/web_latency.py --articles 2000 --requests 200 --keep store.db
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from parallax.model import (
    Actor,
    Article,
    Comment,
    Comparison,
    Fact,
    Label,
    Loaded,
    Omission,
    Quote,
    QuoteMatch,
    QuoteVariant,
    Removed,
    Result,
    Span,
    Statement,
    Story,
)

OUTLETS = ["Harbor Herald", "Liberty Ledger", "Coastline Courier", "Tidewater Daily", "Metro Bulletin",
           "Valley Voice", "Northern Star", "Capital Wire", "Evening Post", "Daily Dispatch", "Bay Chronicle",
           "Summit Times"]
WORDS = ["council", "city", "water", "minister", "report", "police", "court", "vote", "budget", "strike", "port",
         "river", "school", "hospital", "storm", "bridge", "plan", "tax", "election", "union", "company", "price",
         "energy", "housing", "road", "rail", "ferry", "airport"]
NAMES = ["Lena Ortiz", "Mark Hale", "Priya Nair", "Tom Becker", "Ana Silva", "Jon Reyes", "Kim Lee"]
LOADED = ["reckless", "shameful", "disastrous", "heroic", "brutal", "so-called"]


def _sentence(rng: random.Random, n: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def synthetic_article(rng: random.Random, story_no: int, outlet: str, when: datetime, facts: list[str]) -> Article:
    """One article: shared fact sentences (some left out), filler, a quote, an actor, a loaded word."""
    speaker = NAMES[story_no % len(NAMES)]
    kept = [f for f in facts if rng.random() > 0.2]
    quote = f"we will {rng.choice(WORDS)} the {rng.choice(WORDS)} {rng.choice(['now', 'soon', 'together'])}"
    loaded = rng.choice(LOADED)
    paragraphs = [" ".join(kept[:3]) or _sentence(rng), f"{speaker} said \"{quote}\" on {when:%A}.",
                  f"Critics called the plan {loaded} and {_sentence(rng, 10)}"]
    paragraphs += [" ".join(_sentence(rng) for _ in range(3)) for _ in range(5)] + [" ".join(kept[3:])]
    body = "\n\n".join(p for p in paragraphs if p)
    q_start = body.index(quote)
    s_start = body.index(speaker)
    sentences, pos = [], 0
    for part in body.replace("\n\n", " ").split(". "):
        sentences.append(Span(pos, pos + len(part) + 1, "", ""))
        pos += len(part) + 2
    return Article(
        id=f"a-{story_no:05d}-{outlet.split()[0].lower()}-{rng.randrange(10**6):06d}", source=f"synthetic/{story_no}",
        body=body, outlet=outlet, title=f"{kept[0][:70] if kept else 'Story'} ({story_no})",
        url=f"https://{outlet.replace(' ', '').lower()}.example/{story_no}", published=when.isoformat(),
        language="en", removed=(Removed("navigation", "Home | News | Sport"), Removed("related", _sentence(rng, 8))),
        comments=tuple(Comment(f"c{i}", _sentence(rng, 8), f"c{i - 1}" if i % 2 else None, "reader",
                               round(rng.random(), 2), i % 2) for i in range(4)),
        sentences=tuple(sentences), quotes=(Quote(quote, q_start, q_start + len(quote), speaker, "direct", "said",
                                                  s_start, s_start + len(speaker)),),
        actors=(Actor(speaker, "PERSON", (speaker.split()[-1],), ("the minister",), (),
                      (Span(s_start, s_start + len(speaker), "PERSON", speaker),)),),
        tone=round(rng.uniform(-0.8, 0.8), 2),
    )


def synthetic_story(rng: random.Random, story_no: int, per_story: int, start: datetime) -> tuple[Story, list[Article]]:
    """A story of ``per_story`` articles from different outlets, with its comparison filled in."""
    facts = [_sentence(rng, 14) for _ in range(12)]
    outlets = rng.sample(OUTLETS, k=min(per_story, len(OUTLETS)))
    when = start + timedelta(hours=story_no * 7)
    articles = [synthetic_article(rng, story_no, o, when + timedelta(minutes=37 * i), facts)
                for i, o in enumerate(outlets)]
    fact_rows, omissions = [], []
    for index, text in enumerate(facts):
        statements = tuple(Statement(a.id, text, a.body.find(text), a.body.find(text) + len(text))
                           for a in articles if text in a.body)
        fact_rows.append(Fact(statements, tuple(a.outlet or "" for a in articles if text in a.body),
                              "number: 40 vs 14" if index == 2 else None))
        omissions += [Omission(a.id, a.outlet, index) for a in articles
                      if text not in a.body and len(statements) > len(articles) / 2]
    quotes = tuple(QuoteVariant(a.id, a.quotes[0].text, a.quotes[0].start, a.quotes[0].end) for a in articles)
    speaker = articles[0].quotes[0].speaker
    comparison = Comparison(
        facts=tuple(fact_rows), omissions=tuple(omissions),
        quote_matches=(QuoteMatch(speaker, quotes, 0.8),),
        labels=(Label(speaker or "", {a.id: (rng.choice([speaker or "", "the minister", "Ms " + (speaker or "")]),)
                                      for a in articles}),),
        loaded=tuple(Loaded(a.id, w, a.body.find(w), a.body.find(w) + len(w), 0.8)
                     for a in articles for w in LOADED if w in a.body),
        tone={a.id: a.tone or 0.0 for a in articles},
    )
    ids = tuple(a.id for a in articles)
    story = Story(f"s-{story_no:05d}", ids, ((ids[0], ids[1]),) if len(ids) > 1 else (), articles[0].title, ids,
                  comparison)
    return story, articles


def build_store(db: Path, n_articles: int, n_stories: int, seed: int = 7) -> list[tuple[str, list[str]]]:
    """Fill the store at ``db``; returns (story id, article ids) of every story."""
    from parallax.store import Store

    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    per_story = max(1, n_articles // n_stories)
    made = []
    with Store(db) as store:
        for first in range(0, n_stories, 100):
            stories, articles = [], []
            for story_no in range(first, min(first + 100, n_stories)):
                story, members = synthetic_story(rng, story_no, per_story, start)
                stories.append(story)
                articles += members
                made.append((story.id, list(story.articles)))
            store.save(Result(tuple(articles), tuple(stories)))
    return made


def stored_stories(db: Path, sample: int = 200) -> list[tuple[str, list[str]]]:
    """(story id, article ids) of every story of an existing store (article ids for a sample only)."""
    from parallax.store import Store

    with Store(db) as store:
        ids = [s.id for s in store.stories(limit=store.count_stories())]
        picked = set(random.Random(3).sample(ids, min(sample, len(ids))))
        return [(i, list((store.story(i) or Story(i, ())).articles) if i in picked else []) for i in ids]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = ("import sys; from pathlib import Path; from parallax.web import serve; "
            "serve(Path(sys.argv[1]), '127.0.0.1', int(sys.argv[2]), token=None, no_auth=True)")
    server = subprocess.Popen([sys.executable, "-c", code, str(db), str(port)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the web server did not start within 60 s")


def timed_requests(base: str, paths: list[str], clients: int, budget_s: float) -> list[float]:
    """Request every path once, ``clients`` at a time, stopping after ``budget_s``; latencies in ms."""
    deadline = time.monotonic() + budget_s

    def worker(share: list[str]) -> list[float]:
        latencies = []
        with httpx.Client(base_url=base, timeout=30) as http:
            for path in share:
                if time.monotonic() > deadline:
                    break
                began = time.perf_counter()
                answer = http.get(path)
                latencies.append((time.perf_counter() - began) * 1000)
                if answer.status_code != 200:
                    raise RuntimeError(f"{path} answered {answer.status_code}")
        return latencies

    shares = [paths[i::clients] for i in range(clients)]
    with ThreadPoolExecutor(clients) as pool:
        return [ms for part in pool.map(worker, shares) for ms in part]


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--stories", type=int, default=1_000)
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=600, help="story-page requests (others: a quarter each)")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds at most per kind of page")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the store here and keep it (reused as it is when the file exists)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="parallax-web-bench-"))
    db = args.keep or folder / "bench.db"
    began = time.perf_counter()
    if args.keep and args.keep.exists():
        made = stored_stories(db)
        print(f"store: reusing {db} ({len(made)} stories)")
    else:
        made = build_store(db, args.articles, args.stories)
        print(f"store: {sum(len(a) for _, a in made)} articles in {len(made)} stories, built in "
              f"{time.perf_counter() - began:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(11)
    with_articles = [m for m in made if m[1]]
    try:
        timed_requests(base, [f"/stories/{rng.choice(made)[0]}" for _ in range(20)], 2, 30)  # warm-up
        kinds = {
            "story page, 1 client": ([f"/stories/{rng.choice(made)[0]}" for _ in range(args.requests // 2)], 1),
            f"story page, {args.clients} clients": ([f"/stories/{rng.choice(made)[0]}"
                                                     for _ in range(args.requests)], args.clients),
            "story list": ([f"/?page={rng.randrange(1, 40)}" for _ in range(args.requests // 4)], args.clients),
            "article page": ([f"/articles/{rng.choice(rng.choice(with_articles)[1])}"
                              for _ in range(args.requests // 4)], args.clients),
            "api story": ([f"/api/stories/{rng.choice(made)[0]}" for _ in range(args.requests // 4)], args.clients),
        }
        figures = {name: summary(timed_requests(base, paths, clients, args.budget))
                   for name, (paths, clients) in kinds.items()}
    finally:
        server.terminate()
        server.wait(timeout=10)
    for name, fig in figures.items():
        print(f"{name:24s} n={fig['n']:4d}  p50 {fig['p50_ms']:7.1f} ms  p95 {fig['p95_ms']:7.1f} ms  "
              f"max {fig['max_ms']:7.1f} ms")
    loaded = figures[f"story page, {args.clients} clients"]["p95_ms"]
    print(f"goal story page p95 < 200 ms with {args.clients} concurrent clients: "
          f"{'met' if loaded < 200 else 'NOT met'} ({loaded:.0f} ms)")
    print(json.dumps({"task": "web_latency", "articles": args.articles, "stories": args.stories,
                      "clients": args.clients, **{k.replace(" ", "_").replace(",", ""): v
                                                  for k, v in figures.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
