"""Every read of case data is logged once, at the interface, with what really happened; an htmx poll
refreshing what is already on screen writes nothing; the selectors themselves write nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from habeas.audit.models import AuditEvent
from habeas.cases.selectors import case_get, person_get
from habeas.cases.services.people import person_create
from habeas.documents.selectors import document_get, page_get
from tests.clients import Api, htmx
from tests.conftest import World
from tests.documents.helpers import REPORT, ingest_bytes, pdf_bytes

POLL = {**htmx("tab-body"), "HTTP_X_HABEAS_POLL": "1"}


def _rows_written(action: Callable[[], Any]) -> list[AuditEvent]:
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    action()
    return list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))


def test_one_page_view_writes_one_row(world: World, client_for: Any) -> None:
    client = client_for(world.member)
    ref = world.case.ref
    [row] = _rows_written(lambda: client.get(f"/cases/{ref}/?tab=evidence"))
    assert row.action == "case.read" and row.detail == {"view": "tab:evidence"}
    [row] = _rows_written(lambda: client.get(f"/cases/{ref}/tab/people/", **htmx("tab-body")))
    assert row.action == "case.read" and row.detail == {"view": "tab:people"}
    api = Api(world.member)  # (creating its token is a row of its own)
    [row] = _rows_written(lambda: api.get(f"/cases/{ref}"))
    assert row.action == "case.read" and row.source == "api"


def test_document_page_image_and_download_each_write_one_row_with_their_action(
    world: World, client_for: Any
) -> None:
    doc = ingest_bytes(world.owner, world.case, "report.pdf", pdf_bytes([REPORT]))
    client = client_for(world.member)
    base = f"/cases/{world.case.ref}/documents/{doc.pk}"
    [row] = _rows_written(lambda: client.get(f"{base}/pages/1/"))
    assert (row.action, row.detail) == ("document.read", {"view": "page 1"})
    [row] = _rows_written(lambda: client.get(f"{base}/pages/1/image.png"))
    assert (row.action, row.detail) == ("document.read", {"view": "page 1 image"})
    [row] = _rows_written(lambda: client.get(f"{base}/file/"))
    assert row.action == "document.download" and row.detail["name"] == "report.pdf"


def test_polls_write_nothing(world: World, client_for: Any) -> None:
    client = client_for(world.member)
    polled = _rows_written(lambda: client.get(f"/cases/{world.case.ref}/tab/documents/", **POLL))
    assert polled == []


def test_selectors_write_nothing(world: World) -> None:
    doc = ingest_bytes(world.owner, world.case, "report.pdf", pdf_bytes([REPORT]))
    person = person_create(actor=world.owner, data={"first_name": "Ann", "last_name": "Voss"})
    rows = _rows_written(
        lambda: (
            case_get(user=world.member, ref=world.case.ref),
            document_get(user=world.member, case_ref=world.case.ref, document_id=doc.pk),
            page_get(user=world.member, case_ref=world.case.ref, document_id=doc.pk, number=1),
            person_get(user=world.member, person_id=person.pk),
        )
    )
    assert rows == []
