"""API shapes for cases, their records and people.

Who checks what: a schema checks only the JSON *types* of a request (a string where a string goes,
an ISO 8601 date, a boolean, no unknown fields) and a wrong type answers 422. Every rule about
*values* (required fields, lengths, choices, impossible dates, duplicate dockets) is checked by the
same Django forms the web UI uses, inside the services, and answers 400 with every field error at
once. The record schemas are generated from those forms, so the OpenAPI document still states the
rules (``required``, ``maxLength``, ``enum``, ``minimum``) and cannot drift from what is enforced.
Nothing is truncated on the way in, and nothing is guessed: a date is an ISO 8601 string, never a
number read as a timestamp; a boolean is ``true`` or ``false``, never ``"yes"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, cast

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from ninja import Field, Schema
from pydantic import (
    AliasChoices,
    StrictBool,
    StrictInt,
    create_model,
    field_validator,
)

from habeas.cases.forms import CaseForm
from habeas.cases.selectors import SORTS
from habeas.cases.services.intake import SECTIONS
from habeas.cases.services.kinds import KINDS, ChildKind
from habeas.cases.services.people import PersonForm
from habeas.core.api import Body, FormBody, IsoDate, PageNumber, UtcDateTime
from habeas.domain.workflow import ACCEPT_REASON_CODES, DECLINE_REASON_CODES, Answer, Stage, Vote

PARTIAL = "Send only the fields to change; the others keep their values."

# --- Bodies generated from forms --------------------------------------------------------------------


def _choice_values(field: forms.ChoiceField) -> list[str]:
    choices = cast(
        Iterable[tuple[object, object]], field.choices
    )  # static model choices, never a queryset
    return [str(value) for value, _ in choices if value != ""]


def _field_type(field: forms.Field) -> tuple[Any, dict[str, Any]]:
    """The JSON type a form field accepts, and the value rules the form enforces (for the docs)."""
    rules: dict[str, Any] = {}
    if isinstance(
        field, forms.ModelChoiceField
    ):  # before ChoiceField: never iterate its queryset here
        related = (
            field.queryset.model._meta.verbose_name if field.queryset is not None else field.label
        )
        rules["description"] = f"Id of a {related} of this case or organization."
        return StrictInt, rules
    if isinstance(field, forms.MultipleChoiceField):
        rules["items"] = {"type": "string", "enum": _choice_values(field)}
        return list[str], rules
    if isinstance(field, forms.ChoiceField):
        rules["enum"] = _choice_values(field)
        return str, rules
    if isinstance(field, forms.BooleanField):
        return StrictBool, rules
    if isinstance(field, forms.DateField):
        return IsoDate, rules
    if isinstance(field, forms.DecimalField):
        if field.max_digits is not None and field.decimal_places is not None:
            rules["description"] = (
                f"A number (or numeric string) of at most {field.max_digits} digits, {field.decimal_places} after the point."
            )
        return Decimal, rules
    if isinstance(field, forms.IntegerField):
        bounds = {"minimum": field.min_value, "maximum": field.max_value}
        rules.update({key: bound for key, bound in bounds.items() if bound is not None})
        return StrictInt, rules
    if isinstance(field, forms.CharField):
        if field.max_length is not None:
            rules["maxLength"] = field.max_length
        return str, rules
    return Any, rules


def _model_field(
    form_class: type[forms.ModelForm[Any]], name: str
) -> models.Field[Any, Any] | None:
    try:
        field = form_class._meta.model._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field
        return None
    return field if isinstance(field, models.Field) else None


def _schema_extra(rules: dict[str, Any], default: object) -> Callable[[dict[str, Any]], None]:
    def extra(schema: dict[str, Any]) -> None:
        schema.pop("default", None)  # the pydantic placeholder; the real default is the model's
        if default is not None:
            schema["default"] = default
        schema.update(rules)

    return extra


def form_body(
    form_class: type[forms.ModelForm[Any]],
    name: str,
    *,
    partial: bool = False,
    exclude: Iterable[str] = (),
    doc: str = "",
) -> type[FormBody]:
    """A body schema with one property per form field. Every property may be left out (callers dump
    with ``exclude_unset``): on create the form fills model defaults and reports missing required
    fields with 400; on a partial update a left-out field keeps its value."""
    fields: dict[str, Any] = {}
    required: list[str] = []
    for field_name, field in form_class.base_fields.items():
        if field_name in exclude:
            continue
        python_type, rules = _field_type(field)
        model_field = _model_field(form_class, field_name)
        if model_field is not None and model_field.null:
            python_type = python_type | None
        has_default = model_field is not None and model_field.has_default()
        default = (
            model_field.get_default()
            if has_default and model_field is not None and not partial
            else None
        )
        if field.required and not has_default and not partial:
            required.append(field_name)
        if field.help_text:
            rules.setdefault("description", str(field.help_text))
        fields[field_name] = (
            python_type,
            Field(
                None,
                title=str(field.label or field_name),
                json_schema_extra=_schema_extra(rules, default),
            ),
        )
    model = create_model(name, __base__=FormBody, __doc__=doc or None, **fields)
    model.form_required = tuple(required)
    return model


# --- Record kinds --------------------------------------------------------------------------------


def _readonly_type(field: models.Field[Any, Any]) -> Any:
    if field.is_relation:
        return str | None  # a user, shown by username
    mapping: list[tuple[type[models.Field[Any, Any]], Any]] = [
        (models.DateTimeField, UtcDateTime),
        (models.DateField, dt.date),
        (models.BooleanField, bool),
        (models.IntegerField, int),
        (models.CharField, str),
        (models.TextField, str),
    ]
    python_type = next((t for cls, t in mapping if isinstance(field, cls)), Any)
    return python_type | None if field.null else python_type


def _out_fields(form_class: type[forms.ModelForm[Any]]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """``id`` and the form's fields as they are read back (a relation also gets a ``…_label``)."""
    fields: dict[str, Any] = {"id": (int, ...)}
    relations: list[str] = []
    for field_name, field in form_class.base_fields.items():
        python_type, _ = _field_type(field)
        model_field = _model_field(form_class, field_name)
        fields[field_name] = (
            python_type | None if model_field is not None and model_field.null else python_type,
            ...,
        )
        if isinstance(field, forms.ModelChoiceField):
            relations.append(field_name)
            fields[f"{field_name}_label"] = (
                str | None,
                Field(..., description=f"The {field_name} as the web UI shows it"),
            )
    return fields, tuple(relations)


