"""A small, hand-built Result about one invented story, for report and store tests.

Three invented outlets cover an invented bridge closure; a fourth runs a syndicated copy
of the first; one unrelated article belongs to no story; two inputs were rejected. Every
text here is invented for these tests.

``build_result(mark)`` puts ``mark`` into every text field a report shows (titles, outlet
names, bodies, quotes, comments, removed parts, labels, loaded words, rejected inputs, urls)
so that the same fixture doubles as an escaping corpus.
"""

from __future__ import annotations

import re

from parallax.model import (
    Actor,
    Article,
    Comment,
    Comparison,
    Fact,
    Label,
    Loaded,
    Omission,
    Quote,
    QuoteMatch,
    QuoteVariant,
    Rejected,
    Removed,
    Result,
    Span,
    Statement,
    Story,
)

LEDGER_BODY = (
    "Governor Elena Vasquez ordered the Delmar River Bridge closed on Tuesday after inspectors "
    "found cracks in two of its steel supports.\n\n"
    "The bridge carries about 42,000 vehicles a day between Eastport and the city centre. "
    "It will stay closed for at least six weeks while engineers assess the damage.\n\n"
    "\u201cWe are not going to gamble with people\u2019s lives,\u201d Vasquez said at a news conference. "
    "\u201cThe bridge stays shut until the engineers tell me it is safe.\u201d\n\n"
    "Transport commissioner Daniel Okafor said buses would be rerouted over the Hale Street crossing. "
    "Okafor added that a ferry service could start within ten days.\n\n"
    "Opposition leader Marcus Bell called the closure overdue. "
    "\u201cThis administration ignored the warnings for three years,\u201d Bell said."
)

PATRIOT_BODY = (
    "Embattled Governor Elena Vasquez abruptly shut down the Delmar River Bridge on Tuesday, stranding "
    "tens of thousands of furious commuters after inspectors found cracks in its supports.\n\n"
    "The crumbling bridge carries some 45,000 vehicles a day. "
    "Officials admit it could stay closed for months.\n\n"
    "\u201cWe are not going to gamble with lives,\u201d Vasquez claimed. "
    "She kept dodging questions about why earlier warnings were ignored.\n\n"
    "Opposition leader Marcus Bell slammed the chaotic decision. "
    "\u201cThis administration ignored the warnings for three years,\u201d Bell said. "
    "\u201cNow families pay the price.\u201d\n\n"
    "Commuters face a nightmare detour over the Hale Street crossing."
)

VOICE_BODY = (
    "Governor Elena Vasquez closed the Delmar River Bridge on Tuesday after a routine inspection found "
    "cracks in two steel supports, a decision engineers praised as prudent.\n\n"
    "\u201cWe are not going to gamble with people\u2019s lives,\u201d the governor said. "
    "\u201cThe bridge stays shut until the engineers tell me it is safe.\u201d\n\n"
    "The bridge carries about 42,000 vehicles a day. Transport commissioner Daniel Okafor said a "
    "temporary ferry would begin service within ten days and buses would use the Hale Street crossing.\n\n"
    "Community groups welcomed the plan to hire local workers for the repairs."
)

LIBRARY_BODY = (
    "The Marlow public library will open on Sundays from next month, the library board said on Monday.\n\n"
    "The board said volunteers and two new staff members would cover the extra hours."
)


def _sentences(body: str) -> tuple[Span, ...]:
    spans = []
    for m in re.finditer(r"[^\n.!?]+(?:[.!?][\u201d\"]?|$)", body):
        text = m.group().strip()
        if text:
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            spans.append(Span(start, start + len(text), "sentence", text))
    return tuple(spans)


def _at(body: str, text: str, after: int = 0) -> tuple[int, int]:
    start = body.index(text, after)
    return start, start + len(text)


def _quote(body: str, text: str, speaker: str) -> Quote:
    start, end = _at(body, text)
    return Quote(text=text, start=start, end=end, speaker=speaker, cue="said")


def _statement(article: Article, text: str) -> Statement:
    start, end = _at(article.body, text)
    return Statement(article=article.id, text=text, start=start, end=end)


def _loaded(article: Article, text: str, score: float) -> Loaded:
    start, end = _at(article.body, text)
    return Loaded(article=article.id, text=text, start=start, end=end, score=score)


def _with_mark(body: str, mark: str) -> str:
    return body if not mark else body + f"\n\nReaders wrote in: \u201c{mark}\u201d the governor said."


