"""The organization's screening checklist: the criteria an intake is screened against (created with
the organization from the defaults, then relabelled, ordered and (de)activated by its administrators;
never deleted, since recorded answers point at them)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction

from habeas.accounts.models import Organization, User
from habeas.accounts.services import organization_admin_checked
from habeas.audit.services import audit_record
from habeas.cases.models import ScreeningCriterion
from habeas.core.errors import ApplicationError, NotFoundError
from habeas.domain.screening import DEFAULT_CRITERIA

_KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")


def screening_defaults_install(
    organization: Organization, defaults: Iterable[tuple[str, str]] = DEFAULT_CRITERIA
) -> None:
    """A new organization's checklist, from the defaults."""
    ScreeningCriterion.objects.bulk_create(
        ScreeningCriterion(organization=organization, key=key, label=label, position=i)
        for i, (key, label) in enumerate(defaults)
    )


def organization_created(
    sender: type[Organization], instance: Organization, created: bool, **kwargs: object
) -> None:
    """Every organization starts with the default checklist (connected by CasesConfig.ready to the
    organization's first save, inside the transaction that creates it)."""
    if created and not kwargs.get("raw"):
        screening_defaults_install(instance)


def _criterion_for(actor: User, criterion_id: int) -> ScreeningCriterion:
    org = organization_admin_checked(actor)
    criterion = ScreeningCriterion.objects.filter(organization=org, pk=criterion_id).first()
    if criterion is None:
        raise NotFoundError("Criterion not found.")
    return criterion


@transaction.atomic
def screening_criterion_add(*, actor: User, key: str, label: str) -> ScreeningCriterion:
    org = organization_admin_checked(actor)
    key, label = key.strip().lower(), label.strip()
    errors: dict[str, list[str]] = {}
    if not key or not _KEY_RE.fullmatch(key):
        errors["key"] = [
            "Use 1-40 lowercase letters, digits and underscores, starting with a letter."
        ]
    elif ScreeningCriterion.objects.filter(organization=org, key=key).exists():
        errors["key"] = ["A criterion with this key exists (deactivated ones keep their key)."]
    if not label or len(label) > 200:
        errors["label"] = ["Enter a label of at most 200 characters."]
    if errors:
        raise ApplicationError("The criterion was not added.", fields=errors)
    last = ScreeningCriterion.objects.filter(organization=org).order_by("-position").first()
    criterion = ScreeningCriterion.objects.create(
        organization=org, key=key, label=label, position=(last.position + 1) if last else 0
    )
    audit_record(
        actor=actor,
        action="screening.criterion_add",
        obj=criterion,
        detail={"key": key, "label": label},
    )
    return criterion


@transaction.atomic
def screening_criterion_update(
    *, actor: User, criterion_id: int, label: str | None = None, active: bool | None = None
) -> ScreeningCriterion:
    """Relabel or (de)activate. Criteria are never deleted: recorded answers point at them."""
    criterion = _criterion_for(actor, criterion_id)
    changes: dict[str, list[object]] = {}
    if label is not None:
        label = label.strip()
        if not label or len(label) > 200:
            raise ApplicationError(
                "The criterion was not changed.",
                fields={"label": ["Enter a label of at most 200 characters."]},
            )
        if label != criterion.label:
            changes["label"] = [criterion.label, label]
            criterion.label = label
    if active is not None and active != criterion.active:
        changes["active"] = [criterion.active, active]
        criterion.active = active
    if changes:
        criterion.save(update_fields=["label", "active"])
        audit_record(
            actor=actor,
            action="screening.criterion_update",
            obj=criterion,
            detail={"key": criterion.key, "changes": changes},
        )
    return criterion


@transaction.atomic
def screening_criterion_move(
    *, actor: User, criterion_id: int, offset: int
) -> list[ScreeningCriterion]:
    """Move one criterion up (negative offset) or down; positions are renumbered 0..n-1."""
    criterion = _criterion_for(actor, criterion_id)
    ordered = list(
        ScreeningCriterion.objects.select_for_update()
        .filter(organization_id=criterion.organization_id)
        .order_by("position", "id")
    )
    index = next(i for i, c in enumerate(ordered) if c.pk == criterion.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    if target != index:
        audit_record(
            actor=actor,
            action="screening.criterion_move",
            obj=criterion,
            detail={"key": criterion.key, "from": index, "to": target},
        )
    return ordered
