"""Hash chain over audit rows and signed checkpoints of its head, free of Django.

Each row's hash covers its own canonical content and the previous row's hash, so editing,
deleting or reordering any row breaks every link after it; ``chain_check`` names the first.

Two kinds of row: the first rows of an older install are plain SHA-256 (version 1), which anyone
with database access can recompute after an edit. Every row written since the audit key exists is
an HMAC-SHA256 under a key kept outside the database (version 2), so a rewrite without the key no
longer verifies. Once the chain is keyed it stays keyed: a plain row after a keyed one is a break.

Rewriting from the first row, or cutting the tail, is caught by checkpoints: the head's row count
and hash (and where the keyed part starts), signed with the key, written outside the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

GENESIS = "0" * 64
CHAIN_PLAIN = 1  # SHA-256 of the previous hash and the row (rows written before the key)
CHAIN_KEYED = 2  # HMAC-SHA256 under the audit key
CHECKPOINT_FORMAT = 1
MIN_KEY_LENGTH = 32

# One secret, two uses: separate derived keys so a row MAC can never pass as a checkpoint signature.
_ROW_PURPOSE = b"habeas audit chain v2"
_CHECKPOINT_PURPOSE = b"habeas audit checkpoint v1"
_ID_PURPOSE = b"habeas audit key id"


def _canonical(content: Mapping[str, object]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)


def _derived(secret: bytes, purpose: bytes) -> bytes:
    return hmac.new(secret, purpose, hashlib.sha256).digest()


def row_digest(prev_hash: str, content: Mapping[str, object]) -> str:
    """Version 1 (plain): kept so rows written before the key still verify."""
    return hashlib.sha256(f"{prev_hash}|{_canonical(content)}".encode()).hexdigest()


@dataclass(frozen=True)
class AuditKey:
    """A secret from the key file. ``key_id`` names it in rows and checkpoints (it reveals nothing)."""

    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.secret) < MIN_KEY_LENGTH:
            raise ValueError(f"an audit key must be at least {MIN_KEY_LENGTH} characters")

    @cached_property
    def key_id(self) -> str:
        return hmac.new(self.secret, _ID_PURPOSE, hashlib.sha256).hexdigest()[:16]

    @cached_property
    def _row_hmac(self) -> hmac.HMAC:
        # Keyed once per key, copied per row: deriving the row key for every row tripled the cost.
        return hmac.new(_derived(self.secret, _ROW_PURPOSE), digestmod=hashlib.sha256)

    def row_mac(self, prev_hash: str, content: Mapping[str, object]) -> str:
        mac = self._row_hmac.copy()
        mac.update(f"{prev_hash}|{_canonical(content)}".encode())
        return mac.hexdigest()

    def sign(self, fields: Mapping[str, object]) -> str:
        message = _canonical(fields).encode()
        return hmac.new(
            _derived(self.secret, _CHECKPOINT_PURPOSE), message, hashlib.sha256
        ).hexdigest()


def keys_parse(text: str) -> list[AuditKey]:
    """A key file: one key per line, oldest first; the last one signs new rows (rotation = append a
    line). Blank lines and lines starting with # are ignored."""
    lines = [line.strip() for line in text.splitlines()]
    return [AuditKey(line.encode()) for line in lines if line and not line.startswith("#")]


@dataclass(frozen=True)
class ChainRow:
    seq: int
    prev_hash: str
    row_hash: str
    content: Mapping[str, object]
    version: int = CHAIN_PLAIN
    key_id: str = ""


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


@dataclass
class ChainResult:
    checked: int = 0
    broken: ChainBreak | None = None
    keyed_from: int | None = None  # seq of the first keyed row
    last_hash: str = GENESIS
    hashes_at: dict[int, str] = field(default_factory=dict)  # for the checkpoints asked about


