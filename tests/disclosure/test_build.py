"""The build end to end: redactions burned in, Bates numbers, package, and the refusals."""

from __future__ import annotations

import io
import zipfile

import pytest

from habeas.audit.models import AuditEvent
from habeas.core.errors import ConflictError
from habeas.disclosure.models import BatesRange, Production, ProductionStatus, RedactionStatus
from habeas.disclosure.services.ledger import disclosure_record
from habeas.disclosure.services.productions import production_build, production_package_path
from habeas.disclosure.services.redactions import (
    redaction_add,
    redactions_accept,
    redactions_propose,
    redactions_remove,
)
from tests.conftest import World
from tests.disclosure.helpers import (
    ADDRESS,
    WITNESS,
    draft,
    package_pdfs,
    pdfium_text,
    two_documents,
)


def _built(world: World, production: Production) -> Production:
    production = production_build(
        actor=world.owner, case_ref=world.case.ref, production_id=production.pk
    )
    production.refresh_from_db()
    return production


def test_a_witness_name_and_address_never_survive_in_the_produced_files(world: World) -> None:
    a, b = two_documents(world.owner, world.case)
    for words in (WITNESS, ADDRESS):
        for doc in (a, b):
            redaction_add(
                actor=world.owner,
                case_ref=world.case.ref,
                document_id=doc.pk,
                reason="safety",
                text=words,
            )
    proposed = redactions_propose(
        actor=world.owner,
        case_ref=world.case.ref,
        kinds=["phone", "date_of_birth"],
        document_ids=[a.pk],
    )
    assert {r.text for r in proposed} == {"562-555-0142", "04/12/1979"}
    redactions_accept(actor=world.owner, case_ref=world.case.ref, ids=[r.pk for r in proposed])
    production = _built(world, draft(world.owner, world.case, [a, b]))
    assert production.status == ProductionStatus.BUILT, production.error
    assert production.bates_range == "CIU000001 – CIU000003"
    data = production_package_path(production).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        manifest = archive.read(f"CIU-{production.pk}/manifest-sha256.txt").decode()
    root = f"CIU-{production.pk}/"
    assert {
        root + f"CIU-{production.pk}_index.csv",
        root + f"DATA/CIU-{production.pk}.dat",
        root + f"DATA/CIU-{production.pk}.opt",
        root + "cover-letter.pdf",
        root + "privilege-log.pdf",
    } <= names
    assert "VOL001/PDF/CIU000001.pdf" in manifest
    pdfs = package_pdfs(data)
    first_pdf, second_pdf = root + "VOL001/PDF/CIU000001.pdf", root + "VOL001/PDF/CIU000003.pdf"
    assert {first_pdf, second_pdf} <= set(pdfs)
    for name, pdf in pdfs.items():
        text = pdfium_text(pdf)
        for secret in (WITNESS, ADDRESS, "Okafor", "562-555-0142", "04/12/1979"):
            assert secret not in text, f"{secret} survives in {name}"
    first = pdfium_text(pdfs[first_pdf])
    assert "CIU000001" in first and "dark sedan" in first  # stamped, and the rest is still there
    assert "CIU000003" in pdfium_text(pdfs[second_pdf])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # the text files too
        for name in archive.namelist():
            if name.endswith((".txt", ".csv", ".dat")):
                body = archive.read(name).decode("utf-8", "replace")
                assert WITNESS not in body and ADDRESS not in body, name
    # Frozen: the produced file is what the recipient has.
    with pytest.raises(ConflictError, match="already built"):
        redactions_remove(
            actor=world.owner, case_ref=world.case.ref, ids=[proposed[0].pk], why="changed my mind"
        )
    entry = disclosure_record(
        actor=world.owner, case_ref=world.case.ref, production_id=production.pk, method="portal"
    )
    assert entry.package_sha256 == production.package_sha256
    assert AuditEvent.objects.filter(action="disclosure.record").count() == 1
    assert AuditEvent.objects.filter(action="production.built").count() == 1


def test_bates_numbers_are_never_reused(world: World) -> None:
    a, b = two_documents(world.owner, world.case)
    first = _built(world, draft(world.owner, world.case, [a]))
    assert (first.bates_first, first.bates_last) == (1, 2)
    clash = draft(world.owner, world.case, [b], name="Second", bates_start=2)
    with pytest.raises(ConflictError, match="never reused"):
        production_build(actor=world.owner, case_ref=world.case.ref, production_id=clash.pk)
    # Starting below the taken range but running into it fails at allocation.
    other = draft(world.owner, world.case, [a, b], name="Third", bates_prefix="X")
    other = _built(world, other)
    overlap = draft(world.owner, world.case, [a], name="Fourth", bates_prefix="X", bates_start=1)
    assert overlap.bates_start == 1
    BatesRange.objects.filter(production=other).update(first=2)  # leaves 1 free, 2 taken
    overlap = _built(world, overlap)
    assert overlap.status == ProductionStatus.FAILED
    assert "never reused" in overlap.error
    assert not BatesRange.objects.filter(production=overlap).exists()
    # The default start is the next free number.
    nxt = draft(world.owner, world.case, [b], name="Fifth")
    assert nxt.bates_start == 3


