"""Habeas outcomes as rows of the NRE's 23-column public spreadsheet (facts.md §1.5 A), so a unit can
compare its exonerations with the Registry's or send them in. `habeas nre import` reads them back."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TextIO

from django.db.models import Q, QuerySet

from habeas.accounts.models import User
from habeas.cases.exports import CaseExport, case_export_register
from habeas.cases.models import Case, Party
from habeas.cases.selectors import case_queryset
from habeas.domain.nre.schema import FACTORS, SPREADSHEET_COLUMNS
from habeas.outcomes.selectors import case_outcome_coding

CELL_INJECTION = ("=", "+", "-", "@", "\t", "\r")


def _us_date(value: dt.date | None) -> str:
    return f"{value.month}/{value.day}/{value.year}" if value else ""


def _age(born: dt.date | None, on: dt.date | None) -> str:
    if not born or not on:
        return ""
    return str(on.year - born.year - ((on.month, on.day) < (born.month, born.day)))


def _safe(value: str) -> str:
    # Spreadsheet programs run cells that start with these as formulas; the NRE's own data never does.
    return "'" + value if value.startswith(CELL_INJECTION) else value


def exonerated_cases(user: User) -> QuerySet[Case]:
    """Visible cases that have an outcome coding or an exonerating resolution event."""
    return (
        case_queryset(user)
        .filter(
            Q(outcome__isnull=False)
            | Q(
                resolution_events__kind__in=[
                    "dismissed",
                    "acquitted",
                    "pardoned",
                    "factual_innocence",
                ]
            )
        )
        .distinct()
        .order_by("ref")
    )


def nre_row(case: Case) -> dict[str, str]:
    coding = case_outcome_coding(case)
    applicant = case.parties.filter(kind=Party.Kind.APPLICANT).first()
    conviction = case.convictions.exclude(convicted_on=None).order_by("convicted_on").first()
    sentence = conviction.sentences.first() if conviction else None
    incident = case.incidents.first()
    row = {
        "Last Name": applicant.last_name if applicant else "",
        "First Name": applicant.first_name if applicant else "",
        "Age": _age(applicant.date_of_birth if applicant else None, coding.crime_date),
        "Race": "",
        "Sex": "",  # not recorded in Habeas; the Registry codes them from its own sources
        "State": case.jurisdiction_state,
        "County": (incident.county if incident and incident.county else case.county),
        "Tags": ";#".join(coding.tags),
        "Worst Crime Display": conviction.offense if conviction else "",
        "Sentence": sentence.description if sentence else "",
        "Posting Date": "",
        "OM Tags": ";#".join(coding.om_tags),
        "Date of Crime Year": str(coding.crime_date.year) if coding.crime_date else "",
        "Date of Exoneration": _us_date(coding.exoneration),
        "Date of 1st Conviction": _us_date(coding.first_conviction),
        "Date of Release": _us_date(coding.release),
    }
    row.update({code: code if code in coding.factors else "" for code in FACTORS})
    return {column: _safe(row[column]) for column in SPREADSHEET_COLUMNS}


def nre_csv_write(out: TextIO, cases: Iterable[Case]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(SPREADSHEET_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for case in cases:
        writer.writerow(nre_row(case))
        count += 1
    return count


def exports_install() -> None:
    """``habeas export nre`` (NreConfig.ready)."""
    case_export_register(
        CaseExport(
            name="nre",
            help="Exonerated cases (coded, or with a dismissal/acquittal/pardon/finding) in the NRE's 23-column layout",
            cases=lambda user, options: exonerated_cases(user),
            write=nre_csv_write,
            action="outcome.export_nre",
            noun="exoneration",
        )
    )
