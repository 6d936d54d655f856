"""The embedding worker process: the background half of :class:`~.embed.Embedder`.

The pipeline embeds sentences while spaCy parses. In a thread of the same process the two
take turns at Python's global lock (tokenising, pooling and spaCy's Python parts all need
it), which slowed both by 12–20% on two cores. The worker is a separate interpreter,
started with ``python -m parallax.stories.embed_worker`` — not through ``multiprocessing``,
whose "spawn" start would run the caller's unguarded script again in the child. It reads
pickled job lists on stdin and writes their vectors on stdout, one answer per request.

If the worker cannot be started or dies, :class:`WorkerProcess` says so (``usable()``
turns False) and the embedder's background thread computes in-process instead: the
vectors are the same either way.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

#: Seconds allowed for the worker to start and load its model.
START_TIMEOUT = 120


class WorkerProcess:
    """One child process with an embedder of its own (or, with ``module``, whatever that
    module's ``main`` serves through :func:`serve`), started on first use."""

    def __init__(self, settings: Any, *, enabled: bool = True, module: str = "parallax.stories.embed_worker",
                 name: str = "embedding worker") -> None:
        self.settings = settings
        self.enabled = enabled
        self.module = module  # run as ``python -m module``: reads ``settings``, answers "ready", serves jobs
        self.name = name
        self._proc: subprocess.Popen[bytes] | None = None
        self._failed = False
        self._lock = threading.Lock()

    def usable(self) -> bool:
        """Whether jobs should go to the worker (it is wanted and has not failed)."""
        return self.enabled and not self._failed

    def start(self) -> bool:
        """Start the worker and wait until its model is loaded; False where it cannot run."""
        if not self.usable():
            return False
        with self._lock:
            try:
                self._ensure()
            except Exception:  # noqa: BLE001 - the thread computes instead
                self._fail()
        return self.usable()

    def run(self, jobs: list[Any]) -> Any:
        """The worker's ``Embedder._vectors(jobs)``; raises (and gives up on the worker)
        when it cannot answer."""
        with self._lock:
            try:
                proc = self._ensure()
                assert proc.stdin is not None and proc.stdout is not None
                pickle.dump(jobs, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                proc.stdin.flush()
                answer = pickle.load(proc.stdout)
            except Exception:
                self._fail()
                raise
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def stop(self) -> None:
        """End the worker (it exits when its input closes)."""
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    def _ensure(self) -> subprocess.Popen[bytes]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        if self._proc is not None:
            raise RuntimeError(f"the {self.name} ended")
        proc = subprocess.Popen([sys.executable, "-m", self.module], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._proc = proc
        assert proc.stdin is not None and proc.stdout is not None
        pickle.dump(self.settings, proc.stdin)
        proc.stdin.flush()
        timer = threading.Timer(START_TIMEOUT, proc.kill)
        timer.start()
        try:
            ready = pickle.load(proc.stdout)
        finally:
            timer.cancel()
        if ready != "ready":
            raise RuntimeError(f"the {self.name} did not start: {ready!r}")
        return proc

    def _fail(self) -> None:
        self._failed = True
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()


def serve(setup: Callable[[Any], Callable[[Any], Any]], failure: str) -> None:
    """A worker's loop: ``setup(settings)`` (settings read from stdin) gives the function
    that answers each job list read from stdin; answers are written to stdout until
    stdin closes. An error becomes a ``RuntimeError`` answer (``failure: error``)."""
    stdin = sys.stdin.buffer
    # Answers go out on the original stdout only; anything a library prints goes to stderr.
    stdout = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _yield_to_parent()
    answer_for = setup(pickle.load(stdin))
    pickle.dump("ready", stdout)
    stdout.flush()
    while True:
        try:
            jobs = pickle.load(stdin)
        except EOFError:
            return
        try:
            answer: Any = answer_for(jobs)
        except Exception as exc:  # noqa: BLE001 - sent back, raised in the parent
            answer = RuntimeError(f"{failure}: {exc}")
        pickle.dump(answer, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()


#: How much lower a worker's scheduling priority is than its parent's (``os.nice``).
NICENESS = 5


def _yield_to_parent() -> None:
    """Lower this worker's priority: its work is ahead of need, while the parent's parse
    is what the run waits for. Where more processes than cores want to run, the parent
    keeps a core of its own and the workers share what is left."""
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):  # no such call here, or not allowed: run as it is
        pass


def main() -> None:
    """Serve ``Embedder._vectors`` requests on stdin/stdout until stdin closes."""

    def setup(settings: dict[str, Any]) -> Callable[[Any], Any]:
        from .embed import Embedder

        embedder = Embedder(threads=1, worker_process=False, **settings)
        embedder._load(1)
        return lambda jobs: embedder._vectors(jobs, 1)

    serve(setup, "embedding failed in the worker")


if __name__ == "__main__":
    main()
