"""Officials without a date of birth: who joins whom among the records of one agency.

Fellegi-Sunter weighs each field on its own. Among officials that goes wrong both ways:
"A. Kessler" at the Harbor City PD against "Ann Kessler" there scores about 0.7, and "Ann
Kessler" against "Ann Kessler" about 0.98, because many pairs of strangers share an initial, a
surname or an agency, so true pairs stay below the merge line; and where an initial-only record
scores above it with both Ann and Arthur Kessler, plain clustering makes the two one person.

What tells a reviewer is the agency's roster: nobody else at Harbor City is an Ann, or an A.,
Kessler. So among records with an agency and no dob, every scored pair at the same agency (above
the merge line, or down to ``LinkSettings.completion_floor``) is a candidate link, taken strongest
first, in two passes:

1. groups holding a full first name are joined when nothing they hold disagrees: every first name
   of one agrees with every first name of the other (the same, a nickname, one typo), no initial
   contradicts them, and their badges, where both have some, share one;
2. a group without a full first name ("A. Kessler", "P.O. Kessler #4412") joins a group with one
   only when it has exactly one such group to join: "J. Rasmussen" beside a James and a Jules
   Rasmussen joins neither and stays in the review list. Its badge, where a group shares it,
   narrows the choice to those groups; otherwise pairs a reviewer would be shown (at or above
   the review line) narrow it to theirs, and only with none of those do weaker pairs count.

Pairs between such records are decided here only; pairs with anyone else stay the model's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from habeas.domain.linkage.constraints import _UnionFind
from habeas.domain.names import nicknames_agree
from habeas.domain.names.distance import damerau_levenshtein

Pair = tuple[str, str, float]  # left id, right id, match weight


@dataclass(frozen=True)
class Official:
    agency: str
    first_name: str | None  # normalized; an initial is one letter
    badge: str | None


@dataclass
class _Group:
    firsts: set[str] = field(default_factory=set)  # full first names
    initials: set[str] = field(default_factory=set)  # of records with an initial only
    badges: set[str] = field(default_factory=set)


@dataclass
class Decided:
    accepted: list[Pair]  # pairs that join two records (above the merge line or below it)
    refused: list[Pair]  # pairs above the merge line that would join two different officials


def _firsts_agree(a: str, b: str) -> bool:
    if a == b or nicknames_agree(a, b):
        return True
    return min(len(a), len(b)) >= 4 and damerau_levenshtein(a, b, 1) <= 1


def _compatible(x: _Group, y: _Group) -> bool:
    if x.badges and y.badges and not x.badges & y.badges:
        return False
    initials = x.initials | y.initials
    # "A. Kessler" is not "Mark Kessler"; a nickname may change the initial (Bob/Robert), but an
    # initial alone cannot say which nickname was meant: refused.
    if len(initials) > 1 or (initials and {f[0] for f in x.firsts | y.firsts} - initials):
        return False
    return all(_firsts_agree(a, b) for a in x.firsts for b in y.firsts)


def same_agency(pair: Pair, officials: Mapping[str, Official]) -> bool:
    a, b = officials.get(pair[0]), officials.get(pair[1])
    return a is not None and b is not None and a.agency == b.agency


def officials_decide(
    merged: Sequence[Pair],
    candidates: Sequence[Pair],
    officials: Mapping[str, Official],
    review_weight: float = 2.0,
) -> Decided:
    """The two passes above over pairs between officials of one agency: ``merged`` (at or above
    the merge line) and ``candidates`` (below it); ``review_weight`` is the review line as a
    match weight (0.8 -> 2.0)."""
    uf = _UnionFind()
    groups: dict[str, _Group] = {}
    for rid, official in officials.items():
        g = groups.setdefault(uf.find(rid), _Group())
        if official.first_name and len(official.first_name) > 1:
            g.firsts.add(official.first_name)
        elif official.first_name:
            g.initials.add(official.first_name)
        if official.badge:
            g.badges.add(official.badge)

    def join(a: str, b: str) -> None:
        ra, rb = uf.find(a), uf.find(b)
        ga, gb = groups.pop(ra), groups.pop(rb)
        uf.union(ra, rb)
        groups[uf.find(ra)] = _Group(
            ga.firsts | gb.firsts, ga.initials | gb.initials, ga.badges | gb.badges
        )

    above = {(a, b) for a, b, _ in merged}
    ordered = sorted(
        (p for p in (*merged, *candidates) if same_agency(p, officials)),
        key=lambda p: ((p[0], p[1]) not in above, -p[2], p[0], p[1]),
    )
    accepted: list[Pair] = []
    # Pass 1: groups with full first names; and badge twins without one ("Kessler #4412" twice).
    for a, b, w in ordered:
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        ga, gb = groups[ra], groups[rb]
        both_named = bool(ga.firsts and gb.firsts)
        badge_twins = not ga.firsts and not gb.firsts and bool(ga.badges & gb.badges)
        if (both_named or badge_twins) and _compatible(ga, gb):
            join(ra, rb)
            accepted.append((a, b, w))
    # Pass 2: a group without a full first name joins its only compatible group with one.
    options: dict[str, dict[str, tuple[Pair, bool]]] = {}
    for a, b, w in ordered:
        ra, rb = uf.find(a), uf.find(b)
        for lone, other in ((ra, rb), (rb, ra)):
            if lone == other or groups[lone].firsts or not groups[other].firsts:
                continue
            if _compatible(groups[lone], groups[other]):
                strong = w >= review_weight or (a, b) in above
                options.setdefault(lone, {}).setdefault(other, ((a, b, w), strong))
    for lone in sorted(options):
        root = uf.find(lone)
        if groups[root].firsts:
            continue
        choices = {uf.find(o): found for o, found in options[lone].items()}
        choices.pop(root, None)
        badge = {o: f for o, f in choices.items() if groups[root].badges & groups[o].badges}
        shown = {o: f for o, f in choices.items() if f[1]}
        narrowed = badge or shown or choices
        if len(narrowed) == 1:
            ((other, (pair, _)),) = narrowed.items()
            join(root, other)
            accepted.append(pair)
    taken = {(a, b) for a, b, _ in accepted}
    refused = [
        p
        for p in merged
        if same_agency(p, officials)
        and (p[0], p[1]) not in taken
        and uf.find(p[0]) != uf.find(p[1])
    ]
    return Decided(accepted, refused)
