"""Every API answer is JSON in one shape, including the ones ninja or the URL resolver would give."""

from __future__ import annotations

import pytest
from django.test import Client

from habeas.accounts.services import token_create
from habeas.cases.services.workflow import case_transition, recusal_record
from habeas.core.errors import ApplicationError
from tests.conftest import World


def test_a_body_that_is_not_json_gets_our_error_shape(world: World) -> None:
    _, token = token_create(user=world.owner)
    r = Client().post(
        f"/api/v1/cases/{world.case.ref}/notes",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 400
    assert (
        r.json()["detail"].startswith("The request body could not be read")
        and r.json()["fields"]["__all__"]
    )


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/cases/X/nope/deeper", "/api/v2/cases"])
def test_unknown_api_paths_answer_json_404(path: str, world: World) -> None:
    _, token = token_create(user=world.owner)
    r = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert (
        r.status_code == 404
        and r["Content-Type"] == "application/json"
        and "openapi.json" in r.json()["detail"]
    )


def test_over_long_reasons_are_refused_not_cut(world: World) -> None:
    with pytest.raises(ApplicationError) as err:
        recusal_record(
            actor=world.owner, case_ref=world.case.ref, username="member", reason="x" * 301
        )
    assert "reason" in err.value.fields
    with pytest.raises(ApplicationError) as err:
        case_transition(
            actor=world.owner, case_ref=world.case.ref, target="screening", reason="y" * 5001
        )
    assert "reason" in err.value.fields


def test_a_nul_character_in_a_search_is_refused_in_words(world: World) -> None:
    # PostgreSQL refuses NUL in any string: the list must answer 400, not fail in the database.
    _, token = token_create(user=world.owner)
    r = Client().get("/api/v1/cases", {"q": "Ha\x00le"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 422 and "NUL character" in r.json()["detail"]
    assert r.json()["fields"] == {"q": ["Contains a NUL character."]}
    browser = Client()
    browser.force_login(world.owner)
    page = browser.get("/cases/", {"q": "Ha\x00le"})
    assert page.status_code == 400 and b"NUL character" in page.content
    assert browser.get("/cases/", {"q": "Hale"}).status_code == 200
