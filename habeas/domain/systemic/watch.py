"""A watchlist entry: the person a systemic review looks for, with what identifies them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from habeas.domain.names import ParsedName, agency_key, badge_normalize, name_parse

KINDS = ("officer", "analyst", "witness", "any")
FIELDS = {
    "officer": "officers",
    "analyst": "analysts",
    "witness": "witnesses",
}  # watch kind -> records column


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace("|", ";").split(";") if part.strip())


@dataclass(frozen=True)
class WatchEntry:
    """Positional order kept from the name-only entry (entry_id, name, kind, lab, dates).

    ``agency`` may list several agencies the person served with, separated by ";" (as may
    ``badges`` and ``aliases`` when given as one string from a CSV cell)."""

    entry_id: str
    name: str  # "Ray Quill", "R. Quill", "Quill", "Det. Ann Kessler #4412"
    kind: str = "any"  # officer, analyst, witness or any
    lab: str = ""  # only records of this lab
    date_from: dt.date | None = None  # employment or assignment window: records dated in it
    date_to: dt.date | None = None
    agency: str = ""  # "Kings County Sheriff's Office; Metro Narcotics Task Force"
    badges: tuple[str, ...] = ()  # badge, shield, star or serial numbers, any format
    aliases: tuple[str, ...] = ()  # other names: "Bubba Kessler", a maiden name
    note: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"entry {self.entry_id}: date_from is after date_to")
        # A CSV cell may hold "4412; 0881": accept one string as well as a tuple.
        for name in ("badges", "aliases"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, _split(value))

    @cached_property
    def parsed_names(self) -> tuple[ParsedName, ...]:
        """The name and every alias, parsed."""
        return tuple(name_parse(n) for n in (self.name, *self.aliases) if n.strip())

    @cached_property
    def agency_keys(self) -> frozenset[str]:
        return frozenset(k for a in _split(self.agency) if (k := agency_key(a)))

    @cached_property
    def badge_keys(self) -> frozenset[str]:
        """Normalized badges, including one written into the name ("Ann Kessler #4412")."""
        keys = {b for raw in self.badges if (b := badge_normalize(raw))}
        keys |= {p.badge for p in self.parsed_names if p.badge}
        return frozenset(keys)
