"""The name index written at import: the same tuples a scan of the records finds, the same review
with or without it, rebuilt when missing, ignored unless every records file has one."""

from __future__ import annotations

from pathlib import Path

import duckdb

from habeas.domain.systemic import bulk_connect, bulk_import
from habeas.domain.systemic.matching import WatchEntry, review_run
from habeas.domain.systemic.names_index import (
    names_index_ensure,
    names_index_path,
    names_indexed,
)
from habeas.domain.systemic.review_sql import scan_sql, tuples_sql

FIRST = """defendant,docket,court,conviction date,officers,analysts,witnesses,agency,lab
"DOE, Jon",BA1,LASC,2005-03-01,Det. Ray Quill; Det. Lena Voss,,,LAPD,
Ann Roe,BA2,LASC,2006-03-01,R. Quil; Officer Ben O'Neill,Criminalist Helen Park,,LASD,LASD Lab
Al Poe,BA3,LASC,2015-03-01,Ray Quell,H. Park,Mia Sol,LAPD,LASD Lab
Bo Zed,BA4,LASC,2007-03-01,"QUILL, RAY; Lena Voss",,,,
"""
SECOND = """defendant,docket,court,conviction date,officers,agency
Cy Moe,BA5,LASC,2008-03-01,Ray Quill; Amy Quill,Sheriff's Office
Di Lu,BA6,LASC,2009-03-01,Det. Ray Quill,LAPD
"""
ENTRIES = [
    WatchEntry("q", "Det. Ray Quill", "officer", agency="LAPD"),
    WatchEntry("v", "Lena Voss", "officer"),
    WatchEntry("p", "Helen Park", "analyst", lab="LASD Lab"),
    WatchEntry("o", "Ben O'Neil", "officer"),
    WatchEntry("m", "Mia Sol", "witness"),
]


def _store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    for name, text in (("a.csv", FIRST), ("b.csv", SECOND)):
        (tmp_path / name).write_text(text)
        bulk_import(tmp_path / name, store)
    return store


def _rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = review_run(con, ENTRIES, excluded=True).to_pylist()
    return rows


def test_the_importer_writes_the_distinct_names_a_scan_finds(tmp_path: Path) -> None:
    store = _store(tmp_path)
    files = sorted((store / "records").glob("*.parquet"))
    assert len(files) == 2 and all(names_index_path(f).exists() for f in files)
    # nothing else in the folder: no partial file or scratch folder left behind
    assert sorted((store / "names").iterdir()) == sorted(names_index_path(f) for f in files)
    con = bulk_connect(store)
    assert names_indexed(con)
    scanned = con.sql(tuples_sql(f"({scan_sql()})")).fetchall()
    indexed = con.sql("SELECT DISTINCT kind, written, agency FROM record_names").fetchall()
    assert sorted(indexed, key=repr) == sorted(scanned, key=repr)
    # every character as given: the apostrophes survive into the index
    assert ("officer", "Officer Ben O'Neill", "LASD") in indexed
    assert ("officer", "Ray Quill", "Sheriff's Office") in indexed


def test_the_review_is_the_same_with_and_without_the_index(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with_index = _rows(bulk_connect(store))
    for index in (store / "names").glob("*.parquet"):
        index.unlink()
    con = bulk_connect(store)
    assert not names_indexed(con)
    without = _rows(con)
    assert with_index == without
    assert {r["entry_id"] for r in with_index if r["verdict"] == "match"} == set("qvpom")


def test_one_file_without_its_index_means_a_scan_until_it_is_rebuilt(tmp_path: Path) -> None:
    store = _store(tmp_path)
    want = _rows(bulk_connect(store))
    first = sorted((store / "records").glob("*.parquet"))[0]
    names_index_path(first).unlink()
    assert not names_indexed(bulk_connect(store))  # half the names would be missed: scan instead
    assert names_index_ensure(store) == 1
    assert names_index_ensure(store) == 0  # nothing more to build
    con = bulk_connect(store)
    assert names_indexed(con) and _rows(con) == want


def test_importing_the_same_file_again_leaves_the_index_alone(tmp_path: Path) -> None:
    store = _store(tmp_path)
    indexes = sorted((store / "names").glob("*.parquet"))
    stamps = [p.stat().st_mtime_ns for p in indexes]
    report = bulk_import(tmp_path / "a.csv", store)
    assert report.already_imported
    assert [p.stat().st_mtime_ns for p in indexes] == stamps


def test_an_index_is_never_read_as_records(tmp_path: Path) -> None:
    store = _store(tmp_path)
    con = bulk_connect(store)
    assert con.sql("SELECT count(*) FROM records").fetchall() == [(6,)]
