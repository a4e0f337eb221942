"""A listed official as a watch entry, and the names a case gives judged against the whole list by
the systemic review's matcher (``watch_candidates.tuples_match``: blocked in DuckDB, every verdict
from ``watch_rules.pair_judge``), so the registry never has a second notion of "same officer"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from habeas.domain.credibility.vocabulary import WATCH_KIND
from habeas.domain.names import badge_normalize, name_parse
from habeas.domain.systemic.watch import WatchEntry
from habeas.domain.systemic.watch_candidates import tuples_match


def official_entry(
    *,
    official_id: int,
    kind: str,
    name: str,
    aliases: Sequence[str] = (),
    agencies: Sequence[str] = (),
    badges: Sequence[str] = (),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> WatchEntry:
    """The official's identity as the review knows it: every agency he served with, every badge."""
    return WatchEntry(
        entry_id=str(official_id),
        name=name,
        kind=WATCH_KIND.get(kind, "any"),
        date_from=date_from,
        date_to=date_to,
        agency="; ".join(a.replace(";", ",") for a in agencies if a.strip()),
        badges=tuple(b for b in badges if b.strip()),
        aliases=tuple(a for a in aliases if a.strip()),
    )


@dataclass(frozen=True)
class Named:
    """A name where a case puts it: a person on the case, a name in a document."""

    key: str  # the caller's own id for it
    field: str  # officer, analyst or witness
    written: str  # "Det. A. Kessler", "Kesler"
    agency: str = ""
    badge: str = ""


@dataclass(frozen=True)
class Hit:
    key: str
    official_id: int
    score: float
    reason: str  # in words: "surname as written; first name as written; agency and badge agree"


def _written(named: Named) -> str:
    """The name with its badge, when the badge is held apart (a person's field, a mention's)."""
    badge = badge_normalize(named.badge) if named.badge else None
    if badge and name_parse(named.written).badge != badge:
        return f"{named.written} #{badge}"
    return named.written


def names_judge(
    entries: Sequence[WatchEntry],
    names: Sequence[Named],
    *,
    con: duckdb.DuckDBPyConnection | None = None,
) -> list[Hit]:
    """Which names name which listed official (matches only, the namesakes set aside)."""
    if not entries or not names:
        return []
    by_tuple: dict[tuple[str, str, str], list[str]] = {}
    for named in names:
        written = _written(named)
        if written.strip():
            by_tuple.setdefault((named.field, written, named.agency), []).append(named.key)
    if not by_tuple:
        return []
    table = pa.table(
        {
            "kind": [k for k, _, _ in by_tuple],
            "written": [w for _, w, _ in by_tuple],
            "agency": [a or None for _, _, a in by_tuple],
        }
    )
    own = con is None
    connection = con or duckdb.connect()
    try:
        verdicts = tuples_match(connection, table, entries).to_pylist()
    finally:
        if own:
            connection.close()
    return [
        Hit(key, int(v["entry_id"]), float(v["score"]), str(v["reason"]))
        for v in verdicts
        for key in by_tuple.get((v["kind"], v["written"], v["agency"] or ""), [])
    ]