def chain_check(
    rows: Iterable[ChainRow], keys: Sequence[AuditKey] = (), marks: Iterable[int] = ()
) -> ChainResult:
    """Walk the rows in ``seq`` order; stop at the first break. ``marks``: seqs whose hash to keep."""
    by_id = {key.key_id: key for key in keys}
    wanted = set(marks)
    result = ChainResult()
    expected_seq = 1
    for row in rows:
        if row.seq != expected_seq:
            result.broken = ChainBreak(
                expected_seq, f"row {expected_seq} is missing (next row found is {row.seq})"
            )
            return result
        if row.prev_hash != result.last_hash:
            result.broken = ChainBreak(row.seq, "previous-hash link does not match the row before")
            return result
        if row.version == CHAIN_PLAIN:
            if result.keyed_from is not None:
                result.broken = ChainBreak(
                    row.seq,
                    "an unkeyed row after the chain became keyed (rewritten without the key)",
                )
                return result
            if row_digest(row.prev_hash, row.content) != row.row_hash:
                result.broken = ChainBreak(row.seq, "row content does not match its hash (edited)")
                return result
        elif row.version == CHAIN_KEYED:
            key = by_id.get(row.key_id)
            if key is None:
                result.broken = ChainBreak(
                    row.seq,
                    "this row was signed with an audit key that is not in the key file "
                    "(wrong key file, or the row was rewritten)",
                )
                return result
            if not hmac.compare_digest(key.row_mac(row.prev_hash, row.content), row.row_hash):
                result.broken = ChainBreak(row.seq, "row content does not match its hash (edited)")
                return result
            if result.keyed_from is None:
                result.keyed_from = row.seq
        else:
            result.broken = ChainBreak(row.seq, f"unknown chain version {row.version}")
            return result
        result.last_hash = row.row_hash
        if row.seq in wanted:
            result.hashes_at[row.seq] = row.row_hash
        expected_seq += 1
        result.checked += 1
    return result


def chain_verify(
    rows: Iterable[ChainRow], keys: Sequence[AuditKey] = ()
) -> tuple[int, ChainBreak | None]:
    """Return (rows checked, first break or None). Rows must come in ``seq`` order."""
    result = chain_check(rows, keys)
    return result.checked, result.broken


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at a moment, signed: rows up to ``seq`` can no longer be changed or cut
    without the key, even by someone who can rewrite the whole database."""

    seq: int
    head_hash: str
    keyed_from: int | None
    at: str  # ISO time it was taken
    reason: str  # "on demand", "every N rows", "chain keyed"
    key_id: str
    signature: str = ""

    def fields(self) -> dict[str, object]:
        return {
            "format": CHECKPOINT_FORMAT,
            "seq": self.seq,
            "head_hash": self.head_hash,
            "keyed_from": self.keyed_from,
            "at": self.at,
            "reason": self.reason,
            "key_id": self.key_id,
        }

    def line(self) -> str:
        return _canonical({**self.fields(), "signature": self.signature})


def checkpoint_signed(
    *, key: AuditKey, seq: int, head_hash: str, keyed_from: int | None, at: str, reason: str
) -> Checkpoint:
    unsigned = Checkpoint(seq, head_hash, keyed_from, at, reason, key.key_id)
    return Checkpoint(**{**unsigned.__dict__, "signature": key.sign(unsigned.fields())})


class CheckpointInvalid(ValueError):
    pass


def checkpoint_parse(line: str, keys: Sequence[AuditKey]) -> Checkpoint:
    """One JSON line back into a checkpoint, refusing it unless its signature verifies."""
    try:
        data = json.loads(line)
        checkpoint = Checkpoint(
            seq=int(data["seq"]),
            head_hash=str(data["head_hash"]),
            keyed_from=None if data["keyed_from"] is None else int(data["keyed_from"]),
            at=str(data["at"]),
            reason=str(data["reason"]),
            key_id=str(data["key_id"]),
            signature=str(data["signature"]),
        )
        if data.get("format") != CHECKPOINT_FORMAT:
            raise CheckpointInvalid("unknown checkpoint format")
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckpointInvalid("not a readable checkpoint (edited or damaged)") from exc
    key = {k.key_id: k for k in keys}.get(checkpoint.key_id)
    if key is None:
        raise CheckpointInvalid("signed with an audit key that is not in the key file")
    if not hmac.compare_digest(key.sign(checkpoint.fields()), checkpoint.signature):
        raise CheckpointInvalid("its signature does not match (the checkpoint was edited)")
    return checkpoint


def checkpoint_check(result: ChainResult, checkpoint: Checkpoint) -> str | None:
    """What is wrong with the chain against one checkpoint, or None."""
    if checkpoint.seq > result.checked:
        return (
            f"the checkpoint of {checkpoint.at} recorded {checkpoint.seq} rows but the chain "
            f"holds {result.checked}: rows were cut from the end"
        )
    if checkpoint.seq and result.hashes_at.get(checkpoint.seq) != checkpoint.head_hash:
        return (
            f"row {checkpoint.seq} differs from the checkpoint of {checkpoint.at}: "
            "history up to it was rewritten"
        )
    if checkpoint.keyed_from is not None and result.keyed_from != checkpoint.keyed_from:
        return (
            f"the checkpoint of {checkpoint.at} says the keyed chain starts at row "
            f"{checkpoint.keyed_from}, the chain says {result.keyed_from}: rows were rewritten"
        )
    return None
