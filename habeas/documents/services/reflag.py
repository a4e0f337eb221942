"""Operator job: flag the stored pages of every document again with the current rules.

Flags are computed once, when a document is read, and the document records which engine did it
(``Document.flags_engine``, a digest of the engine's code and rules). After an upgrade that changes
the flag rules, documents already in a case keep the old flags until this job runs (``habeas
documents reflag``): it reads again the documents an earlier engine flagged (all of them with
``--all``).
It never loses a reviewer's work: a flag on the same passage for the same element keeps its
verdict and note while the engine's words (rule, title, context, reason, confidence) are brought
up to date; a flag the rules no longer raise is removed only if nobody has reviewed it, and a
reviewed one is kept as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace

from django.db import IntegrityError, transaction

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case
from habeas.core.errors import NotFoundError
from habeas.documents.models import READ_STATUSES, Document, ElementFlag, Page, Verdict
from habeas.documents.services.ingest import flag_rows
from habeas.documents.services.verdicts import writer_case
from habeas.domain.flags import engine_fingerprint, flags_find_pages

# What the engine writes on a flag; verdict fields, case and page are not among them.
ENGINE_FIELDS = (
    "rule_id",
    "category",
    "title",
    "passage",
    "start",
    "end",
    "matched",
    "confidence",
    "context",
    "cue",
    "reason",
    "source",
    "verification",
    "tier",
    "authority",
    "nre",
    "rule_ids",
    "cues",
)


@dataclass(frozen=True)
class ReflagCounts:
    documents: int = 0  # documents whose flags changed
    added: int = 0  # passages the rules now flag
    updated: int = 0  # same passage and element, the engine's words brought up to date
    removed: int = 0  # no longer flagged, and never reviewed
    kept: int = 0  # no longer flagged, but a reviewer recorded a verdict: kept as it was

    def __add__(self, other: ReflagCounts) -> ReflagCounts:
        return ReflagCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def _key(flag: ElementFlag) -> tuple[int, str, int]:
    return flag.page_id, flag.rule_id, flag.start


def _differs(old: ElementFlag, new: ElementFlag) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in ENGINE_FIELDS)


def document_reflag(document: Document, actor: User | None = None) -> ReflagCounts:
    """Flag ``document``'s stored pages again and reconcile the stored flags (one transaction);
    audited when anything changed (as ``actor``'s, or the operator's command's)."""
    pages = list(Page.objects.filter(document=document).order_by("number"))
    texts = [(p.number, p.text) for p in pages if p.text]
    fresh = flag_rows(document, pages, flags_find_pages(texts)) if texts else []
    with transaction.atomic():
        stored = list(
            ElementFlag.objects.select_for_update().filter(page__document=document).order_by("pk")
        )
        by_passage = {(f.page_id, f.category, f.start, f.end): f for f in stored}
        by_key = {_key(f): f for f in stored}  # the unique constraint's fields
        matched: set[int] = set()
        updates: list[ElementFlag] = []
        adds: list[ElementFlag] = []
        for new in fresh:
            old = by_passage.get((new.page_id, new.category, new.start, new.end))
            if old is None or old.pk in matched:
                old = by_key.get(_key(new))
            if old is not None and old.pk in matched:
                old = None
            if old is None:
                adds.append(new)
                continue
            matched.add(old.pk)
            if _differs(old, new):
                for name in ENGINE_FIELDS:
                    setattr(old, name, getattr(new, name))
                updates.append(old)
        gone = [f for f in stored if f.pk not in matched]
        removed = [f.pk for f in gone if f.verdict == Verdict.PENDING]
        # Rows that stay hold their keys: a new flag on one of them (or a second new flag on the
        # same key, which the first reading also stored once) is not stored twice.
        # (matched rows already carry their new rule and start)
        taken = {_key(f) for f in stored if f.pk in matched or f.verdict != Verdict.PENDING}
        unique: list[ElementFlag] = []
        for flag in adds:
            if _key(flag) not in taken:
                taken.add(_key(flag))
                unique.append(flag)
        adds = unique
        ElementFlag.objects.filter(pk__in=removed).delete()
        for flag in updates:
            flag.save(update_fields=list(ENGINE_FIELDS))
        ElementFlag.objects.bulk_create(adds)
        document.flags_engine = engine_fingerprint()
        Document.objects.filter(pk=document.pk).update(flags_engine=document.flags_engine)
        counts = ReflagCounts(
            added=len(adds),
            updated=len(updates),
            removed=len(removed),
            kept=len(gone) - len(removed),
        )
        if counts.changed:
            counts = replace(counts, documents=1)
            audit_record(
                actor=actor,
                username="cli",
                action="document.reflag",
                obj=document,
                case=document.case,
                detail={k: v for k, v in asdict(counts).items() if k != "documents"},
            )
    return counts


def documents_reflag(
    case_ref: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    everything: bool = False,
    actor: User | None = None,
) -> tuple[int, ReflagCounts, list[str]]:
    """Flag again every read document (of one case, with ``case_ref``) that an earlier engine
    flagged, or every one with ``everything``. Returns (documents read, totals, documents left as
    they were because their flags could not be reconciled); one audit record for the run, and one
    per document whose flags changed."""
    if case_ref is not None and not Case.objects.filter(ref=case_ref).exists():
        raise NotFoundError(f"No case {case_ref}.")
    docs = Document.objects.filter(status__in=READ_STATUSES).select_related("case").order_by("pk")
    if case_ref is not None:
        docs = docs.filter(case__ref=case_ref)
    if not everything:
        docs = docs.exclude(flags_engine=engine_fingerprint())
    chosen = list(docs)
    total, failed = ReflagCounts(), []
    for n, document in enumerate(chosen, 1):
        try:
            total = total + document_reflag(document, actor)
        except IntegrityError:  # two stored flags trading keys: rolled back, left as they were
            failed.append(f"{document.case.ref}: {document.name}")
        if progress:
            progress(n, len(chosen))
    audit_record(
        actor=actor,
        username="cli",
        action="documents.reflag",
        detail={
            "read": len(chosen),
            **({"case": case_ref} if case_ref else {}),
            **({"all": True} if everything else {}),
            **asdict(total),
            **({"failed": len(failed)} if failed else {}),
        },
    )
    return len(chosen), total, failed


def case_flags_refresh(*, actor: User, case_ref: str) -> tuple[int, ReflagCounts, list[str]]:
    """A case member's "flag again": the case's documents an earlier engine flagged, read again
    (see ``documents_reflag``), audited as the member's."""
    case = writer_case(actor, case_ref)
    return documents_reflag(case.ref, actor=actor)
