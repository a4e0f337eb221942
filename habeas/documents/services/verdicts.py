"""A reviewer's decisions on what the machine found: flag verdicts, confirmed or dismissed
suggestions (a confirmed person joins the case's people, a confirmed date joins the timeline), and
the document's type and date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from habeas.accounts.models import User
from habeas.accounts.roles import WRITER_ROLES
from habeas.audit.services import audit_record
from habeas.cases.models import Case, CasePerson, Person, PersonRole
from habeas.cases.selectors import case_get
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.core.hooks import case_people_changed
from habeas.documents.models import (
    Document,
    DocumentStatus,
    DocumentType,
    ElementFlag,
    Mention,
    MentionStatus,
    Verdict,
)
from habeas.documents.page_index import document_index

NOTE_LIMIT = 2000


def writer_case(actor: User, case_ref: str) -> Case:
    """The case ``actor`` may change (not found for anyone else; refused for read-only roles)."""
    case = case_get(user=actor, ref=case_ref, write=True)
    if actor.role not in WRITER_ROLES:
        raise PermissionDeniedError("Your role is read-only.")
    return case


def flag_verdict_set(
    *, actor: User, case_ref: str, flag_id: int, verdict: str, note: str = ""
) -> ElementFlag:
    case = writer_case(
        actor, case_ref
    )  # outsiders learn nothing, not even that their input was wrong
    if verdict not in Verdict.values:
        raise ApplicationError(
            "Choose a verdict.", {"verdict": [f"One of: {', '.join(Verdict.values)}."]}
        )
    if len(note) > NOTE_LIMIT:
        raise ApplicationError(
            "The note is too long.", {"note": [f"At most {NOTE_LIMIT:,} characters."]}
        )
    with transaction.atomic():
        flag = ElementFlag.objects.select_for_update().filter(case=case, pk=flag_id).first()
        if flag is None:
            raise NotFoundError("No such flag on this case.")
        before = flag.verdict
        flag.verdict, flag.verdict_note = verdict, note.strip()
        flag.verdict_by, flag.verdict_at = actor, timezone.now()
        flag.save(update_fields=["verdict", "verdict_note", "verdict_by", "verdict_at"])
        audit_record(
            actor=actor,
            action="flag.verdict",
            obj=flag,
            case=case,
            detail={
                "rule": flag.rule_id,
                "from": before,
                "to": verdict,
                "note": flag.verdict_note[:300],
            },
        )
    return flag


def _person_for(case: Case, mention: Mention, person_id: int | None) -> Person:
    org_people = Person.objects.filter(organization_id=case.organization_id)
    if person_id is not None:
        person = org_people.filter(pk=person_id).first()
        if person is None:
            raise ApplicationError(
                "That person is not in your organization's people.", {"person": ["Unknown person."]}
            )
        return person
    parts = mention.value.split()
    first, last = (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("", mention.value)
    existing = org_people.filter(first_name__iexact=first, last_name__iexact=last)
    if mention.badge:
        existing = existing.filter(badge_number=mention.badge)
    found = existing.first()
    if found is not None:
        return found
    return Person.objects.create(
        organization_id=case.organization_id,
        first_name=first[:100],
        last_name=last[:100],
        badge_number=mention.badge,
        agency=mention.agency,
    )


def mention_decide(
    *,
    actor: User,
    case_ref: str,
    mention_id: int,
    confirm: bool,
    role: str = "",
    person_id: int | None = None,
    label: str = "",
    value: str = "",
) -> Mention:
    """Confirm or dismiss a suggestion. Confirming a person links (or creates) the organization's
    Person record and adds them to the case's people with the role; a date may be corrected."""
    return _mention_decide(
        actor=actor,
        case=writer_case(actor, case_ref),
        mention_id=mention_id,
        confirm=confirm,
        role=role,
        person_id=person_id,
        label=label,
        value=value,
    )


