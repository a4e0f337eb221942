"""A WSGI app that takes a while and answers with the id of the process that served it, for the
test of how `habeas serve`'s gunicorn spreads requests over its processes."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from typing import Any

SECONDS = 0.4


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    time.sleep(SECONDS)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
