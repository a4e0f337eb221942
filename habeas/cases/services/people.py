"""People known to an organization (officers, prosecutors, witnesses…), shared across its cases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db import transaction

from habeas.accounts.models import User
from habeas.accounts.roles import WRITER_ROLES
from habeas.audit.services import audit_record
from habeas.cases.models import CasePerson, Person, PersonRole
from habeas.cases.permissions import is_partner
from habeas.cases.selectors import case_get
from habeas.cases.services.children import case_child_create
from habeas.cases.services.validation import form_errors_raise
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError


class PersonForm(forms.ModelForm[Person]):
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "aliases",
            "date_of_birth",
            "badge_number",
            "agency",
            "notes",
        ]


def _check_writer(actor: User) -> None:
    if actor.role not in WRITER_ROLES or actor.organization_id is None:
        raise PermissionDeniedError("Your role may not change people records.")


@transaction.atomic
def person_create(*, actor: User, data: Mapping[str, Any]) -> Person:
    _check_writer(actor)
    form = PersonForm(data=dict(data))
    form_errors_raise(form)
    person: Person = form.save(commit=False)
    person.organization = actor.organization  # type: ignore[assignment]  # checked by _check_writer
    person.save()
    audit_record(actor=actor, action="person.create", obj=person)
    return person


@transaction.atomic
def person_update(*, actor: User, person_id: int, data: Mapping[str, Any]) -> Person:
    _check_writer(actor)
    person = Person.objects.filter(pk=person_id, organization=actor.organization).first()
    if person is None:
        raise NotFoundError("Person not found.")
    current = forms.models.model_to_dict(person, fields=list(PersonForm.base_fields))
    form = PersonForm(data={**current, **dict(data)}, instance=person)
    form_errors_raise(form)
    changed = sorted(form.changed_data)
    form.save()
    audit_record(actor=actor, action="person.update", obj=person, detail={"fields": changed})
    return person


@transaction.atomic
def person_create_on_case(
    *, actor: User, case_ref: str, data: Mapping[str, Any], role: str
) -> tuple[Person, CasePerson]:
    """A new person of the organization, linked to the case in ``role``: both or neither."""
    case = case_get(user=actor, ref=case_ref, write=True)  # outsiders stop here, before anything
    if is_partner(actor, case):
        # The new person would join the partner's own directory, which the owner's case cannot name.
        raise PermissionDeniedError(
            "People on a shared case come from the owning organization's directory: ask its team."
        )
    if role not in PersonRole.values:
        raise ApplicationError(
            "Choose the person's role on this case.", fields={"role": ["Choose a role."]}
        )
    person = person_create(actor=actor, data=data)
    link = case_child_create(
        actor=actor,
        case_ref=case_ref,
        kind_slug="people",
        data={
            "person": person.pk,
            "role": role,
            "badge_number": person.badge_number,
            "agency": person.agency,
        },
    )
    assert isinstance(link, CasePerson)
    return person, link
