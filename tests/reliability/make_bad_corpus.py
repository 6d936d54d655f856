"""Write a corpus of broken, odd and foreign inputs into a folder, and say what each must become.

Run it as a script to look at the files: ``python tests/reliability/make_bad_corpus.py DIR``.

``make_bad_corpus(folder)`` returns ``{key: "article" | "rejected"}``: the outcome each
input must reach after the whole pipeline. A key is a file name, or ``name#N`` for the
N-th record of a JSON Lines or WARC file. ``expected_reads()`` gives what the reader
alone makes of each key (``"page"`` or ``"rejected"``).
"""

from __future__ import annotations

import gzip
import io
import random
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HUGE_BYTES = 50 * 1024 * 1024

_PLACES = ("Harbor City", "Millbrook", "Eastvale", "Port Adair", "Linden Falls", "Crestmoor")
_PEOPLE = ("Mayor Dana Whitfield", "Councillor Ravi Menon", "Inspector Ellen Okafor", "Director Tomas Berg")


def article_text(seed: int, *, title: bool = True) -> str:
    """An invented English news page of about 250 words; ``seed`` varies places and people."""
    rng = random.Random(seed)
    place, other = rng.sample(_PLACES, 2)
    person = rng.choice(_PEOPLE)
    amount = rng.randint(2, 90)
    paragraphs = [
        f"{place} council approves {amount} million plan to repair the old river bridge",
        (
            f"The council of {place} voted on Tuesday evening to spend {amount} million on repairs to the "
            "river bridge, which has been closed to heavy traffic since a routine inspection found "
            "cracks in two of its supporting piers last spring."
        ),
        (
            f"\u201cWe cannot ask families to drive an extra forty minutes every day,\u201d {person} said after "
            "the vote. \u201cThis bridge is how people get to work, to school and to the hospital.\u201d"
        ),
        (
            "Engineers expect the work to take eighteen months. During that time a temporary ferry will "
            f"carry cars between {place} and {other}, and buses will run every fifteen minutes at rush hour."
        ),
        (
            "Some residents questioned the cost. A local business group said the money would be better "
            "spent on a new crossing further upstream, arguing that the old structure will need repairs "
            "again within twenty years."
        ),
        (
            "The plan still needs approval from the regional transport office, which is expected to "
            f"decide next month. {person} said the office would agree."
        ),
    ]
    return "\n\n".join(paragraphs if title else paragraphs[1:]) + "\n"


_GERMAN = (
    "Stadtrat beschließt Sanierung der alten Flussbrücke\n\n"
    "Der Stadtrat hat am Dienstagabend beschlossen, mehrere Millionen Euro für die Reparatur der "
    "Flussbrücke auszugeben. Die Brücke ist seit dem vergangenen Frühjahr für den Schwerverkehr "
    "gesperrt, nachdem bei einer Routineprüfung Risse in zwei Pfeilern gefunden wurden.\n\n"
    "„Wir können den Familien nicht zumuten, jeden Tag vierzig Minuten Umweg zu fahren“, sagte die "
    "Bürgermeisterin nach der Abstimmung. Die Arbeiten sollen achtzehn Monate dauern.\n\n"
    "Während der Bauzeit soll eine Fähre die Autos über den Fluss bringen, und die Busse fahren in "
    "der Hauptverkehrszeit alle fünfzehn Minuten.\n"
)
_FRENCH = (
    "Le conseil municipal approuve la rénovation du vieux pont\n\n"
    "Le conseil municipal a voté mardi soir une enveloppe de plusieurs millions d'euros pour réparer "
    "le pont sur la rivière, fermé aux poids lourds depuis qu'une inspection de routine a révélé des "
    "fissures dans deux de ses piliers au printemps dernier.\n\n"
    "« Nous ne pouvons pas demander aux familles de faire quarante minutes de détour chaque jour », a "
    "déclaré la maire après le vote. Les travaux devraient durer dix-huit mois.\n\n"
    "Pendant ce temps, un bac transportera les voitures d'une rive à l'autre et les bus passeront "
    "toutes les quinze minutes aux heures de pointe.\n"
)
_CHINESE = (
    "市议会批准修复旧河桥计划\n\n"
    "市议会周二晚间投票决定拨款数百万元修复河上的旧桥。去年春天的例行检查发现两座桥墩出现裂缝后，"
    "这座桥一直禁止重型车辆通行。\n\n"
    "市长在投票后表示：“我们不能让每个家庭每天多开四十分钟的车。这座桥是人们上班、上学和去医院的必经之路。”\n\n"
    "工程预计需要十八个月。在此期间，一艘临时渡轮将在两岸之间运送车辆，高峰时段公交车每十五分钟一班。\n"
)


