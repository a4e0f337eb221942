"""The review run page as a work queue: filters and order, one form for a row's decision and for
the selected rows, and the cases a matched defendant already has."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from habeas.audit.models import AuditEvent
from habeas.cases.models import Party
from habeas.systemic.models import ReviewMatch, ReviewRun, Watchlist
from tests.conftest import World
from tests.domain.systemic.test_review import RECORDS


@pytest.fixture
def run(world: World, client_for: Any, django_capture_on_commit_callbacks: Any) -> ReviewRun:
    client = client_for(world.owner)
    client.post("/reviews/records/", {"file": SimpleUploadedFile("c.csv", RECORDS.encode())})
    client.post(
        "/reviews/watchlists/",
        {
            "name": "Quill",
            "reason": "Perjury finding (fictional)",
            "csv": SimpleUploadedFile("w.csv", b"name,kind\nDet. Ray Quill,officer\n"),
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reviews/watchlists/{Watchlist.objects.get().pk}/run/")
    return ReviewRun.objects.get()


def _dockets(html: str) -> list[str]:
    return [d for d in ("BA1", "BA2", "BA3", "BA4") if f">{d}<" in html]


def test_filters_and_order(world: World, client_for: Any, run: ReviewRun) -> None:
    client = client_for(world.owner)
    page = client.get(f"/reviews/runs/{run.pk}/").content.decode()
    # The watched person once above the table, not in a column on every row.
    assert "Watched: <strong>Det. Ray Quill</strong>" in page and ">Watched</th>" not in page
    assert len(_dockets(page)) == 4
    narrowed = client.get(f"/reviews/runs/{run.pk}/", {"year_from": "2006", "year_to": "2007"})
    assert _dockets(narrowed.content.decode()) == ["BA2", "BA4"]
    newest = client.get(f"/reviews/runs/{run.pk}/", {"order": "newest"}).content.decode()
    assert newest.index(">BA3<") < newest.index(">BA4<") < newest.index(">BA2<")
    nothing = client.get(f"/reviews/runs/{run.pk}/", {"offense": "arson"}).content.decode()
    assert "No matches with these filters" in nothing
    bad = client.get(f"/reviews/runs/{run.pk}/", {"year_from": "20x6", "order": "drop table"})
    assert bad.status_code == 200 and len(_dockets(bad.content.decode())) == 4


def test_bulk_and_row_decisions(world: World, client_for: Any, run: ReviewRun) -> None:
    client = client_for(world.owner)
    picked = list(ReviewMatch.objects.filter(run=run, docket__in=["BA1", "BA2"]))
    url = f"/reviews/runs/{run.pk}/decisions/"
    r = client.post(
        url, {"match": [m.pk for m in picked], "decision": "confirmed", "back": "order=newest"}
    )
    assert r.status_code == 302 and r["Location"] == f"/reviews/runs/{run.pk}/?order=newest"
    assert set(
        ReviewMatch.objects.filter(decision="confirmed").values_list("docket", flat=True)
    ) == {
        "BA1",
        "BA2",
    }
    assert AuditEvent.objects.filter(action="review.decide").count() == 2
    # The same decision again changes nothing and logs nothing.
    client.post(url, {"match": [m.pk for m in picked], "decision": "confirmed"})
    assert AuditEvent.objects.filter(action="review.decide").count() == 2
    ba3 = ReviewMatch.objects.get(run=run, docket="BA3")
    r = client.post(url, {"one": f"{ba3.pk}:rejected"})
    assert r["Location"].endswith(f"#match-{ba3.pk}")
    ba3.refresh_from_db()
    assert ba3.decision == "rejected"
    # Nothing selected, an unknown decision: a message, no change.
    r = client.post(url, {"decision": "confirmed"}, follow=True)
    assert "Select the matches to decide." in r.content.decode()
    client.post(url, {"match": [ba3.pk], "decision": "maybe"})
    ba3.refresh_from_db()
    assert ba3.decision == "rejected"


def test_a_match_from_another_run_is_refused_whole(
    world: World, client_for: Any, run: ReviewRun
) -> None:
    client = client_for(world.owner)
    ba1 = ReviewMatch.objects.get(run=run, docket="BA1")
    r = client.post(
        f"/reviews/runs/{run.pk}/decisions/", {"match": [ba1.pk, 999_999], "decision": "confirmed"}
    )
    assert r.status_code == 404
    ba1.refresh_from_db()
    assert ba1.decision == "pending"  # all or nothing


@pytest.mark.parametrize("persona", ["outsider", "auditor"])
def test_who_may_not_decide(world: World, client_for: Any, run: ReviewRun, persona: str) -> None:
    ba1 = ReviewMatch.objects.get(run=run, docket="BA1")
    r = client_for(getattr(world, persona)).post(
        f"/reviews/runs/{run.pk}/decisions/", {"match": [ba1.pk], "decision": "confirmed"}
    )
    assert r.status_code == (404 if persona == "outsider" else 403)
    ba1.refresh_from_db()
    assert ba1.decision == "pending" and not AuditEvent.objects.filter(action="review.decide")


def test_a_defendant_already_on_a_case_is_shown_with_it(
    world: World, client_for: Any, run: ReviewRun
) -> None:
    ba1 = ReviewMatch.objects.get(run=run, docket="BA1")  # "DOE, Jon"
    Party.objects.create(
        case=world.case, kind=Party.Kind.APPLICANT, first_name="Jon", last_name="Doe"
    )
    page = client_for(world.owner).get(f"/reviews/runs/{run.pk}/").content.decode()
    row = page[page.index(f'id="match-{ba1.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f'href="/cases/{world.case.ref}/"' in row and "Already a case" in row
    # Someone who may not see the case is not told it exists.
    other = client_for(world.nonmember).get(f"/reviews/runs/{run.pk}/")
    if other.status_code == 200:
        assert world.case.ref not in other.content.decode()


def test_a_watchlist_for_one_person_from_the_form(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    form = {
        "name": "Kessler",
        "reason": "Internal affairs finding, 2019 (fictional)",
        "entry_name": "Det. Ann Kessler",
        "entry_kind": "officer",
        "entry_agency": "Harbor City Police Department; Metro Narcotics Task Force",
        "entry_badges": "4412; 0881",
        "entry_aliases": "Annie Kessler",
        "entry_date_from": "1998-01-01",
        "entry_date_to": "2012-06-30",
    }
    r = client.post("/reviews/watchlists/", form, follow=True)
    assert "created with 1 entries" in r.content.decode()
    entry = Watchlist.objects.get(name="Kessler").entries.get()
    assert (entry.name, entry.kind, entry.badges, entry.aliases) == (
        "Det. Ann Kessler",
        "officer",
        ["4412", "0881"],
        ["Annie Kessler"],
    )
    assert entry.agency.startswith("Harbor City") and str(entry.date_to) == "2012-06-30"
    # A start after the end: said in words, and no watchlist is made.
    bad = {**form, "name": "Kessler 2", "entry_date_from": "2013-01-01"}
    r = client.post("/reviews/watchlists/", bad, follow=True)
    assert not Watchlist.objects.filter(name="Kessler 2").exists()
    assert "start date is after the end date" in r.content.decode()
    home = client.get("/reviews/").content.decode()
    assert 'name="entry_badges"' in home and "New watchlist for one person" in home