@dataclass(frozen=True)
class RecordSchemas:
    """The API shapes of one record kind, all derived from its form and model."""

    create: type[FormBody]
    patch: type[FormBody]
    out: type[Schema]
    relations: tuple[
        str, ...
    ]  # form fields naming another record: its id in and out, plus a label out
    readonly_users: tuple[
        str, ...
    ]  # users the server records (author, recorded_by), shown by username
    readonly: tuple[str, ...]  # other fields the server sets (created_at…)


def record_schemas(kind: ChildKind) -> RecordSchemas:
    name = kind.model.__name__
    create = form_body(kind.form, f"{name}In", doc=f"A new record in {kind.label.lower()}.")
    patch = form_body(kind.form, f"{name}Patch", partial=True, doc=PARTIAL)
    out_fields, relations = _out_fields(kind.form)
    readonly_users: list[str] = []
    readonly: list[str] = []
    hidden = {"id", kind.case_path.split("__")[0], "organization_id_key"}
    for model_field in kind.model._meta.concrete_fields:
        if model_field.name in out_fields or model_field.name in hidden:
            continue
        if model_field.is_relation and model_field.related_model is get_user_model():
            readonly_users.append(model_field.name)
        elif model_field.is_relation:
            continue
        else:
            readonly.append(model_field.name)
        out_fields[model_field.name] = (_readonly_type(model_field), ...)
    out = create_model(f"{name}Out", __base__=Schema, **out_fields)
    return RecordSchemas(create, patch, out, relations, tuple(readonly_users), tuple(readonly))