def _html_page(body: str, *, head: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in body.strip().split("\n\n")[1:])
    first = body.split("\n\n", 1)[0]
    return (
        f"<!DOCTYPE html><html><head><title>{first}</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{first}</h1>\n{paragraphs}</article>"
        f"<footer>Copyright 2024 The Example Gazette</footer></body></html>"
    )


def latin1_text() -> str:
    """An article with accented names and straight quotes: every character exists in latin-1."""
    text = article_text(80).replace("\u201c", '"').replace("\u201d", '"')
    return text.replace("Millbrook", "Zürich-Saint-Étienne").replace("Harbor City", "São Brás")


def _malformed_html() -> str:
    text = article_text(11)
    parts = text.strip().split("\n\n")
    broken = "".join(f"<p class=story>{p}<b><i>" for p in parts[1:])  # never closed, wrongly nested
    return (
        f"<html><head><title>{parts[0]}</title><meta charset=utf-8 <body></div></span>"
        f"<h1>{parts[0]}</h2>{broken}</td></table><div"
    )


def _deeply_nested_html(depth: int = 3000) -> str:
    text = article_text(12)
    parts = text.strip().split("\n\n")
    inner = "".join(f"<p>{p}</p>" for p in parts[1:])
    return (
        f"<html><head><title>{parts[0]}</title></head><body>"
        + "<div>" * depth
        + f"<h1>{parts[0]}</h1>{inner}"
        + "</div>" * depth
        + "</body></html>"
    )


