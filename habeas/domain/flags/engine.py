"""Find element flags in page text.

How it stays fast (one pass of C-level regex over the page, Python only around candidates):

1. the page is lower-cased once (``str.lower``; if that changes the length, as for "İ", characters
   are lowered one by one so offsets still line up);
2. the rule set's scanner - every trigger of every rule in ONE alternation, factored into a
   character trie on the triggers' literal prefixes (rules.trie_regex), behind ``\\W(?=...)`` so the
   regex engine only tries word starts and rejects most of them after a character or two - yields
   candidate word starts;
3. only there, the rules whose triggers can start with those two characters are matched; a
   required cue is looked for within N words (the window found with one forward match and one on
   the reversed page), and for the survivors the sentence is found (cached per page) and its
   context (negated, hypothetical, citation, rejected claim) decided (negation.py);
4. hits of one rule in one sentence are merged into one flag (the most confident, then the first).

Offsets are character offsets into the ``text`` given (a page); ``passage == text[start:end]``.
No flag means no rule matched - never that the page is "clean".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from habeas.domain.flags.flag import Context, Flag, Nearby, Rule, Side, Verification
from habeas.domain.flags.negation import REACH, context_classify, sentence_span, word_count
from habeas.domain.flags.rules import RuleSet, rules_default

PASSAGE_LIMIT = 400
PASSAGE_PAD = (
    60  # characters of neighbouring text shown on each side of the sentence, when there is room
)

# Confidence kept when the sentence does not affirm the element (multiplies the rule's confidence).
CONTEXT_WEIGHT = {
    Context.AFFIRMED: 1.0,
    Context.NEGATED: 0.2,
    Context.HYPOTHETICAL: 0.3,
    Context.CITATION: 0.15,
    Context.REJECTED_CLAIM: 0.3,
}
CONTEXT_NOTE = {
    Context.NEGATED: 'The sentence appears to negate it ("{cue}"); kept at low confidence for the reviewer to confirm.',
    Context.HYPOTHETICAL: 'The sentence appears to state it as a hypothetical ("{cue}"); kept at low confidence.',
    Context.CITATION: 'It is named in a citation ("{cue}"), probably about another case; kept at low confidence.',
    Context.REJECTED_CLAIM: 'It is part of a claim the court rejected ("{cue}"); kept at low confidence.',
}


def text_lower(text: str) -> str:
    """``text`` lower-cased with the same length (so offsets carry over)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(lc if len(lc := ch.lower()) == 1 else ch for ch in text)


def _candidates(ruleset: RuleSet, low: str) -> Iterator[int]:
    if ruleset.head.match(low):
        yield 0
    for m in ruleset.scanner.finditer(low):
        yield m.end()


CUE_MARGIN = 160  # characters a cue may extend beyond the word window it must start (or end) in


@cache
def _words_ahead(n: int) -> re.Pattern[str]:
    return re.compile(rf"\W*(?:\w+\W+){{0,{n}}}\w*")


def _window(page: _Page, ms: int, me: int, within: int) -> tuple[int, int]:
    """Characters that can hold a cue within ``within`` words of [ms, me): up to ``within`` + 1 words
    either side plus a margin, found with a forward match and one on the reversed page (C speed)."""
    ahead = _words_ahead(within + 1)  # can match the empty string, so it always matches
    fwd = ahead.match(page.low, me)
    hi = (fwd.end() if fwd else len(page.low)) + CUE_MARGIN
    rev = page.rev
    back = ahead.match(rev, len(rev) - ms)
    lo = (len(rev) - back.end() if back else 0) - CUE_MARGIN
    return max(0, lo), hi


