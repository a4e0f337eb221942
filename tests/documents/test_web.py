"""The documents pages: upload, tabs, page viewer with image, search, packet."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from habeas.documents.models import Document, ElementFlag
from tests.conftest import World
from tests.documents.helpers import REPORT, ingest_text, pdf_bytes


def test_upload_form_and_documents_tab(world: World, client_for: Any) -> None:
    client = client_for(world.member)
    response = client.post(
        f"/cases/{world.case.ref}/documents/upload/",
        {
            "files": [
                SimpleUploadedFile("report.txt", REPORT.encode()),
                SimpleUploadedFile("scan.pdf", pdf_bytes(["Page one text of the report."])),
            ],
        },
    )
    assert response.status_code == 302
    assert Document.objects.filter(case=world.case, status="indexed").count() == 2
    page = client.get(f"/cases/{world.case.ref}/?tab=documents").content.decode()
    assert "report.txt" in page and "scan.pdf" in page and "Indexed" in page
    htmx = client.post(
        f"/cases/{world.case.ref}/documents/upload/",
        {"files": [SimpleUploadedFile("report.txt", REPORT.encode())]},
        HTTP_HX_REQUEST="true",
    )
    assert htmx.status_code == 200 and "already in this case" in htmx.content.decode()
    empty = client.post(f"/cases/{world.case.ref}/documents/upload/", {}, HTTP_HX_REQUEST="true")
    assert empty.status_code == 400 and "Choose at least one file" in empty.content.decode()


def test_page_viewer_highlights_and_renders_the_image(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    client.post(
        f"/cases/{world.case.ref}/documents/upload/",
        {
            "files": [
                SimpleUploadedFile("scan.pdf", pdf_bytes(["The <script> informant testified."]))
            ]
        },
    )
    doc = Document.objects.get(case=world.case)
    html = client.get(
        f"/cases/{world.case.ref}/documents/{doc.pk}/pages/1/?q=informant"
    ).content.decode()
    assert "<mark>informant</mark>" in html and "<script> informant" not in html
    image = client.get(f"/cases/{world.case.ref}/documents/{doc.pk}/pages/1/image.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert (
        client_for(world.outsider)
        .get(f"/cases/{world.case.ref}/documents/{doc.pk}/pages/1/image.png")
        .status_code
        == 404
    )


def test_flags_tab_verdict_and_packet(world: World, client_for: Any) -> None:
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    client = client_for(world.owner)
    tab = client.get(f"/cases/{world.case.ref}/?tab=flags").content.decode()
    assert "not evidence of a sound conviction" in tab and "Jailhouse informant" in tab
    flag = ElementFlag.objects.filter(case=world.case).first()
    assert flag is not None
    r = client.post(
        f"/cases/{world.case.ref}/flags/{flag.pk}/verdict/",
        {"verdict": "not_applicable", "note": "Other case."},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and "Does not apply" in r.content.decode()
    packet = client.get(f"/cases/{world.case.ref}/packet/").content.decode()
    assert "No flag is not evidence of a sound conviction" in packet
    assert client.get(f"/cases/{world.case.ref}/packet.pdf").content.startswith(b"%PDF")


def test_search_page(world: World, client_for: Any) -> None:
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    page = client_for(world.owner).get("/search/", {"q": "Alvarez"}).content.decode()
    assert "1 matching page" in page and "report.txt" in page
    outsider = client_for(world.outsider).get("/search/", {"q": "Alvarez"}).content.decode()
    assert "0 matching pages" in outsider and world.case.ref not in outsider
    bad = client_for(world.owner).get("/search/", {"q": "(unbalanced"}).content.decode()
    assert "could not be read" in bad
