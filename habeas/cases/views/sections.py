"""Record sections: every record kind in ``KINDS`` is shown, added, edited and deleted the same way.

A section is one kind's rows on a tab (parties, evidence, tasks…). Some kinds nest under a parent
row (charges and sentences under their conviction, custody events under their evidence item); a
nested kind is saved through the same generic views and answers with its parent's section.
``SPECS`` only says how a kind is *shown* (columns, nesting, a grouped template); nothing here
writes: the views call the services in ``habeas.cases.services.children``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms as djforms
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from habeas.accounts.models import User
from habeas.cases.models import Case, Person
from habeas.cases.permissions import may, may_change_record
from habeas.cases.selectors import case_facts_grouped, case_people_choices, fact_conflicts
from habeas.cases.services.kinds import KINDS, ChildKind
from habeas.domain.nre.schema import FACTORS

# Forms bound to what the user posted, by key: "slug:pk" (an edit), "slug:new" or "slug:new:parent_pk".
BoundForms = dict[str, djforms.BaseForm]
PERSON_CHOICES_LIMIT = 100


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    tone: str = ""  # a badge: ok, warn, bad, info, muted
    long: bool = False  # several lines of prose


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    # (header, attribute or computed name); empty means the form's fields in order.
    columns: tuple[tuple[str, str], ...] = ()
    # Kinds shown under each row of this one: (child slug, the child's foreign key to this kind).
    children: tuple[tuple[str, str], ...] = ()
    template: str = "cases/sections/table.html"
    intro: str = ""
    empty: str = "None recorded yet."
    add_label: str = ""
    # Fields that cannot change once the record exists (shown, not edited).
    fixed_on_edit: tuple[str, ...] = ()
    delete_label: str = "Delete"


SPECS: dict[str, SectionSpec] = {
    s.slug: s
    for s in (
        SectionSpec(
            "parties",
            columns=(
                ("Name", "name"),
                ("Kind", "kind"),
                ("Aliases", "aliases"),
                ("Date of birth", "date_of_birth"),
                ("Corrections number", "corrections_id"),
                ("Custody", "custody_status"),
                ("Facility", "facility"),
                ("Mailing address", "mailing_address"),
                ("Notes", "notes"),
            ),
            intro="The applicant, co-defendants and victims.",
            add_label="Add a party (co-defendant, victim…)",
        ),
        SectionSpec("incidents", add_label="Add an incident"),
        SectionSpec(
            "facts",
            template="cases/sections/facts.html",
            intro="Each value carries its source. Where sources disagree the values are shown side by side; keep both until one is settled.",
            add_label="Add a sourced fact",
        ),
        SectionSpec(
            "convictions",
            children=(("charges", "conviction"), ("sentences", "conviction")),
            add_label="Add a conviction",
        ),
        SectionSpec("charges", add_label="Add a charge"),
        SectionSpec("sentences", add_label="Add a sentence"),
        SectionSpec("filings", add_label="Add an appeal or post-conviction filing"),
        SectionSpec(
            "people",
            template="cases/sections/people.html",
            columns=(
                ("Person", "person_link"),
                ("Role", "role"),
                ("Badge then", "badge_number"),
                ("Agency then", "agency"),
                ("Notes", "notes"),
            ),
            fixed_on_edit=("person",),
            delete_label="Unlink",
            empty="Nobody linked yet.",
        ),
        SectionSpec(
            "claims",
            columns=(
                ("Basis", "basis"),
                ("NRE contributing factors", "nre_factor_labels"),
                ("Status", "status"),
            ),
            add_label="Add a claim",
        ),
        SectionSpec(
            "evidence",
            columns=(
                ("Item", "item_number"),
                ("Description", "description"),
                ("Biological / DNA", "evidence_flags"),
                ("Preservation", "preservation_status"),
                ("Custodian", "custodian"),
                ("Location", "location"),
                ("Notes", "notes"),
            ),
            children=(("custody-events", "item"),),
            add_label="Add an evidence item",
        ),
        SectionSpec("custody-events", add_label="Add a chain-of-custody event"),
        SectionSpec(
            "tasks",
            columns=(
                ("Task", "title"),
                ("Due", "task_due"),
                ("Assignee", "assignee"),
                ("Status", "task_status"),
            ),
            intro="Tasks can be assigned to members of the case team. Open tasks come first, soonest due first.",
            add_label="Add a task",
            empty="No tasks.",
        ),
        SectionSpec(
            "notes",
            template="cases/sections/notes.html",
            add_label="Write a note",
            empty="No notes yet.",
        ),
        SectionSpec(
            "leads",
            columns=(
                ("Lead", "description"),
                ("Person", "person_link"),
                ("Status", "status"),
                ("Recorded", "created_at"),
            ),
            add_label="Add an alternate-suspect lead",
            empty="No leads recorded.",
        ),
        SectionSpec(
            "resolutions",
            columns=(
                ("Event", "kind"),
                ("Date", "occurred_on"),
                ("Court", "court"),
                ("Statute", "statute"),
                ("Standard of proof", "standard_of_proof"),
                ("Notes", "notes"),
                ("Recorded by", "recorded_by"),
            ),
            intro="Dated court and executive events. They are kept as a record and cannot be deleted.",
            add_label="Record a resolution event",
            empty="No resolution events recorded.",
        ),
    )
}

PARENT_OF: dict[str, tuple[str, str]] = {
    child: (spec.slug, fk) for spec in SPECS.values() for child, fk in spec.children
}

# Badge colours for choice values (kind slug, field) -> value -> tone.
TONES: dict[tuple[str, str], dict[str, str]] = {
    ("evidence", "preservation_status"): {
        "preserved": "ok",
        "destroyed": "bad",
        "missing": "bad",
        "consumed": "warn",
        "unknown": "muted",
    },
    ("leads", "status"): {"open": "warn", "referred": "info", "closed": "muted"},
    ("claims", "status"): {"open": "info", "supported": "ok", "not_supported": "muted"},
    ("parties", "custody_status"): {
        "in_custody": "warn",
        "parole": "info",
        "released": "ok",
        "deceased": "muted",
        "unknown": "muted",
    },
}
LONG_TEXT = {"notes", "description", "basis", "body", "summary"}


def spec_for(slug: str) -> SectionSpec:
    return SPECS.get(slug) or SectionSpec(slug)


def top_slug(slug: str) -> str:
    """The section a kind is shown in (its parent's for a nested kind)."""
    return PARENT_OF[slug][0] if slug in PARENT_OF else slug


def parent_fk(slug: str) -> str | None:
    return PARENT_OF[slug][1] if slug in PARENT_OF else None


# --- cells --------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, User):
        return value.display_name()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _person_link(obj: Any) -> Cell:
    person = obj.person
    if person is None:
        return Cell("")
    return Cell(person.full_name(), url=reverse("cases:person", kwargs={"person_id": person.pk}))


def _evidence_flags(obj: Any) -> Cell:
    if not obj.is_biological:
        return Cell("Not biological", tone="muted")
    return Cell(
        "Biological · DNA-tested" if obj.dna_tested else "Biological · not DNA-tested",
        tone="ok" if obj.dna_tested else "warn",
    )


def _task_due(obj: Any) -> Cell:
    if obj.due_on is None:
        return Cell("")
    overdue = obj.done_at is None and obj.due_on < timezone.localdate()
    return Cell(
        obj.due_on.isoformat() + (" (overdue)" if overdue else ""), tone="bad" if overdue else ""
    )


def _task_status(obj: Any) -> Cell:
    if obj.done_at:
        return Cell(f"Done {timezone.localtime(obj.done_at):%Y-%m-%d}", tone="ok")
    return Cell("Open", tone="info")


COMPUTED: dict[str, Callable[[Any], Cell]] = {
    "name": lambda obj: Cell(obj.full_name()),
    "person_link": _person_link,
    "evidence_flags": _evidence_flags,
    "nre_factor_labels": lambda obj: Cell(
        "; ".join(f"{FACTORS.get(c, c)} ({c})" for c in obj.nre_factors or [])
    ),
    "task_due": _task_due,
    "task_status": _task_status,
}


def cell(slug: str, obj: Model, name: str) -> Cell:
    if name in COMPUTED:
        return COMPUTED[name](obj)
    getter = getattr(obj, f"get_{name}_display", None)
    raw = getattr(obj, name, None)
    text = _text(getter() if callable(getter) else raw)
    tone = TONES.get((slug, name), {}).get(str(raw), "")
    return Cell(text, tone=tone, long=name in LONG_TEXT)


def columns(kind: ChildKind, spec: SectionSpec) -> list[tuple[str, str]]:
    if spec.columns:
        return list(spec.columns)
    fk = parent_fk(kind.slug)
    return [(str(f.label or n), n) for n, f in kind.form.base_fields.items() if n != fk]


# --- forms --------------------------------------------------------------------------------------


def narrow_people(form: djforms.BaseForm, case: Case, user: User, q: str = "") -> None:
    """A person select lists at most PERSON_CHOICES_LIMIT people (matches of ``q`` when given), plus
    the one already chosen, so an organization with thousands of people does not ship them all.
    (The service validates against the organization's full list.)"""
    person_field = form.fields.get("person")
    if not isinstance(person_field, djforms.ModelChoiceField):
        return
    people = case_people_choices(user=user, case=case, q=q)
    shown = list(
        people.order_by("last_name", "first_name").values_list("pk", flat=True)[
            :PERSON_CHOICES_LIMIT
        ]
    )
    chosen = form["person"].value()
    if chosen not in (None, ""):
        shown.append(chosen)
    person_field.queryset = case_people_choices(user=user, case=case, ids=shown).order_by(
        "last_name", "first_name"
    )
    person_field.label_from_instance = person_label  # type: ignore[method-assign,assignment]


def person_label(person: Person) -> str:
    """How a person reads in a select: "Keller, Ana · badge 4411 · LAPD"."""
    name = f"{person.last_name}, {person.first_name}" if person.first_name else person.last_name
    return " · ".join(
        p
        for p in (
            name,
            f"badge {person.badge_number}" if person.badge_number else "",
            person.agency,
        )
        if p
    )


def _hide(form: djforms.BaseForm, names: Iterable[str | None]) -> None:
    for name in names:
        if name and name in form.fields:
            form.fields[name].widget = djforms.HiddenInput()


def new_form(
    kind: ChildKind, case: Case, user: User, *, parent_pk: int | None = None, person_q: str = ""
) -> djforms.BaseForm:
    fk = parent_fk(kind.slug)
    suffix = f"new{parent_pk}" if parent_pk is not None else "new"
    initial = {fk: parent_pk} if fk and parent_pk is not None else {}
    form = kind.form(case=case, viewer=user, initial=initial, auto_id=f"{kind.slug}-{suffix}-%s")
    prepare(form, kind, case, user, editing=False, person_q=person_q)
    return form


def edit_form(kind: ChildKind, case: Case, user: User, obj: Model) -> djforms.BaseForm:
    form = kind.form(instance=obj, case=case, viewer=user, auto_id=f"{kind.slug}-{obj.pk}-%s")
    prepare(form, kind, case, user, editing=True)
    return form


def bound_form(
    kind: ChildKind, case: Case, user: User, data: Any, *, instance: Model | None
) -> djforms.BaseForm:
    """The form as the user posted it (for showing errors); ids match the ones it was posted from."""
    fk = parent_fk(kind.slug)
    parent = data.get(fk) if fk else None
    suffix = str(instance.pk) if instance is not None else (f"new{parent}" if parent else "new")
    form = kind.form(
        data=data, instance=instance, case=case, viewer=user, auto_id=f"{kind.slug}-{suffix}-%s"
    )
    prepare(form, kind, case, user, editing=instance is not None)
    return form


def bound_key(kind: ChildKind, data: Any, pk: int | None) -> str:
    if pk is not None:
        return f"{kind.slug}:{pk}"
    fk = parent_fk(kind.slug)
    parent = data.get(fk) if fk else None
    return f"{kind.slug}:new:{parent}" if parent else f"{kind.slug}:new"


def prepare(
    form: djforms.BaseForm,
    kind: ChildKind,
    case: Case,
    user: User,
    *,
    editing: bool,
    person_q: str = "",
) -> None:
    narrow_people(form, case, user, person_q)
    _hide(form, [parent_fk(kind.slug), *(spec_for(kind.slug).fixed_on_edit if editing else ())])
    if kind.slug == "facts" and "key" in form.fields:
        form.fields["key"].widget.attrs["list"] = "fact-keys"


# --- sections -----------------------------------------------------------------------------------


@dataclass
class Section:
    """Everything a section template needs."""

    slug: str
    label: str
    kind: ChildKind
    spec: SectionSpec
    tab: str
    top: str  # the dom id's slug of the section this one is shown in
    headers: list[str]
    rows: list[dict[str, Any]]
    can_write: bool
    new_form: djforms.BaseForm | None = None
    open_new: bool = False
    message: str = ""
    parent_pk: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def colspan(self) -> int:
        return len(self.headers) + (1 if self.can_write else 0)


def _row(
    kind: ChildKind,
    spec: SectionSpec,
    case: Case,
    user: User,
    obj: Model,
    cols: list[tuple[str, str]],
    can_write: bool,
    bound: BoundForms,
    editing: str,
) -> dict[str, Any]:
    key = f"{kind.slug}:{obj.pk}"
    can_write = can_write and may_change_record(user, case, kind.action, obj)
    form = bound.get(key)
    if form is None and can_write and editing == key:
        form = edit_form(kind, case, user, obj)
    return {
        "obj": obj,
        "pk": obj.pk,
        "key": key,
        "cells": [cell(kind.slug, obj, name) for _, name in cols],
        "form": form,
        "children": [],
        "can_write": can_write,
    }


def _order(slug: str, objs: list[Model]) -> list[Model]:
    if (
        slug == "tasks"
    ):  # open tasks first, soonest due first (NULL ordering differs between databases)
        return sorted(objs, key=lambda t: (t.done_at is not None, t.due_on or dt.date.max, t.pk))  # type: ignore[attr-defined]
    return objs


def build_section(
    slug: str,
    case: Case,
    user: User,
    *,
    tab: str,
    can_write: bool,
    bound: BoundForms | None = None,
    editing: str = "",
    message: str = "",
    person_q: str = "",
) -> Section:
    """A top-level section with its rows, the rows' nested kinds and the add forms."""
    bound = bound or {}
    kind = KINDS[slug]
    spec = spec_for(slug)
    writable = can_write and may(user, case, kind.action, own=True)
    cols = columns(kind, spec)
    objs = _order(slug, list(kind.queryset(case)))
    rows = [_row(kind, spec, case, user, obj, cols, writable, bound, editing) for obj in objs]

    for child_slug, fk in spec.children:
        child = KINDS[child_slug]
        child_spec = spec_for(child_slug)
        child_writable = can_write and may(user, case, child.action, own=True)
        child_cols = columns(child, child_spec)
        by_parent: dict[int, list[Model]] = defaultdict(list)
        for obj in child.queryset(case).order_by("pk"):
            by_parent[getattr(obj, f"{fk}_id")].append(obj)
        for row in rows:
            parent_pk = row["pk"]
            new_key = f"{child_slug}:new:{parent_pk}"
            row["children"].append(
                Section(
                    slug=child_slug,
                    label=child.label,
                    kind=child,
                    spec=child_spec,
                    tab=tab,
                    top=slug,
                    headers=[h for h, _ in child_cols],
                    rows=[
                        _row(
                            child,
                            child_spec,
                            case,
                            user,
                            o,
                            child_cols,
                            child_writable,
                            bound,
                            editing,
                        )
                        for o in by_parent[parent_pk]
                    ],
                    can_write=child_writable,
                    new_form=bound.get(new_key)
                    or (
                        new_form(child, case, user, parent_pk=parent_pk) if child_writable else None
                    ),
                    open_new=new_key in bound,
                    parent_pk=parent_pk,
                )
            )

    new_key = f"{slug}:new"
    section = Section(
        slug=slug,
        label=kind.label,
        kind=kind,
        spec=spec,
        tab=tab,
        top=slug,
        headers=[h for h, _ in cols],
        rows=rows,
        can_write=writable,
        new_form=bound.get(new_key)
        or (new_form(kind, case, user, person_q=person_q) if writable else None),
        open_new=new_key in bound or bool(person_q),
        message=message,
    )
    if slug == "facts":
        section.extra = _fact_groups(case, rows)
    return section


def _fact_groups(case: Case, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Facts by key, with the keys whose sources disagree marked (selectors decide what a conflict is)."""
    grouped = case_facts_grouped(case)
    conflicts = fact_conflicts(grouped)
    row_of = {row["pk"]: row for row in rows}
    groups = []
    for key, facts in grouped.items():
        distinct = sorted({f.value.strip().lower() for f in facts})
        groups.append(
            {
                "key": key,
                "conflict": key in conflicts,
                "distinct": len(distinct),
                "rows": [
                    {
                        **row_of.get(f.pk, {"pk": f.pk, "form": None}),
                        "fact": f,
                        "variant": distinct.index(f.value.strip().lower()) % 4,
                    }
                    for f in facts
                ],
            }
        )
    known = [
        "sentence",
        "incident_date",
        "arrest_date",
        "conviction_date",
        "release_date",
        "offense",
        "docket_number",
    ]
    return {"groups": groups, "conflicts": sorted(conflicts), "keys": sorted({*known, *grouped})}
