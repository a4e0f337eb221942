"""The real ``habeas`` console script: exit codes and one-line messages without tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HABEAS = Path(sys.executable).with_name("habeas")


@pytest.mark.skipif(not HABEAS.exists(), reason="console script not installed")
def test_console_script_exit_codes_and_messages(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "HABEAS_USER"}
    }
    env.update(
        HABEAS_DATA_DIR=str(tmp_path),
        HABEAS_SECRET_KEY="console-script-test-key-0123456789-abcdefghijklmnop",
    )

    def habeas(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603
            [str(HABEAS), *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    assert habeas("migrate", "-v0").returncode == 0
    result = habeas("audit", "verify")
    assert (
        result.returncode == 0
        and result.stdout.startswith("ok: ")
        and result.stdout.strip().endswith("rows verified")
    )
    result = habeas("case", "list", "--as", "ghost")
    assert result.returncode == 1
    assert result.stderr.strip() == "no active user named 'ghost'"
    result = habeas("case", "list")
    assert (
        result.returncode == 1
        and "Traceback" not in result.stderr
        and "--as USERNAME" in result.stderr
    )
