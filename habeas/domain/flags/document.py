"""Context decided over a whole document, after every sentence has been read.

1. Not a prosecution: a document that names plaintiffs many times and a prosecution almost never
   (a civil, records or immigration case), or a long one with hardly a word of a prosecution in it
   (no conviction, jury, arrest, police ...: a labour board's or an agency's decision), speaks of
   no element of a conviction; its affirmed flags become ``not_criminal``.
2. Plain mentions (rules with ``support = true``: "the photo array", "his confession") are kept
   only where the same document affirms the element with another rule, and only in sentences that
   tell of events (a past-tense verb); alone they say nothing about the case.
3. Rejected claims: where the court rejects an element (a ``rejected_claim`` flag of it, or a
   finding that it did not happen, anywhere in the document) and every affirmed flag of it is a
   claim, a procedural mention or a section heading ("Petitioner contends ...", "the Brady
   claim", "WITHHOLDING OF EVIDENCE"), those flags take the rejection: the label follows the
   opinion. A rejection for want of materiality or prejudice is not one (the element occurred).
   Where the document also states the element as fact, or ends by granting relief, vacating or
   remanding (its last ``DISPOSITION_CHARS``), nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from habeas.domain.flags.context import (
    CONTEXT_NOTE,
    CONTEXT_WEIGHT,
    PAST,
    PAST_ANY,
    REJECT_FINDING,
    rejection_is_for_prejudice,
)
from habeas.domain.flags.flag import Category, Context, Flag
from habeas.domain.flags.rules import RuleSet

CIVIL_MIN = 10  # plaintiffs named at least this often ...
CIVIL_RATIO = 10  # ... and at least this many times more often than the prosecution

_CLAIM = re.compile(
    r"\b(?:contends?|contended|contending|argues?|argued|arguing|claims?|claimed|claiming|alleges?|"
    r"alleged|alleging|asserts?|asserted|asserting|maintains?|maintained|urges?|urged|insists?|"
    r"insisted|suggests?|suggested|complains?|complained|posits?|raises?|raised|presses|pressed|"
    r"challenges?|challenged|issue|issues|argument|arguments|contention|contentions|violation)\b"
)


_CIVIL_STEMS = ("convict", "indict", "prosecut", "guilty", "habeas", "sentenc")


_PROSECUTION_STEMS = (
    *_CIVIL_STEMS,
    "criminal",
    "defendant",
    "jury",
    "crime",
    "suspect",
    "arrest",
    "murder",
    "robbery",
    "rape",
    "homicide",
    "police",
)
PROSECUTION_CHARS = 5000  # a document this long ...
PROSECUTION_MIN = 3  # ... with fewer words of a prosecution than this is about something else


def _civil(pages: Sequence[tuple[int | None, str]], lows: Sequence[str] | None = None) -> str:
    """Why the document is not about a prosecution ("plaintiffs named 132 times"; "2 words of a
    prosecution in 15,385 characters"), or "". Counted with ``str.count`` on lower-cased text (C
    speed; stems, not whole words), each page lower-cased once, stopping as soon as it is clear."""
    chars = sum(len(text) for _, text in pages)
    lows = [text.lower() for _, text in pages] if lows is None else lows
    # one string: one count per stem, not one per page (no stem holds the line break between)
    low = "\n".join(lows)
    if chars >= PROSECUTION_CHARS:
        words = 0
        for stem in _PROSECUTION_STEMS:
            words += low.count(stem)
            if words >= PROSECUTION_MIN:
                break
        if words < PROSECUTION_MIN:
            return f"{words} words of a prosecution in {chars:,} characters"
    plaintiffs = low.count("plaintiff")
    if plaintiffs < CIVIL_MIN:
        return ""
    criminal = sum(low.count(stem) for stem in _CIVIL_STEMS)
    return f"plaintiffs named {plaintiffs} times" if plaintiffs >= CIVIL_RATIO * criminal else ""


_RELIEF = re.compile(
    r"\b(?:reversed|vacated|remanded|reverse|vacate|remand|new trial is granted|writ (?:of habeas "
    r"corpus )?is (?:granted|conditionally granted)|grant the (?:writ|petition)|petition is granted)\b",
    re.IGNORECASE,
)
DISPOSITION_CHARS = 2500  # the disposition is at the end of an opinion


def _relief_granted(pages: Sequence[tuple[int | None, str]]) -> bool:
    """Whether the document ends by granting relief, vacating or remanding (its disposition)."""
    tail = pages[-1][1][-DISPOSITION_CHARS:] if pages else ""
    return _RELIEF.search(tail) is not None


def _support_only(flag: Flag, ruleset: RuleSet) -> bool:
    ids = flag.rule_ids or (flag.rule_id,)
    return all(ruleset.is_support(r) for r in ids)


def _sentence(flag: Flag, texts: dict[int | None, str]) -> str:
    text = texts.get(flag.page, "")
    return text[flag.sentence_start : flag.sentence_end] if flag.sentence_start >= 0 else ""


def _rejection(category: Category, flags: Sequence[Flag], texts: dict[int | None, str]) -> str:
    """The court's rejection of ``category`` somewhere in the document, as a cue, or ""."""
    for flag in flags:
        if flag.category is category and flag.context is Context.REJECTED_CLAIM:
            return flag.cue
    finding = REJECT_FINDING.get(category)
    if finding is None:
        return ""
    for text in texts.values():
        low = text.lower()
        for m in finding.finditer(low):
            if not rejection_is_for_prejudice(low, m.start(), m.end()):
                return m.group()
    return ""


