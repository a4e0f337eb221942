"""One lifecycle for background work (a document's processing, a person-linkage run, a systemic
review run): asked for (queued), taken by a worker (running), then done or failed with the reason
in words; counted attempts.

Work runs on django-tasks' database queue (no broker; ``habeas worker`` processes it, and more
workers scale out on PostgreSQL). ``job_enqueue`` hands a job to the queue once the surrounding
transaction commits, so a worker never sees a job whose row was rolled back. There is one task,
``job_run_task``; each kind of job registers the function that does its work
(``job_runner_register``, from its app's ``ready``).

A claim is a compare-and-set on the row (``job_claim``): a job delivered twice, or taken by two
workers, runs once. No transaction is held while the work itself runs: a long analytical run must
not lock the rows others read and write.

**A dead worker.** While a job runs, a background thread of the process that claimed it writes
``heartbeat_at`` every ``HABEAS_JOB_HEARTBEAT_SECONDS`` (a thread, not calls from the work itself,
because one step, a Splink run or one OCR page, can take minutes). It beats only while the thread
that claimed the job is alive and the row is still running under that claim. A running job not
heard from for ``HABEAS_JOB_ABANDONED_SECONDS`` is *abandoned*: pages offer Retry at once, and the
next sweep (every worker runs one, ``jobs_sweep_start``, and each task starts with one) queues it
again as a fresh task (never relying on the dead worker's task row, which django-tasks leaves
"running" for good) until it has been taken ``HABEAS_JOB_MAX_ATTEMPTS`` times, then fails it with
the reason. A job running longer than its kind's ``STALE_AFTER`` while still beating (hung, not
dead) is only offered for Retry, never re-queued behind a live worker's back.

**Temporary files** of a running job live in one folder, ``job_workdir``, removed when the job ends
(success or failure), when a sweep reclaims it, and by the sweep for folders no running job owns.

**Fair claiming.** A task does not simply run the job it was queued for: it runs the fairest queued
job of that kind (``job_next``), then keeps going until its own job has been taken, so every job
still runs and the number of tasks is unchanged. Fairest: the organization (then the case, or
watchlist) with the fewest running jobs, then the one served longest ago, then the oldest job. One
organization's thousand-file batch therefore takes turns with everybody else's uploads instead of
going first; a single big document holds one worker, never the queue.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.db import DatabaseError, connections, models, transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone
from django_tasks import task

from habeas.core.context import acting_from
from habeas.core.task_rows import task_rows_of_dead_workers_fail

log = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


def job_abandoned_after() -> timedelta:
    return timedelta(seconds=int(settings.HABEAS_JOB_ABANDONED_SECONDS))


class Job(models.Model):
    """The lifecycle fields. A kind of job with finer statuses (a document is *extracting*, then
    *ocr*, then *indexing*) overrides ``status`` and says which of its statuses mean what."""

    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    error = models.TextField(blank=True, help_text="Why it failed, for the person who asked")
    attempts = models.PositiveIntegerField(default=0, help_text="Times a worker took it")
    started_at = models.DateTimeField(default=timezone.now, help_text="When the work was asked for")
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last took it")
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker running it was last heard from"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    QUEUED_STATUSES: ClassVar[frozenset[str]] = frozenset({JobStatus.QUEUED})
    RUNNING_STATUSES: ClassVar[frozenset[str]] = frozenset({JobStatus.RUNNING})
    FAILED_STATUSES: ClassVar[frozenset[str]] = frozenset({JobStatus.FAILED})
    QUEUED_STATUS: ClassVar[str] = JobStatus.QUEUED  # what asking (again) sets
    RUNNING_STATUS: ClassVar[str] = JobStatus.RUNNING  # what a claim sets
    FAILED_STATUS: ClassVar[str] = JobStatus.FAILED  # what giving up on an abandoned job sets
    STALE_AFTER: ClassVar[timedelta] = timedelta(hours=6)
    # Who takes turns, outermost first (lookups to an organization, then a case or watchlist).
    FAIR_SHARE: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    @classmethod
    def status_also(cls, now: datetime) -> dict[str, Any]:
        """Fields a kind keeps in step with every status change (a document's change time)."""
        return {}

    @property
    def in_progress(self) -> bool:
        return self.status in self.QUEUED_STATUSES | self.RUNNING_STATUSES

    @property
    def failed(self) -> bool:
        return self.status in self.FAILED_STATUSES

    def is_abandoned(self, now: datetime | None = None) -> bool:
        """Running, but its worker has not been heard from for a minute: the worker is gone."""
        beat = self.heartbeat_at
        if self.status not in self.RUNNING_STATUSES or beat is None:
            return False
        return beat < (now or timezone.now()) - job_abandoned_after()

    def is_stale(self, now: datetime | None = None) -> bool:
        """Abandoned by its worker, or in progress for longer than any run of its kind takes."""
        now = now or timezone.now()
        since = self.claimed_at or self.started_at
        return self.is_abandoned(now) or (self.in_progress and since < now - self.STALE_AFTER)

    @property
    def can_retry(self) -> bool:
        return self.failed or self.is_stale()


J = TypeVar("J", bound=Job)


def _abandoned_q(model: type[Job], now: datetime) -> Q:
    return Q(status__in=model.RUNNING_STATUSES, heartbeat_at__lt=now - job_abandoned_after())


def jobs_stale(queryset: models.QuerySet[J]) -> models.QuerySet[J]:
    """The stale jobs of ``queryset``: abandoned by their worker, or not touched for ``STALE_AFTER``."""
    model, now = queryset.model, timezone.now()
    cutoff = now - model.STALE_AFTER
    active = Q(status__in=model.QUEUED_STATUSES | model.RUNNING_STATUSES)
    overdue = active & (
        Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True, started_at__lt=cutoff)
    )
    return queryset.filter(overdue | _abandoned_q(model, now))


