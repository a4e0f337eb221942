"""``name_parse``: one written name ("Det. Ann Kessler #4412", "HERNANDEZ LOPEZ, Luis",
"P.O. Di Napoli (Badge 882)") as first name, middle names, surname parts and badge.

Rules, each from the name data files:
- accents dropped, lower case; apostrophes vanish inside a name ("O'Neill" -> "oneill");
- a badge, shield, star or serial number written into the name is taken out (``badges.py``);
- titles and ranks at the start of the name (or of either side of "LAST, First") are dropped;
- "LAST, First Middle" is turned round; generational suffixes (Jr., III) are dropped;
- particles are glued to the word after them ("De La Cruz" = "DeLaCruz" -> "delacruz");
- a hyphen keeps both parts of a surname ("Smith-Jones" -> ("smith", "jones")), and so does a
  second word before the surname that is not a known given name ("Luis Hernandez Lopez").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from habeas.domain.names.badges import badge_normalize, badge_split
from habeas.domain.names.nicknames import given_names
from habeas.domain.names.tables import particles
from habeas.domain.names.titles import title_phrases, title_roles

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "esq", "phd", "md"})
_APOSTROPHES = str.maketrans("", "", "'’`´")
_WORD_SPLIT = re.compile(r"[\s.;:/\\()\[\]{}\"]+")
_PIECE_CLEAN = re.compile(r"[^a-z0-9-]+")
_LONGEST_TITLE = 4  # words in the longest title phrase tried


@dataclass(frozen=True)
class ParsedName:
    written: str
    first: str | None  # "ray", or an initial "r"
    middles: tuple[str, ...]
    surname: tuple[str, ...]  # parts with particles glued: ("hernandez", "lopez"), ("delacruz",)
    badge: str | None  # normalized: "4412"
    role: str | None  # what a title in the name said: "detective", "officer", "sergeant"...
    # "Di Napoli": the first word is a particle that may belong to the surname.
    first_may_be_particle: bool = False
    particle: str = ""  # the particles glued to the surname's first part ("dela" of "delacruz")
    # The surname as one word: "hernandezlopez", "delacruz", "oneill". Read for every comparison
    # of a candidate pair, so set once here (a cached_property takes a lock on first reading).
    last: str | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "last", "".join(self.surname) or None)

    @property
    def first_is_initial(self) -> bool:
        return self.first is not None and len(self.first) == 1

    @property
    def key(self) -> str:
        """First name and surname as one comparable string ("ray quill")."""
        return " ".join(p for p in (self.first, self.last) if p)


def ascii_lower(text: str) -> str:
    """Accents dropped, lower case: "Núñez" -> "nunez"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _words(segment: str) -> list[list[str]]:
    """Words of a segment, each as its hyphen-joined pieces: "smith-jones" -> ["smith", "jones"]."""
    out: list[list[str]] = []
    for raw in _WORD_SPLIT.split(segment):
        pieces = [p for p in _PIECE_CLEAN.sub("", raw).split("-") if p]
        if pieces:
            out.append(pieces)
    return out


def _strip_titles(words: list[list[str]]) -> tuple[list[list[str]], str | None]:
    """Titles at the start dropped (repeatedly: "Det. Sgt."), keeping at least one word."""
    phrases, roles = title_phrases(), title_roles()
    role: str | None = None
    while True:
        flat = [p for w in words for p in w]
        for size in range(min(_LONGEST_TITLE, len(flat) - 1), 0, -1):
            phrase = tuple(flat[:size])
            if phrase in phrases:
                role = role or roles.get(phrase)
                break
        else:
            return words, role
        # Remove ``size`` pieces from the front, word by word.
        remaining = size
        while remaining:
            if len(words[0]) <= remaining:
                remaining -= len(words[0])
                words = words[1:]
            else:
                words = [words[0][remaining:], *words[1:]]
                remaining = 0


