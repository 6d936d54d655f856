"""The HTML report in headless Chromium: it loads nothing but itself and its styles apply."""

from __future__ import annotations

import shutil

import pytest

from parallax.report import render_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not path:
        pytest.skip("no Chromium on this machine")
    return path


def test_report_opens_offline_with_its_styles(build_result, tmp_path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(build_result('"><img src=x onerror=alert(1)>')), encoding="utf-8")
    requests: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_file.as_uri())
            loaded_bg = page.eval_on_selector(".m-loaded", "e => getComputedStyle(e).backgroundColor")
            gap_count = page.eval_on_selector_all("td.gap", "cells => cells.length")
            page.click("table.matrix td a")  # a fact cell jumps to the statement in its article
            target = page.evaluate("location.hash")
            target_visible = page.is_visible(target)
        finally:
            browser.close()
    assert requests == [page_file.as_uri()]
    assert dialogs == [] and errors == []
    assert loaded_bg not in ("", "rgba(0, 0, 0, 0)")
    assert gap_count == 3
    assert target.startswith("#a") and target_visible
