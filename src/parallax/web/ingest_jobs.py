"""Background analysis of uploaded pages, one job at a time, with progress to poll.

A job holds pages (from the API or pasted text) and/or a folder of uploaded files. One
worker thread reads the files, runs ``parallax.pipeline.analyze_pages`` over the new pages
together with the articles already in the store, and saves the result. The job's state
(``queued`` -> ``running`` -> ``done`` | ``failed``), its stage and progress are kept in
memory for ``GET /api/jobs/{id}``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from queue import Queue
from typing import Any

from parallax.errors import ParallaxError
from parallax.model import Page, Rejected, Result, Story, make_article_id
from parallax.web import store_access

MAX_KEPT_JOBS = 500
_NO_STORY = Story(id="", articles=())
#: New pages are grouped with every stored article while the store is small; in a larger
#: store, with the articles of its most recent stories only (grouping cost grows with it).
ALL_ARTICLES_UP_TO = 1_000
RECENT_STORIES = 100


class UploadQueueFull(ParallaxError):
    """Too many uploads are waiting for the analyser."""

    code = "P500"


def read_uploaded_files(folder: Path, outlet: str | None) -> Iterable[Page | Rejected]:
    """Pages and rejections from the files under ``folder`` (the ingest readers)."""
    from parallax.ingest import read_pages

    return read_pages([folder], outlet=outlet)


def run_analysis(pages: list[Page], existing: tuple[Any, ...], progress: Any) -> Result:
    """Analyse ``pages`` together with the ``existing`` articles of the store."""
    from parallax.pipeline import analyze_pages

    return analyze_pages(pages, existing=existing, progress=progress)


def safe_file_name(name: str, index: int) -> str:
    """A file name with no folder part and no odd characters (keeps the extension)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")
    return f"{index:03d}_{base or 'page'}"[:120]


def recent_articles(db_path: Path) -> tuple[Any, ...]:
    """The stored articles new pages are grouped with (all of them, or the recent ones)."""
    with store_access.open_store(db_path) as store:
        if store.count_articles() <= ALL_ARTICLES_UP_TO:
            return tuple(store.articles())
        ids = [i for s in store.stories(limit=RECENT_STORIES) for i in (store.story(s.id) or _NO_STORY).articles]
        return tuple(store.articles(ids=ids))


