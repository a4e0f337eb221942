"""Search never returns, counts or hints at pages of cases the user may not see."""

from __future__ import annotations

from typing import Any

import pytest

from habeas.audit.models import AuditEvent
from habeas.cases.services.intake import case_intake
from habeas.cases.services.team import case_share_grant, case_share_revoke
from habeas.core.errors import ApplicationError
from habeas.documents.selectors import SearchRequest, page_search
from habeas.documents.services.maintenance import reindex_all
from tests.clients import Api
from tests.conftest import World, intake_payload
from tests.documents.helpers import REPORT, ingest_text


@pytest.fixture
def two_cases(world: World) -> Any:
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    payload = intake_payload(docket="EX900001", title="People v. Quill")
    other = case_intake(actor=world.outsider, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    ingest_text(
        world.outsider,
        other,
        "other.txt",
        "Detective Maria Alvarez also worked this case. Zanzibar marker.",
    )
    return other


def _total(user: Any, q: str, **kw: Any) -> int:
    return page_search(user=user, request=SearchRequest(query=q, **kw)).total


def test_each_user_counts_only_pages_of_cases_they_may_see(world: World, two_cases: Any) -> None:
    assert _total(world.owner, "Alvarez") == 1
    assert _total(world.outsider, "Alvarez") == 1  # their own case only
    assert _total(world.owner, "Zanzibar") == 0
    assert _total(world.nonmember, "Alvarez") == 0
    assert _total(world.auditor, "Alvarez") == 1
    hits = page_search(user=world.owner, request=SearchRequest(query="Alvarez")).hits
    assert [h.case.ref for h in hits] == [world.case.ref]


def test_sharing_and_revoking_take_effect_at_once(world: World, two_cases: Any) -> None:
    case_share_grant(
        actor=world.outsider, case_ref=two_cases.ref, organization_code=world.org_a.code
    )
    assert _total(world.admin, "Zanzibar") == 1
    case_share_revoke(
        actor=world.outsider, case_ref=two_cases.ref, organization_code=world.org_a.code
    )
    assert _total(world.admin, "Zanzibar") == 0


def test_filters_and_fuzzy_names(world: World, two_cases: Any) -> None:
    assert _total(world.owner, "Alvares~") == 1
    assert _total(world.owner, '"jailhouse informant"') == 1
    assert _total(world.owner, "jailhouse NOT informant") == 0
    assert _total(world.owner, "Alvarez", case_ref="NOPE-1") == 0
    assert _total(world.owner, "Alvarez", stage="closed") == 0
    assert _total(world.owner, "Alvarez", doc_types=frozenset({"transcript"})) == 0


def test_bad_queries_are_clear_errors_and_searches_are_audited(
    world: World, two_cases: Any
) -> None:
    with pytest.raises(ApplicationError) as err:
        _total(world.owner, '"unclosed phrase')
    assert "q" in err.value.fields
    with pytest.raises(ApplicationError):
        _total(world.owner, "   ")
    # The search itself writes nothing; the interface that shows it writes the one row.
    before = AuditEvent.objects.count()
    _total(world.owner, "Alvarez")
    assert AuditEvent.objects.count() == before
    assert Api(world.owner).get("/search", q="Alvarez").status_code == 200
    event = AuditEvent.objects.filter(action="document.search").latest("seq")
    assert (
        event.detail["q"] == "Alvarez" and event.detail["total"] == 1 and event.username == "owner"
    )


def test_reindex_rebuilds_from_the_database(world: World, two_cases: Any) -> None:
    from habeas.documents.page_index import page_index

    page_index().clear()
    assert _total(world.owner, "Alvarez") == 0
    assert reindex_all() == 2
    assert _total(world.owner, "Alvarez") == 1
