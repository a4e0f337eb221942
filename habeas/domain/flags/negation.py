"""Sentence boundaries and the context of a match: negated, hypothetical, citation, rejected claim.

Sentences. A sentence ends at ``.``, ``!`` or ``?`` (plus closing quotes or brackets) followed by
white space, or at a blank line. A full stop is not an ending when the word before it is a known
abbreviation (Det., Sgt., No., v., Cal., Id., a.m. ...), a single capital initial ("J. Smith", also
the "Q."/"A." of transcripts), a dotted abbreviation (U.S., D.O.B.), or when the next word starts in
lower case. Single line breaks do not end a sentence (page text is often hard-wrapped). Sentences
are found around a position, looking at most ``REACH`` characters either way, so the cost does not
grow with the page.

Context (decided within the sentence, in this order; the first that applies wins):

1. ``citation`` - the sentence holds a case citation ("State v. Doe", "182 Ariz. 319", "In re X") or
   a bibliography entry (a year plus "et al.", "J.", "Rev.", "pp.", a DOI ...), and no phrase tying it
   to this case ("here,", "in this case", "at his trial");
2. ``rejected_claim`` - "rejected/denied ... the claim/argument/contention" before the match, or
   "the claim ... lacks merit / is without merit / fails / is rejected" around it;
3. ``negated`` - NegEx-style: a negation trigger ("no", "not", "never", "did not", "without",
   "absence of" ...) at most ``PRE_WINDOW`` words before the match, or a post-trigger ("was not
   introduced", "played no role" ...) at most ``POST_WINDOW`` words after it, with no termination
   term ("but", "however", "although", ";" ...) in between and not part of a pseudo-negation
   ("not only", "no doubt", "not guilty" ...). Cues the rule itself requires (the "never tested" of
   an untested swab) are part of the element, never negations; and a required cue that is itself
   negated ("was not promised anything") negates the element;
4. ``hypothetical`` - "if", "whether", "assuming", "had the ... been" before the match, or "would have
   been/shown ..." after it.

Decision (documented for reviewers): such matches are NOT suppressed. They are emitted with the
context label, the cue that set it and a confidence cut to a fraction of the rule's (see
``CONTEXT_WEIGHT`` in engine.py), so a reviewer can still see "the State did not rely on hair
comparison" and disagree with the label; lists and exports can filter on ``context``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from habeas.domain.flags.flag import Context

REACH = 600  # characters looked at on each side of a position when finding its sentence
NEAR = 240  # characters looked at first, before the whole reach, when looking back for a sentence start
PRE_WINDOW = 6  # words
POST_WINDOW = 5
HYPOTHETICAL_WINDOW = 8

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
        "id",
        "ibid",
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
    ]
)

_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s)|\n[^\S\n]*\n""")
_LAST_TOKEN = re.compile(r"[^\s(\[\"'“‘]+$")
_NEXT_VISIBLE = re.compile(r"\s*(\S)")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
_WORD = re.compile(r"\w+")


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    mark = m.group()
    if mark.startswith("\n") or "!" in mark or "?" in mark:
        return True
    nxt = _NEXT_VISIBLE.match(text, m.end())
    if nxt and nxt.group(1).islower():
        return False
    token_match = _LAST_TOKEN.search(
        text, max(0, m.start() - 40), m.start()
    )  # the word before the stop
    if token_match is None:
        return True
    token = token_match.group().rstrip(".")
    bare = token.lower()
    if bare in ABBREVIATIONS:
        return False
    if len(bare) == 1 and bare.isalpha() and token[-1:].isupper():
        return False  # an initial: "J. Smith", transcript "Q." / "A."
    return not _DOTTED.fullmatch(bare)  # "U.S.", "a.m.", "D.O.B." are not endings


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
    """The sentence holding ``text[start:end]`` (white space trimmed), within ``REACH`` characters."""
    end = start if end is None else end
    lo, hi = max(0, start - REACH), min(len(text), end + REACH)
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


# --- context --------------------------------------------------------------------------------------------

