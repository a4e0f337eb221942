"""What ``habeas export KIND`` can write: the case list in the import layout (registered here) and
whatever other layouts features register from their ``AppConfig.ready`` (e.g. the NRE's
spreadsheet), so the command knows no feature."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from django.db.models import QuerySet

from habeas.accounts.models import User
from habeas.cases.csv_io import write_rows
from habeas.cases.models import Case
from habeas.cases.selectors import CaseFilters, case_list


@dataclass(frozen=True)
class CaseExport:
    name: str  # the command's word: ``habeas export NAME``
    help: str
    cases: Callable[[User, dict[str, Any]], QuerySet[Case]]  # what the user may export, by options
    write: Callable[[TextIO, Iterable[Case]], int]  # writes the rows, returns how many
    action: str  # the audit log's name for it
    noun: str  # "case", "exoneration": for the "exported N ..." line
    stage_filter: bool = False  # offers --stage


CASE_EXPORTS: dict[str, CaseExport] = {}


def case_export_register(export: CaseExport) -> None:
    CASE_EXPORTS[export.name] = export


def _visible_cases(user: User, options: dict[str, Any]) -> QuerySet[Case]:
    filters = CaseFilters(stage=str(options.get("stage") or ""), sort="ref")
    return case_list(user=user, filters=filters).prefetch_related(
        "parties", "incidents", "convictions", "claims"
    )


def exports_install() -> None:
    """The case list in the layout ``habeas import cases`` reads (CasesConfig.ready)."""
    case_export_register(
        CaseExport(
            name="cases",
            help="Cases the user may see, one row each",
            cases=_visible_cases,
            write=write_rows,
            action="case.export",
            noun="case",
            stage_filter=True,
        )
    )
