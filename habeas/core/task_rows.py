"""django-tasks' own task rows of a worker that died: marked failed instead of "running" for good.

Our jobs recover on their own (``core.jobs``: heartbeat, sweep, a fresh task). The library's task
row that the dead worker had claimed stays "running" forever, which misleads an operator reading
the queue (admin, ``prune_db_task_results``). ``habeas worker`` therefore names itself after its
host, process id and the process's start time (``worker_id_make``); every sweep fails the running
rows of this host's workers whose process is gone (or whose pid now belongs to another process).
Rows of workers on other hosts are left to those hosts' sweeps; a row whose worker id is not ours
(a worker started by hand with ``db_worker``) is never touched.
"""

from __future__ import annotations

import logging
import os
import socket

import psutil
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)

_PREFIX = "habeas"


class WorkerStoppedError(RuntimeError):
    """Recorded on a task row whose worker process ended before the task did."""


def _host() -> str:
    return socket.gethostname()[:30]


def _started(pid: int) -> int | None:
    """The process's start time (whole seconds since the epoch), or None if there is no such process."""
    try:
        return int(psutil.Process(pid).create_time())
    except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
        return None


def worker_id_make(pid: int | None = None) -> str:
    """``habeas/<host>/<pid>/<start time>``: unique across the pool (django-tasks asks for that)
    and enough to tell, on the same host, whether that worker is still alive. At most 64 chars."""
    pid = os.getpid() if pid is None else pid
    return f"{_PREFIX}/{_host()}/{pid}/{_started(pid) or 0}"


def worker_alive(worker_id: str) -> bool | None:
    """True or False for a worker of this host named by ``worker_id_make``; None when it cannot be
    told from here (another host, or a name not made by us)."""
    parts = worker_id.split("/")
    if len(parts) != 4 or parts[0] != _PREFIX or parts[1] != _host():
        return None
    try:
        pid, started = int(parts[2]), int(parts[3])
    except ValueError:
        return None
    return _started(pid) == started


def task_rows_of_dead_workers_fail() -> int:
    """Mark failed the running task rows whose worker (on this host) has died. Returns how many."""
    failed = 0
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "worker_ids"
    ):
        worker = row.worker_ids[-1] if row.worker_ids else ""
        if not isinstance(worker, str) or worker_alive(worker) is not False:
            continue
        # Only while still running: the worker may have finished it a moment ago after all.
        stopped = WorkerStoppedError(f"its worker ({worker}) stopped before the task finished")
        taken = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            exception_class_path=f"{__name__}.{WorkerStoppedError.__qualname__}",
            traceback=str(stopped),
            finished_at=timezone.now(),
        )
        if taken:
            log.warning("task %s marked failed: %s", row.pk, stopped)
            failed += 1
    return failed
