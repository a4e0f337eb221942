"""Court docket numbers and police/lab report numbers. The label decides the kind:
"Case No." is a docket, "DR#" or "Lab No." is a report; unlabeled shapes are only taken
where the shape itself is distinctive (LA County "BA123456", federal "2:05-cv-01234")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from habeas.domain.mentions.mention import (
    Mention,
    MentionKind,
    cased,
    context_of,
    squash,
    word_trie,
)

_NUM_WORD = r"(?:No\.?|Nos\.?|Number|Num\.|#)"
# An identifier must hold a digit; inner separators only when followed by more of it, so a
# sentence-ending period or a following word is never swallowed. An optional letter prefix
# may stand apart ("LA 012345").
_ID = r"(?:[A-Za-z]{1,4}[ \t]{1,3}(?=\d))?(?=[A-Za-z0-9]*\d|[A-Za-z0-9]+[-:/.][A-Za-z0-9-:/.]*\d)[A-Za-z0-9]+(?:[-:/.][A-Za-z0-9]+)*"

_DOCKET_LABEL = (
    r"(?:(?:Superior[ \t]+Court|Super\.[ \t]*Ct\.|Municipal[ \t]+Court|Appellate|Appeal|Crim(?:inal)?\.?"
    r"|Habeas|Court|Docket|Case|Cause|Indictment|Information)[ \t]+" + _NUM_WORD + r")"
)
_REPORT_LABEL = (
    r"(?:(?:DR|D\.R\.|Incident|Report|Lab(?:oratory)?|Crime[ \t]+Lab|Booking|Event|Complaint|Arrest"
    r"|Offense|Occurrence|File|URN|CAD|Evidence[ \t]+Control|Property)[ \t]*" + _NUM_WORD + r")"
)
_LABEL_WORDS = cased(
    "superior super municipal appellate appeal crim criminal habeas court docket case cause indictment"
    " information dr d.r. incident report lab laboratory crime booking event complaint arrest offense"
    " occurrence file urn cad evidence property"
)
_LABELED = re.compile(
    rf"\b(?={word_trie(_LABEL_WORDS)})(?:(?P<docket>{_DOCKET_LABEL})|(?P<report>{_REPORT_LABEL}))[ \t]*:?[ \t]*(?P<id>{_ID})",
    re.IGNORECASE,
)
# Appellate and supreme court numbers: "No. B154321", "No. S012345" (letter + 5-6 digits).
_APPELLATE = re.compile(r"\bNo\.[ \t]*(?P<id>[A-HS][0-9]{5,6})\b")
# LA County superior court case numbers ("BA123456", "LA 012345"); federal civil/criminal numbers.
_BARE = re.compile(
    r"\b(?P<id>(?:BA|LA|VA|KA|GA|NA|PA|SA|TA|YA|MA)[ \t]{0,3}\d{6}"
    r"|\d{1,2}:\d{2}-(?:cv|cr|mj|hc|CV|CR|MJ|HC)-\d{3,6}(?:-[A-Z]{2,5})*)\b"
)


def numbers_find(text: str) -> Iterator[Mention]:
    for m in _LABELED.finditer(text):
        if len(m.group("id")) < 3:  # "Supplemental Report No. 2" numbers a part, not a report
            continue
        kind = MentionKind.DOCKET if m.group("docket") else MentionKind.REPORT_NUMBER
        yield _mention(text, m, kind, 0.85)
    for m in _APPELLATE.finditer(text):
        yield _mention(text, m, MentionKind.DOCKET, 0.75)
    for m in _BARE.finditer(text):
        yield _mention(text, m, MentionKind.DOCKET, 0.7)


def _mention(text: str, m: re.Match[str], kind: MentionKind, confidence: float) -> Mention:
    start, end = m.span("id")
    return Mention(
        kind=kind,
        text=text[start:end],
        start=start,
        end=end,
        value=squash(text[start:end]),
        confidence=confidence,
        context=context_of(text, start, end),
    )
