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
   context (citation, law, rejected claim, negated, hypothetical) decided (context.py);
4. hits of one ELEMENT (category) in one sentence are merged into one flag that lists every rule
   that hit it (``rule_ids``, the most confident first) and the cues found near its triggers; the
   flag is affirmed when any of its hits is (one affirmed trigger outweighs a negated one nearby);
5. plain mentions (``support`` rules) are matched on the first pass but evaluated only for the
   elements the document affirms, and the document-level review (document.py) runs last.

Offsets are character offsets into the ``text`` given (a page); ``passage == text[start:end]``.
No flag means no rule matched - never that the page is "clean".
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cache

from habeas.domain.flags.context import (
    CONTEXT_NOTE,
    CONTEXT_WEIGHT,
    DocumentNames,
    Memo,
    context_classify,
    names_find,
)
from habeas.domain.flags.document import affirmed_categories, civil_reason, document_review
from habeas.domain.flags.flag import Category, Context, Flag, Nearby, Rule, Side, Verification
from habeas.domain.flags.rules import RuleSet, rules_default
from habeas.domain.flags.sentences import sentence_span, word_count

PASSAGE_LIMIT = 400
PASSAGE_PAD = (
    60  # characters of neighbouring text shown on each side of the sentence, when there is room
)


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


def _near(page: _Page, req: Nearby, ms: int, me: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Span of a cue of ``req`` within ``req.within`` words of [ms, me), searched inside [lo, hi)
    (and inside the words the window allows on the sides ``req.side`` permits)."""
    low = page.low
    ahead = _words_ahead(req.within + 1)  # can match the empty string, so it always matches
    if req.side is Side.AFTER:
        a = ms
    else:
        rev = page.rev
        back = ahead.match(rev, len(rev) - ms)
        a = (len(rev) - back.end() if back else 0) - CUE_MARGIN
    if req.side is Side.BEFORE:
        b = me
    else:
        fwd = ahead.match(low, me)
        b = (fwd.end() if fwd else len(low)) + CUE_MARGIN
    pos, end = max(lo, a, 0), min(hi, b)
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
        elif ms <= cs and ce <= me:
            continue  # a word of the trigger itself is not a cue near it
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

    __slots__ = ("_rev", "known", "low", "memo", "text")

    def __init__(self, text: str, low: str) -> None:
        self.text = text
        self.low = low
        self.memo: Memo = {}
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
        self.known.append((s, e))  # bounded by endings, or by the reach on its grid
        return s, e


def _evaluate(
    rule: Rule, pg: _Page, ms: int, me: int, page: int | None, names: DocumentNames
) -> tuple[Flag, int, int] | None:
    text, low = pg.text, pg.low
    for ex in rule.excludes:  # "minor injuries": an exclusion that overlaps the trigger is cheapest
        if ex.within == 0 and _near(pg, ex, ms, me, 0, len(low)) is not None:
            return None
    found: list[tuple[int, int]] = []
    for req in rule.requires:  # cheap rejection first: a cue must at least be near, sentence or not
        span = _near(pg, req, ms, me, 0, len(low))
        if span is None:
            return None
        found.append(span)
    s, e = pg.sentence(ms, me)
    cues: list[tuple[int, int]] = []
    for req, span in zip(rule.requires, found, strict=True):
        if req.sentence and not (s <= span[0] and span[1] <= e):
            again = _near(pg, req, ms, me, s, e)  # the nearest cue was outside: one inside?
            if again is None:
                return None
            span = again
        cues.append(span)
    if any(_near(pg, ex, ms, me, s, e) is not None for ex in rule.excludes):
        return None
    context, cue = context_classify(text, low, s, e, ms, me, cues, rule.category, names, pg.memo)
    a, b = _passage(text, s, e, ms, me)
    near = tuple(" ".join(text[cs:ce].split()) for cs, ce in cues)
    flag = Flag(
        rule_id=rule.id,
        category=rule.category,
        title=rule.title,
        passage=text[a:b],
        start=a,
        end=b,
        page=page,
        confidence=round(rule.confidence * CONTEXT_WEIGHT[context], 2),
        reason=_reason(rule, context, cue, near),
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
        rule_ids=(rule.id,),
        cues=near,
        sentence_start=s,
        sentence_end=e,
    )
    return flag, s, e


def _rank(flag: Flag) -> tuple[bool, float]:
    return flag.context is Context.AFFIRMED, flag.confidence


def _merge(hits: list[Flag]) -> Flag:
    """One flag for the hits of one element in one sentence: the best hit (affirmed, then most
    confident, then first) carrying every rule id and cue of the others."""
    best = max(hits, key=_rank)  # max keeps the first of equals
    if len(hits) == 1:
        return best
    ordered = sorted(hits, key=_rank, reverse=True)
    rule_ids = tuple(dict.fromkeys(r for f in ordered for r in f.rule_ids))
    cues = tuple(dict.fromkeys(c for f in ordered for c in f.cues))
    return replace(best, rule_ids=rule_ids, cues=cues)


class _PageScan:
    """One page's hits, grouped per element and sentence. Plain mentions (``support`` rules) are
    only matched on the first pass and evaluated later, for the elements the document affirms, and
    only where no other rule already flagged that sentence for the element."""

    def __init__(self, text: str, page: int | None, ruleset: RuleSet, names: DocumentNames):
        self.page, self.names = page, names
        self.pg = _Page(text, text_lower(text))
        # category -> [(sentence start, end, hits)], ordered by sentence start
        self.kept: dict[Category, list[tuple[int, int, list[Flag]]]] = {}
        self.deferred: list[tuple[Rule, int, int]] = []
        low = self.pg.low
        for p in _candidates(ruleset, low):
            for rule in ruleset.candidates_at(low, p):
                m = rule.trigger_rx.match(low, p)
                if m is None:
                    continue
                if rule.support:
                    self.deferred.append((rule, m.start(), m.end()))
                else:
                    self._add(rule, m.start(), m.end())

    def _group(self, category: Category, ms: int, me: int) -> int | None:
        """The group (sentence) of ``category`` that holds the match [ms, me), if any."""
        groups = self.kept.get(category, [])
        n = bisect_left(groups, (ms + 1, -1, []))  # groups starting at or before ms come first
        for k in (n - 1, n - 2):
            if 0 <= k < len(groups) and groups[k][0] <= ms and me <= groups[k][1]:
                return k
        return None

    def _add(self, rule: Rule, ms: int, me: int) -> None:
        found = _evaluate(rule, self.pg, ms, me, self.page, self.names)
        if found is None:
            return
        flag, s, e = found
        groups = self.kept.setdefault(rule.category, [])
        k = self._group(rule.category, ms, me)
        if k is None:
            insort(groups, (s, e, [flag]), key=lambda g: g[0])
        else:  # the same sentence: the group keeps its span (it never grows along a page)
            gs, ge, hits = groups[k]
            groups[k] = (gs, ge, [*hits, flag])

    def supports(self, categories: frozenset[Category]) -> None:
        """Evaluate the deferred mentions of ``categories``."""
        for rule, ms, me in self.deferred:
            if rule.category in categories and self._group(rule.category, ms, me) is None:
                self._add(rule, ms, me)
        self.deferred = []

    def flags(self) -> list[Flag]:
        return [_merge(hits) for groups in self.kept.values() for _, _, hits in groups]


def _document_flags(
    pages: Sequence[tuple[int | None, str]], ruleset: RuleSet, names: DocumentNames
) -> list[Flag]:
    scans = [_PageScan(text, number, ruleset, names) for number, text in pages]
    civil = civil_reason(pages)
    strong = affirmed_categories([f for scan in scans for f in scan.flags()], civil)
    for scan in scans:
        scan.supports(strong)
    flags = [f for scan in scans for f in scan.flags()]
    return _ordered(document_review(flags, pages, ruleset, civil))


def _ordered(flags: list[Flag]) -> list[Flag]:
    return sorted(
        flags, key=lambda f: (f.page if f.page is not None else -1, f.match_start, f.rule_id)
    )


def flags_find(
    text: str,
    *,
    page: int | None = None,
    rules: RuleSet | None = None,
    names: DocumentNames | None = None,
) -> list[Flag]:
    """Every element flag in ``text`` (one page, read as a whole document), ordered by position.
    ``rules`` defaults to the bundled rule set; ``names`` (this case's caption names and the cases
    it cites) to those found in ``text``. Offsets are into ``text``; ``page`` is copied onto each
    flag. One flag per element per sentence (see ``_merge``)."""
    ruleset = rules if rules is not None else rules_default()
    if not text:
        return []
    if names is None:
        names = names_find(text)
    return _document_flags([(page, text)], ruleset, names)


def flags_find_pages(
    pages: Iterable[tuple[int, str]], *, rules: RuleSet | None = None
) -> list[Flag]:
    """Flags of every (page number, page text) pair of ONE document; offsets are into each page.
    The caption names are read from the first page, the names of cited cases from every page, and
    the document-level review (document.py) sees every page."""
    ruleset = rules if rules is not None else rules_default()
    pages = [(number, text) for number, text in pages if text]
    if not pages:
        return []
    names = names_find(pages[0][1], *(text for _, text in pages[1:]))
    return _document_flags(pages, ruleset, names)
