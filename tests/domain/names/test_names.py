"""The shared name normaliser on the ways police and court extracts write officers' names.
Every person here is invented."""

from __future__ import annotations

import random

import duckdb
import pytest

from habeas.domain.mentions.people import ROLE_FOR_DETAIL
from habeas.domain.names import (
    First,
    Surname,
    agency_key,
    badge_split,
    first_level,
    name_parse,
    nicknames_agree,
    ocr_fold,
    surname_level,
    titles,
)
from habeas.domain.names.distance import damerau_levenshtein
from habeas.domain.names.nicknames import nickname_relations
from habeas.domain.names.parse import surname_split


@pytest.mark.parametrize(
    ("written", "first", "middles", "surname", "badge", "role"),
    [
        ("Det. Ann Kessler #4412", "ann", (), ("kessler",), "4412", "detective"),
        ("KESSLER, ANN, Shield #12", "ann", (), ("kessler",), "12", None),
        ("P.O. Kessler (Badge 882)", None, (), ("kessler",), "882", "officer"),
        ("Police Officer Ann Kessler", "ann", (), ("kessler",), None, "officer"),
        ("Ofc. Kessler Serial No. 39411", None, (), ("kessler",), "39411", "officer"),
        ("Ann Kessler Star 1204", "ann", (), ("kessler",), "1204", None),
        ("A. Kessler 4412", "a", (), ("kessler",), "4412", None),
        ("Det. Sgt. John P. O'Neill", "john", ("p",), ("oneill",), None, "detective"),
        ("Det.Sgt. Ray Quill", "ray", (), ("quill",), None, "detective"),
        ("Luis Hernandez Lopez", "luis", (), ("hernandez", "lopez"), None, None),
        ("Luis Hernandez-Lopez", "luis", (), ("hernandez", "lopez"), None, None),
        ("HERNANDEZ LOPEZ, Luis", "luis", (), ("hernandez", "lopez"), None, None),
        ("John Paul Smith", "john", ("paul",), ("smith",), None, None),  # a known given name
        ("Maria De La Cruz", "maria", (), ("delacruz",), None, None),
        ("Maria DeLaCruz", "maria", (), ("delacruz",), None, None),
        ("Marco Di Napoli", "marco", (), ("dinapoli",), None, None),
        ("Al Poe", "al", (), ("poe",), None, None),  # "Al" first is a given name, not a particle
        ("Inv. Mary-Ann Smith-Jones", "mary", ("ann",), ("smith", "jones"), None, "investigator"),
        ("Smith, Jr., John", "john", (), ("smith",), None, None),
        ("José Núñez", "jose", (), ("nunez",), None, None),
        ("Trooper Lee", None, (), ("lee",), None, "officer"),
        ("", None, (), (), None, None),
    ],
)
def test_name_parse(
    written: str,
    first: str | None,
    middles: tuple[str, ...],
    surname: tuple[str, ...],
    badge: str | None,
    role: str | None,
) -> None:
    parsed = name_parse(written)
    assert (parsed.first, parsed.middles, parsed.surname, parsed.badge, parsed.role) == (
        first,
        middles,
        surname,
        badge,
        role,
    )


def test_particles_are_remembered_for_the_core_surname() -> None:
    assert name_parse("Maria De La Cruz").particle == "dela"
    assert name_parse("Di Napoli #4412").first_may_be_particle
    assert surname_split("De La Cruz") == (("delacruz",), "dela")
    assert surname_split("Hernandez-Lopez") == (("hernandez", "lopez"), "")


@pytest.mark.parametrize(
    ("written", "rest", "badge"),
    [
        ("Ann Kessler #4412", "Ann Kessler", "4412"),
        ("Ann Kessler # 4412", "Ann Kessler", "4412"),
        ("Ann Kessler Badge #04412", "Ann Kessler", "4412"),
        ("Ann Kessler, Shield #12", "Ann Kessler", "12"),
        ("Ann Kessler (Badge 882)", "Ann Kessler", "882"),
        ("Ann Kessler, Badge No. 882", "Ann Kessler", "882"),
        ("Ann Kessler Serial No. 39411", "Ann Kessler", "39411"),
        ("Ann Kess1er", "Ann Kess1er", None),  # an OCR digit inside a word is no badge
        ("Ann Kessler", "Ann Kessler", None),
    ],
)
def test_badge_split(written: str, rest: str, badge: str | None) -> None:
    assert badge_split(written) == (rest, badge)