RECORDS: dict[str, RecordSchemas] = {slug: record_schemas(kind) for slug, kind in KINDS.items()}


# --- Cases -----------------------------------------------------------------------------------------


# Generated classes; to the type checker they are simply FormBody (it cannot see generated fields).
if TYPE_CHECKING:
    CaseIn: TypeAlias = FormBody
    CasePatch: TypeAlias = FormBody
    IntakeIn: TypeAlias = FormBody
    PersonIn: TypeAlias = FormBody
    PersonPatch: TypeAlias = FormBody
    FactOut: TypeAlias = Schema
    PersonOut: TypeAlias = Schema
else:
    CaseIn = form_body(CaseForm, "CaseIn", doc="The case's own fields.")
    CasePatch = form_body(CaseForm, "CasePatch", partial=True, doc=PARTIAL)


class PageQuery(Schema):
    page: PageNumber = 1
    page_size: int = Field(settings.HABEAS_PAGE_SIZE, ge=1, le=settings.HABEAS_MAX_PAGE_SIZE)


class CaseListQuery(PageQuery):
    stage: Stage | None = None
    county: str = Field("", max_length=80, description="Exact county name (case-insensitive)")
    q: str = Field("", max_length=100, description="Part of the reference, title or applicant name")
    mine: bool = Field(False, description="Only cases where you are on the team")
    sort: str = Field("-received_on", json_schema_extra={"enum": list(SORTS)})

    @field_validator("sort")
    @classmethod
    def _known_sort(cls, value: str) -> str:
        if value not in SORTS:
            raise ValueError(f"Sort by one of: {', '.join(SORTS)}.")
        return value


class CaseRow(Schema):
    ref: str
    title: str
    stage: Stage
    county: str
    applicant_name: str
    received_on: dt.date
    stage_changed_at: UtcDateTime
    # The case list reads it as a column of the joined organization.
    organization: str = Field(
        description="Code of the owning organization",
        validation_alias=AliasChoices("organization", "organization__code"),
    )


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseRow]


class CaseDetail(CaseRow):
    summary: str
    intake_source: str
    jurisdiction_state: str
    created_at: UtcDateTime
    updated_at: UtcDateTime
    access: Literal["read", "write"] = Field(description="What you may do with this case")
    allowed_next_stages: list[Stage]
    team: list[str] = Field(description="Usernames on the case team")
    record_counts: dict[str, int] = Field(
        description="Number of records of each kind, by the kind's URL segment"
    )


def _intake_body() -> type[FormBody]:
    """``{case, applicant, incident?, conviction?, claim?}``: the sections of services.intake.SECTIONS,
    each shaped like the record kind it creates (the applicant is always an applicant)."""
    by_form = {kind.form: RECORDS[slug].create for slug, kind in KINDS.items()}
    sections: dict[str, Any] = {"case": (CaseIn, ...)}
    for name, form_class in SECTIONS:
        if name == "applicant":
            applicant = form_body(
                form_class, "ApplicantIn", exclude={"kind"}, doc="The person asking for review."
            )
            sections[name] = (applicant, ...)
        else:
            sections[name] = (
                by_form[form_class] | None,
                Field(None, description=f"Optional; an empty {name} is skipped"),
            )
    model = create_model("IntakeIn", __base__=FormBody, **sections)
    model.form_required = ("case", "applicant")
    return model


if not TYPE_CHECKING:
    IntakeIn = _intake_body()


# --- Workflow, team and sharing --------------------------------------------------------------------


def _enum(values: Iterable[str], description: str = "") -> Any:
    extra: dict[str, Any] = {"enum": list(values)}
    return Field(..., description=description or None, json_schema_extra=extra)


class TransitionIn(Body):
    target: str = _enum(
        (s.value for s in Stage), "The stage to move to (see the case's allowed_next_stages)"
    )
    reason: str = Field(..., description="Why; kept in the case history")
    reason_code: str = Field(
        "",
        description="Needed when accepting or declining after screening, and when declining after the committee vote",
        json_schema_extra={"enum": ["", *ACCEPT_REASON_CODES, *DECLINE_REASON_CODES]},
    )


