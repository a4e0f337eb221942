"""Titles, ranks and role words ("Det.", "P.O.", "Police Officer", "Criminalist", "witness"), from
``data/titles.csv``: one list for the name normaliser (which strips them from written names) and
the document mention finder (which turns them into roles).

Spelling syntax in the file: ``(a/b)`` is one of the alternatives, a trailing ``?`` makes the
character before it optional, a space stands for spaces or tabs, and a word written in lower
case may start with either case ("prosecutor" = "prosecutor" or "Prosecutor")."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from habeas.domain.names.tables import data_rows

_GROUP = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Title:
    title: str
    spellings: tuple[str, ...]  # expanded: no "(a/b)" groups left, "?" markers kept
    role_detail: str
    role: str | None  # decides the PersonRole over role_detail when set
    confidence: float
    strip: bool  # removed from written names by the normaliser
    any_case: bool  # also matched in lower case


def _expand_groups(spelling: str) -> list[str]:
    parts = _GROUP.split(spelling)  # literal, group, literal, group, ...
    choices = [[p] if i % 2 == 0 else p.split("/") for i, p in enumerate(parts)]
    return ["".join(combo) for combo in itertools.product(*choices)]


@cache
def titles() -> tuple[Title, ...]:
    """Every title row in file order (the order mention finding tries them in)."""
    out: list[Title] = []
    for row in data_rows("titles.csv"):
        spellings = [s for raw in row["spellings"].split("|") for s in _expand_groups(raw)]
        out.append(
            Title(
                title=row["title"],
                # Longer first: an alternation takes the first spelling that matches.
                spellings=tuple(sorted(spellings, key=len, reverse=True)),
                role_detail=row["role_detail"],
                role=row["role"] or None,
                confidence=float(row["confidence"]),
                strip=row["strip"] == "y",
                any_case=row["case"] == "any",
            )
        )
    return tuple(out)


def spelling_forms(spelling: str) -> list[str]:
    """The literal strings a spelling stands for: "Sgt.?" -> ["Sgt.", "Sgt"]."""
    forms = [""]
    i = 0
    while i < len(spelling):
        char = spelling[i]
        if i + 1 < len(spelling) and spelling[i + 1] == "?":
            forms = [f + c for f in forms for c in (char, "")]
            i += 2
        else:
            forms = [f + char for f in forms]
            i += 1
    return forms


def title_key(text: str) -> tuple[str, ...]:
    """A title as lower-case words, as the normaliser sees it: "P.O." -> ("p", "o")."""
    cleaned = text.lower().replace("'", "").replace("’", "")
    return tuple(w for w in re.split(r"[^a-z0-9]+", cleaned) if w)


@cache
def title_phrases() -> frozenset[tuple[str, ...]]:
    """Every strippable title as word tuples: ("det",), ("p", "o"), ("police", "officer")."""
    return frozenset(
        title_key(form)
        for title in titles()
        if title.strip
        for spelling in title.spellings
        for form in spelling_forms(spelling)
        if title_key(form)
    )


@cache
def title_roles() -> dict[tuple[str, ...], str]:
    """Strippable title words -> the role detail they state ("det" -> "detective")."""
    out: dict[tuple[str, ...], str] = {}
    for title in titles():
        if not title.strip:
            continue
        for spelling in title.spellings:
            for form in spelling_forms(spelling):
                out.setdefault(title_key(form), title.role or title.role_detail)
    return out
