"""Officials without a date of birth: who joins whom among the records of one agency.

Fellegi-Sunter weighs each field on its own. Among officials that goes wrong both ways:
"A. Kessler" at the Harbor City PD against "Ann Kessler" there scores about 0.7, and "Ann
Kessler" against "Ann Kessler" about 0.98, because many pairs of strangers share an initial, a
surname or an agency, so true pairs stay below the merge line; and where an initial-only record
scores above it with both Ann and Arthur Kessler, plain clustering makes the two one person.

What tells a reviewer is the agency's roster: nobody else at Harbor City is an Ann, or an A.,
Kessler. So among records with an agency and no dob, every scored pair at the same agency (above
the merge line, or down to ``LinkSettings.completion_floor``) is a candidate link, and below that
floor the roster's pairs (``comparisons.roster_rules``) count where a clerk reads the two surnames
as one (``surname_relation``: the same, a typo away, or a part of a double surname). Strongest
first, in three passes:

1. groups holding a full first name are joined when nothing they hold disagrees: their first
   names are one name (the same, a nickname, a typo or OCR confusion; Kate and Kathy through
   Katherine, never William and Robert through Bill), an initial fits one of them, and their
   badges, where both have some, share one;
2. a named group that only the roster links ("Katherine Calolwa", "Anthony Rivera" for Anthony
   Rivera Alvarez) joins a named group when it fits exactly one; a part of a double surname only
   joins the double one, and not with a badge of its own the other lacks ("Gloria Morales #2926"
   may be someone else than Gloria Morales Rodriguez);
3. a group without a full first name ("A. Kessler", "P.O. Kessler #4412") joins a group with one
   only when it has exactly one such group to join: "J. Rasmussen" beside a James and a Jules
   Rasmussen joins neither and stays in the review list. Its badge, where a group shares it,
   narrows the choice to those groups; then pairs a reviewer would be shown (at or above the
   review line); then pairs above the completion floor or with the same surname; then a surname
   a typo away; then a part of a double surname.

Pairs between such records are decided here only; pairs with anyone else stay the model's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from habeas.domain.linkage.constraints import _UnionFind
from habeas.domain.names import nicknames_agree, ocr_fold
from habeas.domain.names.compare import SHORT_SURNAME, TWO_EDIT_SURNAME
from habeas.domain.names.distance import damerau_levenshtein

Pair = tuple[str, str, float]  # left id, right id, match weight


@dataclass(frozen=True)
class Official:
    agency: str
    first_name: str | None  # normalized; an initial is one letter
    badge: str | None
    last_name: str | None = None  # normalized, particles glued: "delacruz", "hernandezlopez"
    # what the surname may be written as alone: ("hernandez", "lopez"), ("cruz",) of "delacruz"
    last_parts: tuple[str, ...] = ()


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
    if a == b or nicknames_agree(a, b) or ocr_fold(a) == ocr_fold(b):
        return True
    return min(len(a), len(b)) >= 4 and damerau_levenshtein(a, b, 1) <= 1


def _form_of(full: str, name: str) -> bool:
    """``name`` is ``full`` as written: the same, a typo or OCR confusion of it, or a nickname
    no longer than it (Kate of Katherine; never Robert "of" Bill)."""
    if not _firsts_agree(full, name):
        return False
    return len(full) >= len(name) or not nicknames_agree(full, name)


def _firsts_one_name(firsts: set[str]) -> bool:
    """Every first name agrees with every other; or all are forms of one of them, the name they
    shorten or misspell: Kate, Kathy and Katie are each Katherine, not each other. Never through
    a short form: Bill is William and Robert, but William and Robert are not one name."""
    names = sorted(firsts)
    if all(_firsts_agree(a, b) for i, a in enumerate(names) for b in names[i + 1 :]):
        return True
    return any(all(_form_of(full, n) for n in names) for full in names)


def _compatible(x: _Group, y: _Group) -> bool:
    if x.badges and y.badges and not x.badges & y.badges:
        return False
    initials = x.initials | y.initials
    firsts = x.firsts | y.firsts
    # "A. Kessler" is not "Mark Kessler". A nickname may change the initial: "J. O'Malley" fits
    # Jose O'Malley, also written Pepe, but an initial alone cannot say which nickname was meant,
    # so it needs a first name with its letter ("T. Quill" does not join a lone Bob Quill).
    if len(initials) > 1 or (firsts and initials - {f[0] for f in firsts}):
        return False
    return not (x.firsts and y.firsts) or _firsts_one_name(firsts)


SAME, TYPO, PART = 0, 1, 2  # how two surnames are one (surname_relation)
# How strongly a pair offers a group (officials_decide's only_choice): 1 a pair a reviewer would
# be shown, 2 one above the completion floor or a roster pair with the same surname, 3 a surname
# one typo away, 4 a part of a double surname.
RANKS = (1, 2, 3, 4)
_RANK_OF: dict[int | None, int] = {SAME: 2, TYPO: 3, PART: 4}
_ROUNDS = 5


def surname_relation(a: Official, b: Official) -> int | None:
    """How a clerk reads two surnames as one, by the rules of names.compare, or None: SAME once
    OCR confusions are folded ("Kess1er"); TYPO, one edit apart (two on long names); PART, one
    part of a double surname or the core of a particle surname ("Rivera" of "Rivera Alvarez",
    "Cruz" of "De La Cruz")."""
    x, y = a.last_name, b.last_name
    if not x or not y:
        return None
    if x == y or ocr_fold(x) == ocr_fold(y):
        return SAME
    shortest = min(len(x), len(y))
    if shortest >= SHORT_SURNAME:
        edits = damerau_levenshtein(x, y, 2)
        if edits <= 1 or (edits == 2 and shortest >= TWO_EDIT_SURNAME):
            return TYPO
    if x in b.last_parts or y in a.last_parts:
        return PART
    return None


def same_agency(pair: Pair, officials: Mapping[str, Official]) -> bool:
    a, b = officials.get(pair[0]), officials.get(pair[1])
    return a is not None and b is not None and a.agency == b.agency


def officials_decide(
    merged: Sequence[Pair],
    candidates: Sequence[Pair],
    officials: Mapping[str, Official],
    review_weight: float = 2.0,
    faint: Sequence[Pair] = (),
) -> Decided:
    """The passes above over pairs between officials of one agency: ``merged`` (at or above
    the merge line), ``candidates`` (below it, down to the completion floor) and ``faint``
    (below that: the roster, read by name only); ``review_weight`` is the review line as a
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

    def strongest_first(pairs: Sequence[Pair]) -> list[Pair]:
        return sorted(
            (p for p in pairs if same_agency(p, officials)),
            key=lambda p: ((p[0], p[1]) not in above, -p[2], p[0], p[1]),
        )

    above = {(a, b) for a, b, _ in merged}
    ordered = strongest_first((*merged, *candidates))
    # The roster: a faint pair counts only where a clerk would read the two surnames as one.
    relation = {
        (a, b): surname_relation(officials[a], officials[b]) for a, b, _ in strongest_first(faint)
    }
    roster = [p for p in strongest_first(faint) if relation[(p[0], p[1])] is not None]
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

    def short_side(a: str, b: str) -> str | None:
        """Of a pair whose surnames are one only as a part of the other, the record with the
        part ("Anthony Rivera" of "Anthony Rivera Alvarez")."""
        if relation.get((a, b)) != PART:
            return None
        return a if officials[a].last_name in officials[b].last_parts else b

    def only_choice(pairs: Sequence[Pair], lone: bool) -> None:
        """Each group (without a full first name if ``lone``, with one if not) joins the one
        group with a full first name that ``pairs`` offer it, when there is exactly one. The
        choice narrows, in order, to the groups sharing its badge, those a reviewer would be
        shown (at or above the review line), those the model scored above the completion floor
        or with the same surname, those with a surname one typo away, and only then to those of
        which its surname is a part. Repeated while it joins: once "O'Maely" joins O'Malley,
        "O'Mealely" has one group to choose where it had two."""
        options: dict[str, dict[str, tuple[Pair, int]]] = {}
        for a, b, w in pairs:
            ra, rb = uf.find(a), uf.find(b)
            if (a, b) in relation:
                rank = _RANK_OF[relation[(a, b)]]
            else:
                rank = 1 if w >= review_weight or (a, b) in above else 2
            short = short_side(a, b)
            for one, other, mine in ((ra, rb, a), (rb, ra, b)):
                if one == other or bool(groups[one].firsts) == lone or not groups[other].firsts:
                    continue
                # A part of a double surname joins the double one, never the other way round.
                if short is not None and short != mine:
                    continue
                if _compatible(groups[one], groups[other]):
                    found = options.setdefault(one, {})
                    if other not in found or rank < found[other][1]:
                        found[other] = ((a, b, w), rank)
        for _ in range(_ROUNDS):
            joined = False
            for one in sorted(options):
                root = uf.find(one)
                if bool(groups[root].firsts) == lone:
                    continue
                choices: dict[str, tuple[Pair, int]] = {}
                for o, offer in options[one].items():
                    other = uf.find(o)
                    if (
                        other != root
                        and _compatible(groups[root], groups[other])
                        and (other not in choices or offer[1] < choices[other][1])
                    ):
                        choices[other] = offer
                badge = {o: f for o, f in choices.items() if groups[root].badges & groups[o].badges}
                tiers = [badge, *({o: f for o, f in choices.items() if f[1] <= r} for r in RANKS)]
                narrowed = next((tier for tier in tiers if tier), {})
                if len(narrowed) != 1:
                    continue
                ((other, (pair, rank)),) = narrowed.items()
                # "Gloria Morales #2926" is not Gloria Morales Rodriguez on a part of her name.
                if rank == 4 and groups[root].badges - groups[other].badges:
                    continue
                join(root, other)
                accepted.append(pair)
                joined = True
            if not joined:
                break

    # Pass 2: a named group that only the roster links ("Katherine Calolwa", "Anthony Rivera")
    # joins the one named group it fits; pass 3: a group without a full first name joins its
    # only fit with one.
    only_choice(roster, lone=False)
    only_choice([*ordered, *roster], lone=True)
    taken = {(a, b) for a, b, _ in accepted}
    refused = [
        p
        for p in merged
        if same_agency(p, officials)
        and (p[0], p[1]) not in taken
        and uf.find(p[0]) != uf.find(p[1])
    ]
    return Decided(accepted, refused)
