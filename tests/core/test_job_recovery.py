"""A dead worker's job is noticed within a minute (its heartbeat stops), queued again or offered
for Retry, and its temporary files are removed; queued jobs are taken in fair turns."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from habeas.accounts.models import User
from habeas.audit.models import AuditEvent
from habeas.cases.models import Case
from habeas.cases.services.intake import case_intake
from habeas.core import jobs
from habeas.core.jobs import job_claim, job_finish, job_next, job_run_task, jobs_sweep
from habeas.documents.models import Document, DocumentStatus
from habeas.documents.services.ingest import document_retry
from habeas.linkage.models import LinkRun
from tests.conftest import World, intake_payload, login, make_user
from tests.documents.helpers import ingest_text


def _died_while_running(doc: Document, *, silent_for: dt.timedelta, attempts: int = 1) -> Path:
    """Leave ``doc`` as a killed worker does: OCR, a last heartbeat, page images on disk."""
    now = timezone.now()
    Document.objects.filter(pk=doc.pk).update(
        status=DocumentStatus.OCR,
        attempts=attempts,
        claimed_at=now - silent_for - dt.timedelta(seconds=30),
        heartbeat_at=now - silent_for,
        finished_at=None,
    )
    leftovers = Path(settings.HABEAS_WORK_DIR) / f"documents.Document-{doc.pk}-{attempts}"
    (leftovers / "habeas-ocr-x").mkdir(parents=True)
    (leftovers / "habeas-ocr-x" / "p0.img").write_bytes(b"P5 page image")
    doc.refresh_from_db()
    return leftovers


def test_a_dead_workers_document_is_reclaimed_within_a_minute(world: World) -> None:
    doc = ingest_text(world.owner, world.case, "note.txt", "A fictional note about Officer Ortiz.")
    leftovers = _died_while_running(doc, silent_for=dt.timedelta(seconds=61))
    assert doc.is_abandoned() and doc.can_retry  # a minute of silence, not 30 minutes

    assert jobs_sweep() == 1  # queued again as a new task (the dead task row is not needed)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.INDEXED and doc.attempts == 2 and doc.page_count == 1
    assert doc.heartbeat_at is not None and not doc.is_abandoned()
    assert not leftovers.exists()


def test_a_job_still_beating_is_left_alone(world: World) -> None:
    doc = ingest_text(world.owner, world.case, "note.txt", "A fictional note.")
    leftovers = _died_while_running(doc, silent_for=dt.timedelta(seconds=30))
    assert not doc.is_abandoned() and not doc.can_retry
    assert jobs_sweep() == 0
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.OCR and leftovers.exists()  # its worker is alive


def test_after_its_attempts_an_abandoned_document_fails_and_can_be_retried(
    world: World, client: Client
) -> None:
    doc = ingest_text(world.owner, world.case, "note.txt", "A fictional note.")
    leftovers = _died_while_running(doc, silent_for=dt.timedelta(minutes=2), attempts=3)
    assert jobs_sweep() == 1
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.FAILED and doc.error.startswith("Stopped:")
    assert not leftovers.exists()
    assert AuditEvent.objects.filter(action="document.failed", object_id=str(doc.pk)).exists()
    again = document_retry(actor=world.owner, case_ref=world.case.ref, document_id=doc.pk)
    assert again.status == DocumentStatus.INDEXED and again.attempts == 4


def test_the_page_offers_retry_and_stops_polling_as_soon_as_a_job_is_abandoned(
    world: World, client: Client
) -> None:
    doc = ingest_text(world.owner, world.case, "note.txt", "A fictional note.")
    _died_while_running(doc, silent_for=dt.timedelta(seconds=30))
    login(client, world.owner)
    tab = reverse("cases:tab", kwargs={"ref": world.case.ref, "tab": "documents"})
    alive = client.get(tab).content.decode()
    assert 'hx-trigger="every 2s"' in alive and "Retry</button>" not in alive

    Document.objects.filter(pk=doc.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=61)
    )
    dead = client.get(tab).content.decode()
    assert 'hx-trigger="every 2s"' not in dead and "Retry</button>" in dead and "Stopped" in dead
    retry = reverse("documents:retry", kwargs={"ref": world.case.ref, "document_id": doc.pk})
    answer = client.post(retry, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200, answer.content  # was 409 for 30 minutes
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.INDEXED


def test_the_heartbeat_beats_only_while_the_claiming_thread_lives(world: World) -> None:
    run = LinkRun.objects.create(organization=world.org_a, started_by=world.owner)
    claimed = job_claim(LinkRun, run.pk)
    assert claimed is not None and claimed.heartbeat_at is not None  # the claim is a beat
    release = threading.Event()
    owner = threading.Thread(target=release.wait, args=(5,))
    owner.start()
    heart = jobs._Heartbeat()
    key = (LinkRun._meta.label, run.pk, claimed.attempts)
    heart._jobs[key] = (LinkRun, owner)
    silent = timezone.now() - dt.timedelta(minutes=5)

    LinkRun.objects.filter(pk=run.pk).update(heartbeat_at=silent)
    heart.beat(list(heart._jobs.items()))
    run.refresh_from_db()
    assert run.heartbeat_at is not None and not run.is_abandoned()  # alive: beaten again

    release.set()
    owner.join()
    LinkRun.objects.filter(pk=run.pk).update(heartbeat_at=silent)
    heart.beat(list(heart._jobs.items()))
    run.refresh_from_db()
    assert run.is_abandoned() and key not in heart._jobs  # the claiming thread died: no beats


# --- fair claiming ---------------------------------------------------------------------------------


def _queued(case: Case, name: str, minutes_ago: int, user: User) -> Document:
    at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return Document.objects.create(
        case=case,
        name=name,
        sha256=name.ljust(64, "0"),
        size=1,
        kind="text",
        uploaded_by=user,
        status_changed_at=at,
        started_at=at,
    )


def test_one_organizations_batch_does_not_go_before_everyone_else(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_user("other-owner", world.org_b, "attorney")
    payload = intake_payload(docket="BA999999")
    case_b = case_intake(actor=other, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    served = _queued(world.case, "served", 30, world.owner)
    job_finish(job_claim(Document, served.pk) or served)  # organization A was served just now
    batch = [_queued(world.case, f"a{i}", 20 - i, world.owner) for i in range(3)]
    late = _queued(case_b, "b0", 1, other)  # queued last, by another organization

    ran: list[str] = []

    def runner(pk: int) -> None:
        job = job_claim(Document, pk)
        if job is not None:
            ran.append(job.name)
            job_finish(job, DocumentStatus.INDEXED)

    monkeypatch.setitem(jobs._runners, "documents.Document", runner)
    job_run_task.call("documents.Document", batch[0].pk)
    assert ran == ["b0", "a0"]  # B's only file first, then the task's own; nothing left behind
    for doc in (*batch[1:], late):
        job_run_task.call("documents.Document", doc.pk)
    assert ran == ["b0", "a0", "a1", "a2"]  # every job ran once; B's task found its job done


def test_within_an_organization_cases_take_turns_and_running_jobs_count(world: World) -> None:
    payload = intake_payload(docket="BA777777")
    case_2 = case_intake(actor=world.owner, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    big = [_queued(world.case, f"zip-member-{i}", 50 - i, world.owner) for i in range(3)]
    one = _queued(case_2, "single", 1, world.owner)
    first = job_claim(Document, big[0].pk)  # one member of the big batch is running
    assert first is not None
    assert job_next(Document) == one.pk  # the other case, with nothing running, goes next
    claimed: Any = job_claim(Document, one.pk)
    job_finish(claimed, DocumentStatus.INDEXED)
    assert job_next(Document) == big[1].pk


def test_a_worker_given_up_as_dead_that_wakes_up_writes_nothing(
    world: World, monkeypatch: Any
) -> None:
    """A worker paused past the heartbeat limit (a stopped VM, swap) is given up and the document
    taken by a new attempt; when the old one wakes it must not store pages, statuses or audit rows
    over the new attempt's."""
    import habeas.documents.services.ingest as ingest

    real_extract = ingest._extract

    def paused_then_superseded(document: Document, *args: Any) -> Any:
        pages = real_extract(document, *args)
        # Meanwhile: the sweep gave this attempt up and another worker claimed attempt 2.
        Document.objects.filter(pk=document.pk).update(
            status=DocumentStatus.OCR, attempts=document.attempts + 1, heartbeat_at=timezone.now()
        )
        return pages

    monkeypatch.setattr(ingest, "_extract", paused_then_superseded)
    doc = ingest_text(world.owner, world.case, "note.txt", "A fictional note about Officer Ortiz.")
    assert doc.status == DocumentStatus.OCR and doc.attempts == 2  # the new attempt's, untouched
    assert doc.page_count == 0 and not doc.pages.exists()
    actions = set(
        AuditEvent.objects.filter(object_id=str(doc.pk), object_type="Document").values_list(
            "action", flat=True
        )
    )
    assert actions == {"document.add"}  # neither "extracted" nor "failed" from the old attempt
