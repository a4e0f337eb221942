"""REST endpoints for documents, search, flags and suggestions, per persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from habeas.accounts.services import token_create
from habeas.documents.models import Document, ElementFlag, Mention
from tests.conftest import World
from tests.documents.helpers import REPORT, TRANSCRIPT, ingest_text


def _client(user: Any) -> tuple[Client, dict[str, Any]]:
    _, token = token_create(user=user)
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_upload_list_and_read_pages(world: World) -> None:
    client, auth = _client(world.member)
    files = [
        SimpleUploadedFile("report.txt", REPORT.encode()),
        SimpleUploadedFile("transcript.txt", TRANSCRIPT.encode()),
    ]
    response = client.post(f"/api/v1/cases/{world.case.ref}/documents", {"files": files}, **auth)
    assert response.status_code == 201, response.content
    body = response.json()
    assert [r["created"] for r in body] == [True, True]
    assert all(r["document"]["status"] == "indexed" for r in body)
    listing = client.get(f"/api/v1/cases/{world.case.ref}/documents", **auth).json()
    assert {d["name"] for d in listing} == {"report.txt", "transcript.txt"}
    doc_id = body[0]["document"]["id"]
    page = client.get(f"/api/v1/cases/{world.case.ref}/documents/{doc_id}/pages/1", **auth)
    assert page.status_code == 200 and "jailhouse informant" in page.json()["text"]
    assert (
        client.get(f"/api/v1/cases/{world.case.ref}/documents/{doc_id}/pages/9", **auth).status_code
        == 404
    )
    download = client.get(f"/api/v1/cases/{world.case.ref}/documents/{doc_id}/file", **auth)
    assert download.status_code == 200 and b"".join(download.streaming_content) == REPORT.encode()  # type: ignore[attr-defined]


def test_upload_without_files_or_by_the_wrong_people(world: World) -> None:
    client, auth = _client(world.owner)
    response = client.post(f"/api/v1/cases/{world.case.ref}/documents", {}, **auth)
    assert response.status_code in (400, 422) and response.json()["detail"]
    for user, status in ((world.outsider, 404), (world.nonmember, 404), (world.auditor, 403)):
        c, a = _client(user)
        r = c.post(
            f"/api/v1/cases/{world.case.ref}/documents",
            {"files": [SimpleUploadedFile("x.txt", b"hello there")]},
            **a,
        )
        assert r.status_code == status, (user.username, r.content)
    assert not Document.objects.exists()


def test_search_endpoint(world: World) -> None:
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    client, auth = _client(world.owner)
    body = client.get("/api/v1/search", {"q": "informant"}, **auth).json()
    assert body["total"] == 1 and body["results"][0]["case_ref"] == world.case.ref
    assert "<b>" in body["results"][0]["snippet_html"]
    bad = client.get("/api/v1/search", {"q": '"open'}, **auth)
    assert bad.status_code == 400 and bad.json()["fields"]["q"]
    out_client, out_auth = _client(world.outsider)
    hidden = out_client.get("/api/v1/search", {"q": "informant"}, **out_auth).json()
    assert hidden == {"total": 0, "page": 1, "page_size": 20, "results": []}


def test_flag_verdict_and_suggestion_decision(world: World) -> None:
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    flag = ElementFlag.objects.filter(case=world.case).first()
    mention = Mention.objects.filter(case=world.case, kind="person").first()
    assert flag is not None and mention is not None
    client, auth = _client(world.owner)
    flags = client.get(f"/api/v1/cases/{world.case.ref}/flags", **auth).json()
    assert flags and {"passage", "reason", "source", "verdict", "page_number"} <= set(flags[0])
    r = client.post(
        f"/api/v1/cases/{world.case.ref}/flags/{flag.pk}/verdict",
        {"verdict": "needs_more", "note": "Get the jail log."},
        content_type="application/json",
        **auth,
    )
    assert (
        r.status_code == 200
        and r.json()["verdict"] == "needs_more"
        and r.json()["verdict_by"] == "owner"
    )
    r = client.post(
        f"/api/v1/cases/{world.case.ref}/flags/{flag.pk}/verdict",
        {"verdict": "maybe"},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 422
    a_client, a_auth = _client(world.auditor)
    r = a_client.post(
        f"/api/v1/cases/{world.case.ref}/flags/{flag.pk}/verdict",
        {"verdict": "confirmed"},
        content_type="application/json",
        **a_auth,
    )
    assert r.status_code == 403
    r = client.post(
        f"/api/v1/cases/{world.case.ref}/suggestions/{mention.pk}/decision",
        {"confirm": False},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 200 and r.json()["status"] == "dismissed"
    timeline = client.get(f"/api/v1/cases/{world.case.ref}/timeline", **auth).json()
    assert any(e["label"].startswith("Convicted") for e in timeline)


@pytest.mark.parametrize("path", ["documents", "flags", "suggestions", "timeline"])
def test_outsiders_get_404_on_case_document_reads(world: World, path: str) -> None:
    client, auth = _client(world.outsider)
    assert client.get(f"/api/v1/cases/{world.case.ref}/{path}", **auth).status_code == 404


def test_flags_refresh_reads_again_what_an_earlier_engine_flagged(world: World) -> None:
    doc = ingest_text(world.owner, world.case, "report.txt", REPORT)
    flag = ElementFlag.objects.filter(page__document=doc).first()
    assert flag is not None
    client, auth = _client(world.owner)
    listing = client.get(f"/api/v1/cases/{world.case.ref}/documents", **auth).json()
    assert [d["flags_current"] for d in listing] == [True]
    ElementFlag.objects.filter(pk=flag.pk).update(reason="Old reason")
    Document.objects.filter(pk=doc.pk).update(flags_engine="")
    listing = client.get(f"/api/v1/cases/{world.case.ref}/documents", **auth).json()
    assert [d["flags_current"] for d in listing] == [False]
    refresh = f"/api/v1/cases/{world.case.ref}/flags/refresh"
    auditor, auditor_auth = _client(world.auditor)
    assert auditor.post(refresh, **auditor_auth).status_code == 403
    r = client.post(refresh, **auth)
    assert r.status_code == 200, r.content
    assert r.json() == {
        "documents_read": 1,
        "documents_changed": 1,
        "added": 0,
        "updated": 1,
        "removed": 0,
        "kept": 0,
        "failed": [],
    }
    assert ElementFlag.objects.get(pk=flag.pk).reason != "Old reason"
    assert client.post(refresh, **auth).json()["documents_read"] == 0
