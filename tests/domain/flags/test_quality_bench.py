"""The flag-quality benchmark's pooled sets and its interval (bench/flags_quality.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.flags_corpus import HELDOUT_SPLITS, sentences_load
from bench.flags_quality import Flagged, f1_interval, main, split_load


def _row(opinion: str, start: int, label: str) -> dict[str, Any]:
    return {"opinion": opinion, "start": start, "end": start + 10, "labels": {"brady": label}}


def _flagged(*starts: int) -> Flagged:
    done = Flagged()
    done.spans["brady"] = [(s + 1, s + 2) for s in starts]
    return done


def test_the_interval_holds_the_estimate_and_is_the_same_every_run() -> None:
    rows = [_row("a", 0, "affirmed"), _row("a", 20, "affirmed")]
    rows += [_row("b", 0, "other"), _row("b", 20, "other"), _row("c", 0, "affirmed")]
    flagged = {"a": _flagged(0, 20), "b": _flagged(0, 20), "c": _flagged()}
    lo, hi = f1_interval(rows, flagged)
    assert 0.0 <= lo < 4 / 7 < hi <= 1.0  # overall: tp 2, fp 2, fn 1
    assert f1_interval(rows, flagged) == (lo, hi)


def test_one_opinion_has_no_spread() -> None:
    rows = [_row("a", 0, "affirmed"), _row("a", 20, "other")]
    lo, hi = f1_interval(rows, {"a": _flagged(0, 20)})
    assert lo == hi == pytest.approx(2 / 3)


def test_a_pool_is_its_sets_together() -> None:
    opinions, rows = split_load("heldout-all")
    assert len(rows) == sum(len(sentences_load(name)) for name in HELDOUT_SPLITS)
    assert {op.split for op in opinions.values()} == set(HELDOUT_SPLITS)


def test_the_held_out_pool_prints_no_sentences() -> None:
    with pytest.raises(SystemExit) as refused:
        main(["--split", "heldout-all", "--errors"])
    assert refused.value.code == 2  # the argument parser's refusal, before any text is read
