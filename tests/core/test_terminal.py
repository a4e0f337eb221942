"""Stored text printed to a terminal: controls and bidi overrides become visible escapes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management.base import CommandError

from habeas.core.command import HabeasCommand
from habeas.core.terminal import markup_safe, terminal_safe


def test_controls_and_bidi_are_visible() -> None:
    assert terminal_safe("a\x1b[2Jb\r\nc\td\x7f\x9b") == "a\\x1b[2Jb\\x0d\\x0ac\\x09d\\x7f\\x9b"
    assert terminal_safe("x\u202ey\u2066z\u200f") == "x\\u202ey\\u2066z\\u200f"


def test_ordinary_text_is_unchanged() -> None:
    text = "Dana Whitfield – José Núñez 山田太郎 report (1).pdf"
    assert terminal_safe(text) == text


def test_markup_is_escaped_after_controls() -> None:
    assert markup_safe("[red]x\x1b") == "\\[red]x\\x1b"


def test_command_errors_are_printed_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    class Failing(HabeasCommand):
        def handle(self, *args: Any, **options: Any) -> None:
            raise CommandError("member evil\x1b[2J\u202efdp.exe refused")

    with pytest.raises(SystemExit):
        Failing().run_from_argv(["habeas", "failing"])
    err = capsys.readouterr().err
    assert "\x1b[2J" not in err and "\u202e" not in err
    assert "evil\\x1b[2J\\u202efdp.exe" in err
