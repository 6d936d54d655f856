"""Tell what kind of input a file holds: from its name first, then from its first bytes.

Kinds: ``text``, ``html``, ``jsonl``, ``json``, ``warc``, ``feed``. Binary files (images,
PDFs, archives, executables) are recognised by their magic numbers so they can be
rejected with a name a person understands.

>>> kind_from_name("page.HTML")
'html'
>>> kind_from_name("crawl.warc.gz")
'warc'
>>> binary_kind(b"%PDF-1.7 ...")
'PDF document'
>>> sniff_kind(b"<!DOCTYPE html><html>...")
'html'
"""

from __future__ import annotations

import json
import re

GZIP_MAGIC = b"\x1f\x8b"

_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

# (prefix, offset, what it is). Checked before any attempt to decode text.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive"),
    (b"PK\x05\x06", 0, "ZIP archive"),
    (b"PK\x07\x08", 0, "ZIP archive"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"II*\x00", 0, "TIFF image"),
    (b"MM\x00*", 0, "TIFF image"),
    (b"RIFF", 0, "RIFF media file"),
    (b"OggS", 0, "Ogg media file"),
    (b"ID3", 0, "MP3 audio"),
    (b"ftyp", 4, "MP4/QuickTime media file"),
    (b"BZh", 0, "bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", 0, "zstd archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"\xca\xfe\xba\xbe", 0, "Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", 0, "Mach-O executable"),
    (b"\x00asm", 0, "WebAssembly module"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "MS Office document"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
    (b"wOFF", 0, "web font"),
    (b"wOF2", 0, "web font"),
)

_STARTS = tuple(magic for magic, offset, _ in _MAGIC if offset == 0)

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"<(?:head|body|div|p|article|title|meta|script|h1|table)[\s>/]", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def split_gz(name: str) -> tuple[str, bool]:
    """The name without a trailing ``.gz`` and whether it had one."""
    if name.lower().endswith(".gz"):
        return name[:-3], True
    return name, False


def kind_from_name(name: str) -> str | None:
    """The input kind its file name announces, or None when the name says nothing."""
    base, _ = split_gz(name)
    lower = base.lower()
    dot = lower.rfind(".")
    if dot <= 0 or "/" in lower[dot:]:
        return None
    return _EXTENSIONS.get(lower[dot:])


def binary_kind(head: bytes) -> str | None:
    """What binary format ``head`` (the first bytes of a file) starts with, if any."""
    if not head.startswith(_STARTS) and head[4:8] != b"ftyp":
        return None
    for magic, offset, what in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return what
    return None


def sniff_kind(head: bytes) -> str:
    """The input kind of a file whose name says nothing, judged from its first bytes."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _HTML_START.match(stripped):
        return "html"
    if stripped.startswith((b"<?xml", b"<rss", b"<feed")):
        return "feed" if _FEED_ROOT.search(head) else ("html" if _HTML_TAGS.search(head) else "feed")
    if stripped.startswith(b"<") and len(_HTML_TAGS.findall(head)) >= 2:
        return "html"
    if stripped.startswith(b"{") and _first_line_is_object(stripped):
        return "jsonl"
    return "text"


def refine_kind(kind: str, head: bytes) -> str:
    """Correct a kind taken from the name when the content clearly says otherwise."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if kind == "feed" and not _FEED_ROOT.search(head) and _HTML_START.match(stripped):
        return "html"
    return kind


def _first_line_is_object(data: bytes) -> bool:
    line = data.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        # A first line cut off by the sniffing window still starts like a record.
        return line.startswith(b'{"') and b"\n" not in data
