from __future__ import annotations

from habeas.audit.chain import GENESIS, ChainRow, chain_verify, row_digest


def build(n: int) -> list[ChainRow]:
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        content = {"seq": seq, "action": "case.read", "detail": {"n": seq}}
        digest = row_digest(prev, content)
        rows.append(ChainRow(seq=seq, prev_hash=prev, row_hash=digest, content=content))
        prev = digest
    return rows


def test_intact_chain_verifies() -> None:
    assert chain_verify(build(5)) == (5, None)


def test_edited_row_is_the_first_break() -> None:
    rows = build(5)
    rows[2] = ChainRow(
        seq=3,
        prev_hash=rows[2].prev_hash,
        row_hash=rows[2].row_hash,
        content={**rows[2].content, "action": "x"},
    )
    checked, broken = chain_verify(rows)
    assert checked == 2 and broken is not None and broken.seq == 3 and "edited" in broken.reason


def test_deleted_row_is_reported_as_missing() -> None:
    rows = build(5)
    del rows[1]
    checked, broken = chain_verify(rows)
    assert broken is not None and broken.seq == 2 and "missing" in broken.reason


def test_key_order_does_not_matter() -> None:
    assert row_digest(GENESIS, {"a": 1, "b": 2}) == row_digest(GENESIS, {"b": 2, "a": 1})
