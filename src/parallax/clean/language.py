"""Which language a text is written in, with py3langid (model loaded once per process).

>>> detect_language("The minister said on Tuesday that the bridge would stay closed.")[0]
'en'
>>> detect_language("   ")
('und', 0.0)
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache

_SAMPLE_CHARS = 1500
_RECENT = 64  # samples whose answer is kept (each at most 3 * _SAMPLE_CHARS characters)
# Varieties the model tells apart but that share one ISO 639-1 code: their probability is
# added up, so a Chinese page is not judged unsure because Wu and Cantonese took a share.
_MACRO = {"wuu": "zh", "yue": "zh", "cmn": "zh", "gan": "zh", "hak": "zh", "nan": "zh", "hsn": "zh"}
_lock = threading.Lock()
_identifier = None


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the language of ``text`` and its probability in [0, 1].

    Long texts are judged on a sample (their start and their middle), which gives the
    same answer as the whole text far faster. Text without letters gives ``("und", 0.0)``.
    """
    return _detect_sample(_sample(text))


@lru_cache(maxsize=_RECENT)
def _detect_sample(sample: str) -> tuple[str, float]:
    """``detect_language`` of a sample, remembered: a body cleaned is judged again by the pipeline."""
    if not any(ch.isalpha() for ch in sample):
        return ("und", 0.0)
    totals: dict[str, float] = {}
    for language, probability in _load().rank(sample):
        code = _MACRO.get(language, language)
        totals[code] = totals.get(code, 0.0) + float(probability)
    language, probability = max(totals.items(), key=lambda item: item[1])
    if math.isnan(probability):  # from a degenerate score vector
        return ("und", 0.0)
    return (language, min(max(probability, 0.0), 1.0))


def _sample(text: str) -> str:
    if len(text) <= 3 * _SAMPLE_CHARS:
        return text
    middle = len(text) // 2
    return text[:_SAMPLE_CHARS] + "\n" + text[middle : middle + _SAMPLE_CHARS]


def _load():  # type: ignore[no-untyped-def]
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier
