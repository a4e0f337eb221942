"""Watch entries carry who the person is (agency, badges, aliases, window), from a CSV, the API
and the page, so the review can tell him from his namesakes."""

from __future__ import annotations

from pathlib import Path

from habeas.systemic.models import WatchEntry
from habeas.systemic.services.reviews import watchlist_create, watchlist_entries_csv
from tests.clients import Api
from tests.conftest import World

CSV = (
    "name,kind,agency,badges,aliases,date_from,date_to,note\n"
    "Det. Ann Kessler,officer,Harbor PD; Metro Task Force,4412; 0881,Annie Kessler,1998-01-01,2009-12-31,IA finding\n"
)


def test_csv_columns_become_the_entrys_identity(world: World, tmp_path: Path) -> None:
    path = tmp_path / "watch.csv"
    path.write_text(CSV)
    wl, skipped = watchlist_create(
        actor=world.owner,
        name="Kessler",
        reason="Sustained IA finding (fictional)",
        entries=watchlist_entries_csv(path),
    )
    entry = WatchEntry.objects.get(watchlist=wl)
    assert skipped == [] and entry.agency == "Harbor PD; Metro Task Force"
    assert entry.badges == ["4412", "0881"] and entry.aliases == ["Annie Kessler"]
    assert str(entry.date_from) == "1998-01-01" and str(entry.date_to) == "2009-12-31"


def test_the_api_takes_lists(world: World) -> None:
    body = {
        "name": "Kessler API",
        "reason": "Sustained IA finding (fictional)",
        "entries": [
            {
                "name": "Ann Kessler",
                "kind": "officer",
                "agency": "Harbor PD",
                "badges": ["4412"],
                "aliases": ["Annie Kessler"],
            }
        ],
    }
    response = Api(world.owner).post("/watchlists", body)
    assert response.status_code == 201, response.content
    entry = WatchEntry.objects.get(watchlist_id=response.json()["id"])
    assert (entry.agency, entry.badges, entry.aliases) == ("Harbor PD", ["4412"], ["Annie Kessler"])
    bad = {**body, "name": "Bad", "entries": [{"name": "X", "badges": "4412"}]}
    assert Api(world.owner).post("/watchlists", bad).status_code == 422  # a list, not a string


def test_csv_headers_may_be_written_as_words(world: World, tmp_path: Path) -> None:
    """The page names the columns in words ("date from"): a header written that way is the column."""
    path = tmp_path / "watch.csv"
    path.write_text("Name,Kind,Date from,Date-to\nDet. Ann Kessler,officer,1998-01-01,2009-12-31\n")
    wl, skipped = watchlist_create(
        actor=world.owner,
        name="Kessler",
        reason="Sustained IA finding (fictional)",
        entries=watchlist_entries_csv(path),
    )
    entry = WatchEntry.objects.get(watchlist=wl)
    assert skipped == [] and entry.kind == "officer"
    assert str(entry.date_from) == "1998-01-01" and str(entry.date_to) == "2009-12-31"


def test_a_bad_window_is_explained_in_words(world: World, tmp_path: Path) -> None:
    path = tmp_path / "watch.csv"
    path.write_text(
        "name,date_from,date_to\nAnn Kessler,2009-12-31,1998-01-01\nBo Roe,1998,\nCy Poe,,\n"
    )
    _, skipped = watchlist_create(
        actor=world.owner,
        name="Kessler",
        reason="Sustained IA finding (fictional)",
        entries=watchlist_entries_csv(path),
    )
    assert skipped == [
        "row 1: the start date is after the end date",
        "row 2: the start date '1998' is not written YYYY-MM-DD",
    ]
