"""Create, update and delete the records that hang off a case (parties, evidence, tasks…)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.forms.models import model_to_dict

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.models import Case, Party
from habeas.cases.permissions import SHARING, Partner, may, may_change_record
from habeas.cases.selectors import case_get
from habeas.cases.services.kinds import ChildKind, kind_get, set_case
from habeas.cases.services.validation import form_errors_raise, with_model_defaults
from habeas.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from habeas.core.hooks import case_people_changed


def _writable_case(actor: User, case_ref: str, kind: ChildKind) -> Case:
    case = case_get(user=actor, ref=case_ref, write=True)
    if actor.role not in kind.write_roles:
        raise PermissionDeniedError(f"Your role may not change {kind.label.lower()}.")
    if not may(actor, case, kind.action, own=True):
        raise PermissionDeniedError(
            f"Only the owning organization may change {kind.label.lower()} of this case."
        )
    return case


def _check_own(actor: User, case: Case, kind: ChildKind, obj: Model) -> None:
    if not may_change_record(actor, case, kind.action, obj):
        raise PermissionDeniedError(
            "A partner organization may change only the records it can see are its own."
            if SHARING[kind.action].partner is Partner.OWN_ONLY
            else f"Only the owning organization may change {kind.label.lower()} of this case."
        )


def _child_get(kind: ChildKind, case: Case, pk: int) -> Model:
    obj = kind.queryset(case).filter(pk=pk).first()
    if obj is None:
        raise NotFoundError(f"No such record in {kind.label.lower()} for this case.")
    return obj


def _after_write(case: Case, obj: Model) -> None:
    # Keep the denormalized applicant name on the case list in step with the parties.
    if isinstance(obj, Party) and obj.kind == Party.Kind.APPLICANT:
        applicant = case.parties.filter(kind=Party.Kind.APPLICANT).order_by("id").first()
        case.applicant_name = applicant.full_name() if applicant else ""
    case.save(update_fields=["applicant_name", "updated_at"])


@transaction.atomic
def case_child_create(
    *, actor: User, case_ref: str, kind_slug: str, data: Mapping[str, Any]
) -> Model:
    kind = kind_get(kind_slug)
    case = _writable_case(actor, case_ref, kind)
    form = kind.form(data=with_model_defaults(kind.form, data), case=case, viewer=actor)
    form_errors_raise(form)
    obj: Model = form.save(commit=False)
    (kind.on_create or set_case)(obj, case, actor)
    try:
        with transaction.atomic():
            obj.save()
            form.save_m2m()
    except IntegrityError as exc:
        raise form_integrity_error(exc) from exc
    _after_write(case, obj)
    if kind.slug == "people":
        case_people_changed(case.pk)
    audit_record(
        actor=actor,
        action=f"{kind.slug}.create",
        obj=obj,
        case=case,
        detail={"fields": sorted(form.changed_data)},
    )
    return obj


@transaction.atomic
def case_child_update(
    *, actor: User, case_ref: str, kind_slug: str, pk: int, data: Mapping[str, Any]
) -> Model:
    """Partial update: fields absent from ``data`` keep their values."""
    kind = kind_get(kind_slug)
    case = _writable_case(actor, case_ref, kind)
    obj = _child_get(kind, case, pk)
    _check_own(actor, case, kind, obj)
    current = model_to_dict(obj, fields=list(kind.form.base_fields))
    form = kind.form(data={**current, **dict(data)}, instance=obj, case=case, viewer=actor)
    form_errors_raise(form)
    changed = sorted(form.changed_data)
    try:
        with transaction.atomic():
            form.save()  # saves into ``obj``, the form's instance
    except IntegrityError as exc:
        raise form_integrity_error(exc) from exc
    _after_write(case, obj)
    if kind.slug == "people":
        case_people_changed(case.pk)
    audit_record(
        actor=actor, action=f"{kind.slug}.update", obj=obj, case=case, detail={"fields": changed}
    )
    return obj


@transaction.atomic
def case_child_delete(*, actor: User, case_ref: str, kind_slug: str, pk: int) -> None:
    kind = kind_get(kind_slug)
    case = _writable_case(actor, case_ref, kind)
    if not kind.deletable:
        raise PermissionDeniedError(f"{kind.label} are kept as a record and cannot be deleted.")
    obj = _child_get(kind, case, pk)
    _check_own(actor, case, kind, obj)
    object_id = obj.pk
    try:
        with transaction.atomic():
            obj.delete()
    except IntegrityError as exc:
        raise form_integrity_error(exc) from exc
    _after_write(case, obj)
    if kind.slug == "people":
        case_people_changed(case.pk)
    audit_record(actor=actor, action=f"{kind.slug}.delete", case=case, detail={"id": object_id})


def form_integrity_error(exc: IntegrityError) -> Exception:

    return ConflictError(
        "This record conflicts with one already stored (duplicate or still referenced)."
    )