class TransitionOut(Schema):
    from_stage: str = Field(description="Empty for the case's opening")
    to_stage: Stage
    by: str
    at: UtcDateTime
    reason: str
    reason_code: str


class ScreeningAnswerIn(Body):
    answer: str = _enum(a.value for a in Answer)
    note: str = Field("", json_schema_extra={"maxLength": 500})


class ScreeningIn(Body):
    answers: dict[str, ScreeningAnswerIn] = Field(
        ..., description="Criterion key to its answer; criteria left out keep theirs"
    )


class ScreeningItem(Schema):
    key: str
    label: str
    answer: Answer
    note: str


class VoteIn(Body):
    vote: str = _enum(v.value for v in Vote)
    rationale: str = Field("", json_schema_extra={"maxLength": 5000})


class VoteOut(Schema):
    voter: str
    vote: Vote
    rationale: str
    cast_at: UtcDateTime


class RecusalIn(Body):
    username: str = Field(
        ...,
        description="A member of the case's organization (yourself, or anyone if you are an attorney or admin)",
    )
    reason: str = Field(..., json_schema_extra={"maxLength": 300})


class RecusalOut(Schema):
    username: str
    reason: str
    recorded_by: str
    recorded_at: UtcDateTime


class TeamMemberIn(Body):
    username: str
    role: str = Field("member", json_schema_extra={"enum": ["lead", "member"]})


class TeamMemberOut(Schema):
    username: str
    role: str
    organization: str


class ShareIn(Body):
    organization: str = Field(..., description="Code of the partner organization")


class ShareOut(Schema):
    organization: str
    granted_by: str
    granted_at: UtcDateTime
    revoked_at: UtcDateTime | None


if not TYPE_CHECKING:
    FactOut = RECORDS["facts"].out


class FactGroup(Schema):
    key: str
    conflict: bool = Field(description="True when the sources give different values for this key")
    values: list[FactOut]


# --- People ----------------------------------------------------------------------------------------


if not TYPE_CHECKING:
    PersonIn = form_body(
        PersonForm,
        "PersonIn",
        doc="Someone known to your organization (officer, prosecutor, witness…).",
    )
    PersonPatch = form_body(PersonForm, "PersonPatch", partial=True, doc=PARTIAL)
    PersonOut = create_model("PersonOut", __base__=Schema, **_out_fields(PersonForm)[0])


class PeopleQuery(PageQuery):
    q: str = Field(
        "", max_length=100, description="Part of a name or alias, or an exact badge number"
    )


class PersonPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PersonOut]


class Appearance(Schema):
    case_ref: str
    case_title: str
    role: str


class PersonDetail(PersonOut):
    appearances: list[Appearance] = Field(description="Only in cases you may see")


# --- Saved case-list filters -----------------------------------------------------------------------

_FILTER_KEYS_WORDS = (
    "`q` (search text, up to 100 characters), `stage` (a stage code), `county` (up to 80 "
    "characters), `scope` (`mine` or `all`), `sort` (" + ", ".join(f"`{s}`" for s in SORTS) + ")"
)


class CaseFilterIn(Body):
    name: str = Field(
        max_length=1000,
        description="1 to 80 characters; a name you already use (whatever its capitals) replaces "
        "that saved set",
    )
    params: dict[Annotated[str, Field(max_length=100)], Annotated[str, Field(max_length=1000)]] = (
        Field(
            default_factory=dict,
            max_length=20,
            description=f"The case list's filters: {_FILTER_KEYS_WORDS}. Any other key, and a value "
            "the list would not apply as given, is left out and listed in `left_out`.",
        )
    )


class CaseFilterOut(Schema):
    id: int
    name: str
    params: dict[str, str] = Field(description="The filters as saved (only the known keys)")
    list_url: str = Field(description="The case list page with these filters applied")
    created_at: UtcDateTime
    updated_at: UtcDateTime


class CaseFilterSavedOut(CaseFilterOut):
    replaced: bool = Field(description="A set of that name was there before and now holds these")
    left_out: list[str] = Field(description="What was given but not saved, one sentence each")
