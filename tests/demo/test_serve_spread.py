"""`habeas serve`'s web server hands each request to a free process: a process does not take
connections it has no thread for (gunicorn's gthread worker otherwise queues them itself while
another process idles, which doubled the slowest response times under load)."""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

from habeas.demo.management.commands.serve import KEEP_ALIVE_DEFAULT, web_argv


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/")
    return conn.getresponse().read().decode()


def test_concurrent_requests_are_spread_over_the_processes() -> None:
    port = _free_port()
    argv = web_argv(f"127.0.0.1:{port}", web_workers=2, threads=1, keep_alive=KEEP_ALIVE_DEFAULT)
    argv[-1] = "tests.demo.slow_wsgi:app"
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        pids: set[str] = set()
        while len(pids) < 2 and time.monotonic() < deadline:  # both processes up and serving
            try:
                with ThreadPoolExecutor(2) as pool:
                    pids |= set(pool.map(_get, [port, port]))
            except OSError:
                time.sleep(0.2)
        assert len(pids) == 2, "gunicorn did not start two serving processes"
        with ThreadPoolExecutor(4) as pool:
            served = list(pool.map(_get, [port] * 4))
        # Two processes of one thread each, four slow requests at once: two each, in two rounds
        # (a process that took three would keep its third client waiting while the other idles).
        assert sorted(served.count(pid) for pid in set(served)) == [2, 2]
    finally:
        server.terminate()
        server.wait(timeout=30)
