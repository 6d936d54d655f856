"""Turn the bytes of a page into text: byte-order marks, UTF-8, UTF-16, legacy code pages.

Order of trust: a byte-order mark, then UTF-16/32 recognised by its zero bytes, then
strict UTF-8, then the charset the page declares, then charset-normalizer's guess (which
handles latin-1, cp1252 and friends). ftfy then repairs mojibake ("CafÃ©" -> "Café").
Bytes that are not text at all raise :class:`InputError` with what they look like.

>>> decode_page("Café".encode("cp1252"))
'Café'
>>> decode_page("Caf\\u00c3\\u00a9 cr\\u00c3\\u00a8me".encode("utf-8"))
'Café crème'
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import ftfy

from ..errors import InputError
from .sniff import binary_kind

# How much of a large page charset-normalizer looks at: its guess does not improve
# with more text, but its time grows with it.
_DETECT_SAMPLE = 64 * 1024
_MAX_CONTROL_BYTES = 0.10
_MAX_BAD_CHARS = 0.05

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_FIXES = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    explain=False,
)

# Control characters other than tab/newline/form feed, lone surrogates, U+FFFD.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_LATIN_HIGH_SHARE = 0.3
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def decode_page(data: bytes, *, declared: str | None = None, fix: bool = True) -> str:
    """Decode the bytes of one page to text, or raise :class:`InputError` if they are not text.

    ``declared`` is a charset named by the page itself (HTTP header, ``<meta charset>``);
    it is used only when the bytes are not valid UTF-8. ``fix`` runs ftfy's mojibake
    repair and line-break normalisation on the result.
    """
    text = _decode(data, declared)
    _check_text(text)
    if fix:
        text = fix_text(text)
    return text


def fix_text(text: str) -> str:
    """Repair mojibake and unify line breaks.

    ftfy works line by line and costs far more than the rest of reading together, so it
    only runs on text where a UTF-8 lead byte read as cp1252/latin-1 ("Ã", "â") is
    followed by a continuation byte read the same way ("©", "€"): the mark of mojibake.
    """
    if text.isascii() or not _MOJIBAKE.search(text):
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return ftfy.fix_text(text, _FIXES)


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` announces, if any."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def _decode(data: bytes, declared: str | None) -> str:
    encoding = bom_encoding(data)
    if encoding:
        return data.decode(encoding, errors="replace").lstrip("\ufeff")
    wide = _wide_encoding(data[:4096])
    if wide:
        return data.decode(wide, errors="replace")
    what = binary_kind(data[:64])
    if what:
        raise InputError(f"binary file ({what}), not a news page")
    _check_bytes(data[:_DETECT_SAMPLE])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _known_codec(declared)
    # A declared UTF-16/32 without the zero bytes checked above is a wrong declaration.
    if declared and not declared.startswith(("utf-8", "utf-16", "utf-32")):
        return data.decode(declared, errors="replace")
    return data.decode(_guess_encoding(data), errors="replace")


def _wide_encoding(head: bytes) -> str | None:
    """UTF-16/UTF-32 without a byte-order mark, recognised by where its zero bytes fall."""
    n = len(head) - len(head) % 4
    if n < 8:
        return None
    head = head[:n]
    zeros = [head[i::4].count(0) / (n // 4) for i in range(4)]
    if zeros[1] > 0.9 and zeros[2] > 0.9 and zeros[3] > 0.9 and zeros[0] < 0.1:
        return "utf-32-le"
    if zeros[0] > 0.9 and zeros[1] > 0.9 and zeros[2] > 0.9 and zeros[3] < 0.1:
        return "utf-32-be"
    even = (zeros[0] + zeros[2]) / 2
    odd = (zeros[1] + zeros[3]) / 2
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def _check_bytes(sample: bytes) -> None:
    if not sample:
        return
    if b"\x00" in sample:
        raise InputError("binary file (contains NUL bytes), not a news page")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > _MAX_CONTROL_BYTES:
        raise InputError(f"binary file ({controls} control bytes in the first {len(sample)}), not text")


def _check_text(text: str) -> None:
    sample = text[:_DETECT_SAMPLE]
    if not sample:
        return
    bad = len(_NOT_TEXT.findall(sample))
    if bad / len(sample) > _MAX_BAD_CHARS:
        raise InputError(f"binary or undecodable file ({bad} of {len(sample)} characters are not text)")


def _guess_encoding(data: bytes) -> str:
    """The code page of bytes that are not UTF-8.

    Text in a Latin script has few bytes above 0x7F, and for such text a short sample
    does not let charset-normalizer tell cp1252 from cp1250, cp775 or even UTF-16: the
    web's common case, cp1252 (latin-1 where cp1252 leaves a byte undefined), wins.
    Text where most bytes are high (Cyrillic, Greek, CJK) goes to charset-normalizer.
    """
    sample = data[:_DETECT_SAMPLE]
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    if high / max(len(sample), 1) < _LATIN_HIGH_SHARE:
        return "cp1252" if _decodes(sample, "cp1252") else "latin-1"
    best = charset_normalizer.from_bytes(sample).best()
    encoding = _known_codec(best.encoding) if best is not None else None
    if encoding is None:
        raise InputError("undecodable file: not text in any known encoding")
    if encoding.startswith(("utf-16", "utf-32")):
        # Without zero bytes (checked before) this is a wrong guess on a short sample.
        return "cp1252" if _decodes(sample, "cp1252") else "latin-1"
    return encoding


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    # base64, rot13 and friends are codecs too, but not text encodings.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
