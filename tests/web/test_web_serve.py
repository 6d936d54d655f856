"""``parallax serve`` as a user runs it: a real server process on a loopback port."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from parallax.errors import UsageError
from parallax.web import serve

from .conftest import save_result, water_order_result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A ``parallax serve`` process over a small store: (base URL, the token it printed)."""
    db = save_result(tmp_path / "served.db", water_order_result())
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PARALLAX_TOKEN"}
    command = [sys.executable, "-c", "import sys; from parallax.cli import main; sys.exit(main(sys.argv[1:]))",
               "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/api/stories", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("parallax serve did not start") from None
                time.sleep(0.2)
        token = Path(str(db) + ".token").read_text().strip()
        yield base, token
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert token in output  # the generated token was printed for the user
    assert re.search(rf"http://127\.0\.0\.1:{port}/", output)


def test_serve_shows_stories_and_guards_writes(served: tuple[str, str]) -> None:
    base, token = served
    home = httpx.get(base + "/")
    assert home.status_code == 200 and "text/html" in home.headers["content-type"]
    assert 'href="/stories/s-water"' in home.text
    stories = httpx.get(base + "/api/stories").json()
    assert stories["total"] == 2
    assert httpx.post(base + "/api/pages", json={"text": "words"}).status_code == 401
    assert httpx.post(base + "/api/pages", json={"text": "words"},
                      headers={"Authorization": "Bearer wrong"}).status_code == 403
    accepted = httpx.post(base + "/api/pages", json={"text": "Some words of a page."},
                          headers={"Authorization": f"Bearer {token}"})
    assert accepted.status_code == 202 and accepted.json()["job"]


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.2"])
def test_serve_refuses_no_auth_off_loopback(tmp_path: Path, host: str) -> None:
    with pytest.raises(UsageError, match="127.0.0.1"):
        serve(tmp_path / "x.db", host, 8000, token=None, no_auth=True)
