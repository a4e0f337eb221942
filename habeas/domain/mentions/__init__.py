"""Suggestions from one page of text: people with roles, dates, docket and report numbers,
legal citations and forensic methods. Pure Python, no Django; a user confirms them later.

    >>> [m.value for m in mentions_find("Det. Maria Alvarez #4471 interviewed her on 6/12/2000.")]
    ['Maria Alvarez', '2000-06-12']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator

from habeas.domain.mentions.citations import citations_find
from habeas.domain.mentions.dates import dates_find
from habeas.domain.mentions.mention import Mention, MentionKind
from habeas.domain.mentions.methods import METHODS, methods_find
from habeas.domain.mentions.numbers import numbers_find
from habeas.domain.mentions.people import ROLE_FOR_DETAIL, people_find

__all__ = [
    "METHODS",
    "ROLE_FOR_DETAIL",
    "Mention",
    "MentionKind",
    "citations_find",
    "dates_find",
    "mentions_find",
    "methods_find",
    "numbers_find",
    "people_find",
]

_FINDERS: tuple[Callable[[str], Iterable[Mention]], ...] = (
    people_find,
    dates_find,
    numbers_find,
    citations_find,
    methods_find,
)
# A date-shaped run inside one of these is part of the identifier, not a date.
_CONTAINERS = frozenset({MentionKind.DOCKET, MentionKind.REPORT_NUMBER, MentionKind.CITATION})


def _found(text: str) -> Iterator[Mention]:
    for finder in _FINDERS:
        try:
            for m in finder(text):
                # The documents app highlights text[start:end]; never hand it a span that lies.
                if (
                    0 <= m.start < m.end <= len(text)
                    and text[m.start : m.end] == m.text
                    and m.value
                ):
                    yield m
        except Exception:  # noqa: S112 - one finder's bug must not lose the page's other suggestions
            continue


class _Spans:
    """Non-overlapping spans kept sorted, so overlap checks are a bisect, not a scan
    (a dense page has thousands of mentions)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1  # the last kept span starting before ``end``
        return i >= 0 and self.ends[i] > start  # kept spans never overlap: ends are sorted too

    def contains(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def mentions_find(text: str) -> list[Mention]:
    """All suggestions on a page, sorted by start. Where two of the same kind overlap, the
    more confident (then the longer) wins. Never raises for any ``str``."""
    if not isinstance(text, str) or not text:
        return []
    ranked = sorted(_found(text), key=lambda m: (-m.confidence, -(m.end - m.start), m.start))
    kept: list[Mention] = []
    by_kind: dict[MentionKind, _Spans] = {}
    for m in ranked:
        spans = by_kind.setdefault(m.kind, _Spans())
        if not spans.overlaps(m.start, m.end):
            spans.add(m.start, m.end)
            kept.append(m)
    # Containers may overlap each other across kinds, so each kind is checked on its own.
    containers = [by_kind[k] for k in _CONTAINERS if k in by_kind]
    kept = [
        m
        for m in kept
        if m.kind is not MentionKind.DATE or not any(c.contains(m.start, m.end) for c in containers)
    ]
    kept.sort(key=lambda m: (m.start, m.end, m.kind.value))
    return kept
