"""How a sentence speaks about a match: about this case (affirmed), or not (negated, hypothetical,
another case, the law, a rejected claim). ConText-style: each cue has a direction and a scope, and
a scope ends at a terminator ("but", "however", ";") or at a contrast marker that returns to this
case ("here, by contrast, ...").

Decided within the sentence, in this order; the first that applies wins:

1. ``citation`` - another case: the match's clause holds a case name or reporter citation ("State
   v. Doe", "182 Ariz. 319", "In re X"), or the sentence is a citation sentence ("See ...",
   "(holding that ...)") or a bibliography entry, and nothing returns to this case between the
   citation and the match ("; here, ..."). A cited case that bears this case's caption names (an
   earlier appeal in the same prosecution) is this case.
2. ``law`` - the law of the element or a method in general: a legal standard ("to establish a
   Brady violation, a defendant must show"; "under Massiah"; "the prosecution has a duty to
   disclose"), a general truth ("show-ups are inherently suggestive"; "studies have shown"), a
   method in a generic list ("disciplines such as ...") or in its history ("has since been
   discredited"), where the sentence does not tie it to this case (a party, "at trial", "here").
3. ``rejected_claim`` - the court rejects it: "rejected/denied ... the claim/argument/contention",
   "the claim ... lacks merit / fails", or a finding that the element did not occur ("the defense
   knew of the report"; "the procedure was not unduly suggestive"; "no deal was made").
4. ``negated`` - NegEx-style: a negation ("no", "not", "never", "without" ...) at most
   ``PRE_WINDOW`` words before the match, a clause-wide negation ("this is not a case that ...",
   "there is no evidence that ...", "did not rely on") at most ``LONG_WINDOW`` words before it, or
   a post-negation ("was not introduced") at most ``POST_WINDOW`` words after it; never across a
   terminator, never a pseudo-negation ("not only", "no doubt", "does not dispute"). Cues the
   rule itself requires (the "never tested" of an untested swab) are part of the element, never
   negations; a required cue that is itself negated ("was not promised anything") negates it.
5. ``hypothetical`` - "if", "whether", "assuming", "had the ... been" before the match, or "would
   have been/shown ..." after it.
6. ``citation`` again - the sentence goes on with the story of a case the sentences before it
   named ("In Marlow, ... There, the detectives withheld a tip").
7. ``law`` again - a generic sentence: its subject holds the match and names a kind of thing (no
   "the", "this", no one's name or possessive) before a present-tense verb ("A show-up is
   permissible when ...", "Jailhouse informants are notoriously unreliable"), and nothing in it
   returns to this case. Checked last, so it only turns what would be affirmed.

A case named right after the match with "in" ("the inmate informant in United States v. Henry")
is the case the match is in (1.); further on ("as construed in Massiah") it is the authority.

Work per sentence is bounded: the sentence is at most ``2 * sentences.REACH`` characters plus the
match, and every search here is a regex over that span.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TypeVar

from habeas.domain.flags.alternation import WholeWordsRx, WordRx
from habeas.domain.flags.flag import Category, Context
from habeas.domain.flags.sentences import sentence_span, word_count
from habeas.domain.flags.words import CALENDAR_WORDS, accents_fold

# Confidence kept when the sentence does not affirm the element (multiplies the rule's confidence).
CONTEXT_WEIGHT = {
    Context.AFFIRMED: 1.0,
    Context.NEGATED: 0.2,
    Context.HYPOTHETICAL: 0.3,
    Context.CITATION: 0.15,
    Context.REJECTED_CLAIM: 0.3,
    Context.LAW: 0.15,
    Context.NOT_CRIMINAL: 0.15,
}
CONTEXT_NOTE = {
    Context.NEGATED: 'The sentence appears to negate it ("{cue}"); kept at low confidence for the '
    "reviewer to confirm.",
    Context.HYPOTHETICAL: 'The sentence appears to state it as a hypothetical ("{cue}"); kept at low '
    "confidence.",
    Context.CITATION: 'It is named in a citation ("{cue}"), probably about another case; kept at low '
    "confidence.",
    Context.REJECTED_CLAIM: 'It is part of a claim the court rejected ("{cue}"); kept at low '
    "confidence.",
    Context.LAW: 'The sentence states the law or speaks of the method in general ("{cue}"), not of '
    "this case; kept at low confidence.",
    Context.NOT_CRIMINAL: 'The document is not about a prosecution ("{cue}"); kept at low confidence.',
}


class _Quick:
    """A regex behind a cheap test: it can only match where one of a few ``keys`` occurs
    (``str.find``, C speed), so most sentences are passed over without running it."""

    __slots__ = ("keys", "rx")

    def __init__(self, rx: re.Pattern[str] | WordRx, keys: tuple[str, ...]) -> None:
        self.rx, self.keys = rx, keys

    def _may(self, text: str, a: int, b: int) -> bool:
        for key in self.keys:  # noqa: SIM110 - a loop: any() over a generator costs more here
            if text.find(key, a, b) != -1:
                return True
        return False

    def search(self, text: str, a: int = 0, b: int = sys.maxsize) -> re.Match[str] | None:
        return self.rx.search(text, a, b) if self._may(text, a, b) else None

    def finditer(self, text: str, a: int = 0, b: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text, a, b) if self._may(text, a, b) else iter(())


_T = TypeVar("_T")

PRE_WINDOW = 6  # words
LONG_WINDOW = 20
POST_WINDOW = 5
HYPOTHETICAL_WINDOW = 8

_AUX = r"(?:did|does|do|was|were|is|are|has|have|had|could|would|should|can|will|must|may)"
_PRE_NEG = re.compile(
    rf"\b(?:{_AUX}(?:\s+not|n['’]t)|cannot|can['’]t|won['’]t|ain['’]t|no(?!\.\s*\d)|not|never|without|"
    r"nor|neither|none of|nothing|absence of|absent|lack(?:ed|s|ing)? (?:of|any)|free of|ruled out|"
    r"rule out)\b"
)
# Negations whose scope is the whole clause after them, relative clauses included.
_PRE_NEG_LONG = _Quick(
    re.compile(
        r"\b(?:(?:this|it) (?:is|was) not (?:a|an|the) (?:case|situation|instance|prosecution)|"
        r"(?:is|was) not (?:a|an) (?:case|situation) (?:in which|where|that)|"
        r"nothing in (?:the|this) record|"
        r"there (?:is|was|has been|had been) no (?:evidence|indication|suggestion|showing|claim|allegation|"
        r"proof|testimony|basis|support|record)|"
        r"(?:no|nor any|not any) (?:evidence|indication|suggestion|showing|proof|traces?|signs?|hint|reason) "
        r"(?:that|of|to|why)|(?:we )?see no reason|"
        r"(?:did|does|do|could|would) not (?:rely|depend|rest|turn) (?:on|upon)|never relied (?:on|upon)|"
        r"(?:did|does|do) not (?:claim|allege|contend|argue|assert|suggest|testify|say|mention|offer|present|"
        r"introduce|call|use)|"
        r"not (?:based|premised|founded|dependent) (?:on|upon))\b"
    ),
    ("no", "never"),
)
_POST_NEG = _Quick(
    re.compile(
        r"\b(?:(?:was|were|is|are|has been|have been|had been|be)\s+(?:not|never)\s+(?:\w+\s+){0,1}?"
        r"(?:introduced|presented|offered|admitted|used|relied|performed|conducted|done|found|observed|"
        r"present|raised|mentioned|at issue|part of|involved|proffered|elicited|an issue|a factor)|"
        r"(?:was|were|is|are) absent|played no (?:role|part)|had no (?:role|bearing|part)|"
        r"(?:was|were|has been|have been) ruled out|(?:was|were) excluded from (?:evidence|trial)|"
        r"never (?:came|happened|occurred|took place|existed))\b"
    ),
    ("no", "never", "absent", "ruled", "excluded"),
)
_PSEUDO = _Quick(
    re.compile(
        r"\b(?:not only|not just|not merely|not limited to|no doubt|without (?:a )?doubt|not guilty|"
        r"no longer|not necessarily|(?:did|does|do|could|can|would)(?: not|n['’]t) (?:deny|rule out|exclude|"
        r"dispute|contest|challenge)|cannot rule out|cannot exclude|can['’]t rule out|"
        r"not be (?:ruled out|excluded)|no (?:later|sooner|less|more) than|whether or not|if not|"
        r"no (?:dispute|question)|not (?:disputed|contested)|undisputed|no one disputes|nothing more than|"
        r"not the only|(?:could|can|cannot|should|would)(?: not)? (?:now )?be (?:faulted|blamed|criticized|"
        r"excused|held responsible)|(?:could|can)not (?:now )?be (?:faulted|blamed|criticized|excused)|"
        # what was not disclosed existed: "never disclosed its deal with the witness"
        r"(?:(?:did|does|do|was|were|had|has|have)(?: not|n['’]t)|never|not|failed to|without) (?:\w+ )?"
        r"(?:disclos|reveal|divulg|turn(?:ed|ing)? over)\w*)\b"
    ),
    (
        "no",
        "without",
        "whether",
        "if not",
        "undisputed",
        "cannot",
        "n't",
        "n’t",
        "disclos",
        "reveal",
        "divulg",
        "turn",
    ),
)
# More negations that do not negate the element, in a matcher of their own (its keys are common
# words: the large one above stays behind its own rarer keys).
_PSEUDO_MORE = _Quick(
    re.compile(
        # materiality is not the element: "the withheld notes were not material to guilt"
        r"\b(?:(?:not|never) (?:\w+ )?(?:material|relevant)\w*|"
        # someone's ignorance of the element, not its absence: "the defense did not learn of the
        # undisclosed deal until after trial"; "she did not know the man she identified"
        r"(?:(?:did|does|do|was|were|had|has|have)(?: not|n['’]t)|never) (?:\w+ )?(?:learn|know|knew|aware|"
        r"discover|realiz|find out|found out)\w*)\b"
    ),
    (
        "materi",
        "relevan",
        "learn",
        "know",
        "knew",
        "aware",
        "discover",
        "realiz",
        "found out",
        "find out",
    ),
)
_TERMINATOR = re.compile(
    r"\b(?:but|however|although|though|except|yet|whereas|while|despite|instead|rather|which|who|whom|"
    r"whose|because|since|until|unless|apart from|aside from|other than)\b|[;:]|,\s*(?:and|or|then)\b"
)
_LONG_TERMINATOR = re.compile(
    r"\b(?:but|however|although|though|except|yet|whereas|while|despite|instead|rather|"
    r"apart from|aside from|other than)\b|[;:]"
)
_PRE_HYPO = _Quick(
    re.compile(
        r"\b(?:if|whether|assuming|assume|suppose|supposing|hypothetical(?:ly)?|in the event|were it not|"
        r"even assuming|to the extent)\b|"
        r"\b(?:would|could|might|may) (?:have )?(?:shown|show|proved?|proven|established|revealed|"
        r"demonstrated|turn(?:ed)? out) (?:that|to be)\b|\b(?:might|may|could) prove\b|"
        # the counterfactual: "a sincere confession would have been rewarded with leniency"
        r"\b(?:would|could|might) have been\b|"
        r"(?:^|[,;]\s*|\.\s+)had\s+(?:the|a|an|any|his|her|their|defense|police|counsel|investigators|"
        r"detectives|the state|the prosecution)\b|"
        r"\bhad\s+(?:the|a|an|any|his|her|their)\s+(?:[\w'’]+\s+){0,4}?(?:been|included|known|disclosed|called|"
        r"presented|heard|offered|produced|revealed|learned)\b"
    ),
    (
        "if",
        "whether",
        "assum",
        "suppos",
        "hypothetical",
        "in the event",
        "were it not",
        "to the extent",
        "had",
        "might",
        "may",
        "could",
        "would",
    ),
)
_POST_HYPO = _Quick(
    re.compile(
        r"\b(?:would|could|might) have (?:been|shown|revealed|established|excluded|proven|proved|demonstrated|"
        r"undermined|exonerated|identified|supported)\b"
    ),
    ("have",),
)
_REJECT_PRE = _Quick(
    re.compile(
        r"\b(?:reject(?:s|ed|ing)?|den(?:y|ies|ied|ying)|overrul(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|"
        r"(?:are|is|was|were|am) (?:not|un)persuaded by|disagree(?:s|d)? with|(?:find|finds|found) no merit in|"
        r"(?:find|finds|found) unpersuasive)\s+(?:\S+\s+){0,6}?(?:claims?|arguments?|contentions?|"
        r"assertions?|suggestions?|theor(?:y|ies)|allegations?|petitions?|motion for (?:a )?new trial)\b"
    ),
    ("reject", "deni", "deny", "overrul", "dismiss", "persuaded", "disagree", "merit"),
)
_REJECT_POST = _Quick(
    re.compile(
        r"\b(?:claims?|arguments?|contentions?|assertions?|allegations?|theory)\b.{0,250}?"
        r"\b(?:lacks? merit|(?:is|are|was|were|be) without merit|(?:is|are|was|were) meritless|"
        r"(?:is|are|was|were) (?:unpersuasive|unavailing|unsupported by the record)|"
        r"(?:is|are|was|were|must be|must therefore be|is therefore|are therefore) (?:rejected|denied|"
        r"overruled|forfeited|procedurally (?:barred|defaulted))|fails?|"
        r"(?:rejected|denied|dismissed|overruled) (?:it|them))\b",
        re.DOTALL,
    ),
    (
        "merit",
        "unpersuasive",
        "unavailing",
        "unsupported",
        "rejected",
        "denied",
        "overruled",
        "forfeited",
        "procedurally",
        "fail",
        "dismissed",
    ),
)
# Findings that an element did not happen in this case (the claim is rejected on the facts).
REJECT_FINDING: dict[Category, re.Pattern[str]] = {
    Category.BRADY: re.compile(
        # (no word between may negate it: "the State never gave the defense a copy" is the element)
        r"\b(?:(?:state|government|prosecution|prosecutor|commonwealth|people|police) "
        r"(?:(?!never\b|not\b|no\b)\w+ ){0,2}?"
        r"(?:turned over|disclosed|provided|produced|gave) (?:to|the|all|a|copies)|"
        r"no (?:brady|giglio|napue) (?:violation|error)|(?:did|does) not (?:suppress|withhold|"
        r"violate brady)|(?:was|were) not (?:suppressed|withheld)|(?:was|were) (?:timely )?(?:disclosed|"
        r"provided|turned over|made available|produced) (?:to|before)|(?:defense|defence|counsel|petitioner|"
        r"defendant|appellant)(?: counsel)? (?:knew|was aware|were aware|had access|had the|possessed|"
        r"received|obtained|learned of it before)|not (?:favorable|exculpatory|impeaching)|"
        r"(?:was|were) available (?:to|during|in|before|at)|chose not to request|"
        r"(?:did|does) not exist|no (?:such )?(?:deal|agreement|promise|understanding) (?:existed|was made))\b"
    ),
    Category.EYEWITNESS: re.compile(
        r"\b(?:(?:was|were|is|are) not (?:unduly |impermissibly |unnecessarily |overly )?suggestive|"
        r"not (?:unduly|impermissibly|unnecessarily) suggestive|nothing suggestive|"
        r"no (?:substantial )?likelihood of (?:irreparable )?misidentification|"
        r"identification was (?:reliable|independently reliable))\b"
    ),
    Category.INFORMANT: re.compile(
        r"\b(?:(?:was|were) not (?:promised|offered|given)|(?:did|does) not (?:receive|get|expect) (?:any|a)|"
        r"no (?:deal|agreement|promise|benefit|inducement|consideration)s? (?:was|were|had been|existed)|"
        r"there (?:was|were) no (?:deal|agreement|promise|understanding|benefit)s?|"
        r"not (?:a government agent|acting as an? (?:government )?agent|an? agent of the (?:state|government)))\b"
    ),
    Category.FALSE_CONFESSION: re.compile(
        r"\b(?:(?:was|were) not (?:subject(?:ed)? to|under) (?:any |a )?(?:prolonged|lengthy|coercive|threat|"
        r"duress|custod)|(?:statements?|confessions?|admissions?|waivers?) (?:was|were) (?:(?!not\b|never\b)\w+ )?(?:knowing(?:ly)? "
        r"and |made )?voluntar(?:y|ily)|voluntarily (?:confessed|waived|made|gave|admitted|spoke)|"
        r"(?:was|were) not (?:coerced|threatened|promised)|no (?:evidence of |sign of )?(?:coercion|threats?|"
        r"promises?) (?:was|were|had been)|nothing coercive|not (?:unduly )?coercive)\b"
    ),
    Category.RECANTATION: re.compile(
        r"\b(?:never recanted|did not recant|has not recanted|not a recantation|"
        r"reaffirmed (?:his|her|their) (?:trial )?testimony)\b"
    ),
    Category.UNTESTED_BIOLOGY: re.compile(
        # (the word between may not negate it: "was never tested for DNA" is the element itself)
        r"\b(?:(?:was|were|had been|has been|have been) (?:(?!never\b|not\b|ever\b)\w+ )?"
        r"(?:tested|analy[sz]ed|typed|compared) "
        r"(?:for dna|and|with|by|at)|dna (?:testing|analysis|tests?|results?) (?:was|were|had been) "
        r"(?:performed|conducted|done|obtained)|(?:excluded|included) (?:him|her|petitioner|defendant|"
        r"appellant) as)\b"
    ),
}
_CASE_NAME = re.compile(
    r"\b([A-Z][\w'’&.-]*)\s+[vV][sS]?\.\s+([A-Z0-9][\w'’&-]*)|\b(?:In re|Ex parte|Matter of)\s+([A-Z][\w'’&-]*)"
)
_REPORTER = re.compile(
    r"\b\d{1,4}\s+(?:U\.\s?S\.|S\.\s?Ct\.|L\.\s?Ed\.|F\.\s?Supp\.|F\.|So\.|"
    r"[A-Z][A-Za-z]{0,6}\.(?:\s?[A-Z][A-Za-z]{0,6}\.)*)(?:\s?(?:2d|3d|4th|5th))?\s+\d{1,5}\b"
)
_SHORT_CITE = re.compile(r"\b(?:[A-Z][\w'’-]+, )?\d{1,4} [A-Z][\w.\s]{1,20}? at \d{1,5}\b")
_ID = re.compile(r"\b(?:Id|Ibid)\.")
# The same marks for searching a sentence: tries without a leading \b (the regex engine can skip
# to likely first characters; WordRx checks the word start).
_REPORTER_IN = WordRx(_REPORTER.pattern)
_SHORT_CITE_IN = WordRx(
    r"\b[A-Z][\w'’-]+, \d{1,4} [A-Z][\w.\s]{1,20}? at \d{1,5}\b|\b\d{1,4} [A-Z][\w.\s]{1,20}? at \d{1,5}\b"
)
_ID_IN = WordRx(_ID.pattern)
_BARE_CITES = (_REPORTER_IN.rx, _SHORT_CITE_IN.rx, _ID_IN.rx)  # the patterns of their matches
# Cheap marks of a case name, for a first test: sre scans for a leading character class quickly.
_V_MARK = re.compile(r"[vV][sS]?\.\s")
_IN_RE = re.compile(r"(?:In re|Ex parte|Matter of)\s")
_DIGIT = re.compile(r"\d")
_CITED_LEAD = re.compile(
    r"\b(?:[Ii]n|[Uu]nder|[Ss]ee(?: also)?|[Aa]s in|[Ll]ike|[Cc]f\.)\s+([A-Z][\w'’-]+)\b(?!['’])|"
    r"\b[Tt]he ([A-Z][\w'’-]+) (?:court|defendant|petitioner|decision|opinion)\b"
)
_CITE_SIGNAL = re.compile(
    r"^(?:\(?(?:see|see also|see, e\.g\.,|see generally|cf\.|compare|but see|accord|e\.g\.,|"
    r"contra)\b|in [A-Z][\w'’&.-]*\s+v\.)",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(
    r"\((?:holding|finding|concluding|noting|explaining|stating|observing|reversing|affirming|vacating|"
    r"granting|denying|rejecting|recognizing|where|in which|when)\b"
)
_OTHER_CASE = _Quick(
    re.compile(
        r"\b(?:in that case|the court there|there, the|the (?:defendant|petitioner|appellant) there|"
        r"the (?:court|defendant|petitioner) in [A-Z])"
    ),
    ("that case", "there", "the court in", "the defendant in", "the petitioner in"),
)
_BIBLIO_MARK = re.compile(
    r"\bet al\.|\b(?:J\.|L\.\s?Rev\.|Rev\.|Proc\.|pp\.|Vol\.|ISBN|NISTIR)|\bJournal\b|\bProceedings\b|"
    r"\bPress\b|\bdoi\b|https?://|\bReport (?:to|of|on)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}[a-z]?\b")


class _ClauseHere:
    """A ``WordRx`` behind a cheap test (``_Quick``) whose bare "here" alternatives count only at
    the start of a clause (after ; , ( or . or where the searched span starts): "Here, the
    State ...", not "the note found here"."""

    __slots__ = ("bare", "quick")

    def __init__(self, pattern: str, keys: tuple[str, ...], bare: tuple[str, ...]) -> None:
        self.quick = _Quick(WordRx(pattern), keys)
        self.bare = bare

    def _starts_clause(self, text: str, m: re.Match[str], a: int) -> bool:
        if m.group() not in self.bare:
            return True
        back = max(a, m.start() - 20)
        before = text[back : m.start()].rstrip()
        return before[-1] in ";,(." if before else back == a

    def finditer(self, text: str, a: int = 0, b: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return (m for m in self.quick.finditer(text, a, b) if self._starts_clause(text, m, a))

    def search(self, text: str, a: int = 0, b: int = sys.maxsize) -> re.Match[str] | None:
        return next(self.finditer(text, a, b), None)


# Phrases that return a sentence (or the rest of it) to this case.
_THIS_CASE = _ClauseHere(
    r"\bhere,|\bhere,? (?:by contrast|in contrast|however|unlike)\b|\bby contrast\b|"
    r"\bin contrast\b|\bin (?:this|the (?:instant|present)) (?:case|matter|record|prosecution)\b|"
    r"\bat (?:his|her|their|the|petitioner['’]s|defendant['’]s|appellant['’]s) (?:re)?trial\b|"
    r"\bthis record\b|\bthe record (?:here|shows|reflects|establishes)\b",
    ("here", "contrast", "case", "trial", "record", "matter", "prosecution"),
    ("here,",),
)
_CONTRAST = _ClauseHere(
    r"\bhere\b|\bby contrast\b|\bin contrast\b|\bunlike\b|\bin (?:this|the (?:instant|present)) case\b",
    ("here", "contrast", "unlike", "case"),
    ("here",),
)  # (not a bare ";": the items of a legal test are listed after semicolons)
# The law of an element, or a method in general. Strong cues govern their sentence; weak cues only a
# sentence with nothing that ties it to this case.
_LAW_STRONG = WordRx(
    r"\bto (?:establish|prove|show|demonstrate|prevail on|succeed on|make out|state) (?:a|an|the|his|"
    r"her|their|this|such a|any)? ?(?:\w+ ){0,3}?(?:claim|violation|defense)\b|"
    r"\b(?:must|need(?:s)? to|has to|have to|(?:is|are) required to) (?:show|establish|demonstrate|prove|"
    r"make (?:each of )?(?:\w+ )?showings?)\b|\bto (?:establish|prove|show) that an? \w+ (?:violation|claim)\b|"
    r"\bby definition\b|"
    r"\b(?:a|an) (?:brady|giglio|napue|massiah|miranda) (?:violation|claim|error) (?:occurs|exists|has|requires|"
    r"consists|is established|is shown|arises)\b|"
    r"\b(?:three|four|two)(?<!of the three)(?<!of the four)(?<!of the two) "
    r"(?:components|elements|prongs|requirements) of (?:a|an)\b|"
    r"\b(?:brady|giglio|napue|massiah|bagley|kyles|youngblood|biggers|brathwaite|stovall|perry|"
    r"miranda|the (?:supreme )?court)(?: v\. [a-z]+)?,? (?:requires|require|holds|held that|established|"
    r"prohibits|proscribes|forbids|bars|imposes|obliges|recognized that|made clear|teaches|instructs|"
    r"explained that)\b|"
    r"\bclaims (?:have|has) (?:long )?(?:ranked|been treated|been recognized|fallen)\b|"
    r"\b(?:a|the) (?:statute|law|rule|provision) (?:allowing|permitting|authorizing|that allows|that permits|"
    r"that authorizes)\b|\benacted (?:article|section|a statute|a law|legislation)\b|"
    r"\b(?:the |)(?:prosecution|state|government|prosecutor|police)(?:['’]s)? (?:has|have|had|bears?|owes?)? "
    r"?(?:an? )?(?:affirmative |constitutional |continuing |broad )?(?:duty|obligation) to\b|"
    r"\bdue process (?:requires|forbids|prohibits|is violated)\b|"
    r"\b(?:evidence|it|information) is material (?:if|only if|when|where)\b|"
    r"\b(?:suppression|nondisclosure|non-disclosure) of (?:evidence|material) (?:favorable|that)\b|"
    r"\b(?:our|this court['’]s|the court['’]s) (?:cases|decisions|precedents?|jurisprudence) (?:have |has )?"
    r"(?:long |repeatedly |consistently |also )?(?:held|made clear|recognized|explained|established|"
    r"hold|make clear|recognize|teach|require)\b|"
    r"\b(?:fallen|fell) (?:out of favou?r|into disrepute|into disuse)\b|"
    r"\b(?:was|were) (?:then )?widely (?:accepted|used|admitted)\b|\bcourts (?:regularly|routinely) admitted\b|"
    r"\b(?:courts|the supreme court|the high court|this court|we) (?:has|have) (?:long |repeatedly |consistently |"
    r"previously |also |often |frequently )?"
    r"(?:held|recognized|explained|stated|observed|cautioned|made clear|warned|emphasized|found|concluded)\b|"
    r"\b(?:applies|apply) (?:only )?(?:when|where|if)\b|"
    r"\b(?:two|three|four|multi)[- ](?:part|prong|pronged|step|factor) (?:test|inquiry|analysis|framework)\b|"
    r"\b(?:test|standard|framework) for (?:adjudicating|evaluating|assessing|determining|analyzing|reviewing)\b|"
    r"\bin (?:cases|situations|circumstances) (?:in which|where|when|involving)\b|"
    r"\b(?:a|the) (?:court|courts|reviewing court|judge) (?:must|should|need|is required to)\b|"
    r"\bcourts (?:must|should|may|will|consider|look|have)\b"
)
_LAW_WEAK = WordRx(
    r"\bdue process clause\b|"
    # "under Brady" states the law only where nothing ties the sentence to events of this case
    # ("Williams's statements were involuntary under the Due Process Clause" is a finding)
    r"\bunder (?:brady|giglio|napue|massiah|bagley|kyles|youngblood|biggers|brathwaite|stovall|perry|"
    r"miranda|the due process clause|clearly established federal law)\b|"
    r"\b(?:is|are) (?:inherently|notoriously|generally|often|frequently|typically|particularly|"
    r"especially|highly|widely) (?:\w+ )?(?:suggestive|unreliable|suspect|problematic|prone|susceptible|"
    r"recognized|regarded|viewed|criticized|considered|dangerous)\b|"
    r"\b(?:studies|research|researchers|social science|scientists|commentators|scholars|literature) "
    r"(?:have |has )?(?:shown|show|shows|found|find|demonstrated|demonstrate|suggest|indicate|documented)\b|"
    r"\b(?:disciplines|techniques|methods|fields|methodologies|forensic sciences?) (?:such as|like|including)\b|"
    r"\b(?:feature[- ]comparison|pattern[- ](?:matching|comparison)) (?:methods|disciplines|evidence)\b|"
    r"\b(?:has|have) (?:since |now |recently |long |also )?been (?:discredited|abandoned|rejected|questioned|"
    r"criticized|called into question|disavowed|debunked|undermined)\b|"
    r"\bno longer (?:uses|performs|conducts|accepts|offers|considered|regarded)\b|"
    r"\b(?:the|within the|under the) (?:brady|giglio|napue|massiah|miranda|jencks) (?:rule|doctrine|line|"
    r"framework|standard|principle|rationale)\b|\bfalls? (?:within|outside) the\b|"
    r"\b(?:the fbi|the bureau|the national (?:academy|research council)|pcast|the nas) (?:has |have )?"
    r"(?:abandoned|discontinued|stopped|acknowledged|disavowed|announced|concluded|found|reported|issued)\b|"
    r"\b(?:in general|generally|as a general matter|as a rule|(?:the|a) general rule)\b|"
    r"\b(?:can|may|might|tends? to) (?:be|lead|result|produce|cause|create|render|increase)\b"
)
_THIS_CASE_ANCHOR = re.compile(
    r"\b(?:petitioner|appellant|appellee|respondent|the defendant|defendant['’]s|the jury|the trial court|"
    r"the trial judge|the prosecutor|at trial|testified|this case|here|the victim|the record)\b"
)
# Whole words "the law" sentences talk in; used only when no past-tense verb ties them to events.
PAST = re.compile(
    r"\b(?:was|were|had|did|told|said|saw|gave|took|made|knew|came|went|got|found|heard|brought|"
    r"testified|identified|confessed|recanted|admitted|stated|claimed|picked|selected|viewed|showed|"
    r"withheld|failed|disclosed|received|arrested|interrogated|questioned)\b"
)
# Any past-tense verb: a sentence that tells of events (for plain mentions, document.py).
PAST_ANY = re.compile(
    r"\b(?:was|were|had|did|told|said|saw|gave|took|made|knew|came|went|got|found|heard|brought|"
    r"kept|held|left|led|sent|paid|met|ran|wrote|began|became|sought|lied|\w{3,}ed)\b"
)


_PREJUDICE = _Quick(
    re.compile(
        r"\b(?:material(?:ity)?|immaterial|prejudic\w*|harmless|reasonable probability|outcome|"
        r"different result|would not have|could not (?:conceivably )?have|even if|even assuming|cumulative)\b"
    ),
    (
        "materi",
        "prejudic",
        "harmless",
        "probab",
        "outcome",
        "result",
        "would not",
        "could not",
        "even",
        "cumulative",
    ),
)


def rejection_is_for_prejudice(low: str, a: int, b: int) -> bool:
    """Whether the sentence around low[a:b] rejects for want of materiality or prejudice (or only
    supposes the finding), so the element itself may have occurred."""
    s, e = sentence_span(low, a, b)
    return _PREJUDICE.search(low, s, e) is not None


@dataclass(frozen=True, slots=True)
class DocumentNames:
    """Names that tie a citation or a sentence to this case: the caption's parties (lower case)."""

    parties: frozenset[str] = frozenset()
    rx: re.Pattern[str] | None = None  # the parties as whole words, on lower-cased text
    cited: frozenset[str] = frozenset()  # short names of other cases cited ("Nichols")
    cited_rx: WordRx | None = None  # ``cited`` as whole words (one trie: most sentences hold none)

    @staticmethod
    def build(parties: frozenset[str], cited: frozenset[str]) -> DocumentNames:
        rx = (
            re.compile(
                r"\b(?:" + "|".join(sorted({re.escape(accents_fold(p)) for p in parties})) + r")\b"
            )
            if parties
            else None
        )
        return DocumentNames(parties, rx, cited, _cited_regex(cited) if cited else None)


@lru_cache(maxsize=256)
def _cited_regex(cited: frozenset[str]) -> WordRx:
    """The names as whole words, one trie (cached: most one-page documents cite only landmarks);
    names of a capital and letters (all of them, as ``_party`` keeps them) need no trie."""
    if WholeWordsRx.fits(cited):
        return WholeWordsRx(cited)  # the same matches as _cited_trie (test_fast_paths.py)
    return _cited_trie(cited)


def _cited_trie(cited: frozenset[str]) -> WordRx:
    return WordRx("|".join(r"\b" + re.escape(n) + r"\b" for n in sorted(cited)))


_GENERIC_WORDS = (
    "people state states united commonwealth government city county warden director secretary "
    "superintendent commissioner attorney general department office district the of in re ex parte "
    "matter usa us superior court appellate division respondent petitioner appellant appellee "
    # states, as parties ("Missouri v. Seibert" is cited as "Seibert")
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii "
    "idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan "
    "minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina "
    "dakota ohio oklahoma oregon pennsylvania rhode island tennessee texas utah vermont virginia "
    "washington wisconsin wyoming america jr sr"
)
_GENERIC_PARTY = frozenset(_GENERIC_WORDS.split())
GENERIC_WORDS = _GENERIC_PARTY  # words of a caption that name no person (also used by roles.py)
_CAPTION_CHARS = 2000  # the caption is at the head of an opinion


_CAPTION = re.compile(r"(?m)^[^\S\n]*(?:[\w'’&.,-]+[^\S\n]+){0,8}?(?=[\w'’&.-]+\s+[vV][sS]?\.\s)")


def _caption(text: str) -> re.Match[str] | None:
    for line in _CAPTION.finditer(text, 0, _CAPTION_CHARS):
        found = _CASE_NAME.match(text, line.end())
        if found is not None and not _REPORTER.match(text, found.end() + 2):
            return found
    return None


def _party(word: str | None) -> str:
    bare = (word or "").strip(".,'’")
    return bare if len(bare) > 2 and bare.isalpha() and bare.lower() not in _GENERIC_PARTY else ""


_NEEDLES = re.compile(r"v\. |v\.\n|vs\. |V\. |In re |Ex parte |Matter of ")


def case_names_on(page: str) -> tuple[re.Match[str], ...]:
    """The case names ``_CASE_NAME`` finds in ``page``, looked for only around the cheap marks of
    one ("v. ", "In re ": one regex pass with a leading character set, C speed). The document's
    names and each page's context both need them: found once per page (``page_memo``)."""
    found: list[re.Match[str]] = []
    for mark in _NEEDLES.finditer(page):
        at = mark.start()
        c = next(
            (m for m in _CASE_NAME.finditer(page, max(0, at - 60), at + 80) if m.end() > at), None
        )
        if c is not None:
            found.append(c)
    return tuple(found)


# Cases an opinion names by their short name alone ("in Miranda, we said ..."), cited or not:
# distinctive names only (a common surname could be a witness of this case).
LANDMARKS = frozenset(
    [
        "Brady",
        "Giglio",
        "Napue",
        "Massiah",
        "Bagley",
        "Kyles",
        "Agurs",
        "Strickler",
        "Strickland",
        "Miranda",
        "Biggers",
        "Brathwaite",
        "Stovall",
        "Youngblood",
        "Trombetta",
        "Osborne",
        "Daubert",
        "Frye",
        "Kumho",
        "Kuhlmann",
        "Moulton",
        "Seibert",
        "Batson",
        "Crawford",
        "Teague",
        "Wearry",
        "Connick",
        "Schlup",
        "Dretke",
        "Fulminante",
    ]
)
_INTRO_CHARS = 6000  # the defendant is introduced near the head of an opinion
# (the lookahead's character set lets the regex engine skip to the candidate letters: twice as fast)
_INTRODUCED = re.compile(
    r"(?=[PpDdAaRr])(?<!\w)(?:[Pp](?:etitioners?|risoner)|[Dd]efendants?|[Aa](?:ppellants?|ccused)|"
    r"[Rr]espondents?)"
    r"[,:]?[^\S\n]+((?:[A-Z][a-z]+|[A-Z]\.)(?:[^\S\n]+(?:[A-Z][\w'’-]+|[A-Z]\.)){0,3})"
)
# Where the opinion tells who was convicted: "A jury found John Doe guilty", "convicted Doe of",
# "John Doe was convicted"
_CONVICTED_NAME = r"((?:[A-Z][a-z]+|[A-Z]\.)(?:[^\S\n]+(?:[A-Z][\w'’-]+|[A-Z]\.)){0,3})"
# one pattern per verb: a literal start is searched for at C speed, an alternation is not
_CONVICTED = tuple(
    re.compile(rf"{verb}[^\S\n]+{_CONVICTED_NAME}[^\S\n]+(?:guilty|of)\b")
    for verb in ("found", "convicted")
)
# "... was convicted": found first, then the name right before it (a name tried at every
# capital letter of the head would cost more than the rest of the document's names)
_WAS_CONVICTED = re.compile(r"was[^\S\n]+(?:convicted|found[^\S\n]+guilty)\b")
_CONVICTED_BEFORE = re.compile(rf"(?<![\w.]){_CONVICTED_NAME}[^\S\n]+$")
NAME_CHARS = 80  # a name of up to four words before "was convicted"
_NOT_CONVICTED = frozenset(["defendant", "accused", "he", "she", "they", "who"])
# An all-caps caption: "UNITED STATES,\n\nAppellee,\n\nv.\n\nJOHN L. DOE,\n\nDefendant, Appellant."
_CAPS_CAPTION = re.compile(
    r"(?m)((?:^[^\S\n]*[A-Z][A-Z\u00c0-\u00de.'’ ,-]+(?: and)?[^\S\n]*\n)+)\s*"
    r"(?:Defendants?|Petitioners?|Appellants?|Defendant-Appellants?)\b"
)


_NOT_PERSON = frozenset(
    [
        "appellants",
        "appellees",
        "petitioners",
        "respondents",
        "defendants",
        "and",
        "nos",
        "appeals",
        "trooper",
        "detective",
        "officer",
        "agent",
        "inc",
        "corporation",
        "company",
        "board",
        "agency",
    ]
)


def _word_starts(text: str, at: int) -> bool:
    return at == 0 or not _is_word_char(text[at - 1])


def defendants_find(text: str) -> frozenset[str]:
    """Lower-cased names of the accused: from an all-caps caption ("JOHN L. DOE, Defendant,
    Appellant"), from where the opinion introduces him ("Petitioner John Doe was convicted") and
    from where it tells who was convicted ("a jury found John Doe guilty")."""
    head = text[:_INTRO_CHARS]
    found: list[str] = []
    for m in _CAPS_CAPTION.finditer(head, 0, _CAPTION_CHARS * 2):
        found.extend(w.title() for w in re.split(r"[^\w'’]+", m.group(1)))
    for m in _INTRODUCED.finditer(head):
        found.extend(re.split(r"[^\w'’]+", m.group(1)))
    named = [
        m.group(1) for rx in _CONVICTED for m in rx.finditer(head) if _word_starts(head, m.start())
    ]
    for m in _WAS_CONVICTED.finditer(head):
        if not _word_starts(head, m.start()):
            continue
        name = _CONVICTED_BEFORE.search(head, max(0, m.start() - NAME_CHARS), m.start())
        if name is not None:
            named.append(name.group(1))
    for group in named:  # "Defendant was convicted", "After ..." name nobody
        convicted = re.split(r"[^\w'’]+", group)
        found.extend(
            w
            for w in convicted
            if w.lower() not in _NOT_CONVICTED and w.lower() not in _NOT_PROTAGONIST
        )
    words = (re.sub(r"['’]s?$", "", w) for w in found)
    return frozenset(w.lower() for w in words if _party(w) and w.lower() not in _NOT_PERSON)


PROTAGONIST_CHARS = 40_000  # read for the protagonist: the head of a long document is enough
PROTAGONIST_MIN = 10  # named at least this often ...
PROTAGONIST_LEAD = 1.8  # ... and this many times as often as anyone else
_CAPITALISED = re.compile(r"[A-Z][a-z]{2,}\b(?!['’]?\w)")  # then: mid-sentence (checked in Python)
_NOT_PROTAGONIST = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "when",
        "while",
        "after",
        "before",
        "during",
        "under",
        "upon",
        "since",
        "thus",
        "also",
        "court",
        "state",
        "states",
        "government",
        "commonwealth",
        "people",
        "federal",
        "county",
        "city",
        "police",
        "department",
        "bureau",
        "office",
        "jail",
        "prison",
        "supreme",
        "appeals",
        "circuit",
        "cir",
        "district",
        "amendment",
        "clause",
        "constitution",
        "article",
        "section",
        "rule",
        "code",
        "act",
        "statute",
        "brief",
        "app",
        "pet",
        "corp",
        "inc",
        "north",
        "south",
        "east",
        "west",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "fourteenth",
        *CALENDAR_WORDS,
        "justice",
        "judge",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches in a str pattern


def _whole_word_in(word: str, text: str) -> bool:
    """``re.search(r"\b" + word + r"\b", text)`` for a ``word`` of letters, with ``str.find``
    (C speed: a pattern that starts with ``\b`` is tried at every position of ``text``)."""
    at = text.find(word)
    while at != -1:
        end = at + len(word)
        if (at == 0 or not _is_word_char(text[at - 1])) and (
            end == len(text) or not _is_word_char(text[end])
        ):
            return True
        at = text.find(word, at + 1)
    return False


def protagonist_find(text: str) -> frozenset[str]:
    """The accused of an opinion that names him in no caption and introduces him as no party: the
    person it names most, mid-sentence, by far (``PROTAGONIST_LEAD`` times anyone else) and never
    in lower case. Criminal opinions tell the accused's story; a witness or a lab named as often
    leaves it unknown (empty)."""
    head = text[:PROTAGONIST_CHARS]
    counts: dict[str, int] = {}
    for m in _CAPITALISED.finditer(head, 2):
        at = m.start()
        if head[at - 1] != " " or not (head[at - 2].islower() or head[at - 2] in ",;"):
            continue  # a sentence's first word, or inside a word
        word = m.group()
        low = word.lower()
        if low not in _NOT_PROTAGONIST and low not in _GENERIC_PARTY:
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
    ranked = [(w, n) for w, n in ranked if not _whole_word_in(w.lower(), head)]
    if not ranked or ranked[0][1] < PROTAGONIST_MIN:
        return frozenset()
    second = ranked[1][1] if len(ranked) > 1 else 0
    return (
        frozenset({ranked[0][0].lower()})
        if ranked[0][1] >= PROTAGONIST_LEAD * second
        else frozenset()
    )


def names_find(
    text: str, *more: str, case_names: Sequence[tuple[re.Match[str], ...]] | None = None
) -> DocumentNames:
    """This case's party names, from a case name that starts a line at the head of ``text`` (a
    caption, not a citation in the body) and from where the accused is named (``defendants_find``),
    and the short names of the other cases cited in ``text`` and ``more`` (the document's other
    pages). ``case_names``: each page's ``case_names_on``, when already found."""
    m = _caption(text)
    parties = frozenset(p.lower() for p in (m.groups() if m else ()) if _party(p))
    parties |= defendants_find(text)
    if not parties:
        parties = protagonist_find(text)
    cited: set[str] = {name for name in LANDMARKS if name.lower() not in parties}
    if case_names is None:
        case_names = [case_names_on(page) for page in (text, *more)]
    for found in case_names:
        for c in found:
            for short in map(_party, c.groups()):
                if short and short.lower() not in parties:
                    cited.add(short)
    return DocumentNames.build(parties, frozenset(cited))


def _overlaps(a: int, b: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


WORD_CHARS = 40  # a bound on the characters a word and its spaces take, to keep searches local
# _PRE_NEG's matches found with a trie (WordRx: the word start checked only where the trie matched)
_PRE_NEG_IN = WordRx(_PRE_NEG.pattern)


def _negation(
    low: str,
    s: int,
    e: int,
    ts: int,
    te: int,
    ignore: Sequence[tuple[int, int]],
    memo: Memo | None = None,
) -> str:
    """The negation cue scoping over low[ts:te] inside sentence [s, e), or ""."""
    pseudo = _memo(
        memo,
        ("pseudo", s, e),
        lambda: [m.span() for rx in (_PSEUDO, _PSEUDO_MORE) for m in rx.finditer(low, s, e)],
    )
    for m in reversed(list(_PRE_NEG_IN.finditer(low, max(s, ts - WORD_CHARS * PRE_WINDOW), ts))):
        if _overlaps(*m.span(), ignore) or _overlaps(*m.span(), pseudo):
            continue
        if word_count(low, m.end(), ts) > PRE_WINDOW or _TERMINATOR.search(low, m.end(), ts):
            break
        return m.group()
    for m in reversed(list(_PRE_NEG_LONG.finditer(low, max(s, ts - WORD_CHARS * LONG_WINDOW), ts))):
        if _overlaps(*m.span(), ignore) or _overlaps(*m.span(), pseudo):
            continue
        if word_count(low, m.end(), ts) > LONG_WINDOW or _LONG_TERMINATOR.search(low, m.end(), ts):
            break
        return m.group()
    for m in _POST_NEG.finditer(low, te, min(e, te + WORD_CHARS * (POST_WINDOW + 4))):
        if _overlaps(*m.span(), ignore) or _overlaps(*m.span(), pseudo):
            continue
        if word_count(low, te, m.start()) > POST_WINDOW or _TERMINATOR.search(low, te, m.start()):
            break
        return m.group()
    return ""


def _hypothetical(low: str, s: int, e: int, ts: int, te: int) -> str:
    for m in reversed(
        list(_PRE_HYPO.finditer(low, max(s, ts - WORD_CHARS * HYPOTHETICAL_WINDOW), ts))
    ):
        if word_count(low, m.end(), ts) > HYPOTHETICAL_WINDOW or _TERMINATOR.search(
            low, m.end(), ts
        ):
            break
        return m.group().strip(" ,;.")
    for m in _POST_HYPO.finditer(low, te, min(e, te + WORD_CHARS * (POST_WINDOW + 4))):
        if word_count(low, te, m.start()) > POST_WINDOW or _TERMINATOR.search(low, te, m.start()):
            break
        return m.group()
    return ""


def _returns_to_this_case(low: str, a: int, b: int) -> bool:
    """A contrast marker or this-case phrase in low[a:b] (between a citation and the match)."""
    return b > a and _THIS_CASE.search(low, a, b) is not None


def _own_caption(m: re.Match[str], names: DocumentNames) -> bool:
    words = {w.lower().strip(".,'’") for w in (m.group(1), m.group(2), m.group(3)) if w}
    return bool(words & names.parties)


Memo = dict[tuple[object, ...], object]  # per-page cache of sentence-level searches


def _memo(memo: Memo | None, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]  # type: ignore[return-value]


def _citations(
    text: str, s: int, e: int, names: DocumentNames
) -> tuple[list[re.Match[str]], re.Match[str] | None]:
    """Sentence [s, e)'s case names (not this case's), and failing those its first other mark of
    a citation (reporter, short form, "in that case", a cited case's short name, bibliography)."""
    cases: list[re.Match[str]] = []
    own: list[int] = []  # where this case's own earlier decisions are cited
    if _V_MARK.search(text, s, e) or _IN_RE.search(text, s, e):  # most sentences name no case
        for m in _CASE_NAME.finditer(text, s, e):
            if _own_caption(m, names):
                own.append(m.end())
            else:
                cases.append(m)
    if cases:
        return cases, None
    digits = _DIGIT.search(text, s, e) is not None
    found: re.Match[str] | None = None
    if digits:
        found = next(
            (
                m
                for rx in (_REPORTER_IN, _SHORT_CITE_IN)
                for m in rx.finditer(text, s, e)
                if not any(0 <= m.start() - end <= 4 for end in own)
            ),
            None,
        )
    if found is None:
        found = _OTHER_CASE.search(text, s, e)
    if (
        found is None and names.cited_rx is not None
    ):  # before "Id.": "the Court held in Biggers, id., ..."
        found = _cited_lead(text, s, e, names.cited_rx)
    if found is None:
        found = _ID_IN.search(text, s, e)
    if found is None and digits:
        found = _BIBLIO_MARK.search(text, s, e) if _YEAR.search(text, s, e) else None
    return cases, found


# A case name right after one of these is the authority the sentence applies to this case ("violated
# his rights under Brady v. Maryland"; "the withholding of evidence, see Brady v. Maryland, ..."), not
# another case the sentence tells of (unless the whole sentence is a citation sentence).
_APPLIED_BEFORE = re.compile(
    r"(?:\b[Uu]nder|\bviolat\w* of|\b[Pp]ursuant to|\brequired by|\bcontrary to|\bas in|"
    r"\b[Cc]iting|\b[Qq]uoting|\brel(?:y|ies|ied|ying) (?:up)?on|"
    r"[,(]\s*(?:[Ss]ee|[Cc]f\.)(?: also| generally| e\.g\.,)?)\s*\[?$"
)
APPLIED_CHARS = 30


def _applied_authority(text: str, s: int, m: re.Match[str]) -> bool:
    return _APPLIED_BEFORE.search(text, max(s, m.start() - APPLIED_CHARS), m.start()) is not None


_LEAD_BEFORE = re.compile(
    r"(?:\b(?:[Ii]n|[Uu]nder|[Ss]ee(?: also)?|[Aa]s in|[Ll]ike|[Cc]f\.)\s+|\b[Tt]he )$"
)


def _cited_lead(text: str, s: int, e: int, cited_rx: WordRx) -> re.Match[str] | None:
    """The first cited case's short name in sentence [s, e) that the sentence speaks of ("In
    Nichols, ...", "the Nichols court"): found where a cited name occurs (rare), then checked
    with ``_CITED_LEAD`` from the lead word before it."""
    for name in cited_rx.finditer(text, s, e):
        lead = _LEAD_BEFORE.search(text, max(s, name.start() - 12), name.start())
        if lead is None:
            continue
        m = _CITED_LEAD.match(text, lead.start(), e)
        if m is None or (m.group(1) or m.group(2)) != name.group():
            continue
        # "under Massiah" states the doctrine (the law), not the facts of that case
        if m.group(1) in LANDMARKS and m.group().lower().startswith("under"):
            continue
        return m
    return None


def citation_cue(
    text: str,
    low: str,
    s: int,
    e: int,
    ms: int = -1,
    names: DocumentNames | None = None,
    memo: Memo | None = None,
) -> str:
    """The citation of another case (or bibliography mark) that sentence [s, e) speaks of the match
    ``ms`` in, or "". Without ``ms`` the whole sentence is judged."""
    names = names or DocumentNames()
    ms = s if ms < 0 else ms
    cases, other = _memo(memo, ("cite", s, e), lambda: _citations(text, s, e, names))
    found = other
    if cases and not _CITE_SIGNAL.search(text, s, e):
        cases = [m for m in cases if not _applied_authority(text, s, m)]
    if cases:
        before = [m for m in cases if m.start() < ms]
        found = before[-1] if before else cases[0]
    if found is None:
        return ""
    # A bare reporter or record citation ("578 F. 3d, at 956", "Id., at 17", "App. 180") is
    # usually a pin cite of this case's record or lower-court decisions; it is another case
    # only in a citation sentence or an explanatory parenthetical.
    if (
        found.re in _BARE_CITES
        and not _CITE_SIGNAL.search(text, s, e)
        and not _PARENTHETICAL.search(low, s, e)
    ):
        return ""
    if found.start() < ms:
        if _returns_to_this_case(low, found.end(), ms):
            return ""
    else:
        # A citation after the match is usually the authority applied to this case ("withheld
        # evidence in violation of Brady v. Maryland, 373 U.S. 83"); it speaks of the match only
        # in a citation sentence ("See ...", "In X v. Y, ...") or an explanatory parenthetical.
        signal = _CITE_SIGNAL.search(text, s, e)
        paren = _PARENTHETICAL.search(low, s, e)
        if not signal and not paren and not _in_that_case(text, ms, found):
            return ""
        if _THIS_CASE.search(low, s, ms):
            return ""
    return cite_words(text, found)


# The words before a case name's match that belong to it ("United" of "United States v. Henry"):
# the reason shown to the reviewer names the case in full.
_NAME_BEFORE = re.compile(r"(?:\b(?:[A-Z][\w'’&.-]*|of|the)\s+){1,4}$")
_NOT_A_NAME = frozenset({"In", "See", "Under", "The", "As", "Cf.", "But", "And", "Also", "Like"})


def cite_words(text: str, m: re.Match[str]) -> str:
    """A citation mark as the reviewer should read it: a case name with its first words."""
    if m.re is not _CASE_NAME or m.group(3) is not None:
        return m.group()
    lead = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
    if lead is None:
        return m.group()
    words = text[lead.start() : m.start()].split()
    while words and not words[0][:1].isupper():  # never start on "of" or "the"
        words.pop(0)
    while words and words[0] in _NOT_A_NAME:
        words.pop(0)
    return " ".join([*words, m.group()])


# "the problem of the inmate informant in United States v. Henry": the case the match is IN,
# named right after it ("a right ... as construed in Massiah v. United States" is the authority)
# ("in United States v. Henry": the case name may be found from its last word before "v.")
_IN_BEFORE = re.compile(r"\bin\s+(?:[A-Z][\w.'’&-]*\s+){0,3}$")
_IN_CASE_GAP = re.compile(r"[\w'’-]+\W+")
IN_CASE_WORDS = 6  # from the match's first word to "in": the match and a word or two after it


def _in_that_case(text: str, ms: int, found: re.Match[str]) -> bool:
    at = found.start()
    if found.re is not _CASE_NAME or at - ms > 200:
        return False
    lead = _IN_BEFORE.search(text, max(ms, at - 40), at)
    if lead is None:
        return False
    gap = text[ms : lead.start()]
    return not any(ch in gap for ch in ";:()") and len(_IN_CASE_GAP.findall(gap)) <= IN_CASE_WORDS


# A sentence that tells of another case ("In Biggers, the Court held ...") is often followed by more
# of that case's story ("The victim's identification was reliable: she saw her assailant ..."), with
# no case name of its own. The story goes on, in the same paragraph, until a sentence names this
# case's parties or returns to it.
CARRY_SENTENCES = 2
CARRY_CHARS = 800  # how far back a case name is looked for (the sentences it spans)
_WORDS = re.compile(r"\b[a-z]{3,}\b")
_NARRATES = re.compile(
    r"\b(?:held|holds|concluded|ruled|found|reasoned|explained|noted|observed|decided|rejected|reversed|"
    r"affirmed|recognized|determined|overruled|overturned)\b"
)
# A sentence that opens on "There," or "In that case," speaks of what the sentence before it named:
# when that sentence names another case, so does this one ("... alleged by the plaintiff in Heck.
# There, the allegations were ...").
_BACK_TO_IT = re.compile(r"(?:there,|in that (?:case|decision)\b|that case\b|the court there\b)")
_LEAD_JUNK = re.compile(r"[\W\d_]+")  # a footnote number or quotation mark before the first word


def _first_word(low: str, at: int) -> int:
    """Where the sentence starting at ``at`` has its first word."""
    junk = _LEAD_JUNK.match(low, at)
    return junk.end() if junk else at


_THIS_CASE_WORDS = re.compile(
    r"\b(?:petitioners?|appellants?|appellees?|respondents?|the accused|this case|the present case|"
    r"the instant case|here|today|we hold)\b"
)


def _this_case_words(low: str, s: int, e: int, names: DocumentNames) -> bool:
    if _THIS_CASE_WORDS.search(low, s, e) or _THIS_CASE.search(low, s, e):
        return True
    return names.rx is not None and names.rx.search(low, s, e) is not None


_CASE_NAMES_KEY = ("case-names",)  # a page memo's entry for ``case_names_on(page)``


def page_memo(case_names: tuple[re.Match[str], ...]) -> Memo:
    """A page's memo for ``context_classify``, holding the case names already found on it."""
    return {_CASE_NAMES_KEY: case_names}


def _told_marks(text: str, names: DocumentNames, memo: Memo | None) -> list[int]:
    """Where the page names another case (a case name, or on such a page a cited short name after
    "in", "under", "see" ...): found once per page, in order."""
    cases = _memo(memo, _CASE_NAMES_KEY, lambda: case_names_on(text))
    found = [c.start() for c in cases]
    # short names only on a page that also names a case in full: an opinion's page, not a police
    # report that speaks of Miranda warnings
    if found and names.cited_rx is not None:
        found.extend(
            name.start()
            for name in names.cited_rx.finditer(text)
            if _LEAD_BEFORE.search(text, max(0, name.start() - 12), name.start())
        )
    return sorted(found)


def _opens_on(low: str, ps: int, told: re.Match[str]) -> bool:
    """Whether sentence ``ps`` opens on the case it names: "In Anderson, a sheriff ...", also
    after a footnote number."""
    first = _first_word(low, ps)
    if first == told.start():  # the cited short name's match starts on its lead word
        return low.startswith("in ", first)
    return low[first : told.start()] == "in "


def narrated_case_cue(
    text: str, low: str, s: int, names: DocumentNames, memo: Memo | None = None, e: int = -1
) -> str:
    """The other case whose story sentence [s, e) continues (``CARRY_SENTENCES`` back at most, in
    its paragraph), or "": never where the sentence names this case's parties or returns to it."""
    para = text.rfind("\n\n", max(0, s - CARRY_CHARS), s)
    a = para + 2 if para != -1 else max(0, s - CARRY_CHARS)
    marks = _memo(memo, ("told-marks",), lambda: _told_marks(text, names, memo))
    n = bisect_left(marks, a)
    if n == len(marks) or marks[n] >= s:
        return ""  # no case is named before it in the paragraph (most sentences): nothing to go on
    if e > s and _this_case_words(low, s, e, names):
        return ""
    at, hops = s, 0
    while hops < CARRY_SENTENCES:
        p = at - 1
        while p >= 0 and text[p].isspace():
            p -= 1
        if p < 0 or "\n\n" in text[p:at]:
            return ""  # a new paragraph: the story of the other case ends
        ps, pe = sentence_span(text, p)
        if pe > at or ps >= at:
            return ""
        if len(_WORDS.findall(low, ps, pe)) < 3:  # a pin cite or a footnote mark: not a step
            at = ps
            continue
        hops += 1
        cases, other = _memo(memo, ("cite", ps, pe), partial(_citations, text, ps, pe, names))
        told = [m for m in cases if not _applied_authority(text, ps, m)]
        if not told and other is not None and other.re not in _BARE_CITES:
            told = [other]
        if told:
            signal = _CITE_SIGNAL.search(text, ps, pe)
            if signal is not None and not signal.group().lower().startswith("in"):
                return ""  # a "See ..." sentence supports the argument before it
            if signal is not None or _NARRATES.search(low, ps, pe) or _opens_on(low, ps, told[0]):
                return cite_words(text, told[0])  # "In X v. Y, ..."; "the Court held in X that ..."
            if hops == 1 and _BACK_TO_IT.match(low, _first_word(low, s)):
                return cite_words(text, told[0])
            return ""
        if _this_case_words(low, ps, pe, names):
            return ""
        at = ps
    return ""


def _held_past(low: str, m: re.Match[str], e: int) -> bool:
    """A holding about this case's events, not the law: a past verb after "held that" ("the court
    held that the confession was involuntary", not "... that a confession must be suppressed")."""
    return m.group().endswith("held that") and PAST.search(low, m.end(), e) is not None


# Verbs that, with "under Brady" or "the Due Process Clause", tell of this case's events.
_UNDER_PAST = re.compile(r"\b(?:violated|kept|suppressed|concealed|hid|coerced|threatened)\b")


def _law(low: str, start: int, s: int, e: int, names: DocumentNames | None) -> str:
    strong = _LAW_STRONG.search(low, start, e)
    if strong is not None and not _held_past(low, strong, e):
        return strong.group()
    weak = _LAW_WEAK.search(low, start, e)
    if weak is None:
        return ""
    if _tied_to_case(low, s, e, names) or PAST.search(low, s, e):
        return ""
    if weak.group().startswith(("under", "due process")) and _UNDER_PAST.search(low, s, e):
        return ""  # "the county violated her rights under Brady": events of this case
    return weak.group()


def _tied_to_case(low: str, s: int, e: int, names: DocumentNames | None) -> bool:
    """Whether sentence [s, e) names this case's people or its record ("petitioner", "at trial")."""
    if _THIS_CASE_ANCHOR.search(low, s, e):
        return True
    return names is not None and names.rx is not None and names.rx.search(low, s, e) is not None


def law_cue(
    low: str,
    s: int,
    e: int,
    ms: int,
    names: DocumentNames | None = None,
    memo: Memo | None = None,
) -> str:
    """The cue that makes sentence [s, e) the law of the element or a method in general, or ""."""
    contrast = None
    for m in _CONTRAST.finditer(low, s, ms):
        contrast = m
    start = contrast.end() if contrast is not None else s
    return _memo(memo, ("law", s, e, start), lambda: _law(low, start, s, e, names))


# A generic sentence: its subject, which holds the match, names a kind of thing ("Jailhouse
# informants", "A show-up", "Microscopic hair comparison") and a present-tense verb follows it
# ("are notoriously unreliable", "is permissible when", "has been widely discredited").
_GENERIC_VERB = re.compile(
    r"\b(?:is|are|has been|have been|can|cannot|may|must|should|remains?|tends? to)\b"
)
_SPECIFIC_LEAD = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "each",
        "both",
        "one",
        "two",
        "three",
        "mr",
        "mrs",
        "ms",
        "dr",
        "no",
        "neither",
    ]
)
GENERIC_SUBJECT_WORDS = 7
_SUBJECT_WORD = re.compile(r"[a-z][\w'’.-]*")


def generic_subject(
    text: str,
    low: str,
    s: int,
    e: int,
    ms: int,
    names: DocumentNames | None = None,
    memo: Memo | None = None,
) -> str:
    """The subject and verb of sentence [s, e) when it speaks of a kind of thing in general and the
    match at ``ms`` is in that subject, or ""."""
    found = _memo(memo, ("generic", s, e), lambda: _generic_span(text, low, s, e, names))
    if found is None or not found[0] <= ms < found[1]:
        return ""
    return " ".join(low[found[0] : found[2]].split())


def _generic_span(
    text: str, low: str, s: int, e: int, names: DocumentNames | None
) -> tuple[int, int, int] | None:
    """(subject start, verb start, verb end) of a generic sentence [s, e), or None."""
    first = _first_word(low, s)
    lead = _SUBJECT_WORD.match(low, first)
    if lead is None or lead.group().rstrip(".") in _SPECIFIC_LEAD:
        return None  # most sentences open on "The", "His", "This": checked before any search
    verb = _GENERIC_VERB.search(low, first, min(e, first + 120))
    if verb is None:
        return None
    words = _SUBJECT_WORD.findall(low, first, verb.start())
    if not words or len(words) > GENERIC_SUBJECT_WORDS:
        return None
    if any(w.endswith(("'s", "’s")) for w in words) or "," in low[first : verb.start()]:
        return None  # "Quill's confession is ...": someone's, not a kind; a clause before the verb
    if any(ch.isupper() for ch in text[lead.end() : verb.start()]):
        return None  # a name after the first word ("Informant Ray Thomas is"): someone, not a kind
    if _tied_to_case(low, s, e, names):
        return None
    return first, verb.start(), verb.end()


def rejection_cue(
    low: str,
    s: int,
    e: int,
    ms: int,
    me: int,
    category: Category | None = None,
    *,
    findings_only: bool = False,
    memo: Memo | None = None,
) -> str:
    """The court's rejection of a claim around the match, or (with ``category``) a finding in the
    match's clause that the element did not happen; "" when there is none."""
    if not findings_only:
        pre, post = _memo(
            memo,
            ("reject", s, e),
            lambda: (list(_REJECT_PRE.finditer(low, s, e)), list(_REJECT_POST.finditer(low, s, e))),
        )
        for m in pre:
            if m.start() < ms:
                return m.group()
        for m in post:
            if m.start() <= ms and m.end() >= me:
                return m.group()
    finding = REJECT_FINDING.get(category) if category is not None else None
    if finding is None:
        return ""
    found = _memo(
        memo,
        ("finding", s, e, category),
        lambda: [] if _PREJUDICE.search(low, s, e) else list(finding.finditer(low, s, e)),
    )
    if found:
        for m in found:
            if _overlaps(*m.span(), [(ms, me)]):
                continue
            a, b = (m.end(), ms) if m.end() <= ms else (me, m.start())
            if not _LONG_TERMINATOR.search(low, a, b):  # the finding's clause holds the match
                return m.group()
    return ""


def _apart(low: str, cs: int, ce: int, ms: int, me: int) -> bool:
    """Whether a contrast ("but", "however", ";") stands between a cue and the match."""
    a, b = (ce, ms) if ce <= ms else (me, cs)
    return a < b and _LONG_TERMINATOR.search(low, a, b) is not None


def context_classify(
    text: str,
    low: str,
    s: int,
    e: int,
    ms: int,
    me: int,
    cues: Sequence[tuple[int, int]] = (),
    category: Category | None = None,
    names: DocumentNames | None = None,
    memo: Memo | None = None,
) -> tuple[Context, str]:
    """Context of the match ``[ms, me)`` in sentence ``[s, e)``; ``low`` is ``text`` lower-cased
    (same length); ``cues`` are the spans of the context cues the rule required; ``category`` picks
    the findings that reject the element; ``names`` the caption names of this case; ``memo`` a
    per-page cache for sentence-level searches. Returns (label, cue text)."""
    cue = citation_cue(text, low, s, e, ms, names, memo)
    if cue:
        return Context.CITATION, cue
    cue = law_cue(low, s, e, ms, names, memo)
    if cue:
        return Context.LAW, cue
    cue = rejection_cue(low, s, e, ms, me, memo=memo)
    if cue:
        return Context.REJECTED_CLAIM, cue
    ignore = [(ms, me), *cues]
    cue = _negation(low, s, e, ms, me, ignore, memo)
    for cs, ce in cues:
        if cue:
            break
        if s <= cs and ce <= e and not _apart(low, cs, ce, ms, me):
            # (a cue from a neighbouring sentence, or across "but", is not negated with the match:
            # "he expected nothing for his testimony, but the prosecutor later wrote a letter")
            cue = _negation(low, s, e, cs, ce, ignore, memo)
    if cue:
        return Context.NEGATED, cue
    cue = rejection_cue(low, s, e, ms, me, category, findings_only=True, memo=memo)
    if cue:
        return Context.REJECTED_CLAIM, cue
    cue = _hypothetical(low, s, e, ms, me)
    if cue:
        return Context.HYPOTHETICAL, cue
    doc = names or DocumentNames()
    cue = _memo(memo, ("told", s, e), lambda: narrated_case_cue(text, low, s, doc, memo, e))
    if cue:
        return Context.CITATION, cue
    cue = generic_subject(text, low, s, e, ms, names, memo)  # last: it only turns an affirmed call
    if cue:
        return Context.LAW, cue
    return Context.AFFIRMED, ""
