"""Building cases whose record triggers computed deadlines at chosen distances from today."""

from __future__ import annotations

import datetime as dt

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.services.children import case_child_create
from habeas.cases.services.intake import case_intake
from habeas.domain.deadlines import CERT_WINDOW_DAYS, add_years
from tests.conftest import intake_payload


def direct_appeal_for_aedpa_due(user: User, case: Case, due: dt.date) -> dt.date:
    """Record a decided direct appeal so that the AEDPA year ends on ``due`` (no tolling)."""
    decided = add_years(due, -1) - dt.timedelta(days=CERT_WINDOW_DAYS)
    case_child_create(
        actor=user,
        case_ref=case.ref,
        kind_slug="filings",
        data={
            "kind": "direct_appeal",
            "court": "Court of Appeal, Second District",
            "filed_on": (decided - dt.timedelta(days=200)).isoformat(),
            "decided_on": decided.isoformat(),
            "outcome": "Affirmed",
        },
    )
    return decided


def release_for_pc4901_due(user: User, case: Case, due: dt.date) -> None:
    """Record a release so that the ten-year PC 4901 claim period ends on ``due``."""
    case_child_create(
        actor=user,
        case_ref=case.ref,
        kind_slug="resolutions",
        data={"kind": "released", "occurred_on": add_years(due, -10).isoformat()},
    )


def other_case(
    owner: User,
    *,
    title: str = "People v. Okafor",
    surname: str = "Okafor",
    docket: str = "BB300202",
    state: str = "CA",
) -> Case:
    payload = intake_payload(docket=docket, title=title, jurisdiction_state=state)
    payload["sections"]["applicant"]["last_name"] = surname  # type: ignore[index]
    return case_intake(actor=owner, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
