"""A review run that fails says so (page, API, CLI), can be retried, and its page stops polling;
a run whose worker died counts as abandoned and can be retried too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from habeas.audit.models import AuditEvent
from habeas.core.errors import ConflictError
from habeas.core.jobs import JobStatus
from habeas.systemic.models import ReviewRun
from habeas.systemic.services.reviews import review_retry, review_start, watchlist_create
from tests.clients import Api, run
from tests.conftest import World
from tests.systemic.test_review_flow import bulk  # noqa: F401 - fixture


def _watchlist(world: World) -> int:
    wl, _ = watchlist_create(
        actor=world.owner,
        name="Quill",
        reason="Perjury finding (fictional)",
        entries=[{"name": "Det. Ray Quill", "kind": "officer"}],
    )
    return wl.pk


def _broken(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the analytical store went away")

    monkeypatch.setattr("habeas.systemic.services.reviews.review_run", explode)


def test_a_failed_run_says_so_and_a_retry_runs_it_again(
    world: World,
    bulk: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    wl = _watchlist(world)
    _broken(monkeypatch)
    failed = review_start(actor=world.owner, watchlist=wl)
    assert failed.status == JobStatus.FAILED and failed.finished_at is not None
    assert failed.error == "RuntimeError: the analytical store went away" and failed.can_retry
    assert AuditEvent.objects.filter(action="review.fail", object_id=str(failed.pk)).exists()

    page = client_for(world.owner).get(f"/reviews/runs/{failed.pk}/").content.decode()
    assert "This run failed" in page and "Retry the run" in page and "every 2s" not in page
    api = Api(world.owner).get(f"/reviews/{failed.pk}").json()
    assert api["status"] == "failed" and api["can_retry"] and "went away" in api["error"]

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.owner).post(f"/reviews/runs/{failed.pk}/retry/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == JobStatus.DONE and failed.matches > 0 and failed.attempts == 2
    assert failed.error == "" and not failed.can_retry
    with pytest.raises(ConflictError):
        review_retry(actor=world.owner, run_id=failed.pk)  # nothing to retry: it is done


def test_an_abandoned_run_can_be_retried_from_the_command_line(
    world: World,
    bulk: Path,  # noqa: F811
) -> None:
    wl = _watchlist(world)
    stuck = ReviewRun.objects.create(
        watchlist_id=wl,
        started_by=world.owner,
        status=JobStatus.RUNNING,
        claimed_at=timezone.now() - dt.timedelta(hours=7),
    )
    assert stuck.is_stale() and stuck.can_retry
    code, out, _ = run("review", "retry", str(stuck.pk), "--as", "owner")
    stuck.refresh_from_db()
    # The test settings run tasks at once, outside any transaction of the command's own.
    assert code == 0 and "queued again" in out and stuck.status == JobStatus.DONE


def test_only_those_who_run_reviews_may_retry_and_others_see_nothing(
    world: World,
    bulk: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wl = _watchlist(world)
    _broken(monkeypatch)
    failed = review_start(actor=world.owner, watchlist=wl)
    assert Api(world.auditor).send("POST", f"/reviews/{failed.pk}/retry").status_code == 403
    assert Api(world.outsider).send("POST", f"/reviews/{failed.pk}/retry").status_code == 404
    assert Api(world.outsider).get(f"/reviews/{failed.pk}").status_code == 404
