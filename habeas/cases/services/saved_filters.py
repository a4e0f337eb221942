"""Saving and removing a user's own named sets of case-list filters. Only the filters the list
knows are kept, each as the list applies it; what is left out is said, never changed quietly."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from habeas.accounts.models import User
from habeas.audit.services import audit_record
from habeas.cases.list_filters import case_filters_checked
from habeas.cases.models.saved_filter import MAX_SAVED_FILTERS, NAME_MAX_LENGTH, SavedCaseFilter
from habeas.core.errors import ApplicationError, ConflictError, NotFoundError

# Bidi overrides and isolates would make a name read differently from what is stored.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class FilterSaved:
    saved: SavedCaseFilter
    replaced: bool  # a set of that name was there before and now holds these filters
    left_out: list[str]  # a sentence for each value given that was not saved


def _name_problem(name: str) -> str:
    if not name:
        return "Give these filters a name."
    if len(name) > NAME_MAX_LENGTH:
        return f"Keep the name to {NAME_MAX_LENGTH} characters or fewer."
    if _BIDI_CONTROLS.search(name) or any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name):
        return "The name may not contain line breaks or control characters."
    return ""


@transaction.atomic
def case_filter_save(*, actor: User, name: str, params: Mapping[str, object]) -> FilterSaved:
    """Save ``params`` under ``name`` for ``actor`` (replacing a set of the same name, whatever its
    capitals); at most ``MAX_SAVED_FILTERS`` sets each."""
    name = name.strip()
    problem = _name_problem(name)
    if problem:
        raise ApplicationError("These filters were not saved.", fields={"name": [problem]})
    checked = case_filters_checked(params)
    # The user's row lock makes two saves of one user wait for each other (the limit holds).
    User.objects.select_for_update().filter(pk=actor.pk).exists()
    mine = SavedCaseFilter.objects.filter(user=actor)
    existing = mine.filter(name__iexact=name).first()
    if existing is None:
        if mine.count() >= MAX_SAVED_FILTERS:
            raise ConflictError(
                f"You already have {MAX_SAVED_FILTERS} saved filters, the most Habeas keeps for "
                "one person: remove one before saving another.",
                fields={"name": [f"At most {MAX_SAVED_FILTERS} saved filters."]},
            )
        saved = SavedCaseFilter.objects.create(user=actor, name=name, params=checked.kept)
    else:
        existing.name, existing.params = name, checked.kept
        existing.save(update_fields=["name", "params", "updated_at"])
        saved = existing
    audit_record(
        actor=actor,
        action="case_filter.save",
        obj=saved,
        detail={"name": name, "replaced": existing is not None},
    )
    return FilterSaved(saved=saved, replaced=existing is not None, left_out=checked.left_out)


@transaction.atomic
def case_filter_delete(*, actor: User, filter_id: int) -> str:
    """Remove one of ``actor``'s own saved filters (another user's is "not found"); its name."""
    saved = (
        SavedCaseFilter.objects.filter(pk=filter_id, user=actor).first()
        if 0 < filter_id < 2**63  # an id no column can hold names nothing
        else None
    )
    if saved is None:
        raise NotFoundError("No such saved filters.", kind="saved filters")
    name = saved.name
    audit_record(actor=actor, action="case_filter.delete", obj=saved, detail={"name": name})
    saved.delete()
    return name