_AUX = r"(?:did|does|do|was|were|is|are|has|have|had|could|would|should|can|will|must|may)"
_PRE_NEG = re.compile(
    rf"\b(?:{_AUX}(?:\s+not|n['’]t)|cannot|can['’]t|won['’]t|ain['’]t|no(?!\.\s*\d)|not|never|without|nor|neither|"
    r"none of|nothing|absence of|absent|lack(?:ed|s|ing)? (?:of|any)|free of|ruled out|rule out)\b"
)
_POST_NEG = re.compile(
    r"\b(?:(?:was|were|is|are|has been|have been|had been|be)\s+(?:not|never)\s+(?:\w+\s+){0,1}?"
    r"(?:introduced|presented|offered|admitted|used|relied|performed|conducted|done|found|observed|present|raised|"
    r"mentioned|at issue|part of|involved|proffered|elicited|an issue|a factor)|"
    r"(?:was|were|is|are) absent|played no (?:role|part)|had no (?:role|bearing|part)|"
    r"(?:was|were|has been|have been) ruled out|(?:was|were) excluded from (?:evidence|trial)|"
    r"never (?:came|happened|occurred|took place|existed))\b"
)
_PSEUDO = re.compile(
    r"\b(?:not only|not just|not merely|not limited to|no doubt|without (?:a )?doubt|not guilty|no longer|"
    r"not necessarily|(?:did|does|do|could|can|would)(?: not|n['’]t) (?:deny|rule out|exclude)|cannot rule out|"
    r"cannot exclude|can['’]t rule out|not be (?:ruled out|excluded)|no (?:later|sooner|less|more) than|"
    r"whether or not|if not)\b"
)
_TERMINATOR = re.compile(
    r"\b(?:but|however|although|though|except|yet|whereas|while|despite|instead|which|who|whom|whose|because|"
    r"since|until|unless|apart from|aside from|other than)\b|[;:]|,\s*(?:and|or|then)\b"
)
_PRE_HYPO = re.compile(
    r"\b(?:if|whether|assuming|assume|suppose|supposing|hypothetical(?:ly)?|in the event|were it not)\b|"
    r"(?:^|[,;]\s*|\.\s+)had\s+(?:the|a|an|any|his|her|their|defense|police|counsel|investigators|detectives|"
    r"the state|the prosecution)\b"
)
_POST_HYPO = re.compile(
    r"\b(?:would|could|might) have (?:been|shown|revealed|established|excluded|proven|proved|demonstrated|"
    r"undermined|exonerated|identified|supported)\b"
)
_REJECT_PRE = re.compile(
    r"\b(?:reject(?:s|ed|ing)?|den(?:y|ies|ied|ying)|overrul(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?|"
    r"(?:are|is|was|were|am) (?:not|un)persuaded by|disagree(?:s|d)? with|(?:find|finds|found) no merit in|"
    r"(?:find|finds|found) unpersuasive)\s+(?:\S+\s+){0,6}?(?:claims?|arguments?|contentions?|assertions?|"
    r"suggestions?|theor(?:y|ies)|allegations?|petitions?|motion for (?:a )?new trial)\b"
)
_REJECT_POST = re.compile(
    r"\b(?:claims?|arguments?|contentions?|assertions?|allegations?|theory)\b.{0,250}?"
    r"\b(?:lacks? merit|(?:is|are|was|were|be) without merit|(?:is|are|was|were) meritless|"
    r"(?:is|are|was|were) (?:unpersuasive|unavailing|unsupported by the record)|"
    r"(?:is|are|was|were|must be|must therefore be|is therefore|are therefore) (?:rejected|denied|overruled|"
    r"forfeited|procedurally (?:barred|defaulted))|fails?)\b",
    re.DOTALL,
)
_CASE_NAME = re.compile(
    r"\b[A-Z][\w'’&.-]*\s+[vV][sS]?\.\s+[A-Z0-9][\w'’&-]*|\b(?:In re|Ex parte|Matter of)\s+[A-Z][\w'’&-]*"
)
_REPORTER = re.compile(
    r"\b\d{1,4}\s+(?:U\.\s?S\.|S\.\s?Ct\.|L\.\s?Ed\.|F\.\s?Supp\.|F\.|So\.|[A-Z][A-Za-z]{0,6}\.(?:\s?[A-Z][A-Za-z]{0,6}\.)*)"
    r"(?:\s?(?:2d|3d|4th|5th))?\s+\d{1,5}\b"
)
_BIBLIO_MARK = re.compile(
    r"\bet al\.|\b(?:J\.|L\.\s?Rev\.|Rev\.|Proc\.|pp\.|Vol\.|ISBN|NISTIR)|\bJournal\b|\bProceedings\b|\bPress\b|"
    r"\bdoi\b|https?://|\bReport (?:to|of|on)\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}[a-z]?\b")
