"""The real ``habeas`` console script: exit codes and one-line messages without tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def _serve_started(tmp_path: Path, stderr: int) -> tuple[subprocess.Popen[bytes], int]:
    """`habeas serve` on a free loopback port of a fresh install in ``tmp_path``."""
    import socket

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
        stderr=stderr,
    )
    return server, port


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


def _is_worker(process: Any) -> bool:
    """A child of serve that is its worker; a child that just exited (a zombie until serve reaps
    it) is none."""
    import psutil

    try:
        return "worker" in process.cmdline()
    except psutil.Error:
        return False


@pytest.mark.skipif(not HABEAS.exists(), reason="console script not installed")
def test_serve_stops_its_worker_on_sigterm(tmp_path: Path) -> None:
    """A service manager stops `habeas serve` with SIGTERM: the worker it started goes too."""
    import signal
    import time

    import psutil

    server, _port = _serve_started(tmp_path, stderr=subprocess.DEVNULL)
    spawned: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 60
        workers: list[psutil.Process] = []
        while time.monotonic() < deadline and not workers:
            time.sleep(0.5)
            workers = [p for p in psutil.Process(server.pid).children() if _is_worker(p)]
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


@pytest.mark.skipif(not HABEAS.exists(), reason="console script not installed")
def test_serve_restarts_a_dead_worker_and_serves_static(tmp_path: Path) -> None:
    """The background worker killed (OOM, a crash in OCR): serve starts a new one within seconds;
    the web server is a real WSGI server whose static files come from whitenoise."""
    import signal
    import time
    import urllib.request

    import psutil

    server, port = _serve_started(tmp_path, stderr=subprocess.PIPE)
    spawned: list[psutil.Process] = []

    def workers() -> list[psutil.Process]:
        found = []
        for p in psutil.Process(server.pid).children():
            try:
                if "worker" in p.cmdline():
                    found.append(p)
            except psutil.Error:  # the killed one, until serve reaps it
                pass
        spawned.extend(p for p in found if p not in spawned)
        return found

    def wait_for(check: Callable[[], Any], seconds: float) -> Any:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if value := check():
                return value
            time.sleep(0.2)
        return None

    def static_ok() -> bool:
        try:
            url = f"http://127.0.0.1:{port}/static/habeas/app.css"
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                return bool(response.status == 200 and b"{" in response.read())
        except OSError:
            return False

    try:
        first = wait_for(workers, 60)
        spawned.extend(psutil.Process(server.pid).children(recursive=True))
        assert first, "serve did not start its worker"
        assert wait_for(static_ok, 60), "static files are not served"
        children = psutil.Process(server.pid).children()
        assert any("gunicorn" in " ".join(p.cmdline()) for p in children)
        first[0].kill()
        replaced = wait_for(lambda: [p for p in workers() if p.pid != first[0].pid], 8)
        assert replaced, "the dead worker was not replaced"
        spawned.extend(psutil.Process(server.pid).children(recursive=True))
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=45) == 0
        assert server.stderr is not None
        log = server.stderr.read().decode()
        assert "the background worker stopped unexpectedly (it was ended by SIGKILL)" in log
        gone, alive = psutil.wait_procs(spawned, timeout=15)
        assert not alive, "a child outlived the server"
    finally:
        # Only what this test started.
        for p in spawned:
            if p.is_running():
                p.kill()
        if server.poll() is None:
            server.kill()


@pytest.mark.skipif(
    not HABEAS.exists() or sys.platform != "linux", reason="console script; Linux death signal"
)
def test_a_killed_serve_leaves_no_web_server_or_worker_behind(tmp_path: Path) -> None:
    """SIGKILL gives serve no chance to stop its children: they must stop on their own."""
    import time

    import psutil

    server, _port = _serve_started(tmp_path, stderr=subprocess.DEVNULL)
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(children) < 2:
            time.sleep(0.5)
            children = psutil.Process(server.pid).children()
        assert len(children) >= 2, "serve did not start the web server and the worker"
        server.kill()
        server.wait(timeout=10)
        gone, alive = psutil.wait_procs(children, timeout=40)
        assert not alive, f"left behind: {[' '.join(p.cmdline()) for p in alive]}"
    finally:
        # Only what this test started.
        for p in children:
            if p.is_running():
                for child in p.children(recursive=True):
                    child.kill()
                p.kill()
        if server.poll() is None:
            server.kill()
