"""Actors within an article and links across the articles of a story."""

from __future__ import annotations

from parallax.annotate import Annotator
from parallax.annotate.actors import find_actors, link_actors
from parallax.model import Actor, Article


def test_actor_groups_names_and_keeps_roles(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "Air Force Brig. General Pat Ryder spoke on Tuesday. Ryder said the talks failed. "
        "Sergey Radachenko, a Cold War historian, disagreed."
    )
    actors = {a.name: a for a in find_actors(doc)}
    ryder = actors["Pat Ryder"]
    assert ryder.roles == ("Air Force Brig. General",)
    assert "Ryder" in ryder.aliases
    assert len(ryder.mentions) == 2 and all(
        doc.text[m.start : m.end] in ("Pat Ryder", "Ryder") for m in ryder.mentions
    )
    assert "a Cold War historian" in actors["Sergey Radachenko"].descriptors
    assert "Air Force" not in actors


def test_link_actors_by_name() -> None:
    a = Article("a", "s", "", actors=(Actor("Kim Jong Un", aliases=("Kim",)), Actor("Vladimir Putin")))
    b = Article("b", "s", "", actors=(Actor("Kim"), Actor("Putin"), Actor("Sergei Radachenko")))
    c = Article("c", "s", "", actors=(Actor("Sergey Radachenko"), Actor("Kremlin", label="ORG")))
    links = link_actors([a, b, c])
    assert links["b"] == {
        "Kim": "Kim Jong Un",
        "Putin": "Vladimir Putin",
        "Sergei Radachenko": "Sergei Radachenko",
    }
    assert links["c"]["Sergey Radachenko"] == links["b"]["Sergei Radachenko"]
    assert links["c"]["Kremlin"] == "Kremlin"
    assert links["a"]["Kim Jong Un"] == "Kim Jong Un"


def test_link_keeps_people_apart() -> None:
    a = Article("a", "s", "", actors=(Actor("Hillary Clinton"),))
    b = Article("b", "s", "", actors=(Actor("Chelsea Clinton"), Actor("Donald Trump")))
    links = link_actors([a, b])
    assert links["b"]["Chelsea Clinton"] == "Chelsea Clinton"
    assert links["b"]["Donald Trump"] == "Donald Trump"


def test_annotator_streams_in_order() -> None:
    from parallax.annotate import FIRST_BATCH

    n = FIRST_BATCH + 3  # the short first batch and the rest
    articles = [Article(str(i), "s", f"“Hello number {i},” said Ann Lee. Nothing else.") for i in range(n)]
    out = list(Annotator().annotate(iter(articles)))
    assert [a.id for a in out] == [str(i) for i in range(n)]
    assert all(a.quotes and a.quotes[0].speaker == "Ann Lee" for a in out)
    assert all(a.sentences and a.tone is not None for a in out)


def test_title_keeps_spouses_with_one_surname_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Bill Clinton spoke first. Hillary Clinton spoke next. Later Mrs. Clinton left the hall.")
    actors = {a.name: a for a in find_actors(doc)}
    assert "Clinton" in actors["Hillary Clinton"].aliases
    assert "Clinton" not in actors["Bill Clinton"].aliases


def test_pronoun_for_names_and_roles() -> None:
    from parallax.annotate.genders import pronoun_for_given_name, pronoun_for_role

    assert pronoun_for_given_name("Kevin") == "he"
    assert pronoun_for_given_name("melanie") == "she"
    assert pronoun_for_given_name("Taylor") is None
    assert pronoun_for_given_name("Clinton") is None  # a surname as often as a given name
    assert pronoun_for_role("the former congresswoman".split()) == "she"
    assert pronoun_for_role("his wife and her husband".split()) is None
