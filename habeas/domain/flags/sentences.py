"""Sentence boundaries, found around a position or over a whole page.

A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) followed by white space,
or at a blank line. A full stop is not an ending when the word before it is a known abbreviation
(Det., Sgt., No., v., Cal., a.m. ...; not "Id." or "Ibid.", which end the citation sentences of
opinions: "Id. at 5" runs on only because "at" is in lower case), a single capital initial ("J. Smith", also the "Q."/"A."
of transcripts), a dotted abbreviation (U.S., D.O.B.), or when the next word starts in lower case.
Single line breaks do not end a sentence (page text is often hard-wrapped). Sentences are found
around a position, looking at most ``REACH`` characters either way, so the cost does not grow with
the page (and a page without punctuation costs no more than one with it).
"""

from __future__ import annotations

import re

REACH = 600  # characters looked at on each side of a position when finding its sentence
GRID = 200  # where no ending is found, the reach is cut at multiples of this
NEAR = 240  # characters looked at first, before the whole reach, when looking back for a sentence start

ABBREVIATIONS = frozenset(
    [
        "det",
        "dets",
        "sgt",
        "lt",
        "capt",
        "cpt",
        "cmdr",
        "cmdt",
        "col",
        "maj",
        "gen",
        "ofc",
        "ofcr",
        "off",
        "dep",
        "insp",
        "inv",
        "agt",
        "spc",
        "cpl",
        "pvt",
        "supt",
        "sup",
        "chf",
        "mr",
        "mrs",
        "ms",
        "messrs",
        "dr",
        "prof",
        "hon",
        "rev",
        "atty",
        "esq",
        "jr",
        "sr",
        "st",
        "mt",
        "ft",
        "no",
        "nos",
        "num",
        "v",
        "vs",
        "cal",
        "app",
        "supp",
        "rptr",
        "ct",
        "cir",
        "dist",
        "super",
        "sup",
        "fed",
        "reg",
        "stat",
        "ann",
        "civ",
        "crim",
        "proc",
        "pen",
        "evid",
        "gov",
        "code",
        "sec",
        "secs",
        "ch",
        "chap",
        "art",
        "pt",
        "para",
        "paras",
        "subd",
        "cl",
        "fn",
        "n",
        "nn",
        "ex",
        "exh",
        "exs",
        "fig",
        "figs",
        "p",
        "pp",
        "vol",
        "vols",
        "ed",
        "eds",
        "al",
        "cf",
        "viz",
        "approx",
        "est",
        "ca",
        "apt",
        "ste",
        "ave",
        "blvd",
        "rd",
        "hwy",
        "bldg",
        "dept",
        "div",
        "co",
        "corp",
        "inc",
        "ltd",
        "bros",
        "assn",
        "univ",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "ala",
        "ariz",
        "ark",
        "colo",
        "conn",
        "del",
        "fla",
        "ga",
        "ill",
        "ind",
        "kan",
        "ky",
        "la",
        "md",
        "mass",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nev",
        "okla",
        "ore",
        "or",
        "pa",
        "tenn",
        "tex",
        "va",
        "vt",
        "wash",
        "wis",
        "wyo",
        "dob",
        "hrs",
        "min",
        "mins",
        "yr",
        "yrs",
        "tel",
        "ph",
        # record and brief citations in opinions: "Pet. at 4", "Tr. 212", "Resp. Br. 9", "Aplt. App."
        "pet",
        "resp",
        "br",
        "tr",
        "rt",
        "rr",
        "aplt",
        "appx",
        "def",
        "defs",
        "pl",
        "const",
        "amend",
        "cert",
        "cty",
        "twp",
    ]
)

