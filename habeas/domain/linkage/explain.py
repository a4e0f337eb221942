"""Gamma levels (Splink's comparison vector) translated into words a reviewer can check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from habeas.domain.linkage.comparisons import ComparisonSpec


def explain(
    row: Mapping[str, Any], specs: Sequence[ComparisonSpec]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(agreed, disagreed) phrases such as "last name: exact" / "dob: different".

    A comparison where either side is unknown says nothing and is left out of both."""
    agreed: list[str] = []
    disagreed: list[str] = []
    for spec in specs:
        gamma = row.get(f"gamma_{spec.output}")
        if gamma is None:
            continue
        words = spec.words_for_gamma(int(gamma))
        if words is None:
            continue
        # gamma 0 is always the catch-all "different" level.
        (disagreed if int(gamma) == 0 else agreed).append(f"{spec.label}: {words}")
    return tuple(agreed), tuple(disagreed)
