"""Every CLI command, option and setting is documented (README / help texts)."""

from __future__ import annotations

import argparse
from pathlib import Path

from parallax.cli import build_parser
from parallax.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_and_option_is_in_the_readme() -> None:
    for name, sub in _subparsers().items():
        assert f"parallax {name}" in README, name
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in README, f"{name} {flag} is not documented in README.md"


def test_every_option_has_help() -> None:
    for name, sub in _subparsers().items():
        for action in sub._actions:
            assert action.help, f"{name} {action.dest} has no help text"


def test_every_setting_has_help() -> None:
    for name, text in Settings.help().items():
        assert len(text) > 10, name
