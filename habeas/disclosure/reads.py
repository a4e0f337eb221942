"""Reads of disclosure records made through an interface, each audited once."""

from __future__ import annotations

from django.http import HttpRequest

from habeas.accounts.models import User
from habeas.audit.services import audit_read
from habeas.cases.models import Case
from habeas.disclosure.models import Production


def disclosure_shown(
    *,
    user: User,
    case: Case,
    view: str,
    production: Production | None = None,
    request: HttpRequest | None = None,
) -> None:
    audit_read(
        actor=user,
        action="production.read" if production is not None else "case.read",
        obj=production or case,
        case=case,
        detail={"view": view},
        request=request,
    )


def package_downloaded(
    *, user: User, production: Production, request: HttpRequest | None = None
) -> None:
    audit_read(
        actor=user,
        action="production.download",
        obj=production,
        case=production.case,
        detail={"package_sha256": production.package_sha256},
        request=request,
    )


def privilege_log_exported(
    *, user: User, case: Case, fmt: str, request: HttpRequest | None = None
) -> None:
    audit_read(
        actor=user,
        action="privilege_log.export",
        obj=case,
        case=case,
        detail={"format": fmt},
        request=request,
    )
