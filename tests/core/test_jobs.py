"""The shared job lifecycle: a claim takes a queued job once, failures and retries are recorded,
and a job whose worker died becomes stale (and retryable) after its kind's limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from habeas.core.jobs import (
    JobStatus,
    JobSupersededError,
    job_claim,
    job_fail,
    job_finish,
    job_hold,
    job_requeue,
    jobs_stale,
)
from habeas.documents.models import Document, DocumentStatus
from habeas.linkage.models import LinkRun
from tests.conftest import World
from tests.documents.helpers import ingest_text


def _run(world: World, **fields: object) -> LinkRun:
    return LinkRun.objects.create(organization=world.org_a, started_by=world.owner, **fields)


def test_a_queued_job_is_claimed_once(world: World) -> None:
    run = _run(world)
    claimed = job_claim(LinkRun, run.pk)
    assert claimed is not None and claimed.status == JobStatus.RUNNING and claimed.attempts == 1
    assert claimed.claimed_at is not None
    assert job_claim(LinkRun, run.pk) is None  # delivered twice, or taken by another worker


def test_fail_then_retry_then_finish(world: World) -> None:
    run = _run(world)
    claimed = job_claim(LinkRun, run.pk)
    assert claimed is not None
    job_fail(claimed, "the disk is full")
    claimed.refresh_from_db()
    assert claimed.failed and claimed.can_retry and claimed.error == "the disk is full"
    assert claimed.finished_at is not None
    job_requeue(claimed)
    claimed.refresh_from_db()
    assert (
        claimed.status == JobStatus.QUEUED and claimed.error == "" and claimed.finished_at is None
    )
    again = job_claim(LinkRun, run.pk)
    assert again is not None and again.attempts == 2
    job_finish(again)
    again.refresh_from_db()
    assert again.status == JobStatus.DONE and not again.can_retry and not again.in_progress


def test_an_attempt_given_up_can_neither_store_nor_finish(world: World) -> None:
    run = _run(world)
    first = job_claim(LinkRun, run.pk)
    assert first is not None
    job_hold(first)  # still its own: no error
    job_requeue(first)  # the sweep gave it up as abandoned
    second = job_claim(LinkRun, run.pk)
    assert second is not None and second.attempts == 2
    with pytest.raises(JobSupersededError):
        job_hold(first)
    assert not job_fail(first, "woke up and failed") and not job_finish(first)
    second.refresh_from_db()
    assert second.status == JobStatus.RUNNING and second.error == ""
    assert job_finish(second)


def test_stale_after_the_kinds_limit(world: World) -> None:
    now = timezone.now()
    fresh = _run(world, status=JobStatus.RUNNING, claimed_at=now - dt.timedelta(hours=1))
    dead = _run(world, status=JobStatus.RUNNING, claimed_at=now - dt.timedelta(hours=7))
    never_taken = _run(world, started_at=now - dt.timedelta(hours=7))
    done = _run(world, status=JobStatus.DONE, claimed_at=now - dt.timedelta(hours=9))
    assert not fresh.is_stale() and dead.is_stale() and never_taken.is_stale()
    assert not done.is_stale() and not done.can_retry
    assert set(jobs_stale(LinkRun.objects.all())) == {dead, never_taken}


def test_documents_use_their_own_statuses_and_limit(world: World) -> None:
    doc = ingest_text(world.owner, world.case, "note.txt", "A fictional note.")
    assert (
        doc.status == DocumentStatus.INDEXED and doc.attempts == 1 and doc.finished_at is not None
    )
    Document.objects.filter(pk=doc.pk).update(
        status=DocumentStatus.OCR, claimed_at=timezone.now() - dt.timedelta(minutes=31)
    )
    doc.refresh_from_db()
    assert doc.in_progress and doc.is_stale() and doc.can_retry  # documents: 30 minutes
