"""Run child processes side by side, restart the ones that may be restarted, stop them all cleanly.

``habeas serve`` uses it for the web server (gunicorn, whose master restarts its own web workers)
and the background worker. Plain Python, no Django: the children are ordinary commands.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# A child that ran this long before dying was healthy: its next restart is quick again.
STABLE_AFTER_S = 60.0
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0


_PR_SET_PDEATHSIG = 1


def _stop_with_parent() -> None:
    """In the child, before exec (Linux): SIGTERM when the supervisor dies, even by SIGKILL, so a
    killed ``habeas serve`` never leaves a web server holding the port."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def exit_described(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"it was ended by {name}"
    return f"it exited with code {code}"


def backoff_delay(failures: int) -> float:
    """Seconds to wait before the restart that follows ``failures`` quick failures in a row."""
    return float(min(BACKOFF_MAX_S, BACKOFF_FIRST_S * 2 ** max(0, failures - 1)))


@dataclass
class Child:
    """One supervised command. ``restart``: start it again when it dies (else its death ends all).
    ``niceness``: added to its scheduling priority (and its own children's), so e.g. OCR yields the
    CPU to the web server's requests."""

    label: str
    argv: list[str]
    restart: bool
    stop_timeout_s: float
    niceness: int = 0
    env: Mapping[str, str] | None = None
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_failures: int = 0
    restart_at: float | None = None
    starts: int = field(default=0)

    def start(self) -> None:
        # Its own process group: Ctrl-C in a terminal reaches the supervisor only, which then stops
        # each child gracefully (gunicorn treats SIGINT as "quit now", SIGTERM as "finish requests").
        self.process = subprocess.Popen(  # noqa: S603 - our own commands
            self.argv,
            env=dict(self.env) if self.env is not None else None,
            process_group=0,
            preexec_fn=_stop_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509 - the supervisor starts no threads
        )
        if self.niceness:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, self.niceness)
        self.started_at = time.monotonic()
        self.restart_at = None
        self.starts += 1


class Supervisor:
    """Starts ``children``, watches them until ``request_stop`` (a signal handler may call it), then
    sends each SIGTERM and waits up to its ``stop_timeout_s`` before killing it."""

    def __init__(
        self, children: list[Child], log: Callable[[str], None], poll_s: float = 0.2
    ) -> None:
        self.children = children
        self.log = log
        self.poll_s = poll_s
        self._stopping = False

    def request_stop(self, *_: object) -> None:
        self._stopping = True  # a plain flag: safe to set from a signal handler

    def run(self) -> int:
        """0 after a requested stop; 1 if a child that may not be restarted died on its own."""
        for child in self.children:
            child.start()
        failed = False
        while not self._stopping and not failed:
            time.sleep(self.poll_s)
            failed = self._check(time.monotonic())
        self._stop_all()
        return 1 if failed else 0

    def _check(self, now: float) -> bool:
        for child in self.children:
            if child.process is None:
                if child.restart_at is not None and now >= child.restart_at:
                    self.log(f"starting {child.label} again")
                    child.start()
                continue
            code = child.process.poll()
            if code is None or self._stopping:
                continue
            child.process = None
            if not child.restart:
                self.log(f"{child.label} stopped ({exit_described(code)}); shutting down")
                return True
            ran = now - child.started_at
            child.quick_failures = 1 if ran >= STABLE_AFTER_S else child.quick_failures + 1
            delay = backoff_delay(child.quick_failures)
            child.restart_at = now + delay
            self.log(
                f"{child.label} stopped unexpectedly ({exit_described(code)}); "
                f"starting it again in {delay:.0f} s"
            )
        return False

    def _stop_all(self) -> None:
        running = [c for c in self.children if c.process is not None and c.process.poll() is None]
        for child in running:
            assert child.process is not None
            child.process.send_signal(signal.SIGTERM)
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(timeout=child.stop_timeout_s)
            except subprocess.TimeoutExpired:  # stuck (a long OCR page): do not leave it behind
                self.log(f"{child.label} did not stop in {child.stop_timeout_s:.0f} s; ending it")
                child.process.kill()
                child.process.wait()