def _mention_decide(
    *,
    actor: User,
    case: Case,
    mention_id: int,
    confirm: bool,
    role: str,
    person_id: int | None,
    label: str,
    value: str,
) -> Mention:
    """``mention_decide`` on a case already fetched through ``writer_case``."""
    with transaction.atomic():
        mention = (
            Mention.objects.select_for_update()
            .filter(case=case, pk=mention_id)
            .select_related("page__document")
            .first()
        )
        if mention is None:
            raise NotFoundError("No such suggestion on this case.")
        detail: dict[str, object] = {
            "kind": mention.kind,
            "value": mention.value,
            "confirm": confirm,
        }
        if confirm and mention.kind == "person":
            role = role or mention.role
            if role not in PersonRole.values:
                raise ApplicationError(
                    "Choose the person's role on this case.",
                    {"role": [f"One of: {', '.join(PersonRole.values)}."]},
                )
            person = _person_for(case, mention, person_id)
            link, _ = CasePerson.objects.get_or_create(
                case=case,
                person=person,
                role=role,
                defaults={"badge_number": mention.badge, "agency": mention.agency},
            )
            mention.case_person = link
            detail.update(person=person.pk, role=role)
        if confirm and mention.kind == "date":
            new_value = (value or mention.value).strip()
            try:
                date.fromisoformat(new_value)
            except ValueError:
                raise ApplicationError(
                    "Give the date as YYYY-MM-DD.", {"value": ["Not a date."]}
                ) from None
            mention.value = new_value
            mention.label = label.strip()[:300] or mention.context[:300]
            detail.update(value=new_value, label=mention.label)
        mention.status = MentionStatus.CONFIRMED if confirm else MentionStatus.DISMISSED
        mention.decided_by, mention.decided_at = actor, timezone.now()
        mention.save()
        audit_record(
            actor=actor,
            action="suggestion.confirm" if confirm else "suggestion.dismiss",
            obj=mention,
            case=case,
            detail=detail,
        )
        if confirm and mention.kind == "person":
            case_people_changed(case.pk)
    return mention


def mentions_decide(
    *,
    actor: User,
    case_ref: str,
    groups: Sequence[Sequence[int]],
    confirm: bool,
    roles: Mapping[int, str] | None = None,
    labels: Mapping[int, str] | None = None,
) -> int:
    """Decide whole suggestion groups (each: every place one name or date was found), all or
    nothing. The group's first suggestion is decided as ``mention_decide`` does (a confirmed person
    is linked to or created in the organization's people); the rest follow it onto the same person
    with the same role. ``roles`` / ``labels`` are keyed by a group's first id. Each suggestion's
    decision is audited. Returns how many suggestions were decided."""
    roles, labels = roles or {}, labels or {}
    case = writer_case(actor, case_ref)  # once: every group is of this case
    decided = 0
    with transaction.atomic():
        for ids in groups:
            if not ids:
                continue
            first = _mention_decide(
                actor=actor,
                case=case,
                mention_id=ids[0],
                confirm=confirm,
                role=roles.get(ids[0], ""),
                person_id=None,
                label=labels.get(ids[0], ""),
                value="",
            )
            for other in ids[1:]:
                _mention_decide(
                    actor=actor,
                    case=case,
                    mention_id=other,
                    confirm=confirm,
                    role=first.case_person.role if first.case_person else "",
                    person_id=first.case_person.person_id if first.case_person else None,
                    label=first.label,
                    value="",
                )
            decided += len(ids)
    return decided


def document_classify(
    *, actor: User, case_ref: str, document_id: int, doc_type: str, doc_date: date | None
) -> Document:
    case = writer_case(actor, case_ref)
    if doc_type not in DocumentType.values:
        raise ApplicationError(
            "Choose a document type.", {"doc_type": [f"One of: {', '.join(DocumentType.values)}."]}
        )
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(case=case, pk=document_id).first()
        if document is None:
            raise NotFoundError("No such document on this case.")
        before = {"doc_type": document.doc_type, "doc_date": document.doc_date}
        document.doc_type, document.doc_date = doc_type, doc_date
        document.save(update_fields=["doc_type", "doc_date"])
        audit_record(
            actor=actor,
            action="document.classify",
            obj=document,
            case=case,
            detail={"before": before, "after": {"doc_type": doc_type, "doc_date": doc_date}},
        )
    if document.status == DocumentStatus.INDEXED:
        document_index(document)  # type and date are search filters
    return document