@dataclass
class Job:
    """One upload being analysed."""

    id: str
    pages: list[Page] = field(default_factory=list)
    folder: Path | None = None
    outlet: str | None = None
    state: str = "queued"
    stage: str = "waiting for the analyser"
    done: int = 0
    total: int = 0
    created: float = field(default_factory=time.time)
    finished: float | None = None
    articles: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    error: str | None = None
    fraction: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The job as the API shows it."""
        fraction = 1.0 if self.state == "done" else self.fraction
        return {
            "id": self.id,
            "state": self.state,
            "stage": self.stage,
            "progress": round(min(max(fraction, 0.0), 1.0), 3),
            "done": self.done,
            "total": self.total,
            "articles": list(self.articles),
            "stories": list(self.stories),
            "rejected": [r.to_dict() for r in self.rejected],
            "error": self.error,
            "created": self.created,
            "finished": self.finished,
        }


class JobBoard:
    """The queue of upload jobs of one app and the thread that works through it."""

    def __init__(self, db_path: Path, *, max_waiting: int = 20) -> None:
        self.db_path = db_path
        self.max_waiting = max_waiting
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: Queue[Job] = Queue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None

    def spool_folder(self) -> Path:
        """A fresh private folder for the files of one upload (removed when the job ends)."""
        return Path(tempfile.mkdtemp(prefix="parallax-upload-"))

    @staticmethod
    def new_reference() -> str:
        """A fresh job id (to name pages before the job is submitted)."""
        return uuid.uuid4().hex[:16]

    def submit(
        self, pages: list[Page], *, folder: Path | None = None, outlet: str | None = None,
        job_id: str | None = None,
    ) -> Job:
        """Queue pages (and the files in ``folder``) for analysis; returns the new job."""
        if self._queue.qsize() >= self.max_waiting:
            raise UploadQueueFull(f"{self.max_waiting} uploads are already waiting; try again shortly")
        job = Job(id=job_id or self.new_reference(), pages=list(pages), folder=folder, outlet=outlet)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_KEPT_JOBS:
                self._jobs.popitem(last=False)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="parallax-ingest", daemon=True)
                self._worker.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job ``job_id``, or None when unknown (or long forgotten)."""
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Block until the job has ended or ``timeout`` seconds passed (for scripts and tests)."""
        deadline = time.monotonic() + timeout
        job = self.get(job_id)
        while job is not None and job.state in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.05)
        return job

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                self._run(job)
            except ParallaxError as err:
                job.state, job.error = "failed", err.reason
            except Exception as err:  # noqa: BLE001 - a job must end, whatever the analyser raised
                job.state, job.error = "failed", f"{type(err).__name__}: {err}"
            finally:
                job.finished = time.time()
                if job.folder is not None:
                    shutil.rmtree(job.folder, ignore_errors=True)
                self._queue.task_done()

    def _run(self, job: Job) -> None:
        job.state = "running"
        pages = list(job.pages)
        if job.folder is not None:
            job.stage = "reading the uploaded files"
            pages += self._read_folder(job)
        if not pages:
            job.state, job.stage = "done", "nothing to analyse"
            return
        job.stage = "loading the articles already stored"
        existing = recent_articles(self.db_path)
        job.stage, job.total = "starting the analysis (the first one loads the language models)", len(pages)
        result = run_analysis(pages, existing, _Progress(job))
        job.stage, job.fraction = "saving to the store", 0.95
        with store_access.open_store(self.db_path) as store:
            store.save(result)
        self._record_outcome(job, pages, result)
        job.state, job.stage = "done", "finished"

    def _read_folder(self, job: Job) -> list[Page]:
        assert job.folder is not None
        prefix = str(job.folder)
        pages = []
        for item in read_uploaded_files(job.folder, job.outlet):
            source = "upload/" + item.source[len(prefix) :].lstrip("/\\") if item.source.startswith(prefix) else item.source
            if isinstance(item, Rejected):
                job.rejected.append(item.replace(source=source))
            else:
                pages.append(item.replace(source=source))
        return pages

    @staticmethod
    def _record_outcome(job: Job, pages: list[Page], result: Result) -> None:
        sources = {p.source for p in pages}
        wanted = {make_article_id(p) for p in pages}
        job.articles = [a.id for a in result.articles if a.id in wanted or a.source in sources]
        new = set(job.articles)
        job.stories = [s.id for s in result.stories if new.intersection(s.articles)]
        job.rejected += [r for r in result.rejected if r.source in sources]
        job.done = job.total


#: Pipeline stages in words, and the share of the whole job each one covers.
STAGES = {
    "read": ("reading the pages", 0.0, 0.05),
    "clean": ("cleaning the pages", 0.05, 0.25),
    "annotate": ("finding quotes, speakers and actors", 0.25, 0.6),
    "compare": ("grouping stories and comparing outlets", 0.6, 0.95),
}


class _Progress:
    """The pipeline's progress callback: keeps the stage, its counts and the overall share done."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        stage = kwargs.get("stage", args[0] if args else None)
        done = kwargs.get("done", args[1] if len(args) > 1 else None)
        total = kwargs.get("total", args[2] if len(args) > 2 else None)
        if not isinstance(stage, str) or not stage:
            return
        words, begin, end = STAGES.get(stage, (stage, None, None))
        self.job.stage = words
        if isinstance(done, int | float) and isinstance(total, int | float) and total > 0:
            self.job.done, self.job.total = int(done), int(total)
            if begin is not None and end is not None:
                self.job.fraction = max(self.job.fraction, begin + (end - begin) * min(done / total, 1.0))
