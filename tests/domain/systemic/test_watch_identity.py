"""Issue 10, "done when": a watchlist of one detective with his agency and badge finds every record
he is named on, however it is spelt, and none of his namesakes elsewhere. All people invented."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from habeas.domain.systemic import bulk_connect, bulk_import
from habeas.domain.systemic.matching import WatchEntry, review_run
from habeas.domain.systemic.watch_candidates import tuples_match

HCPD = "Harbor City Police Department"
OTHER = "Port Ellery Police Department"
HIM = [  # (docket, officers as written, agency as written)
    ("H01", "Det. Robert Hernandez Lopez", HCPD),
    ("H02", "HERNANDEZ LOPEZ, ROBERT", HCPD),
    ("H03", "Bob Hernandez", HCPD),  # nickname, first part of the double surname
    ("H04", "R. Hernandez-Lopez", HCPD),
    ("H05", "P.O. Hernandez Lopez #4412", HCPD),  # bare double surname and badge
    ("H06", "Robert Hemandez Lopez", HCPD),  # OCR: rn read as m
    ("H07", "Robert Hernandes Lopez", HCPD),  # one typo
    ("H08", "Hernandez (Badge 4412)", HCPD),  # half the surname, but his badge
    ("H09", "Police Officer Robert Hernandez Lopez, Shield #4412", HCPD),
    ("H10", "Det. Rob Hernandez-Lopez Badge #04412", HCPD),
    ("H11", "Robert Hernandez Lopez", "HARBOR CITY POLICE DEPT."),
    ("H12", "Robert Hernandez Lopes; Ofc. Ann O'Neill", HCPD),
]
NAMESAKES = [
    ("N01", "Robert Hernandez Lopez", OTHER),  # the same name at another agency
    ("N02", "Robert Hernandes Lopez", OTHER),  # one letter away, another agency
    ("N03", "Robert Hernandez", OTHER),  # half the double surname, another agency
    ("N04", "Maria Hernandez Lopez", HCPD),  # same surname, another first name
    ("N05", "R. Hernandez Lopez #5120", HCPD),  # another badge
    ("N06", "Det. Robert Hernandez Lopez", HCPD),  # dated after his window (below)
]
ENTRY = WatchEntry(
    "det",
    "Robert Hernandez Lopez",
    "officer",
    date_from=dt.date(2001, 1, 1),
    date_to=dt.date(2015, 12, 31),
    agency=HCPD,
    badges=("4412",),
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "extract.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["defendant", "docket", "conviction date", "officers", "agency"])
        for i, (docket, officers, agency) in enumerate(HIM + NAMESAKES):
            date = "2019-05-01" if docket == "N06" else f"{2002 + i % 12}-03-01"
            writer.writerow([f"Defendant {i}", docket, date, officers, agency])
    bulk_import(path, tmp_path / "store")
    return tmp_path / "store"


def _dockets(con: duckdb.DuckDBPyConnection, rows: list[dict[str, object]]) -> dict[str, str]:
    keys = {(r["import_sha256"], r["source_record"]): str(r["reason"]) for r in rows}
    found = con.sql("SELECT import_sha256, source_record, docket FROM records").fetchall()
    return {docket: keys[(sha, rn)] for sha, rn, docket in found if (sha, rn) in keys}


def test_every_spelling_of_him_and_none_of_his_namesakes(store: Path) -> None:
    con = bulk_connect(store)
    found = _dockets(con, review_run(con, [ENTRY]).to_pylist())
    assert sorted(found) == [d for d, _, _ in HIM]
    assert found["H05"].endswith("agency and badge agree")
    assert found["H03"] == (
        "one part of a double surname (hernandez); first name a nickname (bob); agency agrees"
    )


def test_namesakes_are_shown_with_why_not_when_asked(store: Path) -> None:
    con = bulk_connect(store)
    rows = review_run(con, [ENTRY], excluded=True).to_pylist()
    excluded = _dockets(con, [r for r in rows if r["verdict"] == "excluded"])
    assert excluded["N01"].endswith(f"name only, other agency ({OTHER}): not him")
    assert excluded["N05"].endswith("badge differs (5120): not him")
    assert "first name differs (maria): not him" in excluded["N04"]
    assert not {d for d, _, _ in HIM} & set(excluded)
    assert "N06" not in excluded  # outside his window: no row at all


def test_name_only_entry_cannot_tell_namesakes_apart(store: Path) -> None:
    con = bulk_connect(store)
    entry = WatchEntry("det", "Robert Hernandez Lopez", "officer")
    found = _dockets(con, review_run(con, [entry]).to_pylist())
    # No agency, no badge, no window: the name alone decides, so his namesakes are found too
    # (a double-surname half only with his first name), and a bare half is not enough.
    assert {"N01", "N02", "N03", "N06"} <= set(found)
    assert "N04" not in found and "H08" not in found


def test_an_undated_record_is_kept_and_says_so() -> None:
    con = duckdb.connect()
    tuples = pa.table(
        {"kind": ["officer"], "written": ["Robert Hernandez Lopez"], "agency": [HCPD]}
    )
    (row,) = tuples_match(con, tuples, [ENTRY]).to_pylist()
    assert row["verdict"] == "match" and row["date_from"] == dt.date(2001, 1, 1)


def test_entries_need_distinct_ids_and_a_known_kind() -> None:
    con = duckdb.connect()
    tuples = pa.table({"kind": ["officer"], "written": ["Ann Roe"], "agency": [None]})
    with pytest.raises(ValueError, match="distinct"):
        tuples_match(con, tuples, [WatchEntry("a", "Ann Roe"), WatchEntry("a", "Bo Zed")])
    with pytest.raises(ValueError, match="kind"):
        WatchEntry("a", "Ann Roe", "detective")
    assert WatchEntry("a", "Ann Roe", badges="4412; 0881").badge_keys == {"4412", "881"}  # type: ignore[arg-type]


@pytest.mark.spark
def test_spark_gives_the_same_verdicts_scores_and_reasons(store: Path) -> None:
    pytest.importorskip("pyspark")
    from habeas.domain.spark import spark_session
    from habeas.domain.systemic.matching_spark import review_run_spark

    entries = [ENTRY, WatchEntry("ann", "Ann O'Neill", "officer", agency=HCPD)]
    con = bulk_connect(store)
    want = review_run(con, entries, excluded=True).to_pylist()
    got = review_run_spark(spark_session(), store, entries, excluded=True)

    def key(r: dict[str, object]) -> tuple[object, ...]:
        return tuple(r[k] for k in ("entry_id", "written", "source_record", "verdict", "reason"))

    assert sorted(map(key, got)) == sorted(map(key, want)) and len(want) >= 17
    assert sorted(r["score"] for r in got) == sorted(r["score"] for r in want)


def test_surnames_typed_apart_or_short_of_two_letters_at_his_agency() -> None:
    """Two typos are accepted only with his first name at his agency; a surname whose space moved
    or whose particle stands apart is compared whole ("Va nDoke" is "vandoke")."""
    entries = [
        WatchEntry("vd", "Anthony Van Dyke", "officer", agency=HCPD),
        WatchEntry("sj", "William St. John", "officer", agency=HCPD),
        WatchEntry("ev", "Elena Vargas", "officer", agency=HCPD),
    ]
    written = {
        "Anthony Va nDoke": HCPD,  # the space moved, and one typo
        "Anthony Van Doyke": HCPD,  # one typo, the particle apart
        "Trooper William St. hn": HCPD,  # two letters lost after the particle
        "Det. Elena Vara": HCPD,  # two letters lost
        "Elena Varga": OTHER,  # another agency: not without more
        "Elena Vara": OTHER,
        "Det. John Smith": HCPD,  # a title is never joined to a name
    }
    tuples = pa.table(
        {
            "kind": ["officer"] * len(written),
            "written": list(written),
            "agency": list(written.values()),
        }
    )
    rows = tuples_match(duckdb.connect(), tuples, entries).to_pylist()
    assert sorted((r["written"], r["entry_id"]) for r in rows) == [
        ("Anthony Va nDoke", "vd"),
        ("Anthony Van Doyke", "vd"),
        ("Det. Elena Vara", "ev"),
        ("Trooper William St. hn", "sj"),
    ]
