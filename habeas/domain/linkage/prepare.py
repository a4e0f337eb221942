"""Input checks and per-row cleaning, done in DuckDB so two million rows take seconds.

The cleaned table (``PREPARED``) has one row per linkable record and the columns the comparisons
and blocking rules use; records with nothing to compare are set aside and reported."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from habeas.domain.linkage.names import SplitName, normalize_token, soundex
from habeas.domain.names import (
    ParsedName,
    given_names,
    name_parse,
    nickname_set,
    ocr_fold,
)
from habeas.domain.names.lookup import agency_keys_register
from habeas.domain.names.parse import surname_split
from habeas.domain.names.tables import ocr_pairs

if TYPE_CHECKING:
    import duckdb

INPUT_COLUMNS = (
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
)
PREPARED = "habeas_link_prepared"
# Characters that are never part of a name but OCR reads for letters, with the letter they stand for.
_OCR_DIGITS = [
    (seen, folded) for seen, folded in ocr_pairs() if len(seen) == 1 and not seen.isalpha()
]
_OCR_FROM = "".join(seen for seen, _ in _OCR_DIGITS).replace("'", "''")
_OCR_TO = "".join(folded for _, folded in _OCR_DIGITS)
_OCR_READ = str.maketrans(dict(_OCR_DIGITS))
# A record needs at least one of these to be compared with anything.
IDENTIFYING = ("first_name", "last_name", "dob", "badge")
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class SkippedRecord:
    record_id: str
    reason: str


def to_arrow(records: Any) -> pa.Table:
    """A pyarrow Table from a Table or a pandas DataFrame, with clear errors for bad input."""
    if isinstance(records, pa.Table):
        table = records
    elif hasattr(records, "to_dict") and hasattr(
        records, "columns"
    ):  # pandas, without importing it
        table = pa.Table.from_pandas(records, preserve_index=False)
    else:
        raise TypeError(
            f"records must be a pyarrow.Table or pandas.DataFrame, not {type(records).__name__}"
        )
    if "record_id" not in table.column_names:
        raise ValueError(
            f"records is missing the required column 'record_id' (columns: {', '.join(table.column_names)})"
        )
    return table


def _check_ids(con: duckdb.DuckDBPyConnection) -> None:
    nulls = con.execute("SELECT count(*) FROM habeas_link_raw WHERE record_id IS NULL").fetchone()
    if nulls and nulls[0]:
        raise ValueError(f"record_id is null in {nulls[0]} row(s): every record needs an id")
    dupes = con.execute(
        "SELECT record_id, count(*) FROM habeas_link_raw GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 6"
    ).fetchall()
    if dupes:
        shown = ", ".join(f"{rid!r} ({n}x)" for rid, n in dupes[:5])
        more = " and more" if len(dupes) > 5 else ""
        raise ValueError(f"record_id must be unique; duplicated: {shown}{more}")


def _letters(word: str) -> str:
    """``_name_sql`` in Python, for the names split here: "0malley" -> "omalley", not "malley"."""
    return normalize_token(word.translate(_OCR_READ))


def _name_sql(column: str) -> str:
    # names.normalize_token, after the digits OCR reads for letters ("Anth0ny", "Kess1er") are
    # read back as those letters (names/data/ocr_confusions.csv): ASCII letters only, lower case.
    return (
        f"nullif(regexp_replace(translate(lower(strip_accents(CAST({column} AS VARCHAR))), "
        f"'{_OCR_FROM}', '{_OCR_TO}'), '[^a-z]', '', 'g'), '')"
    )


def _text_sql(column: str) -> str:
    return (
        f"nullif(trim(regexp_replace(lower(strip_accents(CAST({column} AS VARCHAR))), "
        f"'[^a-z0-9]+', ' ', 'g')), '')"
    )


def _bare_double_surnames(
    con: duckdb.DuckDBPyConnection, parsed: list[ParsedName]
) -> list[ParsedName]:
    """ "Alvarez Vargas #12318" is a double surname written alone, not Mr. Vargas called Alvarez:
    a first word that the records use as a surname more often than as a first name, and that is
    no known given name, is read as the first part of the surname. So is a particle that may be
    a given name ("Van Dyke", "Di Napoli") where the records use the glued surname as much, and
    a lone letter before the surname that the records write joined to it ("O Neill")."""
    given_lasts = [
        r[0]
        for r in con.execute(
            "SELECT CAST(last_name AS VARCHAR) FROM habeas_link_raw WHERE last_name IS NOT NULL"
        ).fetchall()
    ]
    given_firsts = [
        r[0]
        for r in con.execute(
            "SELECT CAST(first_name AS VARCHAR) FROM habeas_link_raw WHERE first_name IS NOT NULL"
        ).fetchall()
    ]
    as_surname = Counter(part for p in parsed for part in p.surname)
    as_surname.update(part for w in set(given_lasts) for part in surname_split(w)[0])
    as_first = Counter(p.first for p in parsed if p.first)
    as_first.update(normalize_token(f) for f in set(given_firsts))
    as_first_last = Counter((p.first, p.surname[0]) for p in parsed if p.first and p.surname)
    known = given_names()
    out = []
    for p in parsed:
        word = p.first
        if (
            word
            and len(word) > 1
            and not p.middles
            and len(p.surname) == 1
            and word not in known
            and as_surname[word] > as_first[word]
        ):
            p = replace(p, first=None, surname=(word, *p.surname), particle="")
        elif (
            word
            and p.first_may_be_particle
            and not p.middles
            and p.surname
            and as_surname[word + p.surname[0]] >= as_first_last[(word, p.surname[0])]
        ):
            # "Van Dyke #10329" is Officer Van Dyke, not Mr. Dyke called Van, where the records
            # write Van Dyke as one surname at least as often as Van, first name, and Dyke.
            glued = (word + p.surname[0], *p.surname[1:])
            p = replace(
                p,
                first=None,
                surname=glued,
                particle=word + p.particle,
                first_may_be_particle=False,
            )
        elif (
            p.middles
            and len(p.middles[-1]) == 1
            and p.surname
            and as_surname[p.middles[-1] + p.surname[0]] > as_surname[p.surname[0]]
        ):
            # "Hortense O Neill" lost the apostrophe of O'Neill, where the records write O'Neill
            # more often than Neill; otherwise the letter is a middle initial.
            glued = (p.middles[-1] + p.surname[0], *p.surname[1:])
            p = replace(p, middles=p.middles[:-1], surname=glued)
        out.append(p)
    return out


def _surname_parts(parts: tuple[str, ...], particle: str) -> list[str] | None:
    """The parts a surname may be written as alone, or None for a plain surname: a double
    surname's parts ("hernandez", "lopez"), a particle surname's core ("cruz" of "delacruz")."""
    parts = tuple(_letters(p) for p in parts)
    out = [p for p in parts if len(p) > 1] if len(parts) > 1 else []
    if particle and parts and len(parts[0]) > len(particle):
        out.append(parts[0][len(particle) :])
    return sorted(set(out)) or None


def prepare(
    con: duckdb.DuckDBPyConnection, table: pa.Table, extra_columns: Sequence[str] = ()
) -> list[SkippedRecord]:
    """Create the ``PREPARED`` table in ``con`` from ``table``; return the records set aside."""
    # Extra column names end up in SQL text (DuckDB has no parameters for identifiers), so
    # only plain identifiers are accepted; every other SQL fragment here is a module constant.
    bad = [c for c in extra_columns if not _IDENTIFIER.fullmatch(c)]
    if bad:
        raise ValueError(
            f"extra_columns must be lower-case identifiers: {', '.join(map(repr, bad))}"
        )
    missing_extra = [c for c in extra_columns if c not in table.column_names]
    if missing_extra:
        raise ValueError(f"extra_columns not in records: {', '.join(missing_extra)}")
    clash = [c for c in extra_columns if c in INPUT_COLUMNS]
    if clash:
        raise ValueError(f"extra_columns must not repeat standard columns: {', '.join(clash)}")
    # Absent optional columns are simply null; only record_id is required.
    for column in INPUT_COLUMNS:
        if column not in table.column_names:
            table = table.append_column(column, pa.nulls(len(table), pa.string()))
    table = table.select([*INPUT_COLUMNS, *extra_columns])
    con.register("habeas_link_input", table)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE habeas_link_raw AS SELECT * REPLACE "
        "(CAST(record_id AS VARCHAR) AS record_id) FROM habeas_link_input"
    )
    con.unregister("habeas_link_input")
    _check_ids(con)

    # Full names are split in Python by the shared normaliser, once per distinct value, only where
    # first/last are missing; a badge written into the name ("Det. Ann Roe #4412") is kept too.
    full_names = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT CAST(full_name AS VARCHAR) FROM habeas_link_raw "
            "WHERE full_name IS NOT NULL AND (first_name IS NULL OR last_name IS NULL)"
        ).fetchall()
    ]
    parsed = _bare_double_surnames(con, [name_parse(name) for name in full_names])
    splits = [
        SplitName(
            _letters(p.first) or None if p.first else None,
            " ".join(_letters(m) for m in p.middles) or None,
            _letters(p.last) or None if p.last else None,
        )
        for p in parsed
    ]
    con.register(
        "habeas_link_split",
        pa.table(
            {
                "full_name": pa.array(full_names, pa.string()),
                "s_first": pa.array([s.first for s in splits], pa.string()),
                "s_middle": pa.array([s.middle for s in splits], pa.string()),
                "s_last": pa.array([s.last for s in splits], pa.string()),
                "s_badge": pa.array([p.badge for p in parsed], pa.string()),
                "s_parts": pa.array(
                    [_surname_parts(p.surname, p.particle) for p in parsed], pa.list_(pa.string())
                ),
            }
        ),
    )
    given_lasts = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT CAST(last_name AS VARCHAR) FROM habeas_link_raw WHERE last_name IS NOT NULL"
        ).fetchall()
    ]
    con.register(
        "habeas_link_lasts",
        pa.table(
            {
                "written": pa.array(given_lasts, pa.string()),
                "parts": pa.array(
                    [_surname_parts(*surname_split(w)) for w in given_lasts], pa.list_(pa.string())
                ),
            }
        ),
    )
    agency_keys_register(
        con,
        "habeas_link_agency",
        "SELECT DISTINCT CAST(agency AS VARCHAR) FROM habeas_link_raw WHERE agency IS NOT NULL",
    )
    extras = "".join(f", {_text_sql(c)} AS {c}" for c in extra_columns)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE habeas_link_clean AS
        SELECT r.record_id AS unique_id,
               CAST(r.source AS VARCHAR) AS source,
               {_name_sql("coalesce(r.first_name, s.s_first)")} AS first_name,
               nullif(trim(regexp_replace(lower(strip_accents(CAST(coalesce(r.middle_name, s.s_middle)
                   AS VARCHAR))), '[^a-z ]+', '', 'g')), '') AS middle_name,
               {_name_sql("coalesce(r.last_name, s.s_last)")} AS last_name,
               CASE WHEN r.last_name IS NOT NULL THEN gl.parts ELSE s.s_parts END AS last_parts,
               try_cast(r.dob AS DATE) AS dob,
               nullif(ltrim(regexp_replace(upper(CAST(coalesce(r.badge, s.s_badge) AS VARCHAR)),
                   '[^A-Z0-9]', '', 'g'), '0'), '') AS badge,
               -- "N.Y.P.D." = "NYPD", "Police Dept." = "Police Department" (names.agency_key)
               a.agency_key AS agency,
               {_text_sql("r.role")} AS role
               {extras}
        FROM habeas_link_raw r
        LEFT JOIN habeas_link_split s ON s.full_name = CAST(r.full_name AS VARCHAR)
        LEFT JOIN habeas_link_agency a ON a.agency = CAST(r.agency AS VARCHAR)
        LEFT JOIN habeas_link_lasts gl ON gl.written = CAST(r.last_name AS VARCHAR)
        """  # noqa: S608 (only checked identifiers and module constants)
    )
    for name in ("habeas_link_split", "habeas_link_agency", "habeas_link_lasts"):
        con.unregister(name)

    firsts = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT first_name FROM habeas_link_clean WHERE first_name IS NOT NULL"
        ).fetchall()
    ]
    con.register(
        "habeas_link_nicknames",
        pa.table(
            {
                "name": pa.array(firsts, pa.string()),
                "related": pa.array([list(nickname_set(f)) for f in firsts], pa.list_(pa.string())),
                "sdx": pa.array([soundex(f) for f in firsts], pa.string()),
                "ocr": pa.array([ocr_fold(f) for f in firsts], pa.string()),
            }
        ),
    )
    # Surnames: soundex, OCR-folded form, and the parts of a double surname or the surname
    # without its particles ("hernandezlopez" -> [hernandez, lopez], "delacruz" -> [cruz]).
    lasts = [
        row[0]
        for row in con.execute(
            "SELECT DISTINCT last_name FROM habeas_link_clean WHERE last_name IS NOT NULL"
        ).fetchall()
    ]
    con.register(
        "habeas_link_surnames",
        pa.table(
            {
                "name": pa.array(lasts, pa.string()),
                "sdx": pa.array([soundex(last) for last in lasts], pa.string()),
                "ocr": pa.array([ocr_fold(last) for last in lasts], pa.string()),
            }
        ),
    )
    ident = " OR ".join(f"c.{c} IS NOT NULL" for c in IDENTIFYING)
    con.execute(
        f"""
        CREATE OR REPLACE TABLE {PREPARED} AS
        SELECT c.*,
               left(c.first_name, 1) AS first_initial,
               left(c.last_name, 1) AS last_initial,
               year(c.dob) AS birth_year,
               -- non-null only for a bare initial ("J."), so the initials blocking rule joins
               -- just those records to full first names
               CASE WHEN length(c.first_name) = 1 THEN c.first_name END AS initial_only,
               CASE WHEN c.first_name IS NOT NULL THEN coalesce(n.related, [c.first_name]) END AS first_nick,
               n.sdx AS first_sdx,
               n.ocr AS first_ocr,
               -- the two parts of a double surname as plain columns (portable SQL for Spark)
               CASE WHEN len(c.last_parts) > 1 THEN c.last_parts[1] END AS last_half_a,
               CASE WHEN len(c.last_parts) > 1 THEN c.last_parts[2] END AS last_half_b,
               ls.sdx AS last_sdx,
               ls.ocr AS last_ocr
        FROM habeas_link_clean c
        LEFT JOIN habeas_link_nicknames n ON n.name = c.first_name
        LEFT JOIN habeas_link_surnames ls ON ls.name = c.last_name
        WHERE {ident}
        ORDER BY c.unique_id
        """  # noqa: S608 (only checked identifiers and module constants)
    )
    con.unregister("habeas_link_surnames")
    con.unregister("habeas_link_nicknames")
    skipped = con.execute(
        f"SELECT unique_id FROM habeas_link_clean c WHERE NOT ({ident}) ORDER BY 1"  # noqa: S608
    ).fetchall()
    con.execute("DROP TABLE habeas_link_clean")
    con.execute("DROP TABLE habeas_link_raw")
    return [
        SkippedRecord(rid, "no first name, last name, date of birth or badge to compare")
        for (rid,) in skipped
    ]