def _articles(mark: str) -> list[Article]:
    url_scheme = "javascript:alert(1)//" if mark else "https://"
    common = {"language": "en"}
    ledger = Article(
        id="a-ledger00001",
        source=f"pages/ledger/bridge{mark}.txt",
        body=_with_mark(LEDGER_BODY, mark),
        outlet=f"The Riverside Ledger{mark}",
        url=f"{url_scheme}ledger.example/bridge",
        title=f"Delmar River Bridge closed after inspectors find cracks{mark}",
        byline=f"By Ana Reyes{mark}",
        published="2026-03-04T09:15:00+00:00",
        removed=(
            Removed("share", f"Share on social media Email Print{mark}"),
            Removed("caption", f"Image: The Delmar River Bridge at dawn. (Ledger photo){mark}"),
            Removed("related", f"More from Metro: Tram fares to rise in April{mark}"),
        ),
        **common,
    )
    patriot = Article(
        id="a-patriot0002",
        source=f"pages/patriot/bridge-chaos{mark}.txt",
        body=_with_mark(PATRIOT_BODY, mark),
        outlet=f"Patriot Daily{mark}",
        url=f"{url_scheme}patriot.example/bridge-chaos",
        title=f"Bridge chaos: Vasquez strands commuters{mark}",
        byline=None,
        published="2026-03-04T13:40:00+00:00",
        removed=(
            Removed("teaser", f"TRENDING: Ten things the mayor won't tell you{mark}"),
            Removed("advertisement", f"Advertisement{mark}"),
            Removed("comment_form", f"Enter comments here:{mark}"),
        ),
        comments=(
            Comment("c1", f"Typical. They knew about the cracks for years.{mark}", None, f"riverwatch{mark}",
                    0.08, 0),
            Comment("c2", f"Source? The inspection was last week.{mark}", "c1", "eastporter", 0.04, 1),
            Comment("c3", f"You people are idiots, read the report.{mark}", "c2", "anon42", 0.91, 2),
            Comment("c4", f"Glad they shut it before someone got hurt.{mark}", None, None, 0.02, 0),
        ),
        **common,
    )
    voice = Article(
        id="a-voice000003",
        source=f"pages/voice/bridge{mark}.html",
        body=_with_mark(VOICE_BODY, mark),
        outlet=f"Harbor Voice{mark}",
        url=f"{url_scheme}harborvoice.example/bridge",
        title=f"Governor closes bridge as precaution, ferry planned{mark}",
        byline=f"Jo Mensah{mark}",
        published="2026-03-05T07:05:00+00:00",
        removed=(Removed("navigation", f"Home News Metro Opinion{mark}"),),
        **common,
    )
    courier = ledger.replace(
        id="a-courier0004",
        source=f"pages/courier/bridge{mark}.txt",
        outlet=f"Northgate Courier{mark}",
        url=f"{url_scheme}courier.example/bridge",
        byline=f"Riverside Ledger wire{mark}",
        published="2026-03-04T11:00:00+00:00",
        removed=(),
    )
    library = Article(
        id="a-library0005",
        source=f"pages/ledger/library{mark}.txt",
        body=LIBRARY_BODY,
        outlet=f"The Riverside Ledger{mark}",
        title=f"Library to open on Sundays{mark}",
        published="2026-03-02T08:00:00+00:00",
        **common,
    )
    return [ledger, patriot, voice, courier, library]


def _annotate(article: Article, mark: str) -> Article:
    body = article.body
    quotes = []
    for text, speaker in (
        ("We are not going to gamble with people\u2019s lives,", "Elena Vasquez"),
        ("We are not going to gamble with lives,", "Elena Vasquez"),
        ("The bridge stays shut until the engineers tell me it is safe.", "Elena Vasquez"),
        ("This administration ignored the warnings for three years,", "Marcus Bell"),
        ("Now families pay the price.", "Marcus Bell"),
    ):
        if text in body:
            quotes.append(_quote(body, text, speaker))
    if mark and mark in body:
        quotes.append(_quote(body, mark, f"Elena Vasquez{mark}"))
    actors = tuple(
        Actor(name=name, descriptors=tuple(d for d in descriptors if d.lower() in body.lower()))
        for name, descriptors in (
            ("Elena Vasquez", ("Governor", "Embattled Governor", "the governor")),
            ("Marcus Bell", ("Opposition leader",)),
        )
        if name.split()[-1] in body
    )
    tone = {"a-ledger00001": -0.05, "a-patriot0002": -0.62, "a-voice000003": 0.31}.get(article.id, 0.0)
    return article.replace(
        sentences=_sentences(body), quotes=tuple(quotes), actors=actors, tone=tone
    )