_THIS_CASE = re.compile(
    r"(?:^|[;,(]\s*|\.\s+)here,|\bin (?:this|the (?:instant|present)) (?:case|matter|record|prosecution)\b|"
    r"\bat (?:his|her|their|the|petitioner['’]s|defendant['’]s|appellant['’]s) (?:re)?trial\b|\bthis record\b"
)


def word_count(low: str, a: int, b: int) -> int:
    return len(_WORD.findall(low, a, b)) if b > a else 0


def _overlaps(a: int, b: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


def _negation(low: str, s: int, e: int, ts: int, te: int, ignore: Sequence[tuple[int, int]]) -> str:
    """The negation cue scoping over low[ts:te] inside sentence [s, e), or ""."""
    pseudo = [m.span() for m in _PSEUDO.finditer(low, s, e)]
    for m in reversed(list(_PRE_NEG.finditer(low, s, ts))):
        if _overlaps(*m.span(), ignore) or _overlaps(*m.span(), pseudo):
            continue
        if word_count(low, m.end(), ts) > PRE_WINDOW or _TERMINATOR.search(low, m.end(), ts):
            break
        return m.group()
    for m in _POST_NEG.finditer(low, te, e):
        if _overlaps(*m.span(), ignore) or _overlaps(*m.span(), pseudo):
            continue
        if word_count(low, te, m.start()) > POST_WINDOW or _TERMINATOR.search(low, te, m.start()):
            break
        return m.group()
    return ""


def _hypothetical(low: str, s: int, e: int, ts: int, te: int) -> str:
    for m in reversed(list(_PRE_HYPO.finditer(low, s, ts))):
        if word_count(low, m.end(), ts) > HYPOTHETICAL_WINDOW or _TERMINATOR.search(
            low, m.end(), ts
        ):
            break
        return m.group().strip(" ,;.")
    for m in _POST_HYPO.finditer(low, te, e):
        if word_count(low, te, m.start()) > POST_WINDOW or _TERMINATOR.search(low, te, m.start()):
            break
        return m.group()
    return ""


def citation_cue(text: str, low: str, s: int, e: int) -> str:
    """The case citation or bibliography mark that makes sentence [s, e) a citation context, or ""."""
    found = _CASE_NAME.search(text, s, e) or _REPORTER.search(text, s, e)
    if found is None:
        mark = _BIBLIO_MARK.search(text, s, e)
        found = mark if mark and _YEAR.search(text, s, e) else None
    if found is None or _THIS_CASE.search(low, s, e):
        return ""
    return found.group()


def rejection_cue(low: str, s: int, e: int, ms: int, me: int) -> str:
    for m in _REJECT_PRE.finditer(low, s, e):
        if m.start() < ms:
            return m.group()
    for m in _REJECT_POST.finditer(low, s, e):
        if m.start() <= ms and m.end() >= me:
            return m.group()
    return ""


def context_classify(
    text: str,
    low: str,
    s: int,
    e: int,
    ms: int,
    me: int,
    cues: Sequence[tuple[int, int]] = (),
) -> tuple[Context, str]:
    """Context of the match ``[ms, me)`` in sentence ``[s, e)``; ``low`` is ``text`` lower-cased (same
    length); ``cues`` are the spans of the context cues the rule required. Returns (label, cue text)."""
    cue = citation_cue(text, low, s, e)
    if cue:
        return Context.CITATION, cue
    cue = rejection_cue(low, s, e, ms, me)
    if cue:
        return Context.REJECTED_CLAIM, cue
    ignore = [(ms, me), *cues]
    cue = _negation(low, s, e, ms, me, ignore)
    for cs, ce in cues:
        if cue:
            break
        cue = _negation(low, s, e, cs, ce, ignore)
    if cue:
        return Context.NEGATED, cue
    cue = _hypothetical(low, s, e, ms, me)
    if cue:
        return Context.HYPOTHETICAL, cue
    return Context.AFFIRMED, ""