def _glue(words: list[list[str]], *, first_is_given: bool) -> tuple[list[list[str]], list[str]]:
    """Particles glued to the next word: [["de"], ["la"], ["cruz"]] -> [["delacruz"]], with the
    particles each word took (["dela"])."""
    known = particles()
    out: list[list[str]] = []
    taken: list[str] = []
    pending = ""
    for i, pieces in enumerate(words):
        word = pieces[0]
        if (
            len(pieces) == 1
            and word in known
            and i + 1 < len(words)
            and not (i == 0 and first_is_given and known[word])
        ):
            pending += word
            continue
        out.append([pending + word, *pieces[1:]] if pending else pieces)
        taken.append(pending)
        pending = ""
    return out, taken


def _digits_out(words: list[list[str]]) -> tuple[list[list[str]], str | None]:
    """Pure numbers left in a name (an unlabelled badge) taken out."""
    kept = [[p for p in w if not p.isdigit()] for w in words]
    numbers = [p for w in words for p in w if p.isdigit()]
    return [w for w in kept if w], (numbers[-1] if numbers else None)


@lru_cache(maxsize=65_536)
def name_parse(written: str) -> ParsedName:
    """See the module docstring. Never fails: an empty or unreadable name has no parts."""
    rest, badge = badge_split(ascii_lower(written).translate(_APOSTROPHES))
    segments = [s for s in (seg.strip() for seg in rest.split(",")) if s]
    segment_words = [_words(s) for s in segments]
    segment_words = [
        [w for w in words if not (len(w) == 1 and w[0] in SUFFIXES)] for words in segment_words
    ]
    segment_words = [w for w in segment_words if w]
    role: str | None = None
    cleaned: list[list[list[str]]] = []
    for words in segment_words:
        words, said = _strip_titles(words)
        role = role or said
        words, number = _digits_out(words)
        badge = badge or badge_normalize(number)
        if words:
            cleaned.append(words)
    if not cleaned:
        return ParsedName(written, None, (), (), badge, role)
    if len(cleaned) >= 2:  # "LAST, First Middle" (anything after a second comma is ignored)
        surname_words, taken = _glue(cleaned[0], first_is_given=False)
        given = [p for w in cleaned[1] for p in w]
        surname = tuple(p for w in surname_words for p in w)
        return ParsedName(
            written, given[0], tuple(given[1:]), surname, badge, role, particle=taken[0]
        )
    words = cleaned[0]
    known = particles()
    head = words[0][0] if len(words[0]) == 1 else None
    # "De La Cruz" alone: a particle that is never a given name starts a bare surname.
    if len(words) == 1 or (head in known and not known[head]):
        glued, taken = _glue(words, first_is_given=False)
        surname = tuple(p for w in glued for p in w)
        return ParsedName(written, None, (), surname, badge, role, particle=taken[0])
    glued, taken = _glue(words, first_is_given=True)
    first_word, tail = glued[0], glued[1:]
    first = first_word[0]
    middles = list(first_word[1:])  # "Mary-Ann": the second piece is a middle name
    if not tail:
        return ParsedName(written, None, (), tuple(first_word), badge, role)
    parts = list(tail[-1])
    particle = taken[-1]
    before = tail[:-1]
    if before and len(before[-1]) == 1 and len(parts) == 1:
        candidate = before[-1][0]
        # "Luis Hernandez Lopez": a second surname, unless the word is a given name or an initial.
        if len(candidate) > 1 and candidate not in given_names():
            parts = [candidate, *parts]
            particle = taken[-2]
            before = before[:-1]
    middles += [p for w in before for p in w]
    return ParsedName(
        written,
        first,
        tuple(middles),
        tuple(parts),
        badge,
        role,
        first_may_be_particle=len(glued) == 2 and head in known,
        particle=particle,
    )


@lru_cache(maxsize=65_536)
def surname_split(surname: str) -> tuple[tuple[str, ...], str]:
    """A surname given on its own ("De La Cruz", "Hernandez-Lopez", "O'Neill") as its parts
    with particles glued, and the particles the first part took: (("delacruz",), "dela")."""
    words = _words(ascii_lower(surname).translate(_APOSTROPHES))
    words = [w for w in words if not (len(w) == 1 and w[0] in SUFFIXES)]
    if not words:
        return (), ""
    glued, taken = _glue(words, first_is_given=False)
    return tuple(p for w in glued for p in w), taken[0]
