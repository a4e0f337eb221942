"""Legal citations: case reporters and statutes via eyecite, plus California code sections
written the way briefs and minute orders write them ("Penal Code section 1485.55", "PC § 4900"),
which eyecite misses or names without the code ("Cal. Code § 1473.6")."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from eyecite import get_citations
from eyecite.models import (
    CitationBase,
    FullCaseCitation,
    FullJournalCitation,
    FullLawCitation,
    ShortCaseCitation,
)

from habeas.domain.mentions.mention import (
    Mention,
    MentionKind,
    cased,
    context_of,
    squash,
    word_trie,
)

# eyecite logs "Unknown overlap case" at WARNING for ordinary statute-after-case text;
# on thousands of pages that floods the worker log with nothing actionable.
logging.getLogger("eyecite.helpers").setLevel(logging.ERROR)

# eyecite runs ~0.1 MB/s, so only pages that look like they cite something get it: a
# volume-reporter-page shape ("27 Cal.4th 1161", "373 U.S. 83", "123 F.3d 456": an abbreviation with a period) or a
# section sign. A bare "0 Reporting District 1" must not qualify.
_CITE_HINT = re.compile(
    r"\b\d{1,4}[ \t]+(?:[A-Z][A-Za-z]{0,10}\.[ \t]?(?:\d(?:d|th|st|nd|rd)\b[ \t]?)?){1,5}[ \t]*(?:at[ \t]+(?:p\.[ \t]*)?)?\d"
    r"|\b\d{1,4}[ \t]+(?:WL|LEXIS|U\.S\.|S\.[ \t]?Ct\.)[ \t]+\d|§"
)

_CAL_CODES: dict[str, str] = {
    "penal": "Penal",
    "pen": "Penal",
    "pc": "Penal",
    "p.c": "Penal",
    "evidence": "Evid.",
    "evid": "Evid.",
    "ec": "Evid.",
    "government": "Gov.",
    "gov": "Gov.",
    "govt": "Gov.",
    "health and safety": "Health & Saf.",
    "health & safety": "Health & Saf.",
    "health & saf": "Health & Saf.",
    "h&s": "Health & Saf.",
    "hs": "Health & Saf.",
    "vehicle": "Veh.",
    "veh": "Veh.",
    "vc": "Veh.",
    "welfare and institutions": "Welf. & Inst.",
    "welf. & inst": "Welf. & Inst.",
    "wic": "Welf. & Inst.",
    "civil": "Civ.",
    "civ": "Civ.",
    "code of civil procedure": "Code Civ. Proc.",
    "code civ. proc": "Code Civ. Proc.",
    "ccp": "Code Civ. Proc.",
    "business and professions": "Bus. & Prof.",
    "bus. & prof": "Bus. & Prof.",
}
_SP = r"[ \t]*(?:\n[ \t]*)?"  # briefs wrap lines anywhere: "Penal Code\nsection 1485.55"
_SECTION = r"(?P<sec>\d{1,5}(?:\.\d{1,3})*(?:\([a-z0-9]{1,3}\)){0,3})"
_SEC_WORD = r"(?:sections?|secs?\.|§§?)"
_LONG_CODE = (
    r"(?P<code>Penal|Pen\.|Evidence|Evid\.|Government|Gov(?:t)?\.|Health[ \t]+(?:and|&)[ \t]+Saf(?:ety|\.)"
    r"|Vehicle|Veh\.|Welfare[ \t]+and[ \t]+Institutions|Welf\.[ \t]*&[ \t]*Inst\.|Civil|Civ\.|Business[ \t]+and[ \t]+Professions"
    r"|Bus\.[ \t]*&[ \t]*Prof\.)"
)
_STATUTE_LEADS = word_trie(
    {
        "Cal",
        "California",
        "Code",
        "PC",
        "P.C.",
        "VC",
        "H&S",
        "HS",
        "WIC",
        "section",
        "sections",
        "sec",
        "secs",
        "§",
    }
    | cased(
        "penal pen evidence evid government gov govt health vehicle veh welfare welf civil civ business bus"
    )
)
_CAL_STATUTE = re.compile(
    rf"(?=\d|{_STATUTE_LEADS})(?:\b(?:Cal(?:ifornia|\.)?[ \t]+)?{_LONG_CODE}{_SP}Code,?{_SP}{_SEC_WORD}?{_SP}{_SECTION}"
    rf"|(?P<ccp>\bCode[ \t]+(?:of[ \t]+)?Civ(?:il|\.)[ \t]+Proc(?:edure|\.),?[ \t]*{_SEC_WORD}?[ \t]*{_SECTION.replace('sec', 'sec2')})"
    rf"|\b(?P<abbr>PC|P\.C\.|VC|H&S|HS|WIC)[ \t]*{_SEC_WORD}?[ \t]*{_SECTION.replace('sec', 'sec3')}"
    rf"|(?<![\w.§])(?:{_SEC_WORD}[ \t]*)?{_SECTION.replace('sec', 'sec4')}[ \t]+(?P<post>PC|P\.C\.|VC|H&S|WIC))(?![\w])",
)


def _statutes(text: str) -> Iterator[Mention]:
    for m in _CAL_STATUTE.finditer(text):
        raw_code = (
            m.group("code")
            or m.group("abbr")
            or m.group("post")
            or ("ccp" if m.group("ccp") else "")
        )
        key = re.sub(r"[ \t]+", " ", raw_code).strip().rstrip(".").lower()
        code = _CAL_CODES.get(key)
        section = m.group("sec") or m.group("sec2") or m.group("sec3") or m.group("sec4")
        if code is None or not section:
            continue
        value = (
            f"Cal. {code} Code § {section}"
            if code != "Code Civ. Proc."
            else f"Cal. Code Civ. Proc. § {section}"
        )
        yield Mention(
            kind=MentionKind.CITATION,
            text=m.group(),
            start=m.start(),
            end=m.end(),
            value=value,
            confidence=0.8,
            context=context_of(text, m.start(), m.end()),
        )


_KEEP = (FullCaseCitation, ShortCaseCitation, FullLawCitation, FullJournalCitation)


def _eyecite(text: str) -> Iterator[Mention]:
    if text.strip() == "eyecite":  # get_citations answers this one string with a joke citation
        return
    try:
        found: list[CitationBase] = get_citations(text)
    except Exception:  # a third-party parser must not fail a page; we lose only its suggestions
        return
    for cite in found:
        if not isinstance(cite, _KEEP):
            continue
        try:
            start, end = cite.span()
            value = cite.corrected_citation()
        except Exception:  # noqa: S112 - same reason: skip the odd citation, keep the rest
            continue
        if not (0 <= start < end <= len(text)) or text[start:end] != cite.matched_text():
            continue  # offsets must point into the page the user sees
        if isinstance(cite, FullLawCitation):
            value = squash(text[start:end])  # eyecite drops the code name: "Cal. Code § 1473.6"
        yield Mention(
            kind=MentionKind.CITATION,
            text=text[start:end],
            start=start,
            end=end,
            value=value,
            confidence=0.9 if isinstance(cite, FullCaseCitation) else 0.75,
            context=context_of(text, start, end),
        )


def citations_find(text: str) -> Iterator[Mention]:
    yield from _statutes(text)
    if _CITE_HINT.search(text):
        yield from _eyecite(text)