def _near(page: _Page, req: Nearby, ms: int, me: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Span of a cue of ``req`` within ``req.within`` words of [ms, me), searched inside [lo, hi)."""
    low = page.low
    a, b = _window(page, ms, me, req.within)
    pos, end = max(lo, a), min(hi, b)
    search = req.rx.search
    while pos < end:
        m = search(low, pos, end)
        if m is None:
            return None
        cs, ce = m.span()
        pos = ce if ce > cs else cs + 1
        if cs > 0 and (low[cs - 1].isalnum() or low[cs - 1] == "_"):
            pos = (
                cs + 1
            )  # inside a word: the rx has no leading boundary (it would stop the fast skip)
            continue
        if ce <= ms:
            if req.side is Side.AFTER:
                continue
            gap = word_count(low, ce, ms)
        elif cs >= me:
            if req.side is Side.BEFORE:
                return None
            gap = word_count(low, me, cs)
        else:
            gap = 0
        if gap <= req.within:
            return cs, ce
    return None


def _passage(text: str, s: int, e: int, ms: int, me: int) -> tuple[int, int]:
    """The sentence [s, e) with a little context, or a window of it around the match, <= 400 chars."""
    if me - ms >= PASSAGE_LIMIT:
        return ms, ms + PASSAGE_LIMIT
    if e - s > PASSAGE_LIMIT:
        a = max(s, ms - (PASSAGE_LIMIT - (me - ms)) // 2)
        b = min(e, a + PASSAGE_LIMIT)
        a = max(s, b - PASSAGE_LIMIT)
        if a > s:
            space = text.find(" ", a, ms)
            a = space + 1 if space != -1 else a
        if b < e:
            space = text.rfind(" ", me, b)
            b = space if space != -1 else b
    else:
        pad = min(PASSAGE_PAD, (PASSAGE_LIMIT - (e - s)) // 2)
        a, b = max(0, s - pad), min(len(text), e + pad)
        if a < s:
            line = text.rfind("\n", a, s)
            if line != -1:
                a = line + 1
            elif a > 0:
                space = text.find(" ", a, s)
                a = space + 1 if space != -1 else s
        if b > e:
            line = text.find("\n", e, b)
            if line != -1:
                b = line
            elif b < len(text):
                space = text.rfind(" ", e, b)
                b = space if space != -1 else e
    while a < ms and text[a].isspace():
        a += 1
    while b > me and text[b - 1].isspace():
        b -= 1
    return a, b


def _reason(rule: Rule, context: Context, cue: str, near: Sequence[str]) -> str:
    parts = [rule.reason]
    if rule.authority:
        parts.append(f"Authority: {rule.authority}.")
    if rule.verification is Verification.UNVERIFIED:
        parts.append(f"Unverified: {rule.verification_note}")
    if near:
        parts.append("Found with " + ", ".join(f'"{c}"' for c in near) + " nearby.")
    if context is not Context.AFFIRMED:
        parts.append(CONTEXT_NOTE[context].format(cue=cue))
    return " ".join(parts)


class _Page:
    """One page being flagged: its text, lower-cased text, reversed lower-cased text (made on first
    use, for looking words back at C speed) and its sentence spans, found on demand around a match and
    reused for later matches in the same sentence (several rules, or several triggers of one rule,
    often hit one sentence)."""

    __slots__ = ("_rev", "known", "low", "text")

    def __init__(self, text: str, low: str) -> None:
        self.text = text
        self.low = low
        self._rev: str | None = None
        self.known: list[tuple[int, int]] = []  # exact spans (not cut at REACH), in page order

    @property
    def rev(self) -> str:
        if self._rev is None:
            self._rev = self.low[::-1]
        return self._rev

    def sentence(self, ms: int, me: int) -> tuple[int, int]:
        for s, e in reversed(self.known[-4:]):
            if s <= ms and me <= e:
                return s, e
        s, e = sentence_span(self.text, ms, me)
        if e - s < REACH // 2:  # surely bounded by sentence endings, not by the reach
            self.known.append((s, e))
        return s, e


def _evaluate(
    rule: Rule, pg: _Page, ms: int, me: int, page: int | None
) -> tuple[Flag, int, int] | None:
    text, low = pg.text, pg.low
    if rule.requires:  # cheap rejection first: a cue must at least be near, sentence or not
        n = len(low)
        if any(_near(pg, req, ms, me, 0, n) is None for req in rule.requires):
            return None
    s, e = pg.sentence(ms, me)
    cues: list[tuple[int, int]] = []
    for req in rule.requires:
        span = _near(pg, req, ms, me, s, e)
        if span is None:
            return None
        cues.append(span)
    if any(_near(pg, ex, ms, me, s, e) is not None for ex in rule.excludes):
        return None
    context, cue = context_classify(text, low, s, e, ms, me, cues)
    a, b = _passage(text, s, e, ms, me)
    flag = Flag(
        rule_id=rule.id,
        category=rule.category,
        title=rule.title,
        passage=text[a:b],
        start=a,
        end=b,
        page=page,
        confidence=round(rule.confidence * CONTEXT_WEIGHT[context], 2),
        reason=_reason(rule, context, cue, [" ".join(text[cs:ce].split()) for cs, ce in cues]),
        context=context,
        nre=rule.nre,
        match_start=ms,
        match_end=me,
        matched=text[ms:me],
        cue=cue,
        tier=rule.tier.value if rule.tier else "",
        authority=rule.authority,
        source=rule.source,
        verification=rule.verification.value,
    )
    return flag, s, e


def flags_find(text: str, *, page: int | None = None, rules: RuleSet | None = None) -> list[Flag]:
    """Every element flag in ``text`` (one page), ordered by position. ``rules`` defaults to the
    bundled rule set. Offsets are into ``text``; ``page`` is copied onto each flag. At most one flag
    per rule per sentence: the most confident hit, then the first."""
    ruleset = rules if rules is not None else rules_default()
    if not text:
        return []
    low = text_lower(text)
    pg = _Page(text, low)
    kept: dict[str, list[tuple[int, int, Flag]]] = {}  # rule id -> (sentence start, end, flag)
    for p in _candidates(ruleset, low):
        for rule in ruleset.candidates_at(low, p):
            m = rule.trigger_rx.match(low, p)
            if m is None:
                continue
            found = _evaluate(rule, pg, m.start(), m.end(), page)
            if found is None:
                continue
            flag, s, e = found
            hits = kept.setdefault(rule.id, [])
            last = hits[-1] if hits else None
            if (
                last is not None and s < last[1] and last[0] < e
            ):  # the same sentence (spans only overlap there)
                if flag.confidence > last[2].confidence:
                    hits[-1] = (min(s, last[0]), max(e, last[1]), flag)
            else:
                hits.append((s, e, flag))
    flags = [flag for hits in kept.values() for _, _, flag in hits]
    return sorted(flags, key=lambda f: (f.match_start, f.rule_id))


def flags_find_pages(
    pages: Iterable[tuple[int, str]], *, rules: RuleSet | None = None
) -> list[Flag]:
    """Flags of every (page number, page text) pair, page by page; offsets are into each page."""
    ruleset = rules if rules is not None else rules_default()
    out: list[Flag] = []
    for number, text in pages:
        out.extend(flags_find(text, page=number, rules=ruleset))
    return out