def _jsonl_with_broken_lines() -> bytes:
    import json

    good = [
        {"url": f"https://www.gazette{n}.example/news/{n}", "title": f"Story {n}", "text": article_text(20 + n)}
        for n in range(2)
    ]
    lines = [
        json.dumps(good[0]),
        '{"url": "https://www.broken.example/x", "text": "unterminated',
        json.dumps(good[1]),
        "[1, 2, 3]",
        json.dumps({"url": "https://www.empty.example/y", "title": "No body here"}),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _warc(gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for n in range(3):
        body = _html_page(article_text(30 + n)).encode("utf-8")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://www.tribune{n}.example/story/{n}",
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
        )
        writer.write_record(record)
    data = out.getvalue()
    return data[: len(data) - 400]  # the crawl stopped while writing the third record


def _feed() -> bytes:
    from xml.sax.saxutils import escape

    items = []
    for n in range(2):
        body = article_text(40 + n) if n == 0 else ""
        html = "".join(f"<p>{p}</p>" for p in body.strip().split("\n\n")[1:]) if body else ""
        items.append(
            f"<item><title>Feed story {n}</title><link>https://www.courier.example/{n}</link>"
            f"<pubDate>Tue, 12 Mar 2024 09:30:00 +0000</pubDate><description>{escape(html)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>The Courier</title><link>https://www.courier.example/</link>{''.join(items)}</channel></rss>"
    ).encode()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("story.txt", article_text(50))
    return out.getvalue()


def _mojibake() -> bytes:
    """UTF-8 read as cp1252 (bytes cp1252 leaves undefined read as latin-1), saved as UTF-8 again."""
    misread = "".join(_cp1252_char(byte) for byte in article_text(60).encode("utf-8"))
    return misread.encode("utf-8")


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _noise(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _long_lines(repeats: int = 6000) -> bytes:
    """An article followed by one line of ``repeats`` clauses (6000: about 380 KB, no full stop)."""
    text = article_text(70)
    words = ("the council said the river bridge would reopen after repairs " * repeats).strip()
    return (text + "\n" + words + "\n").encode("utf-8")


@dataclass(frozen=True)
class Case:
    """One input file: how to write it, and what each of its keys must become."""

    name: str
    content: Callable[[], bytes]
    outcomes: dict[str, tuple[str, str]]  # key -> (reader outcome, pipeline outcome)


def _one(name: str, content: Callable[[], bytes], read: str, final: str) -> Case:
    return Case(name, content, {name: (read, final)})


CASES: tuple[Case, ...] = (
    _one("empty.txt", lambda: b"", "rejected", "rejected"),
    _one("whitespace.txt", lambda: b" \n\t  \r\n\n   ", "rejected", "rejected"),
    _one("image.png", lambda: b"\x89PNG\r\n\x1a\n" + _noise(1, 2048), "rejected", "rejected"),
    _one("document.pdf", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n" + _noise(2, 2048),
         "rejected", "rejected"),
    _one("archive.zip", _zip, "rejected", "rejected"),
    _one("random.bin", lambda: _noise(3, 8192), "rejected", "rejected"),
    _one("random_no_extension", lambda: _noise(4, 8192), "rejected", "rejected"),
    _one("random_named.html", lambda: _noise(5, 8192), "rejected", "rejected"),
    _one("control_chars.txt", lambda: bytes(range(1, 9)) * 500, "rejected", "rejected"),
    _one("corrupt.txt.gz", lambda: b"\x1f\x8b\x08\x00" + _noise(6, 512), "rejected", "rejected"),
    _one("long_lines.txt", _long_lines, "page", "article"),
    _one("latin1.txt", lambda: latin1_text().encode("latin-1"), "page", "article"),
    _one("cp1252.txt", lambda: article_text(81).encode("cp1252"), "page", "article"),
    _one("utf16_bom.txt", lambda: article_text(82).encode("utf-16"), "page", "article"),
    _one("utf16le_no_bom.txt", lambda: article_text(83).encode("utf-16-le"), "page", "article"),
    _one("mojibake.txt", _mojibake, "page", "article"),
    _one("page.html.gz", lambda: gzip.compress(_html_page(article_text(84)).encode(), mtime=0), "page", "article"),
    _one("malformed.html", lambda: _malformed_html().encode(), "page", "article"),
    _one("deeply_nested.html", lambda: _deeply_nested_html().encode(), "page", "article"),
    _one("head_only.html", lambda: b"<html><head><title>Nothing here</title></head></html>", "page", "rejected"),
    _one("no_body_tag.html", lambda: ("<html><head><title>Bridge</title></head>" + "".join(
        f"<p>{p}</p>" for p in article_text(85).split("\n\n"))).encode(), "page", "article"),
    _one("german.txt", lambda: _GERMAN.encode(), "page", "rejected"),
    _one("french.html", lambda: _html_page(_FRENCH).encode(), "page", "rejected"),
    _one("chinese.txt", lambda: _CHINESE.encode("gb18030"), "page", "rejected"),
    Case("broken.jsonl", _jsonl_with_broken_lines, {
        "broken.jsonl#1": ("page", "article"),
        "broken.jsonl#2": ("rejected", "rejected"),
        "broken.jsonl#3": ("page", "article"),
        "broken.jsonl#4": ("rejected", "rejected"),
        "broken.jsonl#5": ("rejected", "rejected"),
    }),
    Case("truncated.warc", lambda: _warc(False), {
        "truncated.warc#1": ("page", "article"),
        "truncated.warc#2": ("page", "article"),
        "truncated.warc#3": ("rejected", "rejected"),
    }),
    Case("truncated.warc.gz", lambda: _warc(True), {
        "truncated.warc.gz#1": ("page", "article"),
        "truncated.warc.gz#2": ("page", "article"),
        "truncated.warc.gz#3": ("rejected", "rejected"),
    }),
    Case("feed.xml", _feed, {"feed.xml#1": ("page", "article"), "feed.xml#2": ("rejected", "rejected")}),
)


def _write_huge(path: Path) -> None:
    paragraph = (article_text(90, title=False).replace("\n\n", "\n") + "\n").encode()
    with path.open("wb") as out:
        written = 0
        while written <= HUGE_BYTES:
            out.write(paragraph)
            written += len(paragraph)


def make_bad_corpus(folder: str | Path, *, huge: bool = True) -> dict[str, str]:
    """Write every case into ``folder``; return each key's expected pipeline outcome.

    ``huge`` adds ``huge.txt``, a 50 MB text file that must be rejected as too large, and
    makes the very long line of ``long_lines.txt`` 380 KB long; without it that line is
    38 KB, short enough for a run through the whole pipeline to take seconds.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    for case in CASES:
        content = case.content if huge or case.name != "long_lines.txt" else (lambda: _long_lines(600))
        (folder / case.name).write_bytes(content())
        expected.update({key: final for key, (_, final) in case.outcomes.items()})
    if huge:
        _write_huge(folder / "huge.txt")
        expected["huge.txt"] = "rejected"
    return expected


def expected_reads(*, huge: bool = True) -> dict[str, str]:
    """What the reader alone makes of each key: ``"page"`` or ``"rejected"``."""
    reads = {key: read for case in CASES for key, (read, _) in case.outcomes.items()}
    if huge:
        reads["huge.txt"] = "rejected"
    return reads


if __name__ == "__main__":
    for key, outcome in sorted(make_bad_corpus(sys.argv[1] if len(sys.argv) > 1 else "bad-corpus").items()):
        print(f"{outcome:9} {key}")
