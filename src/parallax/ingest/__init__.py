"""Read news pages from files and folders: plain text, HTML, JSON Lines, WARC, RSS/Atom.

:func:`read_pages` streams: it opens one file at a time and yields a :class:`Page` for
every page it finds or a :class:`Rejected` (with the reason) for every input it cannot
use, so every file and every record is accounted for. It never raises for a bad file.

>>> for item in read_pages(["examples/corpus"]):      # doctest: +SKIP
...     print(item.source, type(item).__name__)
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from os import PathLike
from typing import IO, Any

from ..config import Settings
from ..errors import InputError
from ..model import Page, Rejected
from .decode import bom_encoding
from .feeds import read_feed
from .files import walk
from .html import read_html
from .jsonl import read_json, read_jsonl
from .sniff import GZIP_MAGIC, binary_kind, kind_from_name, refine_kind, sniff_kind, split_gz
from .text import read_text
from .warc import read_warc

__all__ = ["read_file", "read_pages"]

_HEAD_BYTES = 8192


def read_pages(
    paths: Iterable[str | PathLike[str]] | str | PathLike[str],
    *,
    outlet: str | None = None,
    settings: Settings | None = None,
) -> Iterator[Page | Rejected]:
    """Every page under ``paths`` (files or folders, recursively), one at a time.

    Folders are read in sorted order, hidden entries and parallax's own stores left out.
    ``outlet`` names the outlet of pages that neither say it nor have a URL.
    A missing path, an unreadable, empty, binary or too large file, and a broken record
    each give a :class:`Rejected` with the reason; ``source`` is the path as given, with
    ``#N`` for the N-th record of a JSONL, WARC or feed file.
    """
    settings = settings or Settings()
    if isinstance(paths, str | bytes | PathLike):
        paths = [paths]
    for path in paths:
        for found in walk(os.fsdecode(path)):
            if isinstance(found, Rejected):
                yield found
            else:
                yield from read_file(found, outlet=outlet, settings=settings)


def read_file(source: str, *, outlet: str | None = None, settings: Settings | None = None) -> Iterator[Page | Rejected]:
    """The pages of one file (see :func:`read_pages`); never raises for a bad file."""
    settings = settings or Settings()
    try:
        yield from _read_file(source, outlet, settings.max_page_bytes)
    except InputError as err:
        yield Rejected(source, err.reason)
    except PermissionError:
        yield Rejected(source, "cannot read: permission denied")
    except (gzip.BadGzipFile, zlib.error, EOFError) as err:
        yield Rejected(source, f"corrupt or truncated gzip data ({err or type(err).__name__})")
    except OSError as err:
        yield Rejected(source, f"cannot read: {err.strerror or err}")
    except (MemoryError, RecursionError) as err:
        yield Rejected(source, f"too complex to read ({type(err).__name__})")
    except Exception as err:  # noqa: BLE001 - a library failing on odd input must not stop the run
        yield Rejected(source, f"unreadable ({type(err).__name__}: {err})")


def _read_file(source: str, outlet: str | None, max_bytes: int) -> Iterator[Page | Rejected]:
    info = os.stat(source)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file")
    if info.st_size == 0:
        raise InputError("empty file (0 bytes)")
    name, _ = split_gz(os.path.basename(source))
    with open(source, "rb") as raw:
        head = raw.read(_HEAD_BYTES)
        raw.seek(0)
        compressed = head.startswith(GZIP_MAGIC)
        if compressed:
            head = _unpacked_head(raw)
        kind = _kind(name, head)
        if kind == "warc":
            yield from read_warc(source, raw, size=info.st_size, outlet=outlet, max_bytes=max_bytes)
            return
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if compressed else raw  # type: ignore[assignment]
        if kind == "jsonl":
            yield from read_jsonl(source, _text_stream(stream, head), outlet=outlet, max_bytes=max_bytes)
            return
        if not compressed and info.st_size > max_bytes:
            raise InputError(f"too large ({info.st_size} bytes, the limit is {max_bytes})")
        data = head if len(head) < _HEAD_BYTES and not compressed else stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(f"too large (over {max_bytes} bytes after decompression)")
        yield from _read_document(kind, source, data, outlet)


def _unpacked_head(raw: IO[bytes]) -> bytes:
    """The first bytes of a gzip stream, tolerating a stream cut short (judged later)."""
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    head = unpacker.decompress(raw.read(64 * 1024), _HEAD_BYTES)
    raw.seek(0)
    return head


def _kind(name: str, head: bytes) -> str:
    what = binary_kind(head)
    if what:
        raise InputError(f"binary file ({what}), not a news page")
    named = kind_from_name(name)
    return refine_kind(named, head) if named else sniff_kind(head)


def _read_document(kind: str, source: str, data: bytes, outlet: str | None) -> Iterator[Page | Rejected]:
    if not data:
        raise InputError("empty file (after gzip decompression)")
    if not data.strip():
        raise InputError(f"only whitespace ({len(data)} bytes), no page text")
    if kind == "html":
        yield read_html(source, data, outlet=outlet)
    elif kind == "feed":
        yield from read_feed(source, data, outlet=outlet)
    elif kind == "json":
        yield from read_json(source, data, outlet=outlet)
    else:
        yield read_text(source, data, outlet=outlet)


def _text_stream(stream: IO[bytes], head: bytes) -> IO[Any]:
    """JSON Lines in UTF-16/32 are read as text (their newlines are not single bytes)."""
    encoding = bom_encoding(head)
    if encoding and encoding != "utf-8":
        return io.TextIOWrapper(stream, encoding=encoding.rsplit("-", 1)[0], errors="replace")
    return stream
