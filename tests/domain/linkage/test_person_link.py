"""person_link on small fictional data: each duplicate pattern, decisions, explanations, bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from habeas.domain.linkage import LinkageBackendError, LinkSettings, person_link
from habeas.domain.linkage.constraints import ConflictingDecisionsError, cluster
from habeas.domain.linkage.names import nickname_groups, soundex, split_full_name

COLUMNS = [
    "record_id",
    "source",
    "first_name",
    "middle_name",
    "last_name",
    "full_name",
    "dob",
    "badge",
    "agency",
    "role",
]


def rec(
    rid: str,
    first: str | None = None,
    last: str | None = None,
    dob: dt.date | None = None,
    **kw: Any,
) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(
        record_id=rid,
        source=kw.pop("source", "case_person"),
        first_name=first,
        last_name=last,
        dob=dob,
        **kw,
    )
    return row


def people(*rows: dict[str, Any]) -> pd.DataFrame:
    # Background population so that one shared surname alone is not evidence.
    filler = [
        rec(f"bg{i}", first, last, dt.date(1950 + i, 1 + i % 12, 1 + i % 27))
        for i, (first, last) in enumerate(
            [
                ("Odessa", "Varnum"),
                ("Quentin", "Belcourt"),
                ("Priya", "Okafor"),
                ("Lionel", "Treadway"),
                ("Marisol", "Quigg"),
                ("Desmond", "Harrow"),
                ("Tabitha", "Ocampo"),
                ("Rufus", "Penhallow"),
            ]
        )
    ]
    return pd.DataFrame([*rows, *filler], columns=COLUMNS)


D = dt.date(1971, 4, 12)


def linked(df: pd.DataFrame, a: str, b: str, **kw: Any) -> bool:
    return person_link(df, **kw).same_cluster(a, b)


def test_misspelled_surname_links() -> None:
    df = people(rec("a", "Marco", "Rodriguez", D), rec("b", "Marco", "Rodriquez", D))
    result = person_link(df)
    assert result.same_cluster("a", "b")
    (pair,) = [p for p in result.pairs if {p.left_id, p.right_id} == {"a", "b"}]
    assert "last name: one typo" in pair.agreed


def test_nickname_links_and_is_explained() -> None:
    df = people(rec("a", "William", "Castellano", D), rec("b", "Bill", "Castellano", D))
    result = person_link(df)
    assert result.same_cluster("a", "b")
    assert "first name: nickname" in result.pairs[0].agreed
    assert "last name: exact" in result.pairs[0].agreed
    assert "dob: exact" in result.pairs[0].agreed


def test_initial_matches_full_first_name() -> None:
    df = people(rec("a", "J.", "Smithfield", D), rec("b", "John", "Smithfield", D))
    result = person_link(df)
    assert result.same_cluster("a", "b")
    assert "first name: initial matches" in result.pairs[0].agreed


def test_swapped_first_and_last_names() -> None:
    df = people(rec("a", "Grant", "Lowery", D), rec("b", "Lowery", "Grant", D))
    result = person_link(df)
    assert result.same_cluster("a", "b")
    assert "first name: swapped with last name" in result.pairs[0].agreed


@pytest.mark.parametrize(
    ("other", "words"),
    [
        (dt.date(1971, 12, 4), "dob: month and day swapped"),
        (dt.date(1971, 4, 13), "dob: one digit off"),
        (dt.date(1972, 2, 20), "dob: within a year"),
    ],
)
def test_dob_variants(other: dt.date, words: str) -> None:
    df = people(rec("a", "Corwin", "Abernathy", D), rec("b", "Corwin", "Abernathy", other))
    result = person_link(df)
    assert result.same_cluster("a", "b")
    assert words in result.pairs[0].agreed


def test_badge_and_agency_link_despite_name_variants() -> None:
    df = people(
        rec("a", "Theodore", "Pellham", None, badge="04412", agency="NYPD", role="detective"),
        rec(
            "b",
            None,
            None,
            None,
            full_name="Det. Ted Pelham",
            badge="4412",
            agency="N.Y.P.D.",
            role="Detective",
        ),
    )
    result = person_link(df)
    assert result.same_cluster("a", "b")
    assert "badge: badge and agency exact" in result.pairs[0].agreed


def test_full_name_last_comma_first() -> None:
    df = people(
        rec("a", "Renata", "Voss", D),
        rec("b", None, None, D, full_name="VOSS, Renata", source="mention"),
    )
    assert linked(df, "a", "b")


def test_common_surname_non_matches_stay_apart() -> None:
    rows = [
        rec("s1", "John", "Smith", dt.date(1960, 1, 5)),
        rec("s2", "Mary", "Smith", dt.date(1984, 7, 19)),
        rec("s3", "Ahmed", "Smith", dt.date(1991, 3, 2)),
        rec("s4", "Carla", "Smith", None),
        rec("s5", "Devon", "Smith", dt.date(1975, 11, 30)),
    ]
    result = person_link(people(*rows))
    assert result.groups() == []
    assert result.review == []


def test_review_band_is_not_merged() -> None:
    # Same name, nothing else known: plausible, not certain.
    df = people(rec("a", "Ignatius", "Ferreira-Holt"), rec("b", "Ignatius", "Ferreira-Holt"))
    settings = LinkSettings(merge_threshold=0.999999, review_threshold=0.5)
    result = person_link(df, settings=settings)
    assert not result.same_cluster("a", "b")
    assert [(p.left_id, p.right_id) for p in result.review] == [("a", "b")]


def test_cannot_link_split_survives_rerun() -> None:
    df = people(
        rec("a", "Marco", "Rodriguez", D),
        rec("b", "Marco", "Rodriquez", D),
        rec("c", "Marco", "Rodriguez", D),
    )
    first = person_link(df)
    assert first.same_cluster("a", "b") and first.same_cluster("b", "c")
    # A reviewer splits b off; the next run must respect it and keep a with c.
    second = person_link(df, cannot_link=[("a", "b")])
    assert not second.same_cluster("a", "b")
    assert second.same_cluster("a", "c")
    assert second.cut
    third = person_link(df, cannot_link=[("b", "a")])
    assert third.clusters == second.clusters


def test_must_link_joins_what_the_model_would_not() -> None:
    df = people(
        rec("a", "Hollis", "Drummond", D), rec("b", "Pia", "Lindqvist", dt.date(1990, 1, 1))
    )
    assert not linked(df, "a", "b")
    result = person_link(df, must_link=[("a", "b")])
    assert result.same_cluster("a", "b")


def test_contradictory_decisions_raise() -> None:
    with pytest.raises(ConflictingDecisionsError):
        cluster(["a", "b", "c"], [], must_link=[("a", "b"), ("b", "c")], cannot_link=[("a", "c")])


def test_cluster_cuts_weakest_edge_only() -> None:
    edges = [("a", "b", 20.0), ("b", "c", 5.0), ("c", "d", 20.0)]
    result = cluster("abcd", edges, cannot_link=[("a", "d")])
    assert result.cut == [("b", "c")]
    assert result.cluster_of == {"a": "a", "b": "a", "c": "c", "d": "c"}


def test_unknown_ids_in_decisions_are_warnings() -> None:
    df = people(rec("a", "Hollis", "Drummond", D))
    result = person_link(df, cannot_link=[("a", "gone")])
    assert any("gone" in w for w in result.warnings)


def test_missing_record_id_column() -> None:
    with pytest.raises(ValueError, match="record_id"):
        person_link(pd.DataFrame({"first_name": ["Ada"], "last_name": ["Quill"]}))


def test_duplicate_ids_named() -> None:
    df = people(rec("dup-7", "Ada", "Quill"), rec("dup-7", "Ada", "Quill"))
    with pytest.raises(ValueError, match="dup-7"):
        person_link(df)


def test_all_null_rows_are_reported_not_fatal() -> None:
    df = people(rec("a", "Ada", "Quill", D), rec("empty"), rec("role-only", role="witness"))
    result = person_link(df)
    assert {s.record_id for s in result.skipped} == {"empty", "role-only"}
    assert result.clusters["empty"] == "empty"
    assert any("empty" in w for w in result.warnings)


def test_arrow_input_and_minimal_columns() -> None:
    table = pa.table(
        {"record_id": ["1", "2", "3"], "full_name": ["Lena Marsh", "Marsh, Lena", "Otto Brandt"]}
    )
    result = person_link(table)
    assert result.same_cluster("1", "2") or any(
        {p.left_id, p.right_id} == {"1", "2"} for p in result.review
    )
    assert not result.same_cluster("1", "3")


def test_deterministic() -> None:
    df = people(rec("a", "William", "Castellano", D), rec("b", "Bill", "Castellano", None))
    assert person_link(df).pairs == person_link(df).pairs


def test_spark_without_pyspark_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyspark" else real(name, *a)
    )
    with pytest.raises(LinkageBackendError, match="pip install pyspark=="):
        person_link(people(rec("a", "Ada", "Quill")), settings=LinkSettings(backend="spark"))


def test_bad_thresholds() -> None:
    with pytest.raises(ValueError, match="threshold"):
        LinkSettings(review_threshold=0.995, merge_threshold=0.99)


def test_names_helpers() -> None:
    assert split_full_name("RODRIGUEZ, Maria Elena") == ("maria", "elena", "rodriguez")
    assert split_full_name("Det. Maria E. Rodriguez Jr.") == ("maria", "e", "rodriguez")
    assert split_full_name("Officer Reyes") == (None, None, "reyes")
    assert soundex("Rodriguez") == soundex("Rodriquez") == "R362"
    assert soundex("Ashcraft") == "A261"
    # The nicknames package relates names directly, never through a chain (issue 10): the old
    # hand-typed list mapped "bill" to {"william"} only.
    assert {"bill", "william", "robert"} <= set(nickname_groups()["bill"])
    assert "robert" not in nickname_groups()["william"]
    assert len({n for n, _ in nickname_groups().items()}) > 100


def test_extra_columns_must_be_identifiers() -> None:
    df = people(rec("a", "Ada", "Quill")).assign(**{"home; drop": "x"})
    with pytest.raises(ValueError, match="identifiers"):
        person_link(df, settings=LinkSettings(extra_columns=("home; drop",)))


def test_spark_backend_gives_the_duckdb_result() -> None:
    pytest.importorskip("pyspark")
    records = people(
        rec("1", "Ray", "Quill"),
        rec("2", "Raymond", "Quill"),
        rec("3", "Lena", "Voss"),
        rec("4", "Ray", "Quil"),
    )
    spark = person_link(records, settings=LinkSettings(backend="spark"))
    duck = person_link(records)
    assert spark.groups() == duck.groups() == [["1", "2", "4"]]
    assert [(p.left_id, p.right_id, p.agreed) for p in spark.pairs] == [
        (p.left_id, p.right_id, p.agreed) for p in duck.pairs
    ]
    assert [round(p.match_probability, 6) for p in spark.pairs] == [
        round(p.match_probability, 6) for p in duck.pairs
    ]
