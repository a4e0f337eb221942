"""``tuples_match``: the distinct (field, written name, agency) tuples of a record set judged
against a watchlist, on a local DuckDB. Both backends hand their distinct tuples to this one
function (a few hundred thousand rows, whatever the number of records), so the review gives the
same verdicts on DuckDB and on Spark.

Judging every tuple against every entry in Python would take minutes, so DuckDB first pairs each
entry with the tuples that could match it, by equi-joins only:
- a word within one edit of a surname form of the entry (symmetric deletes: two words one edit
  apart always share one of their one-deletion keys), the forms being the OCR-folded surname,
  each part of a double surname, and the surname without its particles; two neighbouring words
  also count as one when one of them is short, for a surname typed apart ("Va nDoke");
- a number equal to one of the entry's badges;
- a first name of the entry (or a nickname of it) at one of the entry's agencies, with a word
  within two edits of the surname (two typos are only accepted there).
Pairs that cannot pass the rules are dropped in SQL too, before they are formed where they can
be: another agency (unless asked for), and a first name that neither agrees nor starts with the entry's initial. The rest (normally a few
per entry) are judged by ``watch_rules.pair_judge``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import pyarrow as pa

from habeas.domain.names import name_parse, nickname_set, ocr_fold
from habeas.domain.names.lookup import agency_keys_register
from habeas.domain.names.ocr import ocr_fold_sql
from habeas.domain.names.tables import badge_words, particles
from habeas.domain.names.titles import title_phrases
from habeas.domain.sql_text import sql_list
from habeas.domain.systemic.watch import WatchEntry
from habeas.domain.systemic.watch_rules import EXCLUDED, Seen, pair_judge

if TYPE_CHECKING:
    import duckdb

MATCHED_SCHEMA = pa.schema(
    [
        ("kind", pa.string()),
        ("written", pa.string()),
        ("agency", pa.string()),
        ("entry_id", pa.string()),
        ("entry_name", pa.string()),
        ("verdict", pa.string()),
        ("score", pa.float64()),
        ("reason", pa.string()),
        ("lab", pa.string()),
        ("date_from", pa.date32()),
        ("date_to", pa.date32()),
    ]
)
# The same word split as the SQL below; used for the entries' own names.
_TOKEN_SQL = (
    "regexp_split_to_array(lower(strip_accents(translate({col}, '''’`´', ''))), '[^a-z0-9|!]+')"  # noqa: S105, E501
)


# Each word of a tuple, and two neighbouring words joined when one of them is short: a surname
# typed apart or with its space moved ("Va nDoke", "St. hn", "Van luyke") is then compared whole
# ("vandoke", "sthn", "vanluyke"). Titles, badge words and numbers are never joined.
_TOKENS_SQL = """
CREATE OR REPLACE TEMP TABLE habeas_rv_tok AS
WITH w AS (SELECT tid, list_filter({split}, lambda x: x <> '') AS w FROM habeas_rv_t)
SELECT tid, unnest(w) AS token, false AS joined FROM w
UNION ALL
SELECT tid, token, true AS joined FROM (
    SELECT tid, unnest(list_transform(range(1, len(w)), lambda i:
        CASE WHEN least(len(w[i]), len(w[i + 1])) <= 3
              AND NOT regexp_matches(w[i] || w[i + 1], '[0-9]')
              AND NOT list_contains({never}, w[i]) AND NOT list_contains({never}, w[i + 1])
             THEN w[i] || w[i + 1] END)) AS token
    FROM w WHERE len(w) > 1
) WHERE token IS NOT NULL
"""


@lru_cache(maxsize=1)
def _never_joined() -> str:
    """Title and badge words as a DuckDB list literal (they are our own data: plain words)."""
    return sql_list(sorted({w for p in title_phrases() for w in p} | set(badge_words())))


def _surname_forms(entry: WatchEntry) -> set[str]:
    """Surname forms of an entry (as written, lower case): whole, each part, without particles."""
    known = particles()
    prefixes = tuple(known)
    forms: set[str] = set()
    for name in entry.parsed_names:
        words = [*name.surname, name.last or ""]
        if name.particle and name.last:
            words.append(name.last[len(name.particle) :])
        for word in list(words):
            # "dinapoli" typed together: also "napoli", as "Di Napoli" is split in records.
            rest = word
            while rest.startswith(prefixes):  # most surnames start with no particle
                cut = next(
                    (p for p in known if rest.startswith(p) and len(rest) - len(p) >= 3), None
                )
                if cut is None:
                    break
                rest = rest[len(cut) :]
                words.append(rest)
        forms |= {w for w in words if len(w) >= 2}
    return forms


def _first_forms(entry: WatchEntry) -> list[tuple[str, str, bool]]:
    """(form, initial, is_initial) of every first name (and nickname) of the entry, folded."""
    out: list[tuple[str, str, bool]] = []
    for name in entry.parsed_names:
        if not name.first:
            continue
        initial = ocr_fold(name.first[0])
        if len(name.first) == 1:
            out.append((initial, initial, True))
            continue
        out.extend((ocr_fold(n), initial, False) for n in nickname_set(name.first))
    return out


@lru_cache(maxsize=4)
def _watch_tables(entries: tuple[WatchEntry, ...]) -> Mapping[str, pa.Table]:
    """The watch list's lookup tables (surname forms, first names, badges, agencies), built once
    per distinct list: a list of 5,000 officials takes ~0.1 s to build, and an upload checks its
    few names against the same list again and again. The surname forms' deletions are made in
    SQL (``wkeys``)."""
    lasts: dict[str, list[str]] = {"entry_id": [], "form": [], "raw": [], "initial": []}
    firsts: dict[str, list[object]] = {"entry_id": [], "form": [], "initial": [], "is_initial": []}
    badges: dict[str, list[str]] = {"entry_id": [], "badge": []}
    agencies: dict[str, list[str]] = {"entry_id": [], "agency_key": []}
    # first names at the entry's agencies: what "his first name at his agency" joins on
    firsts_at: dict[str, list[str]] = {"entry_id": [], "form": [], "agency_key": []}
    for entry in entries:
        for raw in _surname_forms(entry):
            form = ocr_fold(raw)
            lasts["entry_id"].append(entry.entry_id)
            lasts["form"].append(form)
            lasts["raw"].append(raw)
            lasts["initial"].append(raw[:1])
        for form, initial, is_initial in _first_forms(entry):
            for column, value in zip(
                firsts, (entry.entry_id, form, initial, is_initial), strict=True
            ):
                firsts[column].append(value)
            for key in () if is_initial else entry.agency_keys:
                firsts_at["entry_id"].append(entry.entry_id)
                firsts_at["form"].append(form)
                firsts_at["agency_key"].append(key)
        for badge in entry.badge_keys:
            badges["entry_id"].append(entry.entry_id)
            badges["badge"].append(badge)
        for key in entry.agency_keys:
            agencies["entry_id"].append(entry.entry_id)
            agencies["agency_key"].append(key)
    return {
        "habeas_rv_wlast": pa.table(lasts, schema=_strings("entry_id", "form", "raw", "initial")),
        "habeas_rv_wfirst": pa.table(
            firsts,
            schema=pa.schema(
                [
                    ("entry_id", pa.string()),
                    ("form", pa.string()),
                    ("initial", pa.string()),
                    ("is_initial", pa.bool_()),
                ]
            ),
        ),
        "habeas_rv_wfirst_at": pa.table(
            firsts_at, schema=_strings("entry_id", "form", "agency_key")
        ),
        "habeas_rv_wbadge": pa.table(badges, schema=_strings("entry_id", "badge")),
        "habeas_rv_wagency": pa.table(agencies, schema=_strings("entry_id", "agency_key")),
        "habeas_rv_wentries": pa.table(
            {
                "entry_id": [e.entry_id for e in entries],
                "kind": [e.kind for e in entries],
                "has_agency": [bool(e.agency_keys) for e in entries],
                "has_first": [any(n.first for n in e.parsed_names) for e in entries],
            }
        ),
    }


def watch_prepare(entries: Sequence[WatchEntry], *, excluded: bool = False) -> None:
    """What ``tuples_pairs`` builds from the entries alone, built ahead (the watch list's tables,
    the word lists, the SQL): ``review_run`` does it while DuckDB scans the records."""
    _watch_tables(tuple(entries))
    _never_joined()
    _never_first()
    _candidates_sql(excluded)


def _register_watch(con: duckdb.DuckDBPyConnection, entries: Sequence[WatchEntry]) -> None:
    for name, table in _watch_tables(tuple(entries)).items():
        con.register(name, table)


def _strings(*names: str) -> pa.Schema:
    return pa.schema([(n, pa.string()) for n in names])


@lru_cache(maxsize=1)
def _never_first() -> str:
    """Words that are never a first name, as a DuckDB list literal: titles and their parts ("p",
    "o" of "P.O."), badge words, particles, numbers. Only used to tell a bare surname; a superset
    is harmless."""
    words = {w for p in title_phrases() for w in p} | set(badge_words()) | set(particles())
    words |= {"no", "num", "number"}
    return sql_list(sorted(words))


# Each distinct word of the tuples, folded by the normaliser's own OCR table (numbers as they are).
_TOKINFO_SQL = """
CREATE OR REPLACE TEMP TABLE habeas_rv_tokinfo AS
SELECT token, CASE WHEN is_number THEN token ELSE {fold} END AS folded, is_number,
       is_number OR list_contains({never_first}, token) AS ignorable
