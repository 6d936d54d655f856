"""Naming: how each outlet refers to each actor of the story.

Actors are linked across the articles of a story by name (the annotate stage's
``link_actors`` when it is there; otherwise a fuzzy match of names), and for every main
actor the table lists, per article, the words the article uses for it: descriptors
("North Korean dictator"), roles ("Air Force Brig. General") and the names it goes by.

>>> same_person("Kim", "Kim Jong Un"), same_person("Kim Jong Un", "Moon Jae-in")
(True, False)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz

from ..model import Actor, Article, Label

_ACTOR_LABELS = frozenset({"PERSON", "ORG"})
_HONORIFICS = {"mr", "mrs", "ms", "dr", "president", "general", "gen", "sen", "rep", "gov"}


def _tokens(name: str) -> list[str]:
    return [t for t in name.lower().replace(".", "").replace("’s", "").split() if t not in _HONORIFICS]


def same_person(a: str, b: str) -> bool:
    """Whether two speaker or actor names refer to the same person or organisation:
    one name inside the other ("Kim" / "Kim Jong Un") or a close spelling variant
    ("Sergey Radchenko" / "Sergey Radachenko")."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if all(t in long_ for t in short):
        return True
    return fuzz.token_sort_ratio(" ".join(ta), " ".join(tb)) >= 88


def _names(actor: Actor) -> list[str]:
    return [actor.name, *actor.aliases]


def link_story_actors(articles: Sequence[Article]) -> dict[str, dict[str, str]]:
    """Article id -> local name -> canonical name shared across the story.

    Uses ``parallax.annotate.actors.link_actors`` when the annotate stage provides it;
    otherwise links names that :func:`same_person` accepts, the longest name being canonical.
    """
    links: dict[str, dict[str, str]] | None = None
    try:
        from ..annotate.actors import link_actors

        links = {k: dict(v) for k, v in link_actors(list(articles)).items()}
    except Exception:  # noqa: BLE001 - annotate may be absent or older: fall back to name matching
        links = None
    links = links or _link_by_name(articles)
    for article in articles:  # the other names an article uses for an actor point the same way
        local = links.setdefault(article.id, {})
        for actor in article.actors:
            for alias in actor.aliases:
                local.setdefault(alias, local.get(actor.name, actor.name))
    return links


def _link_by_name(articles: Sequence[Article]) -> dict[str, dict[str, str]]:
    clusters: list[list[str]] = []
    for article in articles:
        for actor in article.actors:
            for cluster in clusters:
                if any(same_person(actor.name, n) for n in cluster):
                    cluster.extend(_names(actor))
                    break
            else:
                clusters.append(_names(actor))
    canonical_of: dict[str, str] = {}
    for cluster in clusters:
        proper = [n for n in cluster if n[:1].isupper()] or cluster
        best = max(proper, key=lambda n: (len(_tokens(n)), len(n)))
        for name in cluster:
            canonical_of.setdefault(name, best)
    return {
        a.id: {n: canonical_of.get(n, n) for actor in a.actors for n in _names(actor)} for a in articles
    }


def canonical_speaker(name: str | None, local: dict[str, str], known: Sequence[str]) -> str | None:
    """The story-wide name of a quote's speaker: the article's own link, else the known
    canonical name it matches, else the name itself."""
    if not name:
        return None
    if name in local:
        return local[name]
    for canon in known:
        if same_person(name, canon):
            return canon
    return name


def _words_for(actor: Actor) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for word in (*actor.descriptors, *actor.roles, actor.name, *actor.aliases):
        if word and word.strip():
            seen.setdefault(word.strip(), None)
    return tuple(seen)


def main_actors(articles: Sequence[Article], links: dict[str, dict[str, str]], *, top: int = 8) -> list[str]:
    """Canonical names of the story's main actors — people and organisations, and places
    only where an outlet describes them — named in more than one article (or, in a
    one-article story, the most mentioned), most covered first."""
    reach: Counter[str] = Counter()
    weight: Counter[str] = Counter()
    qualified = {links.get(article.id, {}).get(a.name, a.name) for article in articles for a in article.actors
                 if a.label in _ACTOR_LABELS or a.descriptors or a.roles}
    for article in articles:
        local = links.get(article.id, {})
        actors = [a for a in article.actors if local.get(a.name, a.name) in qualified]
        reach.update({local.get(actor.name, actor.name) for actor in actors})
        for actor in actors:
            weight[local.get(actor.name, actor.name)] += max(1, len(actor.mentions))
    many = len(articles) > 1
    chosen = [n for n in reach if reach[n] > 1 or not many]
    return sorted(chosen, key=lambda n: (-reach[n], -weight[n], n))[:top]


def name_actors(articles: Sequence[Article], links: dict[str, dict[str, str]] | None = None) -> list[Label]:
    """One :class:`Label` per main actor: the words each article uses for it."""
    links = links if links is not None else link_story_actors(articles)
    labels = []
    for entity in main_actors(articles, links):
        by_article: dict[str, tuple[str, ...]] = {}
        for article in articles:
            local = links.get(article.id, {})
            words: list[str] = []
            for actor in article.actors:
                if local.get(actor.name, actor.name) == entity:
                    words.extend(w for w in _words_for(actor) if w not in words)
            if words:
                by_article[article.id] = tuple(words)
        labels.append(Label(entity=entity, by_article=by_article))
    return labels
