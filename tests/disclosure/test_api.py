"""The disclosure API end to end, and its refusals."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from habeas.audit.models import AuditEvent
from tests.clients import Api
from tests.conftest import World
from tests.disclosure.helpers import ADDRESS, WITNESS, package_pdfs, pdfium_text, two_documents


def test_redact_produce_download_deliver_through_the_api(world: World) -> None:
    a, b = two_documents(world.owner, world.case)
    api, ref = Api(world.owner), world.case.ref
    for doc in (a, b):
        for words in (WITNESS, ADDRESS):
            r = api.post(
                f"/cases/{ref}/redactions",
                {"document_id": doc.pk, "reason": "safety", "text": words},
            )
            assert r.status_code == 201, r.content
    box = api.post(
        f"/cases/{ref}/redactions",
        {
            "document_id": a.pk,
            "reason": "work_product",
            "boxes": [[50, 50, 200, 80]],
            "page_number": 2,
        },
    )
    assert box.status_code == 201 and box.json()["kind"] == "box"
    proposed = api.post(f"/cases/{ref}/redactions/proposals", {"kinds": ["phone"]})
    assert proposed.status_code == 201 and [p["text"] for p in proposed.json()] == ["562-555-0142"]
    decided = api.post(
        f"/cases/{ref}/redactions/decisions",
        {"ids": [p["id"] for p in proposed.json()], "accept": True},
    )
    assert decided.json() == {"changed": 1}
    created = api.post(
        f"/cases/{ref}/productions",
        {
            "name": "Brady set",
            "recipient_name": "Public Defender",
            "recipient_kind": "defense_counsel",
            "obligation": "brady",
            "bates_prefix": "PV",
            "legend": "CONFIDENTIAL",
        },
    )
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    added = api.post(f"/cases/{ref}/productions/{pid}/documents", {"document_ids": [a.pk, b.pk]})
    assert [i["document_id"] for i in added.json()["items"]] == [a.pk, b.pk]
    built = api.post(f"/cases/{ref}/productions/{pid}/build", {})
    assert built.status_code == 202, built.content
    status = api.get(f"/cases/{ref}/productions/{pid}").json()
    assert status["status"] == "built" and status["bates_range"] == "PV000001 – PV000003"
    assert status["pages_done"] == status["pages_total"] == 3
    package = api.get(f"/cases/{ref}/productions/{pid}/package")
    assert package.status_code == 200 and package["Content-Type"] == "application/zip"
    data = b"".join(package.streaming_content)
    for pdf in package_pdfs(data).values():
        text = pdfium_text(pdf)
        assert WITNESS not in text and ADDRESS not in text and "562-555-0142" not in text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert any(n.endswith("cover-letter.pdf") for n in archive.namelist())
    # Frozen once built.
    frozen = api.post(
        f"/cases/{ref}/redactions/decisions",
        {"ids": [box.json()["id"]], "accept": False, "why": "too much"},
    )
    assert frozen.status_code == 409 and "can no longer be removed" in frozen.json()["detail"]
    delivered = api.post(f"/cases/{ref}/productions/{pid}/deliveries", {"method": "portal"})
    assert delivered.status_code == 201
    assert delivered.json()["package_sha256"] == status["package_sha256"]
    ledger = api.get(f"/cases/{ref}/disclosures").json()
    assert [e["production_id"] for e in ledger] == [pid]
    # The privilege log: the work-product box is in it, in every format.
    log = api.get(f"/cases/{ref}/privilege-log").json()
    assert [(e["ground"], e["bates"]) for e in log] == [("work_product", "PV000002")]
    entry = api.patch(
        f"/cases/{ref}/privilege-log/{log[0]['id']}",
        {"author": "A. Deputy", "description": "Investigator's annotation of a witness list."},
    )
    assert entry.status_code == 200 and entry.json()["author"] == "A. Deputy"
    csv = api.get(f"/cases/{ref}/privilege-log", format="csv")
    assert "Investigator's annotation" in csv.content.decode("utf-8-sig")
    xlsx = api.get(f"/cases/{ref}/privilege-log", format="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.cell(2, 2).value == "A. Deputy"
    pdf = api.get(f"/cases/{ref}/privilege-log", format="pdf")
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="privilege_log.export").count() == 3


def test_refusals(world: World) -> None:
    a, _ = two_documents(world.owner, world.case)
    ref = world.case.ref
    bad = Api(world.owner).post(
        f"/cases/{ref}/productions",
        {
            "name": "",
            "recipient_name": "x",
            "recipient_kind": "nobody",
            "obligation": "brady",
            "bates_prefix": "a b",
        },
    )
    assert bad.status_code == 400
    assert {"name", "recipient_kind", "bates_prefix"} <= set(bad.json()["fields"])
    box = Api(world.owner).post(
        f"/cases/{ref}/redactions",
        {"document_id": a.pk, "reason": "privacy", "boxes": [[10, 10, 5, 5]], "page_number": 1},
    )
    assert box.status_code == 400
    assert Api(world.outsider).get(f"/cases/{ref}/productions").status_code == 404
    assert (
        Api(world.auditor)
        .post(f"/cases/{ref}/redactions", {"document_id": a.pk, "reason": "privacy", "text": "x"})
        .status_code
        == 403
    )
    empty = Api(world.owner).post(
        f"/cases/{ref}/productions",
        {
            "name": "Empty",
            "recipient_name": "x",
            "recipient_kind": "court",
            "obligation": "other",
            "bates_prefix": "E",
        },
    )
    assert (
        Api(world.owner)
        .post(f"/cases/{ref}/productions/{empty.json()['id']}/build", {})
        .status_code
        == 400
    )
    assert (
        Api(world.owner).get(f"/cases/{ref}/productions/{empty.json()['id']}/package").status_code
        == 409
    )


def test_ids_beyond_a_database_column_are_refused_not_a_server_error(world: World) -> None:
    """Found by schemathesis: an id past 64 bits reached the database driver (500)."""
    api, ref = Api(world.owner), world.case.ref
    huge = 14754954629435023687680000
    for path, body in (
        ("redactions/decisions", {"ids": [1, huge], "accept": False, "why": "x"}),
        ("redactions", {"document_id": huge, "reason": "privacy", "text": "x"}),
        ("redactions", {"document_id": 1, "reason": "privacy", "text": "x", "page_number": huge}),
        ("redactions/proposals", {"kinds": ["phone"], "production_id": huge}),
    ):
        answer = api.post(f"/cases/{ref}/{path}", body)
        assert answer.status_code == 422, (path, answer.content)
