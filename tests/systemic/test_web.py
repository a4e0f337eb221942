"""The systemic-review pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from habeas.systemic.models import BulkImport, ReviewMatch, ReviewRun, Watchlist
from tests.conftest import World
from tests.domain.systemic.test_review import RECORDS


def test_upload_records_create_watchlist_run_decide(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.member)
    r = client.post(
        "/reviews/records/", {"file": SimpleUploadedFile("convictions.csv", RECORDS.encode())}
    )
    assert r.status_code == 302 and BulkImport.objects.get().rows == 6
    r = client.post(
        "/reviews/watchlists/",
        {
            "name": "Quill",
            "reason": "Perjury finding (fictional)",
            "csv": SimpleUploadedFile("w.csv", b"name,kind\nDet. Ray Quill,officer\n"),
        },
    )
    assert r.status_code == 302
    wl = Watchlist.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/reviews/watchlists/{wl.pk}/run/")
    run = ReviewRun.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/reviews/runs/{run.pk}/"
    page = client.get(f"/reviews/runs/{run.pk}/").content.decode()
    assert "4 matches" in page and "R. Quil" in page and "Lena Voss" in page
    match = ReviewMatch.objects.get(run=run, docket="BA1")
    client.post(f"/reviews/matches/{match.pk}/decision/", {"decision": "confirmed"})
    r = client.post(f"/reviews/matches/{match.pk}/intake/")
    assert r.status_code == 302 and r["Location"].startswith("/cases/")
    assert client.get(f"/reviews/runs/{run.pk}/export.xlsx").content[:2] == b"PK"
    home = client.get("/reviews/").content.decode()
    assert "convictions.csv" in home and "Quill" in home


def test_outsiders_see_nothing(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    owner = client_for(world.owner)
    owner.post(
        "/reviews/records/", {"file": SimpleUploadedFile("convictions.csv", RECORDS.encode())}
    )
    owner.post(
        "/reviews/watchlists/",
        {"name": "Quill", "reason": "r", "csv": SimpleUploadedFile("w.csv", b"name\nRay Quill\n")},
    )
    wl = Watchlist.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(f"/reviews/watchlists/{wl.pk}/run/")
    run = ReviewRun.objects.get()
    outsider = client_for(world.outsider)
    assert outsider.get(f"/reviews/runs/{run.pk}/").status_code == 404
    assert outsider.get(f"/reviews/runs/{run.pk}/export.csv").status_code == 404
    home = outsider.get("/reviews/").content.decode()
    assert "convictions.csv" not in home and "Quill" not in home
    auditor = client_for(world.auditor)
    assert auditor.get(f"/reviews/runs/{run.pk}/").status_code == 200
    assert auditor.post(f"/reviews/watchlists/{wl.pk}/run/").status_code == 403
