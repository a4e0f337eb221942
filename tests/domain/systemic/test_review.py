"""Watchlist review over bulk records: misspellings, initials, titles, "LAST, First", lab and time
window, short surnames, partner expansion."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from habeas.domain.systemic import bulk_connect, bulk_import
from habeas.domain.systemic.matching import WatchEntry, coworkers, review_details, review_run

RECORDS = """defendant,docket,court,conviction date,officers,analysts,lab
"DOE, Jon",BA1,LASC,2005-03-01,Det. Ray Quill; Det. Lena Voss,,
Ann Roe,BA2,LASC,2006-03-01,R. Quil; Officer Ben Ortiz,Criminalist Helen Park,LASD Lab
Al Poe,BA3,LASC,2015-03-01,Ray Quell,H. Park,LASD Lab
Bo Zed,BA4,LASC,2007-03-01,"QUILL, RAY; Lena Voss",,
Cy Moe,BA5,LASC,2008-03-01,Rita Quinn; Amy Quill,,
Di Lu,BA6,LASC,2009-03-01,Ed Li,Helen Park,Other Lab
"""


@pytest.fixture
def con(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "r.csv").write_text(RECORDS)
    bulk_import(tmp_path / "r.csv", tmp_path / "store")
    return bulk_connect(tmp_path / "store")


def _found(con, entries: list[WatchEntry]) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    rows = review_details(con, review_run(con, entries)).to_pylist()
    return [(r["entry_id"], r["docket"], r["reason"]) for r in rows]


def test_spellings_titles_and_initials_find_the_officer_but_not_namesakes(con) -> None:  # type: ignore[no-untyped-def]
    found = _found(con, [WatchEntry("q", "Det. Ray Quill", "officer")])
    assert sorted(d for _, d, _ in found) == [
        "BA1",
        "BA2",
        "BA3",
        "BA4",
    ]  # not Amy Quill (BA5), not Rita Quinn
    reasons = {d: r for _, d, r in found}
    assert reasons["BA2"] == "surname one edit away (quil); initial matches"
    assert reasons["BA4"] == "surname the same; first name the same"


def test_lab_and_window_narrow_an_analyst(con) -> None:  # type: ignore[no-untyped-def]
    entry = WatchEntry(
        "p",
        "Helen Park",
        "analyst",
        lab="LASD Lab",
        date_from=dt.date(2003, 1, 1),
        date_to=dt.date(2012, 12, 31),
    )
    assert [d for _, d, _ in _found(con, [entry])] == ["BA2"]  # BA3 is 2015, BA6 another lab
    assert sorted(d for _, d, _ in _found(con, [WatchEntry("p", "Helen Park", "analyst")])) == [
        "BA2",
        "BA3",
        "BA6",
    ]
    assert _found(con, [WatchEntry("p", "Helen Park", "officer")]) == []  # kind matters


def test_short_surnames_match_exactly_only(con) -> None:  # type: ignore[no-untyped-def]
    assert [d for _, d, _ in _found(con, [WatchEntry("l", "Ed Li")])] == ["BA6"]
    assert _found(con, [WatchEntry("l", "Ed Lu")]) == []


def test_partners_are_found_from_shared_records(con) -> None:  # type: ignore[no-untyped-def]
    partners = coworkers(
        con, review_run(con, [WatchEntry("q", "Ray Quill", "officer")])
    ).to_pylist()
    assert [(p["person_key"], p["shared_records"]) for p in partners] == [("lena voss", 2)]
    assert sorted(partners[0]["written_as"]) == ["Det. Lena Voss", "Lena Voss"]


def test_an_empty_watchlist_is_an_error(con) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="no entries"):
        review_run(con, [])


def test_surnames_two_edits_apart_do_not_match(con) -> None:  # type: ignore[no-untyped-def]
    # "xquel" and "quell" share the key "quel" (one deletion each) but are two edits apart.
    assert _found(con, [WatchEntry("q", "Ray Xquel", "officer")]) == []
    assert [d for _, d, _ in _found(con, [WatchEntry("q", "Ray Qiull", "officer")])] == [
        "BA1",
        "BA4",
    ]  # a swap of neighbours


def test_spark_backend_finds_the_same_matches(con, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pyspark")
    from habeas.domain.spark import spark_session
    from habeas.domain.systemic.matching_spark import review_run_spark

    entries = [
        WatchEntry("q", "Det. Ray Quill", "officer"),
        WatchEntry("p", "Helen Park", "analyst", lab="LASD Lab"),
        WatchEntry("s", "Ray Qiull", "officer"),
        WatchEntry("x", "Ray Xquel", "officer"),
    ]
    spark = spark_session()
    got = review_run_spark(spark, tmp_path / "store", entries)
    want = review_run(con, entries).to_pylist()

    def key(r: dict[str, object]) -> tuple[object, ...]:
        return (r["entry_id"], r["written"], r["import_sha256"], r["source_record"], r["reason"])

    assert sorted(map(key, got)) == sorted(map(key, want)) and len(want) == 8
