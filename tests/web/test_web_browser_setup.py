"""The browser tests never vanish silently: missing Chromium fails them on CI and skips them elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import test_web_browser as browser_tests


def test_missing_chromium_fails_on_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser_tests, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setattr(browser_tests.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        browser_tests.chromium_or_skip()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        browser_tests.chromium_or_skip()