def job_claim(model: type[J], pk: int, **also: Any) -> J | None:
    """Take a queued job for this worker (setting ``also`` on it too); None if it is not queued
    (done, or another worker has it). From here on this process's heartbeat keeps it alive."""
    now = timezone.now()
    claimed = model._default_manager.filter(pk=pk, status__in=model.QUEUED_STATUSES).update(
        status=model.RUNNING_STATUS,
        claimed_at=now,
        heartbeat_at=now,
        error="",
        attempts=F("attempts") + 1,
        **also,
    )
    if not claimed:
        return None
    job = model._default_manager.get(pk=pk)
    _heartbeat.watch(job)
    return job


class JobSupersededError(Exception):
    """This attempt was given up as abandoned (its heartbeat went silent) and the job queued again
    or taken by another worker: what it computed must not be written over the newer attempt's."""


def _this_attempt(job: Job) -> models.QuerySet[Any]:
    rows = type(job)._default_manager.filter(pk=job.pk)
    # A job never claimed (failed while still queued) has no attempt of its own to compare.
    return rows.filter(attempts=job.attempts) if job.attempts else rows


def job_hold(job: Job) -> None:
    """Inside the transaction that stores a job's results, before writing them: raise
    JobSupersededError unless the row still runs this attempt. The row is locked (PostgreSQL; on
    SQLite the transaction already holds the write lock), so no sweep can reclaim it meanwhile."""
    running = _this_attempt(job).filter(status__in=job.RUNNING_STATUSES).select_for_update()
    if not list(running.values_list("pk", flat=True)[:1]):
        raise JobSupersededError(f"{job._meta.label} {job.pk} attempt {job.attempts}")


def job_update(job: Job, **fields: Any) -> bool:
    """Write ``fields`` on the job's row if this attempt still owns it (see ``job_hold``)."""
    return bool(_this_attempt(job).update(**fields))


def job_finish(job: Job, status: str = JobStatus.DONE, error: str = "") -> bool:
    """End this attempt in ``status``; False (and nothing written) when a newer attempt owns it."""
    job.status, job.error, job.finished_at = status, error[:5000], timezone.now()
    return job_update(job, status=job.status, error=job.error, finished_at=job.finished_at)


def job_fail(job: Job, reason: str) -> bool:
    return job_finish(job, JobStatus.FAILED, reason)


def job_requeue(job: Job) -> None:
    """Ask for the work again (a retry). The caller has checked ``can_retry`` and enqueues."""
    job.status, job.error = job.QUEUED_STATUS, ""
    job.started_at, job.claimed_at, job.finished_at = timezone.now(), None, None
    job.heartbeat_at = None
    type(job)._default_manager.filter(pk=job.pk).update(
        status=job.status,
        error="",
        started_at=job.started_at,
        claimed_at=None,
        heartbeat_at=None,
        finished_at=None,
    )
    job_workdirs_remove(job)  # whatever an abandoned attempt left behind


# --- the heartbeat ---------------------------------------------------------------------------------


