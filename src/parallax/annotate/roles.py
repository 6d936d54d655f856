"""Titles, roles and descriptors around a name, read from the dependency parse.

"Air Force Brig. General Pat Ryder": the words before the name that modify it are its
role. "North Korean dictator Kim Jong Un": the same place, but with an ordinary noun, is a
descriptor. "Sergey Radachenko, a Cold War historian": an apposition is a descriptor too.
"""

from __future__ import annotations

from typing import Any


def words(text: str) -> list[str]:
    """The whitespace-separated words of a word list written as one string."""
    return text.split()


#: Title words (lower case) that belong to a role, never to a name.
TITLE_WORDS = frozenset(
    words("""mr mr. mrs mrs. ms ms. miss dr dr. prof prof. president vice secretary senator sen sen.
    sens. rep rep. reps. representative congressman congresswoman governor gov gov. mayor judge
    justice general gen gen. brig brig. lt lt. col col. colonel maj maj. major sgt sgt. sergeant
    adm adm. admiral capt capt. captain cmdr cmdr. commander amb amb. ambassador rev rev. pope
    king queen prince princess minister chancellor chairman chairwoman chair speaker leader
    lieutenant corporal private officer spokesman spokeswoman spokesperson sheriff attorney
    prime deputy chief former acting state supreme pres. det. pvt. pfc. cpl. atty. supt. sec.
    insp. cdr. lt.col. gens. first lady""")
)

#: Nouns that refer to a person by role ("the Russian leader said").
ROLE_NOUNS = frozenset(
    words("""leader president dictator premier minister chancellor king queen spokesman spokeswoman
    spokesperson secretary senator governor mayor candidate nominee chief general commander
    ambassador official officer historian analyst expert director chairman chairwoman head envoy
    diplomat prosecutor judge attorney lawmaker congressman congresswoman representative
    strongman tycoon billionaire businessman mogul founder ceo executive author writer reporter
    correspondent host anchor actor actress singer star coach player economist scientist
    professor researcher lawyer activist campaigner adviser advisor aide strategist pollster
    pope prince princess ruler despot autocrat politician veteran""")
)

_POSSESSIVES = frozenset(words("his her their its our my your whose"))
_MODIFIER_DEPS = ("compound", "amod", "nmod", "nummod", "npadvmod", "punct", "prep", "pobj", "poss", "case")


def is_title(token: Any) -> bool:
    """A title word such as "Gen.", "Sen." or "President" (capitalised)."""
    return token.lower_ in TITLE_WORDS and token.text[:1].isupper()


def role_before(name: Any) -> Any:
    """The words just before ``name`` that modify it ("Air Force Brig. General"), or None.

    Determiners and possessives end the role ("Apple's chief executive" is left to the
    apposition rule), as does anything the name does not govern.
    """
    doc = name.doc
    governed = set(range(name.start, name.end))
    start = name.start
    for i in range(name.start - 1, max(-1, name.start - 8), -1):
        token = doc[i]
        if token.dep_ in ("det", "poss", "case") or token.text in (",", "(", ")", "'s", "’s"):
            break
        if token.dep_ not in _MODIFIER_DEPS or token.head.i not in governed:
            break
        governed.add(i)
        start = i
    while start < name.start and doc[start].is_punct:
        start += 1
    if start >= name.start:
        return None
    return doc[start : name.start]


def descriptors_of(name: Any) -> list[str]:
    """Appositions of the name ("a Cold War historian") and the noun it is apposed to."""
    root = name.root
    found: list[str] = []
    for child in root.children:
        if child.dep_ == "appos" and child.ent_type_ not in ("PERSON",):
            found.append(noun_phrase(child, with_article=True))
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN") and not root.head.ent_type_:
        found.append(noun_phrase(root.head, with_article=True))
    # "Kim’s summit with Putin, his first overseas trip": a possessive apposition describes
    # the event, not the person
    return [f for f in found if f and len(f.split()) <= 10 and f.split()[0].lower() not in _POSSESSIVES]


def noun_phrase(head: Any, *, with_article: bool = False) -> str:
    """The noun phrase of ``head`` up to the head noun, plus a short "of ..." complement.

    Relative clauses and other long post-modifiers are left out so the phrase stays a
    name or short description ("a Cold War historian", "the director of the FBI").
    """
    doc = head.doc
    start = head.left_edge.i
    while start < head.i and (doc[start].is_punct or (not with_article and doc[start].dep_ == "det")):
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "for") and child.i == end:
            right = child.right_edge.i + 1
            if right - end <= 8 and not any(t.is_punct and t.text != "-" for t in doc[end:right]):
                end = right
        break
    return doc[start:end].text.strip()