def _comparison(ledger: Article, patriot: Article, voice: Article, mark: str) -> Comparison:
    L, P, V = ledger, patriot, voice
    s = _statement
    facts = [
        Fact((s(L, "Governor Elena Vasquez ordered the Delmar River Bridge closed on Tuesday after "
                   "inspectors "
                   "found cracks in two of its steel supports."),
              s(P, "Embattled Governor Elena Vasquez abruptly shut down the Delmar River Bridge on Tuesday, "
                   "stranding tens of thousands of furious commuters after inspectors found cracks in its "
                   "supports."),
              s(V, "Governor Elena Vasquez closed the Delmar River Bridge on Tuesday after a routine "
                   "inspection "
                   "found cracks in two steel supports, a decision engineers praised as prudent.")),
             (L.outlet, P.outlet, V.outlet)),
        Fact((s(L, "The bridge carries about 42,000 vehicles a day between Eastport and the city centre."),
              s(P, "The crumbling bridge carries some 45,000 vehicles a day."),
              s(V, "The bridge carries about 42,000 vehicles a day.")),
             (L.outlet, P.outlet, V.outlet), "numbers differ: 42,000 vs 45,000"),
        Fact((s(L, "It will stay closed for at least six weeks while engineers assess the damage."),
              s(P, "Officials admit it could stay closed for months.")),
             (L.outlet, P.outlet), "durations differ: at least six weeks vs months"),
        Fact((s(L, "Okafor added that a ferry service could start within ten days."),
              s(V, "Transport commissioner Daniel Okafor said a temporary ferry would begin service "
                   "within ten "
                   "days and buses would use the Hale Street crossing.")),
             (L.outlet, V.outlet)),
        Fact((s(L, "Opposition leader Marcus Bell called the closure overdue."),
              s(P, "Opposition leader Marcus Bell slammed the chaotic decision.")),
             (L.outlet, P.outlet)),
        Fact((s(V, "Community groups welcomed the plan to hire local workers for the repairs."),),
             (V.outlet,)),
        Fact((s(P, "She kept dodging questions about why earlier warnings were ignored."),), (P.outlet,)),
    ]
    if mark:
        said = f"Readers wrote in: \u201c{mark}\u201d the governor said."
        facts.append(Fact(tuple(s(a, said) for a in (L, P, V)),
                          (L.outlet, P.outlet, V.outlet), f"wording differs{mark}"))
    omissions = (Omission(V.id, V.outlet, 2), Omission(V.id, V.outlet, 4), Omission(P.id, P.outlet, 3))

    def variant(a: Article, text: str) -> QuoteVariant:
        start, end = _at(a.body, text)
        return QuoteVariant(a.id, text, start, end)

    people = "We are not going to gamble with people\u2019s lives,"
    quote_matches = [
        QuoteMatch("Elena Vasquez", (variant(L, people), variant(P, "We are not going to gamble with lives,"),
                                     variant(V, people)), 0.91),
        QuoteMatch("Marcus Bell", tuple(variant(a, "This administration ignored the warnings for three "
                                                   "years,")
                                        for a in (L, P)), 1.0),
    ]
    if mark:
        quote_matches.append(QuoteMatch(f"Elena Vasquez{mark}", (variant(L, mark), variant(P, mark)), 1.0))
    labels = [
        Label("Elena Vasquez", {L.id: ("Governor",), P.id: ("embattled governor",), V.id: ("the governor",)}),
        Label("Marcus Bell", {L.id: ("opposition leader",), P.id: ("opposition leader",)}),
        Label("Daniel Okafor", {L.id: ("transport commissioner",), V.id: ("transport commissioner",)}),
    ]
    if mark:
        labels.append(Label(f"Elena Vasquez{mark}", {L.id: (f"governor{mark}",)}))
    loaded = [_loaded(P, w, sc) for w, sc in (
        ("Embattled", 0.88), ("abruptly", 0.71), ("furious", 0.83), ("crumbling", 0.86), ("claimed", 0.64),
        ("dodging", 0.79), ("slammed", 0.9), ("chaotic", 0.87), ("nightmare", 0.92))]
    loaded.append(_loaded(V, "prudent", 0.58))
    if mark:
        loaded.append(_loaded(L, mark, 0.99))
    tone = {L.id: -0.05, P.id: -0.62, V.id: 0.31}
    return Comparison(tuple(facts), omissions, tuple(quote_matches), tuple(labels), tuple(loaded), tone)


def build_result(mark: str = "") -> Result:
    """The invented bridge story; ``mark`` is appended to every text a report shows."""
    ledger, patriot, voice, courier, library = (_annotate(a, mark) for a in _articles(mark))
    story = Story(
        id="s-bridge01",
        articles=(ledger.id, courier.id, patriot.id, voice.id),
        duplicates=((ledger.id, courier.id),),
        title=f"Delmar River Bridge closed after inspectors find cracks{mark}",
        timeline=(ledger.id, courier.id, patriot.id, voice.id),
        comparison=_comparison(ledger, patriot, voice, mark),
    )
    rejected = (
        Rejected(f"pages/broken{mark}.html", f"no article text: the page holds 3 words{mark}"),
        Rejected(f"pages/photo{mark}.png", f"binary file (PNG image), not a news page{mark}"),
    )
    return Result(articles=(ledger, patriot, voice, courier, library), stories=(story,), rejected=rejected)


XSS_PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "javascript:alert(4)",
    "'><iframe src=\"https://evil.example/\"></iframe>",
    "</style><style>body{background:url(https://evil.example/x.png)}</style>",
    "{{ 7*7 }}{% raw %}",
    "<a href=\"javascript:alert(5)\">click</a>",
)