class _Heartbeat:
    """One daemon thread per process that beats for every job this process has claimed and is
    still running (the claiming thread alive, the row running under the same attempt)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[tuple[str, int, int], tuple[type[Job], threading.Thread]] = {}
        self._thread: threading.Thread | None = None

    def watch(self, job: Job) -> None:
        if float(settings.HABEAS_JOB_HEARTBEAT_SECONDS) <= 0:
            return  # switched off (the claim's own time is the only sign of life)
        with self._lock:
            self._jobs[(job._meta.label, job.pk, job.attempts)] = (
                type(job),
                threading.current_thread(),
            )
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="job-heartbeat", daemon=True
                )
                self._thread.start()

    def _loop(self) -> None:
        while True:
            time.sleep(max(0.01, float(settings.HABEAS_JOB_HEARTBEAT_SECONDS)))
            with self._lock:
                watched = list(self._jobs.items())
                if not watched:
                    self._thread = None
                    return
            try:
                self.beat(watched)
            finally:
                connections.close_all()  # this thread's connections only

    def beat(
        self, watched: list[tuple[tuple[str, int, int], tuple[type[Job], threading.Thread]]]
    ) -> None:
        now = timezone.now()
        for key, (model, owner) in watched:
            _label, pk, attempt = key
            alive = owner.is_alive()
            try:
                beating = alive and model._default_manager.filter(
                    pk=pk, attempts=attempt, status__in=model.RUNNING_STATUSES
                ).update(heartbeat_at=now)
            except DatabaseError:  # a busy database: try again next time, well within the limit
                log.warning("could not write the heartbeat of %s %s", *key[:2], exc_info=True)
                continue
            if not beating:
                with self._lock:
                    self._jobs.pop(key, None)


_heartbeat = _Heartbeat()


# --- temporary files -------------------------------------------------------------------------------

_WORKDIR = re.compile(r"^(?P<label>[\w.]+)-(?P<pk>\d+)-(?P<attempt>\d+)$")


def _work_root() -> Path:
    return Path(settings.HABEAS_WORK_DIR)


@contextmanager
def job_workdir(job: Job) -> Iterator[Path]:
    """The one folder for this attempt's temporary files; removed when the block ends, however."""
    path = _work_root() / f"{job._meta.label}-{job.pk}-{job.attempts}"
    path.mkdir(parents=True, exist_ok=True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def job_workdirs_remove(job: Job) -> None:
    """Remove the folders every earlier attempt of ``job`` left (a dead worker's OCR images)."""
    root = _work_root()
    if root.is_dir():
        for path in root.glob(f"{job._meta.label}-{job.pk}-*"):
            shutil.rmtree(path, ignore_errors=True)


def _workdirs_orphaned_remove() -> int:
    """Remove folders whose job is no longer running that attempt (its worker was killed)."""
    root, removed = _work_root(), 0
    if not root.is_dir():
        return 0
    for path in root.iterdir():
        match = _WORKDIR.match(path.name)
        model = _models.get(match["label"]) if match else None
        if match is None or model is None:
            continue
        running = model._default_manager.filter(
            pk=int(match["pk"]), attempts=int(match["attempt"]), status__in=model.RUNNING_STATUSES
        ).exclude(_abandoned_q(model, timezone.now()))
        if not running.exists():
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


# --- the queue -----------------------------------------------------------------------------------

Runner = Callable[[int], Any]
GiveUp = Callable[[Any], None]
_runners: dict[str, Runner] = {}
_give_ups: dict[str, GiveUp] = {}
_models: dict[str, type[Job]] = {}


def job_runner_register(model: type[Job], runner: Runner, *, gave_up: GiveUp | None = None) -> None:
    """``runner(pk)`` does the work of one job of ``model`` (claiming it first with ``job_claim``).
    ``gave_up(job)`` is told when an abandoned job has used its attempts and was failed (to audit it)."""
    _runners[model._meta.label] = runner
    _models[model._meta.label] = model
    if gave_up is not None:
        _give_ups[model._meta.label] = gave_up


def job_enqueue(job: Job) -> None:
    """Queue the job's work once the current transaction (if any) commits."""
    label, pk = job._meta.label, job.pk
    transaction.on_commit(lambda: job_run_task.enqueue(label, pk))


def jobs_reclaim(model: type[Job]) -> list[Job]:
    """Queue abandoned jobs of ``model`` again (a new task each), or fail those that used their
    attempts. A compare-and-set per job: with several workers sweeping, each is reclaimed once."""
    now = timezone.now()
    limit = int(settings.HABEAS_JOB_MAX_ATTEMPTS)
    reclaimed = []
    for job in model._default_manager.filter(_abandoned_q(model, now)):
        again = job.attempts < limit
        fields: dict[str, Any] = (
            {"status": model.QUEUED_STATUS, "error": "", "claimed_at": None}
            if again
            else {
                "status": model.FAILED_STATUS,
                "finished_at": now,
                "error": f"Stopped: the worker processing this stopped before it finished "
                f"({job.attempts} attempt{'s' if job.attempts != 1 else ''}). Retry it, or "
                "ask your administrator to check the background worker.",
            }
        )
        taken = model._default_manager.filter(
            pk=job.pk, attempts=job.attempts, status=job.status, heartbeat_at=job.heartbeat_at
        ).update(heartbeat_at=None, **fields, **model.status_also(now))
        if not taken:
            continue  # another sweep got there first, or the worker woke up
        job.refresh_from_db()
        job_workdirs_remove(job)
        log.warning("%s %s abandoned by its worker: %s", model._meta.label, job.pk, job.status)
        if again:
            job_enqueue(job)
        elif (gave_up := _give_ups.get(model._meta.label)) is not None:
            gave_up(job)
        reclaimed.append(job)
    return reclaimed


def jobs_sweep() -> int:
    """Reclaim the abandoned jobs of every kind, remove orphaned temporary folders, and mark
    failed the library's task rows of this host's dead workers (``core.task_rows``)."""
    count = 0
    for model in list(_models.values()):
        count += len(jobs_reclaim(model))
    _workdirs_orphaned_remove()
    task_rows_of_dead_workers_fail()
    return count


def jobs_sweep_start() -> threading.Thread:
    """Sweep now and then every half abandon-limit, in a daemon thread of this worker process."""

    def loop() -> None:
        every = max(1.0, int(settings.HABEAS_JOB_ABANDONED_SECONDS) / 2)
        while True:
            try:
                with acting_from("task", "worker"):
                    jobs_sweep()
            except DatabaseError:
                log.warning("the job sweep failed; trying again", exc_info=True)
            finally:
                connections.close_all()
            time.sleep(every)

    thread = threading.Thread(target=loop, name="job-sweep", daemon=True)
    thread.start()
    return thread


def _level_pick(model: type[Job], queued: models.QuerySet[Any], level: str) -> Any:
    """The group (organization, case...) at ``level`` whose turn it is among those with queued jobs."""
    oldest = dict(
        queued.order_by()
        .values_list(level)
        .annotate(first=Min("started_at"))
        .values_list(level, "first")
    )
    if len(oldest) <= 1:
        return next(iter(oldest), None)
    since = timezone.now() - timedelta(hours=1)  # served longer ago than that: as if never
    running = Q(status__in=model.RUNNING_STATUSES)
    load = {
        group: (busy, last)
        for group, busy, last in model._default_manager.filter(**{f"{level}__in": list(oldest)})
        .filter(running | Q(claimed_at__gte=since))
        .order_by()
        .values_list(level)
        .annotate(busy=Count("pk", filter=running), last=Max("claimed_at"))
        .values_list(level, "busy", "last")
    }
    never = datetime.min.replace(tzinfo=timezone.now().tzinfo)

    def turn(group: Any) -> tuple[int, datetime, datetime]:
        busy, last = load.get(group, (0, None))
        return busy, last or never, oldest[group]

    return min(oldest, key=turn)


def job_next(model: type[J]) -> int | None:
    """The queued job whose turn it is (see the module's "fair claiming"), or None."""
    queued = model._default_manager.filter(status__in=model.QUEUED_STATUSES)
    for level in model.FAIR_SHARE:
        group = _level_pick(model, queued, level)
        if group is None:
            return None
        queued = queued.filter(**{level: group})
    return queued.order_by("started_at", "pk").values_list("pk", flat=True).first()


@task()
def job_run_task(label: str, pk: int) -> None:
    runner, model = _runners.get(label), _models.get(label)
    if runner is None or model is None:
        raise LookupError(f"no runner registered for {label} jobs")
    with acting_from("task", "worker"):
        jobs_reclaim(model)
        own = model._default_manager.filter(pk=pk, status__in=model.QUEUED_STATUSES)
        # Run whichever job's turn it is until this task's own job has been taken (here or by
        # another worker): every queued job keeps a task that will see it run.
        while own.exists():
            chosen = job_next(model)
            if chosen is None:
                return
            runner(chosen)
            if model._default_manager.filter(pk=chosen, status__in=model.QUEUED_STATUSES).exists():
                return  # the runner would not take it: do not spin on it
