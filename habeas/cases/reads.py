"""Reads of case data made through an interface (a page, an API call, a command), each written to
the audit log once with what was shown. Selectors stay free of side effects; these sit on top."""

from __future__ import annotations

from django.http import HttpRequest

from habeas.accounts.models import User
from habeas.audit.services import audit_read
from habeas.cases.models import Case, Person
from habeas.cases.selectors import CaseFilters, case_get


def case_read(*, user: User, ref: str, view: str, request: HttpRequest | None = None) -> Case:
    """The case (or 404), with one ``case.read`` row saying which view showed it."""
    case = case_get(user=user, ref=ref)
    case_shown(user=user, case=case, view=view, request=request)
    return case


def case_shown(*, user: User, case: Case, view: str, request: HttpRequest | None = None) -> None:
    """The ``case.read`` row for a case another selector fetched (documents, flags, a timeline)."""
    audit_read(
        actor=user, action="case.read", obj=case, case=case, detail={"view": view}, request=request
    )


def cases_listed(*, user: User, filters: CaseFilters, request: HttpRequest | None = None) -> None:
    """One ``case.list`` row with the filters a list of cases was asked with."""
    detail = {k: v for k, v in vars(filters).items() if v}
    audit_read(actor=user, action="case.list", detail=detail, request=request)


def person_read(*, user: User, person: Person, request: HttpRequest | None = None) -> None:
    audit_read(actor=user, action="person.read", obj=person, request=request)