FROM (SELECT token, regexp_full_match(token, '[0-9]+') AS is_number
      FROM (SELECT DISTINCT token FROM habeas_rv_tok))
"""


def _register_tokens(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_TOKINFO_SQL.format(fold=ocr_fold_sql("token"), never_first=_never_first()))
    agency_keys_register(
        con, "habeas_rv_agency", "SELECT DISTINCT agency FROM habeas_rv_t WHERE agency IS NOT NULL"
    )


# Where the entry's agency is known, a pair with a tuple of another agency is no candidate
# (unless asked for): these joins pair words with entries of the tuple's own agency (or with no
# agency on either side) directly, so the millions of pairs of a common surname or first name at
# other agencies are never formed.
_SAME_AGENCY_SQL = """
    SELECT tk.tid, w.entry_id, tk.folded, tk.joined
    FROM tk JOIN word_hits w ON w.folded = tk.folded AND w.agency_key = tk.agency_key
    UNION ALL
    SELECT tk.tid, w.entry_id, tk.folded, tk.joined
    FROM (SELECT * FROM tk WHERE agency_key IS NULL) tk JOIN word_hits w ON w.folded = tk.folded
    UNION ALL
    SELECT tk.tid, w.entry_id, tk.folded, tk.joined
    FROM tk JOIN (SELECT * FROM word_hits WHERE agency_key IS NULL) w ON w.folded = tk.folded
    WHERE tk.agency_key IS NOT NULL"""
_ANY_AGENCY_SQL = """
    SELECT DISTINCT tk.tid, w.entry_id, tk.folded, tk.joined
    FROM tk JOIN word_hits w ON w.folded = tk.folded"""

# A word and every word one deletion from it (with repeats: "kessler" drops an "s" in two ways).
_DELETIONS_SQL = (
    "[{col}] || list_transform(range(1, len({col}) + 1), lambda i: {col}[1:i - 1] || {col}[i + 1:])"
)
_CANDIDATES_SQL = """
CREATE OR REPLACE TEMP TABLE habeas_rv_cand AS
WITH agency_of AS MATERIALIZED (
    SELECT t.tid, a.agency_key FROM habeas_rv_t t JOIN habeas_rv_agency a ON a.agency = t.agency
    WHERE t.kind = 'officer'
),
tw AS (
    SELECT t.tid, t.token, t.joined, i.folded, i.ignorable
    FROM habeas_rv_tok t JOIN habeas_rv_tokinfo i USING (token)
    WHERE NOT i.is_number
),
tk AS MATERIALIZED (
    SELECT tw.*, left(tw.token, 1) AS initial, a.agency_key
    FROM tw LEFT JOIN agency_of a USING (tid)
    WHERE len(tw.folded) >= 2 AND NOT tw.ignorable
),
-- the one-deletion keys of each word, and of each surname form of the entries
dkeys AS (
    SELECT folded, unnest({deletions}) AS k FROM (SELECT DISTINCT folded FROM tk)
),
wkeys AS (
    SELECT entry_id, form, unnest({form_deletions}) AS k
    FROM (SELECT DISTINCT entry_id, form FROM habeas_rv_wlast)
),
-- words within one edit of an entry's surname forms, decided once per distinct word (the
-- shared key also pairs some words two edits apart), with each of the entry's agencies
-- (agency_key NULL: the entry has none)
word_hits AS MATERIALIZED (
    SELECT DISTINCT h.folded, h.entry_id, wa.agency_key
    FROM (
        SELECT DISTINCT d.folded, w.entry_id
        FROM dkeys d JOIN wkeys w ON w.k = d.k
        WHERE damerau_levenshtein(d.folded, w.form) <= 1
    ) h LEFT JOIN habeas_rv_wagency wa USING (entry_id)
),
surname_pairs AS ({surname_pairs}),
surname_words AS MATERIALIZED (
    -- a joined word stands for the two it was made of
    SELECT tid, entry_id,
           count(DISTINCT folded) FILTER (WHERE NOT joined)
           + 2 * count(DISTINCT folded) FILTER (WHERE joined) AS hit
    FROM surname_pairs GROUP BY tid, entry_id
),
by_badge AS (
    SELECT DISTINCT t.tid, b.entry_id
    FROM habeas_rv_tok t JOIN habeas_rv_tokinfo i USING (token) JOIN habeas_rv_wbadge b ON b.badge = ltrim(t.token, '0')
    WHERE i.is_number
),
first_at_agency AS MATERIALIZED (
    SELECT DISTINCT tk.tid, f.entry_id
    FROM tk JOIN habeas_rv_wfirst_at f ON f.form = tk.folded AND f.agency_key = tk.agency_key
),
-- two typos are only accepted at the entry's agency with his first name; they rarely touch the
-- first letter, which keeps this join small
two_edit_forms AS MATERIALIZED (
    SELECT c.tid, c.entry_id, l.raw, l.form, l.initial
    FROM first_at_agency c JOIN habeas_rv_wlast l USING (entry_id)
),
by_two_edits AS (
    SELECT DISTINCT c.tid, c.entry_id
    FROM two_edit_forms c JOIN tk ON tk.tid = c.tid AND tk.initial = c.initial
    -- not the first-name word itself
    ANTI JOIN habeas_rv_wfirst f ON f.entry_id = c.entry_id AND f.form = tk.folded
    WHERE abs(len(tk.token) - len(c.raw)) <= 2
      AND (damerau_levenshtein(tk.token, c.raw) <= 2 OR damerau_levenshtein(tk.folded, c.form) <= 2)
),
-- the kind fits, and for officers the agency does not differ (a badge may name another
-- agency's officer)
paired AS MATERIALIZED (
    SELECT DISTINCT p.tid, p.entry_id
    FROM (SELECT tid, entry_id FROM surname_words UNION SELECT * FROM by_badge
          UNION SELECT * FROM by_two_edits) p
    JOIN habeas_rv_t t ON t.tid = p.tid JOIN habeas_rv_wentries e ON e.entry_id = p.entry_id
    LEFT JOIN agency_of a ON a.tid = p.tid
    LEFT JOIN habeas_rv_wagency wa ON wa.entry_id = p.entry_id AND wa.agency_key = a.agency_key
    WHERE (e.kind = 'any' OR e.kind = t.kind)
      AND ({keep_other_agency} OR a.agency_key IS NULL OR NOT e.has_agency OR wa.entry_id IS NOT NULL)
),
-- the words and initials of the paired tuples only (a few per entry, not every tuple's)
paired_words AS MATERIALIZED (
    SELECT tw.* FROM tw SEMI JOIN (SELECT DISTINCT tid FROM paired) p USING (tid)
    WHERE NOT tw.joined
),
words AS (SELECT tid, count(*) AS n FROM paired_words WHERE NOT ignorable GROUP BY tid),
initials AS (SELECT DISTINCT tid, left(folded, 1) AS initial FROM paired_words),
first_ok AS (
    SELECT DISTINCT p.tid, p.entry_id
    FROM paired p JOIN habeas_rv_wfirst f ON f.entry_id = p.entry_id
    JOIN initials i ON i.tid = p.tid AND i.initial = left(f.form, 1)
)
SELECT p.tid, p.entry_id
FROM paired p JOIN habeas_rv_wentries e ON e.entry_id = p.entry_id
LEFT JOIN words w ON w.tid = p.tid
LEFT JOIN surname_words h ON h.tid = p.tid AND h.entry_id = p.entry_id
LEFT JOIN by_badge b ON b.tid = p.tid AND b.entry_id = p.entry_id
LEFT JOIN first_ok o ON o.tid = p.tid AND o.entry_id = p.entry_id
-- a bare surname (every word of it one of the entry's surname words), a badge of the entry, or
-- a first name that starts like one of the entry's (or a nickname of it)
WHERE {keep_other_first} OR NOT e.has_first OR coalesce(w.n, 0) <= greatest(1, coalesce(h.hit, 0))
   OR b.tid IS NOT NULL OR o.tid IS NOT NULL
"""


@lru_cache(maxsize=2)
def _candidates_sql(excluded: bool) -> str:
    flag = "true" if excluded else "false"
    return _CANDIDATES_SQL.format(
        surname_pairs=_ANY_AGENCY_SQL if excluded else _SAME_AGENCY_SQL,
        keep_other_agency=flag,
        keep_other_first=flag,
        deletions=_DELETIONS_SQL.format(col="folded"),
        form_deletions=_DELETIONS_SQL.format(col="form"),
    )


def tuples_match(
    con: duckdb.DuckDBPyConnection,
    tuples: pa.Table,
    entries: Sequence[WatchEntry],
    *,
    excluded: bool = False,
) -> pa.Table:
    """Verdicts for ``tuples`` (columns kind, written, agency; distinct) against ``entries``:
    one row per tuple and entry that matched (and, with ``excluded``, per look-alike that the
    rules set aside, with verdict "excluded" and the reason), in ``MATCHED_SCHEMA``."""
    pairs = tuples_pairs(con, tuples, entries, excluded=excluded)
    return pairs_judge(pairs, entries, excluded=excluded).drop_columns(["tid"])


# One candidate pair: tid (the tuple's row in ``tuples_pairs``' table), entry_id, kind, written,
# agency, agency_key.
Pair = tuple[int, str, str, str, str | None, str | None]


def tuples_pairs(
    con: duckdb.DuckDBPyConnection,
    tuples: pa.Table,
    entries: Sequence[WatchEntry],
    *,
    excluded: bool = False,
    keep: str | None = None,
) -> list[Pair]:
    """The candidate pairs of ``tuples`` and ``entries`` (the SQL half of ``tuples_match``;
    ``pairs_judge`` is the other). With ``keep``, the tuples that have a candidate are left in
    the temp table ``keep`` (tid, kind, written, agency) for the caller to join on and drop."""
    if len({e.entry_id for e in entries}) != len(entries):
        raise ValueError("watch entries must have distinct entry_id values")
    con.register("habeas_rv_input", tuples.select(["kind", "written", "agency"]))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE habeas_rv_t AS SELECT row_number() OVER () AS tid, kind, "
        "written, agency FROM habeas_rv_input WHERE written IS NOT NULL AND trim(written) <> ''"
    )
    con.unregister("habeas_rv_input")
    con.execute(_TOKENS_SQL.format(split=_TOKEN_SQL.format(col="written"), never=_never_joined()))
    _register_tokens(con)
    _register_watch(con, entries)
    con.execute(_candidates_sql(excluded))
    rows: list[Pair] = con.execute(
        "SELECT c.tid, c.entry_id, t.kind, t.written, t.agency, a.agency_key FROM habeas_rv_cand c "
        "JOIN habeas_rv_t t USING (tid) LEFT JOIN habeas_rv_agency a ON a.agency = t.agency"
    ).fetchall()
    if keep:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {keep} AS SELECT tid, kind, written, agency "
            "FROM habeas_rv_t SEMI JOIN habeas_rv_cand USING (tid)"
        )
    for name in (*_watch_tables(tuple(entries)), "habeas_rv_agency"):
        con.unregister(name)
    con.execute("DROP TABLE IF EXISTS habeas_rv_cand; DROP TABLE IF EXISTS habeas_rv_tok")
    con.execute("DROP TABLE IF EXISTS habeas_rv_tokinfo")
    con.execute("DROP TABLE IF EXISTS habeas_rv_t")
    return rows


def pairs_judge(
    pairs: Sequence[Pair], entries: Sequence[WatchEntry], *, excluded: bool = False
) -> pa.Table:
    """The rules' verdicts on candidate ``pairs`` (``tuples_pairs``): ``MATCHED_SCHEMA`` and the
    tuple's tid. Plain Python, no DuckDB: ``review_run`` runs it beside its second scan."""
    by_id = {e.entry_id: e for e in entries}
    out: dict[str, list[object]] = {name: [] for name in (*MATCHED_SCHEMA.names, "tid")}
    for tid, entry_id, kind, written, agency, key in pairs:
        entry = by_id[entry_id]
        judged = pair_judge(entry, Seen(name_parse(written), kind, key, agency))
        if judged is None or (judged.verdict == EXCLUDED and not excluded):
            continue
        values = (
            kind,
            written,
            agency,
            entry_id,
            entry.name,
            judged.verdict,
            judged.score,
            judged.reason,
            entry.lab or None,
            entry.date_from,
            entry.date_to,
            tid,
        )
        for column, value in zip(out.values(), values, strict=True):
            column.append(value)
    return pa.table(out, schema=MATCHED_SCHEMA.append(pa.field("tid", pa.int64())))
