"""Language detection with py3langid."""

from __future__ import annotations

import pytest

from parallax.clean.language import detect_language

SAMPLES = {
    "en": "The council voted on Tuesday to spend two million on repairs to the river bridge.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, zwei Millionen für die Reparatur der Brücke auszugeben.",
    "fr": "Le conseil municipal a voté mardi une enveloppe de deux millions pour réparer le pont.",
    "zh": "市议会周二晚间投票决定拨款数百万元修复河上的旧桥。这座桥一直禁止重型车辆通行。",
    "es": "El ayuntamiento aprobó el martes gastar dos millones en reparar el puente sobre el río.",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_languages_are_told_apart(language: str) -> None:
    found, probability = detect_language(SAMPLES[language])
    assert found == language
    assert 0.5 < probability <= 1.0


def test_long_text_is_judged_on_a_sample() -> None:
    text = " ".join([SAMPLES["en"]] * 2000)
    language, probability = detect_language(text)
    assert language == "en" and 0.0 <= probability <= 1.0


@pytest.mark.parametrize("text", ["", "   \n ", "12345 678", "!!! ??? ...", "\ud800"])
def test_text_without_letters_is_undetermined(text: str) -> None:
    assert detect_language(text) == ("und", 0.0)