def test_nicknames_come_from_the_package_and_never_chain() -> None:
    assert len(nickname_relations()) > 2000  # the nicknames package, not a short hand list
    assert nicknames_agree("bob", "robert") and nicknames_agree("robert", "bob")
    assert nicknames_agree("bill", "william") and nicknames_agree("bill", "robert")
    assert not nicknames_agree("william", "robert")  # related only through "bill"
    assert nicknames_agree("pepe", "jose")  # the Spanish supplement


def test_ocr_fold() -> None:
    assert ocr_fold("kess1er") == ocr_fold("kessler")
    assert ocr_fold("hemandez") == ocr_fold("hernandez")
    assert ocr_fold("0neill") == ocr_fold("oneill")
    assert ocr_fold("kessler") != ocr_fold("kestler")


@pytest.mark.parametrize(
    ("watched", "seen", "surname", "first"),
    [
        ("Ann Kessler", "Ann Kessler", Surname.SAME, First.SAME),
        ("Ann Kessler", "Ann Kess1er", Surname.OCR, First.SAME),
        ("Ann Kessler", "Anne Kesler", Surname.ONE_EDIT, First.NICKNAME),
        ("Ann Kessler", "Ann Kezzler", Surname.TWO_EDITS, First.SAME),
        ("Maria De La Cruz", "Maria Cruz", Surname.PARTICLE, First.SAME),
        ("Luis Hernandez Lopez", "Luis Hernandez", Surname.COMPOUND, First.SAME),
        ("Luis Hernandez", "Luis Hernandez Lopez", Surname.COMPOUND, First.SAME),
        ("Robert Hale", "Bob Hale", Surname.SAME, First.NICKNAME),
        ("William Hale", "Robert Hale", Surname.SAME, First.DIFFERS),
        ("Maria Sandoval", "Mario Sandoval", Surname.SAME, First.DIFFERS),
        ("Ann Kessler", "A. Kessler", Surname.SAME, First.INITIAL),
        ("Ann Kessler", "M. Kessler", Surname.SAME, First.DIFFERS),
        ("Ann Kessler", "P.O. Kessler #4412", Surname.SAME, First.MISSING),
        ("Ed Li", "Ed Lu", Surname.NONE, First.SAME),  # short surnames: exact only
        ("Ray Qiull", "R. Quil", Surname.NONE, First.INITIAL),  # two edits, too short for that
        ("Elena Vargas", "Elena Vara", Surname.TWO_EDITS, First.SAME),  # two dropped from six
        ("Rita Voss", "Rita Vo", Surname.NONE, First.SAME),  # below four letters: never
    ],
)
def test_levels(watched: str, seen: str, surname: Surname, first: First) -> None:
    w, s = name_parse(watched), name_parse(seen)
    assert (surname_level(w, s), first_level(w, s)) == (surname, first)


def test_agency_keys() -> None:
    assert agency_key("N.Y.P.D.") == agency_key("NYPD")
    assert agency_key("Kings County Sheriff's Office") == agency_key("KINGS CO. SHERIFFS OFFICE")
    assert agency_key("Harbor City Police Dept.") == agency_key("Harbor City Police Department")
    assert agency_key("Harbor City Police Department") != agency_key(
        "Port Ellery Police Department"
    )
    assert agency_key("") is None


def test_every_title_states_a_role_the_mention_finder_knows() -> None:
    for title in titles():
        assert title.role_detail in ROLE_FOR_DETAIL, title
        assert title.spellings and all("(" not in s for s in title.spellings)


def test_damerau_levenshtein_never_below_duckdbs() -> None:
    # DuckDB's (unrestricted) distance filters the review's candidates in SQL; the rules use the
    # optimal-string-alignment one, never smaller, so the SQL never drops a pair they accept.
    con = duckdb.connect()
    rng = random.Random(5)
    for _ in range(500):
        a = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 7)))
        b = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 7)))
        (expected,) = con.execute("SELECT damerau_levenshtein(?, ?)", [a, b]).fetchall()[0]
        assert damerau_levenshtein(a, b) >= expected, (a, b)
        assert damerau_levenshtein(a, b) <= max(len(a), len(b))


def _osa_reference(a: str, b: str) -> int:
    """Textbook optimal string alignment, full table."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def test_banded_distance_is_the_full_one_within_its_limit() -> None:
    rng = random.Random(8)
    for _ in range(3000):
        a = "".join(rng.choice("abcde") for _ in range(rng.randint(0, 9)))
        b = "".join(rng.choice("abcde") for _ in range(rng.randint(0, 9)))
        full = _osa_reference(a, b)
        assert damerau_levenshtein(a, b) == full, (a, b)
        for limit in (1, 2):
            assert damerau_levenshtein(a, b, limit) == min(full, limit + 1), (a, b, limit)
