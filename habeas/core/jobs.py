"""One lifecycle for background work (a document's processing, a person-linkage run, a systemic
review run): asked for (queued), taken by a worker (running), then done or failed with the reason
in words; counted attempts; a job left running by a dead worker becomes *stale* and can be retried.

Work runs on django-tasks' database queue (no broker; ``habeas worker`` processes it, and more
workers scale out on PostgreSQL). ``job_enqueue`` hands a job to the queue once the surrounding
transaction commits, so a worker never sees a job whose row was rolled back. There is one task,
``job_run_task``; each kind of job registers the function that does its work
(``job_runner_register``, from its app's ``ready``).

A claim is a compare-and-set on the row (``job_claim``): a job delivered twice, or taken by two
workers, runs once. No transaction is held while the work itself runs: a long analytical run must
not lock the rows others read and write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, ClassVar, TypeVar

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from habeas.core.context import acting_from

log = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """The lifecycle fields. A kind of job with finer statuses (a document is *extracting*, then
    *ocr*, then *indexing*) overrides ``status`` and says which of its statuses mean what."""

    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    error = models.TextField(blank=True, help_text="Why it failed, for the person who asked")
    attempts = models.PositiveIntegerField(default=0, help_text="Times a worker took it")
    started_at = models.DateTimeField(default=timezone.now, help_text="When the work was asked for")
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last took it")
    finished_at = models.DateTimeField(null=True, blank=True)

    QUEUED_STATUSES: ClassVar[frozenset[str]] = frozenset({JobStatus.QUEUED})
    RUNNING_STATUSES: ClassVar[frozenset[str]] = frozenset({JobStatus.RUNNING})
    FAILED_STATUSES: ClassVar[frozenset[str]] = frozenset({JobStatus.FAILED})
    QUEUED_STATUS: ClassVar[str] = JobStatus.QUEUED  # what asking (again) sets
    RUNNING_STATUS: ClassVar[str] = JobStatus.RUNNING  # what a claim sets
    STALE_AFTER: ClassVar[timedelta] = timedelta(hours=6)

    class Meta:
        abstract = True

    @property
    def in_progress(self) -> bool:
        return self.status in self.QUEUED_STATUSES | self.RUNNING_STATUSES

    @property
    def failed(self) -> bool:
        return self.status in self.FAILED_STATUSES

    def is_stale(self, now: datetime | None = None) -> bool:
        """In progress for longer than any run of its kind takes: its worker is gone."""
        since = self.claimed_at or self.started_at
        return self.in_progress and since < (now or timezone.now()) - self.STALE_AFTER

    @property
    def can_retry(self) -> bool:
        return self.failed or self.is_stale()


J = TypeVar("J", bound=Job)


def jobs_stale(queryset: models.QuerySet[J]) -> models.QuerySet[J]:
    """The stale jobs of ``queryset`` (in progress, and not touched for ``STALE_AFTER``)."""
    model = queryset.model
    cutoff = timezone.now() - model.STALE_AFTER
    active = Q(status__in=model.QUEUED_STATUSES | model.RUNNING_STATUSES)
    return queryset.filter(active).filter(
        Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True, started_at__lt=cutoff)
    )


def job_claim(model: type[J], pk: int, **also: Any) -> J | None:
    """Take a queued job for this worker (setting ``also`` on it too); None if it is not queued
    (done, or another worker has it)."""
    claimed = model._default_manager.filter(pk=pk, status__in=model.QUEUED_STATUSES).update(
        status=model.RUNNING_STATUS,
        claimed_at=timezone.now(),
        error="",
        attempts=F("attempts") + 1,
        **also,
    )
    return model._default_manager.get(pk=pk) if claimed else None


def job_finish(job: Job, status: str = JobStatus.DONE, error: str = "") -> None:
    job.status, job.error, job.finished_at = status, error[:5000], timezone.now()
    type(job)._default_manager.filter(pk=job.pk).update(
        status=job.status, error=job.error, finished_at=job.finished_at
    )


def job_fail(job: Job, reason: str) -> None:
    job_finish(job, JobStatus.FAILED, reason)


def job_requeue(job: Job) -> None:
    """Ask for the work again (a retry). The caller has checked ``can_retry`` and enqueues."""
    job.status, job.error = job.QUEUED_STATUS, ""
    job.started_at, job.claimed_at, job.finished_at = timezone.now(), None, None
    type(job)._default_manager.filter(pk=job.pk).update(
        status=job.status, error="", started_at=job.started_at, claimed_at=None, finished_at=None
    )


# --- the queue -----------------------------------------------------------------------------------

Runner = Callable[[int], Any]
_runners: dict[str, Runner] = {}


def job_runner_register(model: type[Job], runner: Runner) -> None:
    """``runner(pk)`` does the work of one job of ``model`` (claiming it first with ``job_claim``)."""
    _runners[model._meta.label] = runner


def job_enqueue(job: Job) -> None:
    """Queue the job's work once the current transaction (if any) commits."""
    label, pk = job._meta.label, job.pk
    transaction.on_commit(lambda: job_run_task.enqueue(label, pk))


@task()
def job_run_task(label: str, pk: int) -> None:
    runner = _runners.get(label)
    if runner is None:
        raise LookupError(f"no runner registered for {label} jobs")
    with acting_from("task", "worker"):
        runner(pk)
