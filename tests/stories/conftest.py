"""Tiny hand-written corpora for the story tests: two similar earthquakes and a rate decision."""

from __future__ import annotations

import pytest

from parallax.model import Article

CHILE = [
    ("Strong earthquake kills 12 in Chile",
     ("A magnitude 6.1 earthquake struck central Chile on Monday, killing 12 people in Valparaiso "
     "and the nearby town of Quilpue. President Gabriel Boric flew to Valparaiso and said the army "
     "would help clear the rubble. The Chilean seismology office recorded 40 aftershocks.")),
    ("Valparaiso counts its dead after quake",
     ("Twelve people died when the ground shook under Valparaiso early on Monday. Chile's national "
     "emergency office said the 6.1 tremor brought down old houses on the hills of the port, and "
     "Gabriel Boric promised aid for Quilpue and Valparaiso families who lost their homes.")),
    ("Chile quake: Boric visits damaged port",
     ("Chilean president Gabriel Boric toured Valparaiso on Monday after a 6.1 quake left 12 dead. "
     "Rescuers in Quilpue searched collapsed homes, and the seismology office warned of further "
     "aftershocks along the central coast of Chile.")),
]
PERU = [
    ("Earthquake in southern Peru leaves 4 dead",
     ("A magnitude 5.8 earthquake hit southern Peru on Thursday, killing four people in Arequipa "
     "province. Peru's civil defence institute said 230 homes were damaged in Caylloma, and "
     "President Dina Boluarte sent ministers to Arequipa.")),
    ("Arequipa shaken by 5.8 tremor",
     ("Four people were killed when a 5.8 tremor shook Arequipa in Peru on Thursday. Dina Boluarte "
     "said the government would rebuild the 230 damaged homes in Caylloma, where roads were cut "
     "by landslides.")),
    ("Peru: quake damages homes in Caylloma",
     ("The civil defence institute of Peru reported 4 deaths and 230 damaged homes in Caylloma "
     "after Thursday's magnitude 5.8 earthquake near Arequipa. President Dina Boluarte declared "
     "an emergency in the province.")),
]
RATES = [
    ("Bank of Japan holds rates",
     ("The Bank of Japan kept its short-term interest rate at 0.25 percent on Friday. Governor "
     "Kazuo Ueda told reporters in Tokyo that wages and prices were rising in line with forecasts.")),
    ("Ueda keeps policy steady",
     ("Kazuo Ueda and the Bank of Japan board left borrowing costs unchanged at 0.25 percent on "
     "Friday, saying in Tokyo that inflation was on track and the yen needed watching.")),
]


def _articles(prefix: str, items: list[tuple[str, str]], date: str, outlets: list[str]) -> list[Article]:
    return [Article(id=f"{prefix}{i}", source=f"{prefix}{i}", title=title, body=body, outlet=outlet,
                    published=date)
            for i, ((title, body), outlet) in enumerate(zip(items, outlets, strict=False))]


@pytest.fixture()
def quake_corpus() -> list[Article]:
    """Chile quake (3 outlets), Peru quake (3 outlets), Bank of Japan (2 outlets)."""
    outlets = ["herald", "courier", "post"]
    return (_articles("chile", CHILE, "2024-03-04", outlets) + _articles("peru", PERU, "2024-06-13", outlets)
            + _articles("boj", RATES, "2024-06-14", outlets))

