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
    stack: list[Iterator[tuple[str, bool]]] = []
    listing = _listing(root)
    if isinstance(listing, Rejected):
        yield listing
        return
    stack.append(iter(listing))
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        path, is_folder = child
        if not is_folder:
            yield path
            continue
        folder = _folder_id(path)
        if folder is None or folder in seen:  # gone, or a symbolic link back up the tree
            continue
        seen.add(folder)
        listing = _listing(path)
        if isinstance(listing, Rejected):
            yield listing
        else:
            stack.append(iter(listing))


def _listing(folder: str) -> list[tuple[str, bool]] | Rejected:
    """The entries of ``folder`` as (path, is a folder), sorted by name."""
    try:
        with os.scandir(folder) as entries:
            found = sorted((entry.name, _is_folder(entry)) for entry in entries if not is_passed_over(entry.name))
    except OSError as err:
        return Rejected(folder, f"cannot list folder: {err.strerror or err}")
    return [(os.path.join(folder, name), is_folder) for name, is_folder in found]


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
