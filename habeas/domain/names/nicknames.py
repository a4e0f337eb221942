"""Given-name diminutives from the ``nicknames`` package (carltonnorthern/nicknames, a maintained
hand-curated list of about 2,700 English name relations, Apache-2.0; the data ships in the package),
with ``data/nicknames_extra.csv`` for the Spanish hypocorisms and few English forms it lacks.

Two names agree as nicknames only through a direct relation ("bob" and "robert", "bill" and
"william"), never through a chain: the list relates "bill" to both "william" and "robert", and a
chain would make William and Robert one name."""

from __future__ import annotations

from functools import cache

import nicknames

from habeas.domain.names.tables import data_rows


@cache
def nickname_relations() -> dict[str, frozenset[str]]:
    """Each name -> the names directly related to it (both directions)."""
    related: dict[str, set[str]] = {}
    for triplet in nicknames.name_triplets():
        if triplet.relationship != "has_nickname":
            continue
        a, b = triplet.name1.strip().lower(), triplet.name2.strip().lower()
        if a and b and a != b:
            related.setdefault(a, set()).add(b)
            related.setdefault(b, set()).add(a)
    for row in data_rows("nicknames_extra.csv"):
        related.setdefault(row["name"], set()).add(row["nickname"])
        related.setdefault(row["nickname"], set()).add(row["name"])
    return {name: frozenset(others) for name, others in related.items()}


def nicknames_agree(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` (lower case) are directly related: "bob"/"robert"."""
    return b in nickname_relations().get(a, frozenset())


def nickname_set(name: str) -> tuple[str, ...]:
    """``name`` and every name directly related to it, sorted (``name`` included)."""
    return tuple(sorted({name, *nickname_relations().get(name, frozenset())}))


@cache
def given_names() -> frozenset[str]:
    """Every name the nickname list knows: used to tell a middle name from a second surname."""
    return frozenset(nickname_relations())
