"""The JSON report: exactly ``Result.to_json_dict()``, pretty-printed (the ``analyze --json`` document)."""

from __future__ import annotations

import json

from parallax.model import Result


def render_json(result: Result) -> str:
    """``result.to_json_dict()`` as indented UTF-8 JSON text (non-ASCII kept as is), ending in a newline.

    >>> render_json(Result())
    '{\\n  "articles": [],\\n  "stories": [],\\n  "rejected": []\\n}\\n'
    """
    return json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False) + "\n"
