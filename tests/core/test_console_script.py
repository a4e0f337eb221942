"""The real ``habeas`` console script: exit codes and one-line messages without tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HABEAS = Path(sys.executable).with_name("habeas")


def _env(data_dir: Path) -> dict[str, str]:
    """The environment of a fresh embedded install in ``data_dir`` (not the test database)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "HABEAS_USER"}
    }
    env.update(
        HABEAS_DATA_DIR=str(data_dir),
        HABEAS_SECRET_KEY="console-script-test-key-0123456789-abcdefghijklmnop",
    )
    return env


@pytest.mark.skipif(not HABEAS.exists(), reason="console script not installed")
def test_console_script_exit_codes_and_messages(tmp_path: Path) -> None:
    env = _env(tmp_path)

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


@pytest.mark.skipif(not HABEAS.exists(), reason="console script not installed")
def test_serve_stops_its_worker_on_sigterm(tmp_path: Path) -> None:
    """A service manager stops `habeas serve` with SIGTERM: the worker it started goes too."""
    import signal
    import socket
    import time

    import psutil

    env = _env(tmp_path)
    run = subprocess.run  # noqa: S603
    assert run([str(HABEAS), "migrate", "-v0"], env=env, timeout=120, check=False).returncode == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [str(HABEAS), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    spawned: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 60
        workers: list[psutil.Process] = []
        while time.monotonic() < deadline and not workers:
            time.sleep(0.5)
            workers = [p for p in psutil.Process(server.pid).children() if "worker" in p.cmdline()]
        assert workers, "serve did not start its worker"
        spawned = workers
        time.sleep(2)  # the worker is up and polling, not merely forked
        assert workers[0].is_running()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) is not None
        gone, alive = psutil.wait_procs(workers, timeout=15)
        assert not alive, "the worker outlived the server"
    finally:
        # Only what this test started: the worker process may run a Spark JVM of another test.
        for p in spawned:
            if p.is_running():
                p.kill()
        if server.poll() is None:
            server.kill()
