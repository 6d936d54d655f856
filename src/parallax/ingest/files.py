"""Find the files under the paths a user gives, one at a time, in a fixed order.

Folders are walked recursively and depth-first, entries sorted by name, so two runs over
the same tree read the same files in the same order. Hidden entries (``.name``) and the
files parallax itself writes (SQLite stores) are passed over. Only one folder listing is
held per level, so a folder of 100,000 pages costs its list of names, not its pages.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from ..model import Rejected

#: Files parallax writes next to its inputs; reading them back as pages would be wrong.
OWN_OUTPUTS = (".db", ".db-wal", ".db-shm", ".db-journal", ".sqlite", ".sqlite3", ".sqlite-wal", ".sqlite-shm")


def is_passed_over(name: str) -> bool:
    """True for a folder entry that is not an input: hidden, or a store parallax writes."""
    return name.startswith(".") or name.lower().endswith(OWN_OUTPUTS)


def walk(path: str) -> Iterator[str | Rejected]:
    """Every file path under ``path`` (or ``path`` itself when it is a file).

    A path that does not exist or cannot be listed yields a :class:`Rejected` instead.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield Rejected(path, "no such file or folder")
        return
    except OSError as err:
        yield Rejected(path, f"cannot read: {err.strerror or err}")
        return
    if not stat.S_ISDIR(info.st_mode):
        yield path
        return
    yield from _walk_folder(path, {(info.st_dev, info.st_ino)})


def _walk_folder(root: str, seen: set[tuple[int, int]]) -> Iterator[str | Rejected]:
    # One (folder, remaining entries) per level; entries hold names, not joined paths.
    stack: list[tuple[str, Iterator[tuple[str, bool]]]] = []
    listing = _listing(root)
    if isinstance(listing, Rejected):
        yield listing
        return
    stack.append((root, iter(listing)))
    while stack:
        folder, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        path = os.path.join(folder, entry[0])
        if not entry[1]:
            yield path
            continue
        identity = _folder_id(path)
        if identity is None or identity in seen:  # gone, or a symbolic link back up the tree
            continue
        seen.add(identity)
        listing = _listing(path)
        if isinstance(listing, Rejected):
            yield listing
        else:
            stack.append((path, iter(listing)))


def _listing(folder: str) -> list[tuple[str, bool]] | Rejected:
    """The entries of ``folder`` as (name, is a folder), sorted by name."""
    try:
        with os.scandir(folder) as entries:
            return sorted((entry.name, _is_folder(entry)) for entry in entries if not is_passed_over(entry.name))
    except OSError as err:
        return Rejected(folder, f"cannot list folder: {err.strerror or err}")


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False  # the reader reports it when it tries to open it


def _folder_id(path: str) -> tuple[int, int] | None:
    """(device, inode) of the folder at ``path`` (links followed), None if it went away."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)