def test_text_missing_from_a_page_fails_the_build_with_the_page(world: World) -> None:
    a, _ = two_documents(world.owner, world.case)
    redaction_add(
        actor=world.owner,
        case_ref=world.case.ref,
        document_id=a.pk,
        reason="privacy",
        text="Nobody Here",
        page_number=2,
    )
    production = _built(world, draft(world.owner, world.case, [a]))
    assert production.status == ProductionStatus.FAILED
    assert "interview.pdf, page 2: the words to redact were not found" in production.error
    assert production.package_sha256 == ""
    assert not BatesRange.objects.exists()
    assert AuditEvent.objects.filter(action="production.fail").count() == 1


def test_a_leak_after_burning_fails_the_build(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If burning in left the words readable, the engine's check stops the whole production."""
    from habeas.domain.disclosure import Burned
    from habeas.domain.disclosure import package as engine_package

    a, _ = two_documents(world.owner, world.case)
    redaction_add(
        actor=world.owner, case_ref=world.case.ref, document_id=a.pk, reason="privacy", text=WITNESS
    )

    def no_burn(pdf: bytes, marks: object, *, ocr_pages: bool = True) -> Burned:
        return Burned(pdf, 2, (), ())

    monkeypatch.setattr(engine_package, "document_burn", no_burn)
    production = _built(world, draft(world.owner, world.case, [a]))
    assert production.status == ProductionStatus.FAILED
    assert "found redacted content still readable" in production.error, production.error
    assert "page 1, text layer" in production.error
    assert WITNESS not in production.error
    assert production.package_sha256 == ""
    assert not BatesRange.objects.exists()


def test_proposed_redactions_must_be_reviewed_before_a_build(world: World) -> None:
    a, _ = two_documents(world.owner, world.case)
    redactions_propose(actor=world.owner, case_ref=world.case.ref, kinds=["phone"])
    production = draft(world.owner, world.case, [a])
    with pytest.raises(ConflictError, match="wait for review"):
        production_build(actor=world.owner, case_ref=world.case.ref, production_id=production.pk)
    rejected = redactions_propose(actor=world.owner, case_ref=world.case.ref, kinds=["phone"])
    assert rejected == []  # already proposed: not twice
    from habeas.disclosure.models import Redaction

    ids = list(
        Redaction.objects.filter(status=RedactionStatus.PROPOSED).values_list("pk", flat=True)
    )
    assert (
        redactions_remove(actor=world.owner, case_ref=world.case.ref, ids=ids, why="Public line")
        == 1
    )
    assert _built(world, production).status == ProductionStatus.BUILT


def test_a_corrected_production_takes_new_numbers_and_supersedes_the_first(world: World) -> None:
    a, b = two_documents(world.owner, world.case)
    first = _built(world, draft(world.owner, world.case, [a, b]))
    assert (first.bates_first, first.bates_last) == (1, 3)
    redaction_add(
        actor=world.owner, case_ref=world.case.ref, document_id=b.pk, reason="privacy", text=ADDRESS
    )
    from habeas.disclosure.services.productions import production_create

    correction = production_create(
        actor=world.owner,
        case_ref=world.case.ref,
        name="Brady disclosure 1, corrected",
        recipient_name="Office of the Public Defender",
        recipient_kind="defense_counsel",
        obligation="brady",
        bates_prefix="CIU",
        corrects_id=first.pk,
    )
    assert correction.items.count() == 2 and correction.bates_start == 4
    correction = _built(world, correction)
    assert correction.status == ProductionStatus.BUILT, correction.error
    assert (correction.bates_first, correction.bates_last) == (4, 6)
    first.refresh_from_db()
    assert first.status == ProductionStatus.SUPERSEDED


def test_a_redaction_applied_while_the_build_runs_is_not_frozen_by_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only what the package carries is frozen: a redaction added mid-build was not burned in, so
    it stays open (and removable) for the next production."""
    import habeas.disclosure.services.productions as productions

    a, b = two_documents(world.owner, world.case)
    first = redaction_add(
        actor=world.owner, case_ref=world.case.ref, document_id=a.pk, reason="safety", text=WITNESS
    )
    real_marks = productions._marks
    late: list[int] = []

    def marks_then_a_colleague_redacts(*args: object, **kwargs: object) -> object:
        found = real_marks(*args, **kwargs)  # type: ignore[arg-type]
        if not late:
            late.append(
                redaction_add(
                    actor=world.owner,
                    case_ref=world.case.ref,
                    document_id=a.pk,
                    reason="privacy",
                    text=ADDRESS,
                ).pk
            )
        return found

    monkeypatch.setattr(productions, "_marks", marks_then_a_colleague_redacts)
    production = _built(world, draft(world.owner, world.case, [a, b]))
    assert production.status == ProductionStatus.BUILT, production.error
    first.refresh_from_db()
    assert first.frozen_by_id == production.pk
    [late_redaction] = late
    assert not type(first).objects.filter(pk=late_redaction, frozen_by__isnull=False).exists()
    redactions_remove(
        actor=world.owner, case_ref=world.case.ref, ids=[late_redaction], why="added mid-build"
    )
