"""The whole path, from a folder of pages to the JSON of the analyze command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from parallax.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_json(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("seeds") / "out.json"
    assert main(["analyze", str(seeds_dir), "--json", str(out), "--quiet"]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_run(example_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("demo")
    assert main(["analyze", str(example_corpus), "--out-dir", str(out_dir), "--quiet"]) == 0
    return out_dir


def _by_file(data: dict, stem: str) -> dict:
    return next(a for a in data["articles"] if Path(a["source"]).name.startswith(stem))


def test_seeds_are_two_articles_in_one_story(seeds_json: dict) -> None:
    assert len(seeds_json["articles"]) == 2
    assert not seeds_json["rejected"]
    assert len(seeds_json["stories"]) == 1
    assert sorted(seeds_json["stories"][0]["articles"]) == sorted(a["id"] for a in seeds_json["articles"])


def test_seed_000_body_and_removed_parts(seeds_json: dict) -> None:
    a = _by_file(seeds_json, "000")
    paragraphs = a["body"].split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("Kim Jong Un arrived in Russia Wednesday")
    assert "View All" not in a["body"] and "Image:" not in a["body"]
    removed = " ".join(r["text"] for r in a["removed"])
    assert "KENNY CODY" in removed and "View All" in removed


def test_seed_003_dateline_comments_and_other_story(seeds_json: dict) -> None:
    a = _by_file(seeds_json, "003")
    assert a["published"].startswith("2023-09-13T21:36")
    assert "p4cF3NSADlM" not in a["body"]
    assert "Glory to Russia will be immortal" in a["body"]
    assert "Donetsk" not in a["body"]
    assert any(r["kind"] == "other_story" and "Donetsk" in r["text"] for r in a["removed"])
    assert any("Enter comments here" in r["text"] for r in a["removed"])
    comments = a["comments"]
    top = [c for c in comments if c["parent"] is None]
    assert len(top) == 4
    assert all(0.0 <= c["offensive"] <= 1.0 for c in comments)
    depth = {c["id"]: (0 if c["parent"] is None else None) for c in comments}
    for c in comments:
        if c["parent"] is not None:
            depth[c["id"]] = depth[c["parent"]] + 1
    assert max(depth.values()) == 2
    assert "fat toad" not in a["body"]


def test_seed_quotes_have_their_speakers(seeds_json: dict) -> None:
    speakers = {q["speaker"] for a in seeds_json["articles"] for q in a["quotes"]}
    for name in ("Ryder", "Radachenko", "Putin", "Kim"):
        assert any(s and name in s for s in speakers), name
    for a in seeds_json["articles"]:
        for q in a["quotes"]:
            assert a["body"][q["start"]:q["end"]] == q["text"]


def test_seed_story_matches_kims_quote_and_shares_facts(seeds_json: dict) -> None:
    story = seeds_json["stories"][0]
    texts = [" ".join(q["text"] for q in m["quotes"]) for m in story["quote_matches"]
             if len({q["article"] for q in m["quotes"]}) == 2]
    assert any("We have always supported" in t for t in texts)
    shared = [f for f in story["facts"] if len({s["article"] for s in f["statements"]}) == 2]
    assert len(shared) >= 3


def test_demo_corpus_writes_every_report(corpus_run: Path) -> None:
    for name in ("report.html", "report.md", "report.json", "parallax.db"):
        assert (corpus_run / name).stat().st_size > 0, name
    data = json.loads((corpus_run / "report.json").read_text(encoding="utf-8"))
    assert not data["rejected"]
    biggest = max(data["stories"], key=lambda s: len(s["articles"]))
    assert len(biggest["articles"]) == 6
    assert any(len(group) == 2 for group in biggest["duplicates"])
    assert len(data["stories"]) == 2


def test_analyze_twice_into_one_store_adds_nothing(example_corpus: Path, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "p.db"
    args = ["analyze", str(example_corpus), "--db", str(db), "--quiet", "--no-embeddings"]
    assert main(args) == 0
    dump1 = "\n".join(sqlite3.connect(db).iterdump())
    assert main(args) == 0
    dump2 = "\n".join(sqlite3.connect(db).iterdump())
    assert dump1 == dump2


def test_clean_pages_hands_each_article_over_as_soon_as_it_is_cleaned() -> None:
    from parallax.config import Settings
    from parallax.model import Page
    from parallax.pipeline import clean_pages

    body = "The council met on Monday and agreed to rebuild the harbour wall before the winter storms. " * 3
    pages = [Page(source="a.txt", text=body), Page(source="b.txt", text=""), Page(source="c.txt", text=body + "More.")]
    handed: list[str] = []
    articles, rejected = clean_pages(pages, settings=Settings(), ready=lambda a: handed.append(a.source))
    assert handed == [a.source for a in articles] == ["a.txt", "c.txt"]
    assert [r.source for r in rejected] == ["b.txt"]


def _pages_for_cleaning(n: int) -> list:
    from parallax.model import Page

    towns = ["Ashford", "Brindle", "Corran", "Dunmore", "Elsworth", "Fallow", "Greywick"]
    pages = []
    for i in range(n):
        town = towns[i % len(towns)]
        body = (f"Council votes on sea wall number {i}\n\n"
                f"The council of {town} met on Monday and agreed to rebuild sea wall number {i} before the "
                "winter storms reach the northern docks.\n\n"
                f"Mayor Ana Ruiz said the work on the {i} metres of stone would begin in the spring and "
                f"that {town} would pay for a third of it.\n\n"
                f"Residents of {town} told reporters that the old wall had failed twice in ten years.")
        pages.append(Page(source=f"p{i}.txt", text=body, outlet=f"outlet-{i % 3}"))
    pages[5] = pages[5].replace(text="")                              # no article
    pages[9] = pages[9].replace(text=pages[8].text, source=pages[8].source)  # the same page twice
    return pages


def test_cleaning_process_gives_what_cleaning_here_gives() -> None:
    from parallax.clean import OutletTemplates
    from parallax.config import Settings
    from parallax.pipeline import CLEAN_CHUNK, clean_stream

    pages = _pages_for_cleaning(5 * CLEAN_CHUNK)
    templates = OutletTemplates().fit(pages)
    runs = []
    for in_process in (True, False):
        rejected: list = []
        handed: list[str] = []
        articles = list(clean_stream(pages, settings=Settings(), templates=templates, rejected=rejected,
                                     ready=lambda a: handed.append(a.id), in_process=in_process))
        assert handed == [a.id for a in articles]
        runs.append((articles, rejected))
    assert runs[0] == runs[1]
    assert [r.source for r in runs[0][1]] == ["p5.txt", "p8.txt"]
    assert len(runs[0][0]) == len(pages) - 2


def test_cleaning_goes_on_here_when_the_cleaning_process_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from parallax.clean import OutletTemplates
    from parallax.config import Settings
    from parallax.pipeline import CLEAN_CHUNK, clean_stream
    from parallax.stories import embed_worker

    def broken(self, jobs):  # type: ignore[no-untyped-def]
        raise RuntimeError("no process here")

    monkeypatch.setattr(embed_worker.WorkerProcess, "run", broken)
    pages = _pages_for_cleaning(4 * CLEAN_CHUNK)
    rejected: list = []
    articles = list(clean_stream(pages, settings=Settings(), templates=OutletTemplates().fit(pages),
                                 rejected=rejected))
    assert len(articles) + len(rejected) == len(pages)


def test_cleaning_process_answers_a_chunk_with_clean_one() -> None:
    from parallax.clean import OutletTemplates
    from parallax.config import Settings
    from parallax.pipeline import clean_one
    from parallax.stories.embed_worker import WorkerProcess

    pages = _pages_for_cleaning(12)
    templates = OutletTemplates().fit(pages)
    worker = WorkerProcess((Settings(), templates), module="parallax.clean_worker", name="cleaning worker")
    try:
        assert worker.start()
        assert worker.run(pages) == [clean_one(p, Settings(), templates) for p in pages]
        if hasattr(os, "getpriority") and worker._proc is not None:  # the worker yields to this process
            mine = os.getpriority(os.PRIO_PROCESS, 0)
            assert os.getpriority(os.PRIO_PROCESS, worker._proc.pid) > mine or mine >= 19
    finally:
        worker.stop()


def test_one_cleaning_process_serves_several_batches() -> None:
    from parallax.clean import OutletTemplates
    from parallax.config import Settings
    from parallax.pipeline import CLEAN_CHUNK, clean_one, clean_stream, cleaning_worker

    pages = [p for i, p in enumerate(_pages_for_cleaning(8 * CLEAN_CHUNK)) if i != 9]  # no page twice
    templates = OutletTemplates().fit(pages)
    settings = Settings()
    worker = cleaning_worker(settings, templates)
    assert worker is not None and cleaning_worker(Settings(clean_process=False), templates) is None
    try:
        assert worker.start()
        pid = worker._proc.pid
        half = len(pages) // 2
        for batch in (pages[:half], pages[half:]):
            rejected: list = []
            articles = list(clean_stream(batch, settings=settings, templates=templates, rejected=rejected,
                                         worker=worker))
            expected = [clean_one(p, settings, templates) for p in batch]
            assert articles == [a for a in expected if not hasattr(a, "reason")]
            assert worker.usable() and worker._proc is not None and worker._proc.pid == pid  # not stopped
    finally:
        worker.stop()
