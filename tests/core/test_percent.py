"""Probabilities are shown as percentages, and never as a certainty they are not."""

from __future__ import annotations

import pytest

from habeas.core.labels import percent


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.93, "93%"),
        (0.815, "82%"),
        (0.99, "99%"),
        (0.996, "over 99%"),
        (1, "100%"),
        (0.004, "under 1%"),
        (0, "0%"),
        (None, ""),
    ],
)
def test_percent(value: object, words: str) -> None:
    assert percent(value) == words