HEADING_WORDS = 12  # a section heading is short ...


def _claim_or_heading(flag: Flag, texts: dict[int | None, str]) -> bool:
    """A party's claim ("Fox claims the State withheld ..."), or a section heading that names the
    issue: the trigger's line alone, in capitals, short, with no full stop and no past verb
    ("WITHHOLDING OF EVIDENCE BY THE STATE"; not "THE STATE WITHHELD THE NOTES")."""
    if _CLAIM.search(_sentence(flag, texts).lower()):
        return True
    text = texts.get(flag.page, "")
    end = text.find("\n", flag.match_end)
    line = text[text.rfind("\n", 0, flag.match_start) + 1 : len(text) if end == -1 else end]
    bare, low = line.strip(), line.lower()
    return (
        bare.isupper()
        and len(bare.split()) <= HEADING_WORDS
        and not bare.endswith(".")
        and PAST_ANY.search(low) is None
        and PAST.search(low) is None
    )


def affirmed_categories(flags: Sequence[Flag], civil: str) -> frozenset[Category]:
    """The elements the document affirms with a rule other than a plain mention (so far, none of
    ``flags`` is a mention); none in a document that is not about a prosecution (``civil``)."""
    if civil:
        return frozenset()
    return frozenset(f.category for f in flags if f.context is Context.AFFIRMED)


def civil_reason(pages: Sequence[tuple[int | None, str]], lows: Sequence[str] | None = None) -> str:
    """Why the document is not about a prosecution, or "" (module docstring, point 1); ``lows``:
    the pages' ``str.lower()``, when the caller has them already."""
    return _civil(pages, lows)


def document_review(
    flags: list[Flag], pages: Sequence[tuple[int | None, str]], ruleset: RuleSet, civil: str
) -> list[Flag]:
    """The flags of one document with the document-level context applied (module docstring);
    ``civil`` is ``civil_reason(pages)``."""
    if not flags:
        return flags
    if civil:
        flags = [
            context_set(f, Context.NOT_CRIMINAL, civil) if f.context is Context.AFFIRMED else f
            for f in flags
        ]
    strong = {
        f.category for f in flags if f.context is Context.AFFIRMED and not _support_only(f, ruleset)
    }
    texts = dict(pages)
    # a mention counts where the element is affirmed, in a sentence that tells of events (a
    # sentence in the present tense with no past verb is the law or a generality)
    flags = [
        f
        for f in flags
        if not _support_only(f, ruleset)
        or (f.category in strong and PAST_ANY.search(_sentence(f, texts).lower()))
    ]
    out = list(flags)
    if _relief_granted(pages):
        return out  # a claim the court grants or remands on stays affirmed
    for category in strong:
        affirmed = [
            n for n, f in enumerate(out) if f.category is category and f.context is Context.AFFIRMED
        ]
        facts = [n for n in affirmed if not _support_only(out[n], ruleset)]
        if not all(_claim_or_heading(out[n], texts) for n in facts):
            continue  # the document states the element as fact somewhere
        cue = _rejection(category, out, texts)
        if cue:
            for n in affirmed:
                out[n] = context_set(
                    out[n], Context.REJECTED_CLAIM, f"rejected in this document: {cue}"
                )
    return out


def context_set(flag: Flag, context: Context, cue: str) -> Flag:
    """``flag`` in another context: its cue, confidence and reason follow."""
    cue = " ".join(cue.split())[:100]
    base = flag.confidence / CONTEXT_WEIGHT[flag.context]
    return replace(
        flag,
        context=context,
        cue=cue,
        confidence=round(base * CONTEXT_WEIGHT[context], 2),
        reason=f"{flag.reason} {CONTEXT_NOTE[context].format(cue=cue)}",
    )
