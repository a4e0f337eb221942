"""NRE outcome coding: validation (plain), the service, the API, the Outcome tab and the NRE export."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from habeas.accounts.services import token_create
from habeas.audit.models import AuditEvent
from habeas.cases.services.children import case_child_create
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.domain.nre import nre_read
from habeas.domain.nre.stats import nre_year_stats
from habeas.nre.export import exonerated_cases, nre_csv_write
from habeas.outcomes.coding import EventDates, coding_validate, exoneration_from_events
from habeas.outcomes.models import CaseOutcome
from habeas.outcomes.services import outcome_code
from tests.clients import run
from tests.conftest import World

TODAY = dt.date(2026, 11, 25)


def test_exoneration_is_the_first_completing_act_not_the_vacatur() -> None:
    assert exoneration_from_events(EventDates(vacated=dt.date(2021, 1, 1))) == (None, "")
    events = EventDates(
        vacated=dt.date(2021, 1, 1),
        dismissed=dt.date(2021, 3, 2),
        factual_innocence=dt.date(2022, 4, 14),
    )
    assert exoneration_from_events(events) == (dt.date(2021, 3, 2), "dismissal")


def test_validation_names_each_bad_field() -> None:
    cleaned, errors = coding_validate(
        {
            "factors": ["mwid", "XYZ"],
            "om_tags": ["WH"],
            "tags": "CIU;#H",
            "crime_date": "2001-13-01",
            "exoneration_date": "2030-01-01",
            "exonerating_event": "miracle",
        },
        first_conviction=dt.date(2001, 6, 12),
        today=TODAY,
    )
    assert cleaned["factors"] == ["MWID"] and cleaned["tags"] == ["CIU", "H"]
    assert set(errors) == {
        "factors",
        "om_tags",
        "crime_date",
        "exoneration_date",
        "exonerating_event",
    }
    assert "XYZ" in errors["factors"][0] and "need the OM factor" in errors["om_tags"][0]
    _, errors = coding_validate(
        {"exoneration_date": "2000-01-01", "crime_date": "2002-01-01"},
        first_conviction=dt.date(2001, 6, 12),
        today=TODAY,
    )
    assert (
        "before the first conviction" in errors["exoneration_date"][0]
        and "after the first conviction" in errors["crime_date"][0]
    )


def _resolve(world: World) -> None:
    for kind, on in (
        ("vacated", "2021-10-19"),
        ("released", "2021-10-19"),
        ("dismissed", "2021-11-02"),
    ):
        case_child_create(
            actor=world.owner,
            case_ref=world.case.ref,
            kind_slug="resolutions",
            data={"kind": kind, "occurred_on": on},
        )


def test_service_permissions_and_audit(world: World) -> None:
    data = {"factors": ["MWID", "OM"], "om_tags": ["WH"], "tags": ["CIU", "H"]}
    with pytest.raises(NotFoundError):
        outcome_code(actor=world.outsider, case_ref=world.case.ref, data=data)
    with pytest.raises(PermissionDeniedError):
        outcome_code(actor=world.auditor, case_ref=world.case.ref, data=data)
    with pytest.raises(ApplicationError) as err:
        outcome_code(actor=world.owner, case_ref=world.case.ref, data={"factors": ["NOPE"]})
    assert "factors" in err.value.fields and not CaseOutcome.objects.exists()
    outcome = outcome_code(actor=world.member, case_ref=world.case.ref, data=data)
    assert outcome.factors == ["MWID", "OM"] and outcome.coded_by == world.member
    assert AuditEvent.objects.filter(action="outcome.code", case_id=world.case.pk).count() == 1


def test_api_shows_coding_dates_and_figures(world: World) -> None:
    _resolve(world)
    _, token = token_create(user=world.owner)
    client = Client()
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    r = client.put(
        f"/api/v1/cases/{world.case.ref}/outcome",
        {"factors": ["MWID"], "tags": ["CIU", "H"]},
        content_type="application/json",
        **auth,
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["dates"]["exoneration"] == "2021-11-02" and body["exonerating_event"] == "dismissal"
    assert (
        body["dates"]["crime"] == "2000-12-31" and body["dates"]["first_conviction"] == "2001-06-12"
    )
    assert body["years_lost"]["years"] == "20.4" and "release" in body["years_lost"]["rule"].lower()
    assert body["compensation"]["statute"] and body["compensation"]["explanation"]
    bad = client.put(
        f"/api/v1/cases/{world.case.ref}/outcome",
        {"factors": ["XX"]},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and "factors" in bad.json()["fields"]
    _, out_token = token_create(user=world.outsider)
    assert (
        client.get(
            f"/api/v1/cases/{world.case.ref}/outcome", HTTP_AUTHORIZATION=f"Bearer {out_token}"
        ).status_code
        == 404
    )


def test_compensation_endpoint(world: World) -> None:
    _, token = token_create(user=world.outsider)  # a calculator: no case data involved
    client = Client()
    r = client.get(
        "/api/v1/compensation",
        {"jurisdiction": "CA", "custody_from": "2001-01-18", "custody_to": "2021-10-19"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 200
    body = r.json()
    assert (
        body["amount"] == "1061060.00"
        and body["line_items"][0]["quantity"] == 7579
        and body["line_items"][0]["rate"] == "140"
    )
    assert "4904" in body["statute"] or "4900" in body["statute"]
    r = client.get(
        "/api/v1/compensation",
        {"jurisdiction": "Atlantis", "custody_from": "2001-01-18", "custody_to": "2021-10-19"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 400 and "jurisdiction" in r.json()["fields"]


def test_outcome_tab_form(world: World, client_for: Any) -> None:
    _resolve(world)
    client = client_for(world.owner)
    page = client.get(f"/cases/{world.case.ref}/?tab=outcome").content.decode()
    assert "Outcome coding" in page and "2021-11-02" in page
    r = client.post(
        f"/cases/{world.case.ref}/outcome/code/", {"factors": ["MWID", "DNA"], "tags": ["IO"]}
    )
    assert r.status_code == 302 and CaseOutcome.objects.get().factors == ["MWID", "DNA"]
    assert (
        client_for(world.outsider)
        .post(f"/cases/{world.case.ref}/outcome/code/", {"factors": ["FC"]})
        .status_code
        == 404
    )


def test_nre_export_reads_back_with_the_nre_reader(world: World, tmp_path: Path) -> None:
    _resolve(world)
    outcome_code(
        actor=world.owner,
        case_ref=world.case.ref,
        data={"factors": ["MWID", "OM"], "om_tags": ["WH"], "tags": ["CIU", "H"]},
    )
    out = io.StringIO()
    assert nre_csv_write(out, exonerated_cases(world.owner)) == 1
    assert exonerated_cases(world.outsider).count() == 0
    path = tmp_path / "habeas-nre.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    parsed = nre_read(path)
    [record] = parsed.records
    assert record.name.startswith("Rivera") or "Rivera" in record.name
    assert (
        record.factors == frozenset({"MWID", "OM"})
        and record.tags == frozenset({"CIU", "H"})
        and record.om_tags == frozenset({"WH"})
    )
    assert record.exoneration == dt.date(2021, 11, 2) and record.first_conviction == dt.date(
        2001, 6, 12
    )
    stats = nre_year_stats(parsed.records, 2021)
    assert stats.count == 1
    code, text, _ = run("export", "nre", "--as", "member")
    assert (
        code == 0 and "Rivera" in text and text.splitlines()[0].startswith("Last Name,First Name")
    )
    code, text, _ = run("export", "nre", "--as", "outsider")
    assert code == 0 and "Rivera" not in text


def test_aedpa_deadline_runs_from_direct_review_with_state_habeas_tolling(world: World) -> None:
    from habeas.outcomes.selectors import case_outcome_summary

    ref = world.case.ref
    case_child_create(
        actor=world.owner,
        case_ref=ref,
        kind_slug="filings",
        data={"kind": "direct_appeal", "filed_on": "2024-01-10", "decided_on": "2025-06-02"},
    )
    case_child_create(
        actor=world.owner,
        case_ref=ref,
        kind_slug="filings",
        data={"kind": "state_habeas", "filed_on": "2025-12-01", "decided_on": "2026-02-01"},
    )
    [aedpa] = [d for d in case_outcome_summary(world.case).deadlines if d.rule_id == "aedpa_2244d"]
    # final 90 days after 2025-06-02 = 2025-08-31; one year = 2026-08-31; tolled 62 days while the state petition was pending
    assert aedpa.due == dt.date(2026, 11, 1), aedpa
    assert aedpa.verification == "unverified" and aedpa.source
    case_child_create(
        actor=world.owner,
        case_ref=ref,
        kind_slug="resolutions",
        data={"kind": "vacated", "occurred_on": "2026-03-01"},
    )
    assert not [d for d in case_outcome_summary(world.case).deadlines if d.rule_id == "aedpa_2244d"]
