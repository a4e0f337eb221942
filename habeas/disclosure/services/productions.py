"""Productions: create, choose documents, build (a background job), and the build itself.

**Bates numbers** are never given out twice for one organization and prefix. A production asks for
a start number (by default the next free one); the range is taken when the build knows the page
count, inside one transaction that locks the prefix's row (``BatesPrefix``) and refuses any
overlap with a range already taken (``BatesRange``, unique on its ends as a backstop). A build that
fails gives its range back: nothing carrying those numbers left the building. **A corrected
re-production takes new numbers** (never the same numbers with a suffix): it names the production
it corrects, which becomes *superseded* once the correction is built.

**The build** reads each document's stored file, converts it to PDF where needed (saying so on the
item), burns in the applied redactions, strips metadata, re-reads every page and stops the whole
production at the first redacted passage still readable (failed, with the page, nothing stored as
built), stamps the Bates labels, and writes the zip file by file. Progress (pages done of total)
is stored on the production for the page to poll.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from habeas.accounts.models import Organization, User
from habeas.audit.services import audit_record
from habeas.cases.permissions import Action
from habeas.core.errors import ApplicationError, ConflictError, NotFoundError
from habeas.core.jobs import (
    JobSupersededError,
    job_claim,
    job_enqueue,
    job_fail,
    job_finish,
    job_hold,
    job_workdir,
)
from habeas.disclosure.cover import cover_letter_pdf, privilege_log_pdf
from habeas.disclosure.models import (
    BatesPrefix,
    BatesRange,
    Obligation,
    PrivilegeGround,
    PrivilegeLogEntry,
    Production,
    ProductionItem,
    ProductionStatus,
    RecipientKind,
    Redaction,
    RedactionStatus,
)
from habeas.disclosure.pdf_pages import pdf_page_count
from habeas.disclosure.selectors import case_document
from habeas.disclosure.services.access import case_for_disclosure
from habeas.disclosure.services.privilege_log import privilege_log_sync
from habeas.documents.models import Document, DocumentType
from habeas.documents.services.ingest import blob_store
from habeas.domain.disclosure import (
    Box,
    Mark,
    ProducedDocument,
    ProduceItem,
    ProductionError,
    ProductionLeak,
    ProductionWriter,
    source_to_pdf,
)

log = logging.getLogger(__name__)

PREFIX_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
MAX_BATES = 999_999_999


def _production_for_write(*, actor: User, case_ref: str, production_id: int) -> Production:
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.PRODUCE)
    production = Production.objects.select_for_update().filter(case=case, pk=production_id).first()
    if production is None:
        raise NotFoundError("Production not found.", kind="production")
    production.case = case
    return production


def _draft_checked(production: Production) -> None:
    if not production.is_draft:
        raise ConflictError(
            f"The production is {production.get_status_display().lower()}: its documents and "
            "numbers can no longer change. Make a corrected production instead."
        )


def bates_next_free(organization_id: int, prefix: str) -> int:
    taken = BatesRange.objects.filter(organization_id=organization_id, prefix=prefix).aggregate(
        last=Max("last")
    )["last"]
    return (taken or 0) + 1


def _settings_checked(
    *,
    name: str,
    recipient_name: str,
    recipient_kind: str,
    obligation: str,
    prefix: str,
    start: int | None,
    padding: int,
    suffix: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip() or len(name) > 200:
        errors["name"] = ["Give the production a name of at most 200 characters."]
    if not recipient_name.strip() or len(recipient_name) > 200:
        errors["recipient_name"] = ["Say who receives it."]
    if recipient_kind not in RecipientKind.values:
        errors["recipient_kind"] = ["Choose who the recipient is."]
    if obligation not in Obligation.values:
        errors["obligation"] = ["Choose the obligation this disclosure meets."]
    if not prefix or len(prefix) > 20 or not set(prefix) <= PREFIX_CHARS:
        errors["bates_prefix"] = ["Capital letters, digits, - or _, at most 20."]
    if start is not None and not 1 <= start <= MAX_BATES:
        errors["bates_start"] = [f"A number from 1 to {MAX_BATES:,}."]
    if not 1 <= padding <= 9:
        errors["bates_padding"] = ["From 1 to 9 digits."]
    if len(suffix) > 10 or not set(suffix.upper()) <= PREFIX_CHARS:
        errors["bates_suffix"] = ["At most 10 letters, digits, - or _."]
    return errors


@transaction.atomic
def production_create(
    *,
    actor: User,
    case_ref: str,
    name: str,
    recipient_name: str,
    recipient_kind: str,
    obligation: str,
    bates_prefix: str,
    bates_start: int | None = None,
    bates_padding: int = 6,
    bates_suffix: str = "",
    legend: str = "",
    cover_note: str = "",
    recipient_organization: str = "",
    corrects_id: int | None = None,
) -> Production:
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.PRODUCE)
    prefix = bates_prefix.strip().upper()
    errors = _settings_checked(
        name=name,
        recipient_name=recipient_name,
        recipient_kind=recipient_kind,
        obligation=obligation,
        prefix=prefix,
        start=bates_start,
        padding=bates_padding,
        suffix=bates_suffix,
    )
    partner_org = None
    if recipient_kind == RecipientKind.PARTNER:
        partner_org = Organization.objects.filter(code=recipient_organization.strip()).first()
        shared = partner_org is not None and case.shares.filter(organization=partner_org).exists()
        if not shared:
            errors["recipient_organization"] = [
                "Name a partner organization this case is shared with."
            ]
    corrects = None
    if corrects_id is not None:
        corrects = Production.objects.filter(case=case, pk=corrects_id).first()
        if corrects is None or corrects.status != ProductionStatus.BUILT:
            errors["corrects"] = ["Name a built production of this case."]
    if errors:
        raise ApplicationError("The production was not created.", fields=errors)
    production = Production.objects.create(
        case=case,
        name=name.strip(),
        recipient_name=recipient_name.strip(),
        recipient_kind=recipient_kind,
        recipient_organization=partner_org,
        obligation=obligation,
        bates_prefix=prefix,
        bates_start=bates_start or bates_next_free(case.organization_id, prefix),
        bates_padding=bates_padding,
        bates_suffix=bates_suffix,
        legend=legend.strip()[:200],
        cover_note=cover_note.strip()[:5000],
        corrects=corrects,
        created_by=actor,
    )
    if corrects is not None:  # a correction starts from the same documents
        ProductionItem.objects.bulk_create(
            ProductionItem(
                production=production,
                document_id=i.document_id,
                order=i.order,
                withheld=i.withheld,
                privilege_ground=i.privilege_ground,
            )
            for i in corrects.items.all()
        )
    audit_record(
        actor=actor,
        action="production.create",
        obj=production,
        case=case,
        detail={"name": production.name, "recipient": recipient_kind, "prefix": prefix},
    )
    return production


@transaction.atomic
def production_correction_start(
    *, actor: User, case_ref: str, production_id: int, name: str = ""
) -> Production:
    """A corrected production of a built one: the same documents, recipient and settings, under
    the next free Bates numbers of its prefix (the original is superseded once it is built)."""
    case = case_for_disclosure(actor=actor, case_ref=case_ref, action=Action.PRODUCE)
    original = Production.objects.filter(case=case, pk=production_id).first()
    if original is None:
        raise NotFoundError("Production not found.", kind="production")
    partner = original.recipient_organization
    return production_create(
        actor=actor,
        case_ref=case_ref,
        name=name.strip() or f"{original.name} (corrected)",
        recipient_name=original.recipient_name,
        recipient_kind=original.recipient_kind,
        recipient_organization=partner.code if partner else "",
        obligation=original.obligation,
        bates_prefix=original.bates_prefix,
        bates_padding=original.bates_padding,
        bates_suffix=original.bates_suffix,
        legend=original.legend,
        cover_note=original.cover_note,
        corrects_id=original.pk,
    )


def production_documents_add(
    *,
    actor: User,
    case_ref: str,
    production_id: int,
    document_ids: Sequence[int],
    withheld: bool = False,
    privilege_ground: str = "",
) -> list[ProductionItem]:
    """Add documents (or mark them withheld, with the privilege ground); an added one is updated."""
    production = _production_for_write(actor=actor, case_ref=case_ref, production_id=production_id)
    _draft_checked(production)
    if not document_ids:
        raise ApplicationError("Choose documents.", fields={"document_ids": ["Choose one."]})
    if withheld and privilege_ground not in PrivilegeGround.values:
        raise ApplicationError(
            "Say on which ground it is withheld.",
            fields={"privilege_ground": ["Choose a ground."]},
        )
    documents = [
        case_document(case=production.case, document_id=i) for i in dict.fromkeys(document_ids)
    ]
    order = (production.items.aggregate(m=Max("order"))["m"] or 0) + 1
    items = []
    for document in documents:
        item, created = ProductionItem.objects.get_or_create(
            production=production, document=document, defaults={"order": order}
        )
        order += int(created)
        item.withheld, item.privilege_ground = withheld, privilege_ground if withheld else ""
        item.save(update_fields=["withheld", "privilege_ground"])
        items.append(item)
    audit_record(
        actor=actor,
        action="production.add",
        obj=production,
        case=production.case,
        detail={"documents": [d.pk for d in documents], "withheld": withheld},
    )
    return items


@transaction.atomic
def production_document_remove(
    *, actor: User, case_ref: str, production_id: int, document_id: int
) -> None:
    production = _production_for_write(actor=actor, case_ref=case_ref, production_id=production_id)
    _draft_checked(production)
    deleted, _ = production.items.filter(document_id=document_id).delete()
    if not deleted:
        raise NotFoundError("That document is not in this production.", kind="document")
    audit_record(
        actor=actor,
        action="production.drop",
        obj=production,
        case=production.case,
        detail={"document": document_id},
    )


def _overlap(organization_id: int, prefix: str, first: int, last: int) -> BatesRange | None:
    return (
        BatesRange.objects.filter(organization_id=organization_id, prefix=prefix)
        .filter(first__lte=last, last__gte=first)
        .select_related("production")
        .first()
    )


def _collision_message(production: Production, taken: BatesRange) -> str:
    return (
        f"Bates numbers {production.bates_label(taken.first)} to "
        f"{production.bates_label(taken.last)} were already given to the production "
        f"“{taken.production.name}”; numbers are never reused. Start at "
        f"{bates_next_free(production.case.organization_id, production.bates_prefix)} or later."
    )


def production_build(*, actor: User, case_ref: str, production_id: int) -> Production:
    """Queue the build (a draft, or a failed build again)."""
    with transaction.atomic():
        production = _production_for_write(
            actor=actor, case_ref=case_ref, production_id=production_id
        )
        _draft_checked(production)
        if not production.items.exists():
            raise ApplicationError("Add at least one document first.")
        taken = _overlap(
            production.case.organization_id,
            production.bates_prefix,
            production.bates_start,
            production.bates_start,
        )
        if taken is not None:
            raise ConflictError(_collision_message(production, taken))
        pending = Redaction.objects.filter(
            document__production_items__production=production, status=RedactionStatus.PROPOSED
        ).count()
        if pending:
            raise ConflictError(
                f"{pending} proposed redaction{'s' if pending != 1 else ''} on these documents "
                "still wait for review: accept or reject them first."
            )
        production.status, production.error, production.failed_page = (
            ProductionStatus.QUEUED,
            "",
            "",
        )
        production.started_at, production.finished_at = timezone.now(), None
        production.pages_done = production.pages_total = 0
        production.save()
        audit_record(
            actor=actor,
            action="production.build",
            obj=production,
            case=production.case,
            detail={"documents": production.items.count(), "attempt": production.attempts + 1},
        )
    job_enqueue(production)  # once committed: a worker must find it queued
    production.refresh_from_db()
    return production


def production_gave_up(production: Production) -> None:
    BatesRange.objects.filter(production=production).delete()
    audit_record(
        actor=production.created_by,
        action="production.fail",
        obj=production,
        case=production.case,
        detail={"error": production.error[:500]},
    )


def production_build_job(production_id: int) -> None:
    """The background job (registered by DisclosureConfig.ready)."""
    production = job_claim(Production, production_id)
    if production is None:
        return
    production = Production.objects.select_related("case__organization", "created_by").get(
        pk=production.pk
    )
    try:
        with job_workdir(production) as workdir:
            # A folder of its own inside the job's: never shared, even by two databases' workers
            # given the same work folder.
            _build(production, Path(tempfile.mkdtemp(dir=workdir, prefix="build-")))
    except JobSupersededError:
        log.warning("production %s: attempt %s was superseded", production.pk, production.attempts)
    except ProductionLeak as exc:
        _build_fail(production, _leak_words(exc))
    except ConflictError as exc:
        _build_fail(production, exc.message)
    except ProductionError as exc:
        _build_fail(production, str(exc))
    except OSError:
        log.exception("production %s failed on the disk", production.pk)
        _build_fail(
            production,
            "The build stopped: the server could not read or write its files (the disk may be "
            "full). Nothing was produced; try again, or ask your administrator.",
        )
    except Exception as exc:  # anything else: the production must say it failed, never hang
        log.exception("production %s failed", production.pk)
        _build_fail(production, f"The build stopped on an unexpected error ({type(exc).__name__}).")


def _leak_words(exc: ProductionLeak) -> str:
    """Where the check found what must not be there, never the redacted words themselves."""
    places = []
    for leak in exc.leaks[:5]:
        where = f"page {leak.page}, {leak.where}" if leak.page else f"the file's {leak.where}"
        if where not in places:
            places.append(where)
    more = f" and {len(exc.leaks) - 5} more" if len(exc.leaks) > 5 else ""
    return (
        f"The check after burning in found redacted content still readable in "
        f"“{exc.document}” ({'; '.join(places)}{more}). Nothing was produced; the production "
        "stays unbuilt and its Bates numbers were given back."
    )


def _build_fail(production: Production, reason: str) -> None:
    if not reason[:1].isupper():  # the engine's messages start with the document's name
        reason = f"The build stopped at {reason}"
    with transaction.atomic():
        if not job_fail(production, reason):
            return  # a newer attempt owns the production (and its numbers)
        BatesRange.objects.filter(production=production).delete()
        Production.objects.filter(pk=production.pk).update(failed_page=reason[:300])
        audit_record(
            actor=production.created_by,
            action="production.fail",
            obj=production,
            case=production.case,
            detail={"error": reason[:500]},
        )


def _allocate(production: Production, pages: int) -> tuple[int, int] | None:
    if pages == 0:
        return None
    first = production.bates_start
    last = first + pages - 1
    if last > MAX_BATES:
        raise ProductionError("The Bates numbers would run past 999,999,999.")
    try:
        with transaction.atomic():
            lock, _ = BatesPrefix.objects.get_or_create(
                organization_id=production.case.organization_id, prefix=production.bates_prefix
            )
            BatesPrefix.objects.select_for_update().get(pk=lock.pk)
            taken = _overlap(production.case.organization_id, production.bates_prefix, first, last)
            if taken is not None:
                raise ConflictError(_collision_message(production, taken))
            BatesRange.objects.create(
                organization_id=production.case.organization_id,
                prefix=production.bates_prefix,
                first=first,
                last=last,
                production=production,
            )
            BatesPrefix.objects.filter(pk=lock.pk, next_number__lte=last).update(
                next_number=last + 1
            )
    except IntegrityError as exc:  # a concurrent build took the same first or last number
        raise ConflictError(
            "Another production took these Bates numbers at the same moment; build again."
        ) from exc
    return first, last


# The short words printed in each black box (the engine allows up to 40 characters).
BOX_WORDS = {
    "privacy": "Privacy",
    "attorney_client": "Privileged",
    "work_product": "Work product",
    "juvenile": "Juvenile",
    "ongoing_investigation": "Investigation",
    "safety": "Safety",
}


def _marks(
    document: Document, pages: int, burned: set[int]
) -> tuple[tuple[Mark, ...], tuple[str, ...], list[Redaction]]:
    """The engine's marks for a document's applied redactions: a text for "every page" becomes a
    mark on each page and a string the check refuses anywhere; boxes and one-page texts a mark
    on their page. Also the one-page text redactions, to confirm each was found. The ids of the
    redactions read are added to ``burned``."""
    marks: list[Mark] = []
    forbidden: list[str] = []
    one_page: list[Redaction] = []
    for r in Redaction.objects.filter(document=document, status=RedactionStatus.APPLIED):
        burned.add(r.pk)
        words = BOX_WORDS.get(r.reason, "Redacted")
        if r.page_number is None:
            marks.extend(Mark(page=n, text=r.text, reason=words) for n in range(1, pages + 1))
            forbidden.append(r.text)
            continue
        if r.page_number > pages:
            raise ProductionError(
                f"a redaction is on page {r.page_number} but the document has {pages} pages"
            )
        boxes = tuple(Box(r.page_number, *b) for b in r.boxes)
        marks.append(Mark(page=r.page_number, boxes=boxes, text=r.text, reason=words))
        if r.text:
            one_page.append(r)
    return tuple(marks), tuple(forbidden), one_page


def _not_found(produced: ProducedDocument, one_page: list[Redaction]) -> str:
    """A one-page text redaction the engine could not locate on its page: the page, in words."""
    for r in one_page:
        if any(
            note.startswith(f"page {r.page_number}: ")
            and "was not found" in note
            and " ".join(r.text.split()) in note
            for note in produced.notes
        ):
            return (
                f"page {r.page_number}: the words to redact were not found on the page (on a "
                "scanned page without a text layer, draw a box over them instead)"
            )
    return ""


def _progress(production: Production) -> None:
    Production.objects.filter(pk=production.pk).update(
        pages_done=production.pages_done, pages_total=production.pages_total
    )


def _build(production: Production, workdir: Path) -> None:
    items = list(production.items.select_related("document").order_by("order", "id"))
    store = blob_store()
    sources = workdir / "sources"
    sources.mkdir()
    # 1. Every source as a PDF on disk, to know the page count before numbers are taken.
    for item in items:
        if item.withheld:
            continue
        document = item.document
        path = store.path_of(document.sha256)
        if not path.is_file():
            raise ProductionError(f"{document.name}: the stored file is missing")
        converted = source_to_pdf(document.kind, path.read_bytes(), name=document.name)
        (sources / f"{item.pk}.pdf").write_bytes(converted.pdf)
        item.page_count, item.conversion_note = pdf_page_count(converted.pdf), converted.note
        production.pages_total += item.page_count
    _progress(production)
    numbers = _allocate(production, production.pages_total)

    def progress(pages_done: int) -> None:
        production.pages_done = pages_done
        _progress(production)

    # 2. Burn, check and stamp each (the engine), one at a time, straight into the package.
    writer = ProductionWriter(
        workdir,
        name=f"{production.bates_prefix or 'PROD'}-{production.pk}",
        prefix=production.bates_prefix,
        first=production.bates_start,
        padding=production.bates_padding,
        suffix=production.bates_suffix,
        legend=production.legend,
        workers=int(settings.HABEAS_PRODUCTION_WORKERS),
        progress=progress,
    )
    try:
        by_key = {str(i.pk): i for i in items if not i.withheld}
        one_pages: dict[str, list[Redaction]] = {}
        burned: set[int] = set()  # the redactions this package carries (and freezes)

        def produce_items() -> Iterator[ProduceItem]:
            # Read lazily: the writer keeps at most two documents per worker in flight.
            for key, item in by_key.items():
                document = item.document
                marks, forbidden, one_pages[key] = _marks(document, item.page_count, burned)
                yield ProduceItem(
                    title=document.name,
                    pdf=(sources / f"{item.pk}.pdf").read_bytes(),
                    marks=marks,
                    forbidden=forbidden,
                    doc_date=_date(document),
                    doc_type=DocumentType(document.doc_type).label,
                    confidentiality=production.legend,
                    key=key,
                )

        for produced in writer.add_documents(produce_items()):
            item, document = by_key[produced.key], by_key[produced.key].document
            one_page = one_pages[produced.key]
            missing = _not_found(produced, one_page)
            if missing:
                raise ProductionError(f"{document.name}, {missing}")
            item.bates_first, item.bates_last = produced.first_number, produced.last_number
            item.produced_sha256 = produced.sha256
            if produced.pages_not_checked:
                unchecked = ", ".join(str(p) for p in produced.pages_not_checked[:10])
                item.conversion_note = " ".join(
                    filter(
                        None,
                        [
                            item.conversion_note,
                            f"No text layer on page(s) {unchecked}: the text check could not "
                            "read them.",
                        ],
                    )
                )[:500]
        if numbers:
            production.bates_first, production.bates_last = numbers
        result = writer.finish(
            extra_files=[
                ("cover-letter.pdf", cover_letter_pdf(production, items)),
                ("privilege-log.pdf", privilege_log_pdf(production, items)),
            ]
        )
    except BaseException:
        writer.abort()
        raise
    blob = store.put_path(result.zip_path)
    manifest = result.manifest_sha256
    with transaction.atomic():
        job_hold(production)  # given up as abandoned meanwhile: the newer attempt stores its own
        for item in items:
            item.save()
        production.package_sha256, production.package_size = blob.sha256, blob.size
        production.manifest_sha256, production.built_at = manifest, timezone.now()
        production.status = ProductionStatus.BUILT
        production.save(
            update_fields=[
                "package_sha256",
                "package_size",
                "manifest_sha256",
                "built_at",
                "bates_first",
                "bates_last",
                "pages_done",
                "pages_total",
            ]
        )
        job_finish(production, ProductionStatus.BUILT)
        # Only what was burned in: a redaction applied while the build ran is not in this package
        # and stays open for the next one.
        Redaction.objects.filter(pk__in=burned, frozen_by__isnull=True).update(frozen_by=production)
        if production.corrects_id:
            Production.objects.filter(pk=production.corrects_id).update(
                status=ProductionStatus.SUPERSEDED
            )
        privilege_log_sync(case=production.case, production=production)
        _privilege_log_bates(production, items)
        audit_record(
            actor=production.created_by,
            action="production.built",
            obj=production,
            case=production.case,
            detail={
                "package_sha256": blob.sha256,
                "manifest_sha256": manifest,
                "bates": production.bates_range,
                "pages": production.pages_total,
            },
        )


def _privilege_log_bates(production: Production, items: list[ProductionItem]) -> None:
    """Where each logged redaction sits in this production (its page's Bates number), for the
    entries not edited by hand."""
    produced = {i.document_id: i for i in items if not i.withheld and i.bates_first is not None}
    entries = PrivilegeLogEntry.objects.filter(
        case=production.case, redaction__document_id__in=produced, edited_by__isnull=True
    ).select_related("redaction")
    for entry in entries:
        redaction = entry.redaction
        if redaction is None:  # filtered above: every entry here logs a redaction
            continue
        item = produced[redaction.document_id]
        assert item.bates_first is not None  # noqa: S101  (filtered above)
        if redaction.page_number:
            entry.bates = production.bates_label(item.bates_first + redaction.page_number - 1)
        else:
            entry.bates = item.bates_range
        entry.save(update_fields=["bates"])


def _date(document: Document) -> str:
    return document.doc_date.isoformat() if document.doc_date else ""


def production_package_path(production: Production) -> Path:
    if not production.is_built or not production.package_sha256:
        raise ConflictError("The production has not been built yet.")
    path = blob_store().path_of(production.package_sha256)
    if not path.is_file():
        raise NotFoundError(
            "The stored package is missing; an administrator should check the store."
        )
    return path
