"""REST API: a case's outcome coding and figures (/api/v1/cases/{ref}/outcome) and the compensation
calculator (/api/v1/compensation). Figures come with their computation, statute and source."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from habeas.accounts.current import request_user
from habeas.cases.models import Case
from habeas.cases.reads import case_read
from habeas.cases.selectors import case_get
from habeas.core.api import READ_ERRORS, WRITE_ERRORS, Body, ErrorOut, IsoDate
from habeas.core.errors import ApplicationError
from habeas.domain.compensation import compensation_compute
from habeas.domain.errors import InputError
from habeas.outcomes.selectors import case_outcome_coding, case_outcome_summary
from habeas.outcomes.services import outcome_code

router = Router(tags=["outcomes"])
compensation_router = Router(tags=["outcomes"])


class OutcomeIn(Body):
    factors: list[str] = Field(
        default_factory=list, description="NRE factors: MWID, FC, P/FA, F/MFE, OM, ILD, DNA"
    )
    om_tags: list[str] = Field(
        default_factory=list,
        description="Official-misconduct sub-codes (need OM): OF, PR, FA, CW, WH, NW, WT, INT, PJ, KP, PL",
    )
    tags: list[str] = Field(default_factory=list, description="NRE tags: CIU, IO, H, JI, SA, ...")
    exonerating_event: str = Field(
        "",
        description="dismissal, acquittal, pardon, factual_innocence or other (blank: from the resolution events)",
    )
    crime_date: IsoDate | None = Field(None, description="Blank: the incident date")
    exoneration_date: IsoDate | None = Field(
        None, description="Blank: the first dismissal, acquittal, pardon or finding"
    )
    notes: str = Field("", max_length=5000)


class OutcomeOut(Schema):
    factors: list[str]
    om_tags: list[str]
    tags: list[str]
    exonerating_event: str
    exonerating_event_source: str
    dates: dict[str, dt.date | None]
    exoneration_source: str
    years_lost: dict[str, Any] | None
    compensation: dict[str, Any] | None
    deadlines: list[dict[str, Any]]
    missing: list[str] = Field(
        description="What the record lacks for the figures that could not be computed"
    )


class CompensationQuery(Schema):
    jurisdiction: str = Field(..., max_length=40, description="CA, US, TX ... or a name")
    custody_from: IsoDate
    custody_to: IsoDate
    parole_from: IsoDate | None = None
    parole_to: IsoDate | None = None
    death_sentence: bool = False


def _outcome_out(case: Case) -> dict[str, Any]:
    coding, summary = case_outcome_coding(case), case_outcome_summary(case)
    today = timezone.localdate()
    lost = summary.years_lost
    return {
        "factors": list(coding.factors),
        "om_tags": list(coding.om_tags),
        "tags": list(coding.tags),
        "exonerating_event": coding.exonerating_event,
        "exonerating_event_source": coding.exonerating_event_source,
        "dates": {
            "crime": coding.crime_date,
            "arrest": coding.arrest,
            "first_conviction": coding.first_conviction,
            "exoneration": coding.exoneration,
            "release": coding.release,
            "factual_innocence": coding.factual_innocence,
        },
        "exoneration_source": coding.exoneration_source,
        "years_lost": None
        if lost is None
        else {"years": str(lost.years), "days": lost.days, "rule": lost.rule},
        "compensation": summary.compensation.as_dict() if summary.compensation else None,
        "deadlines": [d.as_dict(today) for d in summary.deadlines],
        "missing": summary.missing,
    }


@router.get(
    "/{ref}/outcome",
    response={200: OutcomeOut, **READ_ERRORS},
    summary="Outcome coding (NRE terms), years lost, compensation, deadlines",
)
def outcome_get(request: HttpRequest, ref: str) -> dict[str, Any]:
    user = request_user(request)
    return _outcome_out(case_read(user=user, ref=ref, view="api:outcome", request=request))


@router.put(
    "/{ref}/outcome",
    response={200: OutcomeOut, **WRITE_ERRORS},
    summary="Set the outcome coding (replaces it)",
)
def outcome_put(request: HttpRequest, ref: str, payload: OutcomeIn) -> dict[str, Any]:
    user = request_user(request)
    outcome_code(actor=user, case_ref=ref, data=payload.model_dump())
    return _outcome_out(case_get(user=user, ref=ref))  # the write is the audit row


@compensation_router.get(
    "",
    response={200: dict[str, Any], 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
    summary="Statutory compensation for a custody period, with the computation and statute",
)
def compensation(request: HttpRequest, query: Query[CompensationQuery]) -> dict[str, Any]:
    try:
        result = compensation_compute(
            query.jurisdiction,
            custody_from=query.custody_from,
            custody_to=query.custody_to,
            parole_from=query.parole_from,
            parole_to=query.parole_to,
            death_sentence=query.death_sentence,
        )
    except InputError as exc:
        raise ApplicationError(
            f"{exc.field.replace('_', ' ')}: {exc.message}", {exc.field: [exc.message]}
        ) from exc
    return result.as_dict()
