"""The library's task row of a worker that died is marked failed by the sweep, not left running."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from habeas.core.jobs import jobs_sweep
from habeas.core.task_rows import task_rows_of_dead_workers_fail, worker_alive, worker_id_make

pytestmark = pytest.mark.django_db


def _dead_worker_id() -> str:
    """The name a worker had, taken while it ran; then the process ends."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])  # noqa: S603
    try:
        name = worker_id_make(proc.pid)
    finally:
        proc.kill()
        proc.wait()
    return name


def _row(worker: str, status: str = TaskResultStatus.RUNNING) -> DBTaskResult[Any, Any]:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": ["documents.Document", 1], "kwargs": {}},
        task_path="habeas.core.jobs.job_run_task",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
        worker_ids=[worker],
    )


def test_a_worker_is_alive_while_its_process_runs() -> None:
    assert worker_alive(worker_id_make()) is True
    assert worker_alive(_dead_worker_id()) is False
    # not ours to judge: another host, or a name db_worker made up
    me = worker_id_make().split("/")
    assert worker_alive("/".join([me[0], "another-host", me[2], me[3]])) is None
    assert worker_alive("Xq3v9Lr0aP2mZ7cK1tB8nW4yH6jD5sEf") is None


def test_a_reused_pid_is_not_the_dead_worker() -> None:
    """The pid may now belong to another process: the start time tells them apart."""
    prefix, host, pid, started = worker_id_make().split("/")
    assert worker_alive("/".join([prefix, host, pid, str(int(started) - 100)])) is False


def test_only_running_rows_of_dead_workers_are_failed() -> None:
    dead = _dead_worker_id()
    orphan = _row(dead)
    live = _row(worker_id_make())
    foreign = _row("Xq3v9Lr0aP2mZ7cK1tB8nW4yH6jD5sEf")
    finished = _row(dead, TaskResultStatus.SUCCESSFUL)

    assert task_rows_of_dead_workers_fail() == 1
    for row in (orphan, live, foreign, finished):
        row.refresh_from_db()
    assert orphan.status == TaskResultStatus.FAILED and orphan.finished_at is not None
    assert "stopped before the task finished" in orphan.traceback
    assert orphan.exception_class_path.endswith("WorkerStoppedError")
    assert live.status == foreign.status == TaskResultStatus.RUNNING
    assert finished.status == TaskResultStatus.SUCCESSFUL
    assert task_rows_of_dead_workers_fail() == 0  # once


def test_the_workers_sweep_fails_them() -> None:
    orphan = _row(_dead_worker_id())
    jobs_sweep()
    orphan.refresh_from_db()
    assert orphan.status == TaskResultStatus.FAILED


def test_habeas_worker_names_itself_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import call_command

    seen: dict[str, object] = {}

    def db_worker(name: str, **options: object) -> None:
        seen.update(options, name=name)

    monkeypatch.setattr("habeas.documents.management.commands.worker.call_command", db_worker)
    call_command("worker", "--batch")
    assert seen["name"] == "db_worker"
    assert worker_alive(str(seen["worker_id"])) is True
