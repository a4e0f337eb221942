"""Hash chain over audit rows, free of Django.

Each row's hash covers its own canonical content and the previous row's hash, so editing,
deleting or reordering any row breaks every link after it; ``chain_verify`` names the first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64


def row_digest(prev_hash: str, content: Mapping[str, object]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainRow:
    seq: int
    prev_hash: str
    row_hash: str
    content: Mapping[str, object]


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def chain_verify(rows: Iterable[ChainRow]) -> tuple[int, ChainBreak | None]:
    """Return (rows checked, first break or None). Rows must come in ``seq`` order."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    for row in rows:
        if row.seq != expected_seq:
            return checked, ChainBreak(
                seq=expected_seq,
                reason=f"row {expected_seq} is missing (next row found is {row.seq})",
            )
        if row.prev_hash != expected_prev:
            return checked, ChainBreak(
                seq=row.seq, reason="previous-hash link does not match the row before"
            )
        if row_digest(row.prev_hash, row.content) != row.row_hash:
            return checked, ChainBreak(
                seq=row.seq, reason="row content does not match its hash (edited)"
            )
        expected_prev = row.row_hash
        expected_seq += 1
        checked += 1
    return checked, None
