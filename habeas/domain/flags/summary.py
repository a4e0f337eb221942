"""The case-level summary of element flags: which elements the documents affirm about this case.

Only affirmed flags count. A flag the engine set aside (negated, hypothetical, another case, the
law, a rejected claim) never makes an element part of the case; the summary lists such elements
separately, with how many passages were set aside and why, so a reviewer can still look.

An element is counted when its affirmed flags reach ``min_confidence`` (the most confident one) or
number at least ``min_flags`` passages more confident than a plain mention: one weak passage in a
long opinion is a pointer to read, not yet an element of the case. There is no score that adds
elements up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from habeas.domain.flags.flag import Category, Context, Flag

MIN_CONFIDENCE = 0.5  # one affirmed passage at least this confident counts the element
MIN_FLAGS = 2  # ... or this many affirmed passages above a plain mention's confidence
MENTION_CONFIDENCE = 0.35  # plain mentions (support rules) are at most this confident


@dataclass(frozen=True, slots=True)
class CaseElement:
    category: Category
    flags: tuple[Flag, ...]  # the affirmed flags, in page order
    confidence: float  # the most confident affirmed flag's
    pages: tuple[int, ...]  # pages holding them (page-less flags are left out)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r for f in self.flags for r in (f.rule_ids or (f.rule_id,))))


@dataclass(frozen=True, slots=True)
class CaseSummary:
    elements: dict[Category, CaseElement]  # counted: affirmed about this case
    weak: dict[Category, CaseElement]  # affirmed passages below the thresholds: to read
    set_aside: dict[Category, Counter[Context]] = field(default_factory=dict)  # never affirmed

    def categories(self) -> frozenset[Category]:
        return frozenset(self.elements)


def case_summary(
    flags: Iterable[Flag], *, min_confidence: float = MIN_CONFIDENCE, min_flags: int = MIN_FLAGS
) -> CaseSummary:
    """Elements affirmed about this case by ``flags`` (of one case's documents)."""
    affirmed: dict[Category, list[Flag]] = {}
    others: dict[Category, Counter[Context]] = {}
    for flag in flags:
        if flag.context is Context.AFFIRMED:
            affirmed.setdefault(flag.category, []).append(flag)
        else:
            others.setdefault(flag.category, Counter())[flag.context] += 1
    elements: dict[Category, CaseElement] = {}
    weak: dict[Category, CaseElement] = {}
    for category, found in affirmed.items():
        found.sort(key=lambda f: (f.page if f.page is not None else -1, f.start))
        element = CaseElement(
            category=category,
            flags=tuple(found),
            confidence=max(f.confidence for f in found),
            pages=tuple(dict.fromkeys(f.page for f in found if f.page is not None)),
        )
        above = sum(1 for f in found if f.confidence > MENTION_CONFIDENCE)
        counted = element.confidence >= min_confidence or above >= min_flags
        (elements if counted else weak)[category] = element
    set_aside = {c: n for c, n in others.items() if c not in affirmed}
    return CaseSummary(elements=elements, weak=weak, set_aside=set_aside)