_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s)|\n[^\S\n]*\n""")
_LAST_TOKEN = re.compile(r"[^\s(\[\"'“‘]+$")
_NEXT_VISIBLE = re.compile(r"\s*(\S)")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
_WORD = re.compile(r"\w+")
_RUNS_ON = frozenset(",;:(-–—&/")


def _blank_line_ends(text: str, m: re.Match[str]) -> bool:
    """A blank line ends a sentence unless the text runs on across it, as in double-spaced opinion
    text: the line before ends in a lower-case letter, an abbreviation ("v.", "Det.") or , ; : (
    - and the like, or the line after starts in lower case."""
    nxt = _NEXT_VISIBLE.match(text, m.end())
    if nxt and nxt.group(1).islower():
        return False
    a = max(0, m.start() - 8)
    before = text[a : m.start()].rstrip()
    if not before:
        return True
    if before[-1] == ".":
        return not _abbreviation_before(text, a + len(before) - 1)
    return not (before[-1].islower() or before[-1] in _RUNS_ON)


def _abbreviation_before(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation, an initial or a dotted abbreviation."""
    token_match = _LAST_TOKEN.search(text, max(0, stop - 40), stop)  # the word before the stop
    if token_match is None:
        return False
    token = token_match.group().rstrip(".")
    bare = token.lower()
    if bare in ABBREVIATIONS:
        return True
    if len(bare) == 1 and bare.isalpha() and token[-1:].isupper():
        return True  # an initial: "J. Smith", transcript "Q." / "A."
    return _DOTTED.fullmatch(bare) is not None  # "U.S.", "a.m.", "D.O.B." are not endings


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    mark = m.group()
    if mark.startswith("\n"):
        return _blank_line_ends(text, m)
    if "!" in mark or "?" in mark:
        return True
    nxt = _NEXT_VISIBLE.match(text, m.end())
    if nxt and nxt.group(1).islower():
        return False
    return not _abbreviation_before(text, m.start())


def _boundary_end(m: re.Match[str]) -> tuple[int, int]:
    """(where the sentence before it ends, where the next one may start)."""
    if m.group().startswith("\n"):
        return m.start(), m.end()
    return m.end(), m.end()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_start(text: str, lo: int, start: int) -> int | None:
    """Where the sentence holding ``start`` begins: after the last sentence ending in [lo, start),
    or None when there is none. Looks at a short stretch first (most sentences are short), then at
    the whole reach, testing endings from the nearest one back."""
    a = max(lo, start - NEAR)
    while True:
        for m in reversed(list(_BOUNDARY.finditer(text, a, start))):
            if _is_boundary(text, m):
                return _boundary_end(m)[1]
        if a <= lo:
            return None
        a = lo


def sentence_span(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` (white space trimmed), within ``REACH`` characters
    (up to ``GRID`` more, where the cut is snapped to the grid)."""
    end = start if end is None else end
    # the reach, on a grid: matches close together in text without sentence endings get the same
    # span (so the context searches over it are done once)
    lo = max(0, (start - REACH) // GRID * GRID)
    hi = min(len(text), (end + REACH) // GRID * GRID + GRID)
    found = _sentence_start(text, lo, start)
    if found is not None:
        s = found
    elif lo > 0:  # cut at a space, not inside a word
        space = text.find(" ", lo, start)
        s = space + 1 if space != -1 else lo
    else:
        s = lo
    e = hi
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        e = space if space != -1 else hi
    for m in _BOUNDARY.finditer(text, end, hi):
        if _is_boundary(text, m):
            e = _boundary_end(m)[0]
            break
    s, e = _strip(text, s, e)
    return min(s, start), max(e, end)


def sentence_split(text: str) -> list[tuple[int, int]]:
    """Every sentence of ``text`` as (start, end) offsets, white space trimmed, empty ones dropped."""
    spans, s = [], 0
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m):
            end, nxt = _boundary_end(m)
            a, b = _strip(text, s, end)
            if a < b:
                spans.append((a, b))
            s = nxt
    a, b = _strip(text, s, len(text))
    if a < b:
        spans.append((a, b))
    return spans


def word_count(low: str, a: int, b: int) -> int:
    return len(_WORD.findall(low, a, b)) if b > a else 0
