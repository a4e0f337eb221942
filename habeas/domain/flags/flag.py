"""Value types of the element-flag engine: rules after validation, and the flags they raise.

A flag is one *element* found in one passage of one page: its category, the passage, offsets, the
rule that raised it, a confidence, a human reason citing the rule's authority, a context label and
the NRE codes the element bears on. There is deliberately no score that adds flags up, and no flag
means "no rule matched", never "clean": a reviewer gives each flag a verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from enum import StrEnum
from operator import attrgetter


class Category(StrEnum):
    FORENSIC_METHOD = "forensic_method"  # discredited or contested methods other than firearms/GSR
    FIREARM_TOOLMARK = "firearm_toolmark"  # a bullet, casing or toolmark tied to one gun or tool
    GUNSHOT_RESIDUE = "gunshot_residue"  # GSR used to say someone fired, or its weight overstated
    INFORMANT = "informant"
    EYEWITNESS = "eyewitness"
    RECANTATION = "recantation"
    BRADY = "brady"
    FALSE_CONFESSION = "false_confession"
    UNTESTED_BIOLOGY = "untested_biology"


class Context(StrEnum):
    """How the sentence around a match speaks about it.

    ``AFFIRMED`` only means no negation, hypothetical, citation, law or rejected-claim cue was found
    in the sentence or the document; it says nothing about whether the statement is true.
    """

    AFFIRMED = "affirmed"
    NEGATED = "negated"  # "no bite mark evidence was introduced"
    HYPOTHETICAL = "hypothetical"  # "if hair analysis had been performed"
    CITATION = "citation"  # another case the court cites, or a bibliography entry
    REJECTED_CLAIM = "rejected_claim"  # "the court rejected the claim that the informant ..."
    LAW = "law"  # the law of the element, or a method in general: "to establish a Brady violation"
    NOT_CRIMINAL = "not_criminal"  # the document is a civil, records or immigration case


FORENSIC_CATEGORIES = frozenset(
    {Category.FORENSIC_METHOD, Category.FIREARM_TOOLMARK, Category.GUNSHOT_RESIDUE}
)  # the categories whose rules carry a tier and an authority


class Tier(StrEnum):
    """Where a forensic method stands, per the authority the rule cites."""

    DISCREDITED = (
        "discredited"  # an authoritative review found the method (as used) invalid or abandoned it
    )
    CONTESTED = (
        "contested"  # a systematic review found the evidence insufficient; disputed by others
    )
    VALIDITY_NOT_ESTABLISHED = (
        "validity_not_established"  # PCAST 2016: foundational validity not shown
    )
    OVERSTATEMENT_RISK = "overstatement_risk"  # valid method, but testimony overstated certainty


class Verification(StrEnum):
    """Same vocabulary as the domain data (deadline rules, compensation.csv)."""

    SOURCED = "sourced"  # [V] or [S] in shared/domain/facts.md: a source was retrieved
    UNVERIFIED = "unverified"  # [U]: shown, labelled, to be checked before anyone relies on it


class Side(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    EITHER = "either"


@dataclass(frozen=True, slots=True)
class Nearby:
    """A context requirement (or exclusion): one of ``cues`` within ``within`` words of the trigger,
    on ``side``, in the same sentence."""

    rx: re.Pattern[str]  # cue alternation, matched on lower-cased text; ends at a word end, and the
    # engine checks that a match starts at a word start (a leading look-behind would make the regex
    # engine try every position instead of skipping to likely first letters)
    within: int
    side: Side
    cues: tuple[str, ...]  # as written in the rule file, for messages
    sentence: bool = True  # the cue must be in the trigger's sentence (else: within the words only)
    # literal starts of every cue (at least two characters each; empty when some cue has none): a
    # page holding none of them holds no cue, which ``str.find`` tells faster than ``rx``
    keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: Category
    title: str
    triggers: tuple[
        str, ...
    ]  # regex sources (terms already translated), matched on lower-cased text
    trigger_rx: re.Pattern[str]
    requires: tuple[Nearby, ...]
    excludes: tuple[Nearby, ...]
    nre: tuple[str, ...]
    confidence: float
    reason: str
    source: str
    verification: Verification
    verification_note: str
    tier: Tier | None
    authority: str
    notes: str
    file: str
    support: bool = False  # a mention that counts only where the document affirms the element
    role: bool = False  # an act that counts only next to a person in the element's role (roles.py)
    accused: bool = False  # the trigger must be about the accused, not a named witness (roles.py)
    witness: bool = False  # the trigger must not be the accused's own act (roles.py)


@dataclass(frozen=True, slots=True)
class Flag:
    rule_id: str
    category: Category
    title: str
    passage: str  # text[start:end]: the sentence with a little context, at most 400 characters
    start: int
    end: int
    page: int | None
    confidence: float
    reason: str
    context: Context
    nre: tuple[str, ...]
    match_start: int  # the trigger itself, inside the passage
    match_end: int
    matched: str
    cue: str = ""  # the negation/hypothetical/citation/law/rejection cue that set the context
    tier: str = ""
    authority: str = ""
    source: str = ""
    verification: str = ""
    # One flag per element per sentence: every rule that hit it (``rule_id`` first, the most
    # confident), the required cues found near the triggers, and the sentence itself.
    rule_ids: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    sentence_start: int = -1
    sentence_end: int = -1

    def as_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "category": self.category.value,
            "title": self.title,
            "passage": self.passage,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "confidence": self.confidence,
            "reason": self.reason,
            "context": self.context.value,
            "nre": list(self.nre),
            "match_start": self.match_start,
            "match_end": self.match_end,
            "matched": self.matched,
            "cue": self.cue,
            "tier": self.tier,
            "authority": self.authority,
            "source": self.source,
            "verification": self.verification,
            "rule_ids": list(self.rule_ids),
            "cues": list(self.cues),
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
        }


_FLAG_FIELDS = tuple(f.name for f in fields(Flag))
_FLAG_VALUES = attrgetter(*_FLAG_FIELDS)
_FLAG_INDEX = {name: n for n, name in enumerate(_FLAG_FIELDS)}


def flag_replace(flag: Flag, **changes: object) -> Flag:
    """``dataclasses.replace(flag, **changes)`` at a fraction of its cost (the engine copies a flag
    for every merged or outranked hit): every field of Flag is an ``__init__`` argument."""
    values = list(_FLAG_VALUES(flag))
    for name, value in changes.items():
        values[_FLAG_INDEX[name]] = value
    return Flag(*values)
