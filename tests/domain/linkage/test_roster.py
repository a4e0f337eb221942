"""The agency roster of officials (completion.py, issue 10): who joins whom among the records of
one agency when the model's score alone cannot say. Every officer here is invented."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from habeas.domain.linkage import LinkResult, person_link
from habeas.domain.linkage.completion import (
    PART,
    SAME,
    TYPO,
    Official,
    officials_decide,
    surname_relation,
)
from habeas.domain.linkage.prepare import PREPARED, prepare
from tests.domain.linkage.test_officials import (
    AGENCIES,
    FIRSTS,
    SYLLABLES,
    _officer_rows,
    population_rows,
)

HARBOR = "Harbor City PD"


def _official(
    first: str | None, last: str, badge: str | None = None, parts: tuple[str, ...] = ()
) -> Official:
    return Official(HARBOR, first, badge, last, parts)


def _joined(decided: Any, a: str, b: str) -> bool:
    """Whether the accepted pairs connect a and b."""
    edges = [(x, y) for x, y, _ in decided.accepted]
    seen, todo = {a}, [a]
    while todo:
        node = todo.pop()
        for x, y in edges:
            for here, there in ((x, y), (y, x)):
                if here == node and there not in seen:
                    seen.add(there)
                    todo.append(there)
    return b in seen


# ---------------------------------------------------------------- the rules, pair by pair ---------


def test_an_initial_joins_an_officer_also_written_by_a_nickname() -> None:
    # Jose Quillan is also written Pepe: "J. Quillan" is still him (the old rule wanted every
    # first name of the group to start with J).
    officials = {
        "jose": _official("jose", "quillan"),
        "pepe": _official("pepe", "quillan"),
        "j": _official("j", "quillan"),
    }
    merged = [("jose", "pepe", 8.0)]
    decided = officials_decide(merged, [("j", "jose", 1.3), ("j", "pepe", -5.0)], officials)
    assert _joined(decided, "j", "jose")


def test_an_initial_never_joins_a_nickname_alone() -> None:
    officials = {"bob": _official("bob", "quillan"), "t": _official("t", "quillan")}
    decided = officials_decide([], [("bob", "t", 1.0)], officials)
    assert not _joined(decided, "bob", "t")


def test_nicknames_of_one_name_are_one_officer_through_it() -> None:
    # Kate and Kathy are not nicknames of each other, but each is Katherine's.
    officials = {
        "katherine": _official("katherine", "voskamp"),
        "kate": _official("kate", "voskamp"),
        "kathy": _official("kathy", "voskamp"),
    }
    merged = [("kate", "katherine", 6.0), ("katherine", "kathy", 6.0)]
    decided = officials_decide(merged, [], officials)
    assert _joined(decided, "kate", "kathy")


def test_a_short_form_never_makes_two_names_one() -> None:
    # Bill is a nickname of William and of Robert; William and Robert stay two officers.
    officials = {
        "william": _official("william", "tesch"),
        "bill": _official("bill", "tesch"),
        "robert": _official("robert", "tesch"),
    }
    merged = [("bill", "william", 6.0), ("bill", "robert", 6.0)]
    decided = officials_decide(merged, [], officials)
    assert not _joined(decided, "william", "robert")


def test_an_ocr_confusion_in_a_first_name_agrees() -> None:
    officials = {"sam": _official("samuel", "ostrova"), "rn": _official("sarnuel", "ostrova")}
    decided = officials_decide([], [("rn", "sam", 1.0)], officials)
    assert _joined(decided, "rn", "sam")


def test_surname_relations_are_the_clerks() -> None:
    assert surname_relation(_official("a", "kessler"), _official("a", "kess1er")) == SAME
    assert surname_relation(_official("a", "wolfenbarger"), _official("a", "wolfnebargre")) == TYPO
    double = _official("a", "quirogabalcazar", parts=("balcazar", "quiroga"))
    assert surname_relation(_official("a", "quiroga"), double) == PART
    assert surname_relation(_official("a", "roe"), _official("a", "rao")) is None  # too short


def test_a_bare_surname_joins_the_only_officer_of_that_name_on_a_faint_pair() -> None:
    officials = {
        "named": _official("ines", "pellacott"),
        "bare": _official(None, "pellacott", badge="3563"),
        "other": _official("ines", "pellacot"),  # one typo: a worse fit than the same surname
    }
    faint = [("bare", "named", -0.7), ("bare", "other", -3.0)]
    decided = officials_decide([], [], officials, faint=faint)
    assert _joined(decided, "bare", "named")
    assert not _joined(decided, "bare", "other")


def test_a_bare_surname_that_two_officers_fit_joins_neither() -> None:
    officials = {
        "ines": _official("ines", "pellacott"),
        "oren": _official("oren", "pellacott"),
        "bare": _official(None, "pellacott", badge="3563"),
    }
    faint = [("bare", "ines", -0.7), ("bare", "oren", -0.7)]
    decided = officials_decide([], [], officials, faint=faint)
    assert not decided.accepted


def test_typos_of_one_surname_each_find_the_officer() -> None:
    # Two misspellings are each other's second choice; once one joins, the other has one.
    officials = {
        "main": _official("katarina", "wolfenbarger"),
        "t1": _official("katarina", "wolfenbrgaer"),
        "t2": _official("katarina", "wolfnebargre"),
    }
    faint = [("main", "t1", -1.0), ("main", "t2", -1.5), ("t1", "t2", -2.0)]
    decided = officials_decide([], [], officials, faint=faint)
    assert _joined(decided, "t1", "main") and _joined(decided, "t2", "main")


def test_a_part_of_a_double_surname_joins_the_double_one() -> None:
    double = ("balcazar", "quiroga")
    officials = {
        "full": _official("nestor", "quirogabalcazar", badge="5766", parts=double),
        "short": _official("nestor", "quiroga"),
    }
    decided = officials_decide([], [], officials, faint=[("full", "short", -0.5)])
    assert _joined(decided, "short", "full")


def test_a_part_with_a_badge_of_its_own_is_another_officer() -> None:
    double = ("morales", "rodrigo")
    officials = {
        "full": _official("gloria", "moralesrodrigo", parts=double),
        "short": _official("gloria", "morales", badge="2926"),
    }
    decided = officials_decide([], [], officials, faint=[("full", "short", -0.5)])
    assert not decided.accepted


# ---------------------------------------------------------------- names as prepared ---------------


def _prepared(names: list[str]) -> dict[str, tuple[Any, ...]]:
    con = duckdb.connect()
    table = pa.table(
        {
            "record_id": [str(i) for i in range(len(names))],
            "full_name": names,
            "agency": [HARBOR] * len(names),
        }
    )
    prepare(con, table)
    rows = con.execute(f"SELECT unique_id, first_name, last_name FROM {PREPARED}").fetchall()  # noqa: S608
    return {names[int(rid)]: (first, last) for rid, first, last in rows}


def test_digits_read_for_letters_in_a_written_name_are_read_back() -> None:
    # "0'Rourke" is O'Rourke, not Rourke; "Iv0" is Ivo.
    rows = _prepared(["Trooper Iv0 0'Rourke", "Ivo O'Rourke"])
    assert rows["Trooper Iv0 0'Rourke"] == ("ivo", "orourke")


def test_a_particle_surname_written_alone_is_a_surname() -> None:
    rows = _prepared(["Sgt. Van Der Zee #30278", "Timothy Van Der Zee", "Van Morrow"])
    assert rows["Sgt. Van Der Zee #30278"] == (None, "vanderzee")
    assert rows["Van Morrow"] == ("van", "morrow")  # no Van Morrow as a surname: a first name


def test_a_surname_that_lost_its_apostrophe_is_joined_again() -> None:
    rows = _prepared(["Hortense O Neary", "Hortense O'Neary", "Det. Ivo O'Neary", "Ann J Kettle"])
    assert rows["Hortense O Neary"] == ("hortense", "oneary")
    assert rows["Ann J Kettle"] == ("ann", "kettle")  # a middle initial


# ---------------------------------------------------------------- end to end ----------------------


@pytest.fixture(scope="module")
def linked() -> LinkResult:
    # Most officers of a bulk extract are named once: with them, the pairs below score under
    # the completion floor, as in real extracts, and only the roster places them.
    rng = random.Random(11)
    once = [
        {
            "record_id": f"once{i}",
            "full_name": f"{rng.choice(FIRSTS)} {''.join(rng.sample(SYLLABLES, 3)).capitalize()}",
            "agency": rng.choice(AGENCIES),
        }
        for i in range(8000)
    ]
    rows = [
        *population_rows(),
        *once,
        # Ines Pellacott at Harbor City, never with her badge; her badge written with her surname
        *_officer_rows("ines", "Ines", "Pellacott", HARBOR, None),
        {"record_id": "ines.bare", "full_name": "Det. Pellacott #3563", "agency": HARBOR},
        {"record_id": "ines.bare2", "full_name": "Pellacott, Shield #3563", "agency": HARBOR},
        # Katarina Wolfenbarger, once misspelt twice over
        *_officer_rows("kat", "Katarina", "Wolfenbarger", AGENCIES[1], None),
        {"record_id": "kat.typo", "full_name": "Katarina Wolfnebargre", "agency": AGENCIES[1]},
        # Nestor Quiroga Balcazar, once by the first half of his surname
        *_officer_rows("nestor", "Nestor", "Quiroga Balcazar", AGENCIES[2], "5766"),
        {"record_id": "nestor.short", "full_name": "P.O. Nestor Quiroga", "agency": AGENCIES[2]},
    ]
    columns = ["record_id", "first_name", "last_name", "full_name", "badge", "agency", "role"]
    return person_link(pa.table({c: [r.get(c) for r in rows] for c in columns}))


def test_end_to_end_a_bare_surname_and_badge_joins_the_only_officer_of_that_name(
    linked: LinkResult,
) -> None:
    assert linked.same_cluster("ines.bare", "ines.0")
    assert linked.same_cluster("ines.bare2", "ines.0")
    completed = [p for p in linked.completed if "ines.bare" in (p.left_id, p.right_id)]
    assert completed and all(p.agreed for p in completed)  # explained in words


def test_end_to_end_two_typos_in_a_surname_join_the_only_officer_they_fit(
    linked: LinkResult,
) -> None:
    assert linked.same_cluster("kat.typo", "kat.0")


def test_end_to_end_a_half_of_a_double_surname_joins_the_officer(linked: LinkResult) -> None:
    assert linked.same_cluster("nestor.short", "nestor.0")
