"""Find element flags in page text.

How it stays fast (one pass of C-level regex over the page, Python only around candidates):

1. the page is lower-cased once (``str.lower``; if that changes the length, as for "İ", characters
   are lowered one by one so offsets still line up);
2. the rule set's scanner - every trigger of every rule in ONE alternation, factored into a
   trie on the triggers' leading characters and the spaces between their words
   (alternation.phrase_trie_regex), behind ``\\W(?=...)`` so the regex engine only tries word starts
   and rejects most of them after a character or two - yields candidate word starts; the same
   starts are found faster by an automaton of the triggers' first characters (starts.py), with
   the trie tried only where the automaton found some;
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
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from habeas.domain.flags.alternation import cue_keys, trie_regex
from habeas.domain.flags.context import (
    CONTEXT_NOTE,
    CONTEXT_WEIGHT,
    DocumentNames,
    Memo,
    case_names_on,
    context_classify,
    names_find,
    page_memo,
)
from habeas.domain.flags.document import affirmed_categories, civil_reason, document_review
from habeas.domain.flags.flag import (
    Category,
    Context,
    Flag,
    Nearby,
    Rule,
    Side,
    Verification,
    flag_replace,
)
from habeas.domain.flags.roles import (
    ACCUSED,
    ROLE_WORDS,
    Role,
    accused_roles,
    role_names,
    role_regex,
    role_spans,
    someone_else,
    the_accused_acts,
)
from habeas.domain.flags.rules import KEY_CHARS, RuleSet, rules_default
from habeas.domain.flags.sentences import sentence_span, word_count
from habeas.domain.flags.words import accents_fold

PASSAGE_LIMIT = 400
PASSAGE_PAD = (
    60  # characters of neighbouring text shown on each side of the sentence, when there is room
)


def text_lower(text: str) -> str:
    """``text`` lower-cased, without diacritics, with the same length (so offsets carry over)."""
    return _lowered(text)[0]


def _lowered(text: str) -> tuple[str, bool]:
    """``text_lower(text)``, and whether that is ``text.lower()`` (almost always)."""
    low = text.lower()
    same = len(low) == len(text)
    if not same:
        low = "".join(lc if len(lc := ch.lower()) == 1 else ch for ch in text)
    if low.isascii():
        return low, same
    folded = accents_fold(low)
    return folded, same and folded == low


def _candidates(ruleset: RuleSet, low: str) -> list[int]:
    starts = ruleset.starts
    if starts is not None:  # the same offsets, tried only where a trigger's first letters are
        return starts.find(low)
    found = [m.end() for m in ruleset.scanner.finditer(low)]
    return [0, *found] if ruleset.head.match(low) else found


NEAR_KEYS = 8  # with more keys than this, one regex search beats a str.find per key
RoleNear = tuple[Nearby, Mapping[str, Role]]  # a role requirement and the roles it names

CUE_MARGIN = 160  # characters a cue may extend beyond the word window it must start (or end) in


@cache
def _words_ahead(n: int) -> re.Pattern[str]:
    return re.compile(rf"\W*(?:\w+\W+){{0,{n}}}\w*")


def _near(page: _Page, req: Nearby, ms: int, me: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Span of a cue of ``req`` within ``req.within`` words of [ms, me), searched inside [lo, hi)
    (and inside the words the window allows on the sides ``req.side`` permits)."""
    low = page.low
    a = ms if req.side is Side.AFTER else page.words_back(req.within + 1, ms) - CUE_MARGIN
    b = me if req.side is Side.BEFORE else page.words_ahead(req.within + 1, me) + CUE_MARGIN
    pos, end = max(lo, a, 0), min(hi, b)
    if 0 < len(req.keys) <= NEAR_KEYS:  # every cue starts with a key: start at the first one
        first = end
        for key in req.keys:  # (an occurrence may start before ``first`` and end after it)
            at = low.find(key, pos, min(end, first + len(key) - 1))
            if at != -1:
                first = at
        if first >= end:
            return None
        pos = first
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


def _role_said(role: RoleNear | None, near: Sequence[str]) -> str:
    """Whose role a role rule's flag is about, and where the document gave it."""
    if role is None or not near:
        return ""
    name = accents_fold(near[-1].lower()).removesuffix("'s").removesuffix("’s")
    source = role[1].get(name)
    if source is None:
        return ""
    if source.matched == ACCUSED:
        return f"{source.name} is the accused (named by the caption or as the defendant)."
    return (
        f'{source.name} is in this role elsewhere in the document ("{source.matched}", '
        f"offset {source.at}{f' on page {source.page}' if source.page is not None else ''})."
    )


def _reason(rule: Rule, context: Context, cue: str, near: Sequence[str], role: str = "") -> str:
    parts = [rule.reason]
    if rule.authority:
        parts.append(f"Authority: {rule.authority}.")
    if rule.verification is Verification.UNVERIFIED:
        parts.append(f"Unverified: {rule.verification_note}")
    if near:
        parts.append("Found with " + ", ".join(f'"{c}"' for c in near) + " nearby.")
    if role:
        parts.append(role)
    if context is not Context.AFFIRMED:
        parts.append(CONTEXT_NOTE[context].format(cue=cue))
    return " ".join(parts)


class _Page:
    """One page being flagged: its text, lower-cased text, reversed lower-cased text (made on first
    use, for looking words back at C speed) and its sentence spans, found on demand around a match and
    reused for later matches in the same sentence (several rules, or several triggers of one rule,
    often hit one sentence)."""

    __slots__ = ("_asked", "_has", "_rev", "_windows", "known", "low", "memo", "text")

    def __init__(self, text: str, low: str, memo: Memo) -> None:
        self.text = text
        self.low = low
        self.memo = memo
        self._rev: str | None = None
        self._windows: dict[tuple[int, int], int] = {}  # (words, -at or at) -> window edge
        self._has: dict[int, bool] = {}
        self._asked: set[int] = set()
        self.known: list[tuple[int, int]] = []  # exact spans (not cut at REACH), in page order

    def may_have(self, req: Nearby) -> bool:
        """False only when ``req``'s cues are known to be absent from the page: the page is
        searched for them once a second trigger needs them (a trigger met once per page costs no
        page-wide search; a common trigger whose cue the page lacks costs one)."""
        seen = self._has.get(id(req))
        if seen is not None:
            return seen
        if id(req) in self._asked:
            return self.has(req)
        self._asked.add(id(req))
        return True

    def has(self, req: Nearby) -> bool:
        """Whether a cue of ``req`` occurs anywhere on the page: one C-speed search per page and
        requirement, so a common trigger whose required cue the page lacks costs nothing more."""
        found = self._has.get(id(req))
        if found is None:
            low = self.low
            if req.keys and not any(key in low for key in req.keys):
                found = False
            else:
                found = req.rx.search(low) is not None
            self._has[id(req)] = found
        return found

    @property
    def rev(self) -> str:
        if self._rev is None:
            self._rev = self.low[::-1]
        return self._rev

    def words_back(self, n: int, at: int) -> int:
        """Where the ``n`` words before ``at`` start (looked for on the reversed page, at C
        speed; the rules of one trigger often ask the same)."""
        key = (n, -1 - at)
        edge = self._windows.get(key)
        if edge is None:
            rev = self.rev
            back = _words_ahead(n).match(rev, len(rev) - at)  # it can match the empty string
            edge = self._windows[key] = len(rev) - back.end() if back else 0
        return edge

    def words_ahead(self, n: int, at: int) -> int:
        """Where the ``n`` words after ``at`` end."""
        key = (n, at)
        edge = self._windows.get(key)
        if edge is None:
            fwd = _words_ahead(n).match(self.low, at)
            edge = self._windows[key] = fwd.end() if fwd else len(self.low)
        return edge

    def sentence(self, ms: int, me: int) -> tuple[int, int]:
        for s, e in reversed(self.known[-4:]):
            if s <= ms and me <= e:
                return s, e
        s, e = sentence_span(self.text, ms, me)
        self.known.append((s, e))  # bounded by endings, or by the reach on its grid
        return s, e


def _evaluate(
    rule: Rule,
    pg: _Page,
    ms: int,
    me: int,
    page: int | None,
    names: DocumentNames,
    role: RoleNear | None = None,
    outranked: Flag | None = None,
) -> tuple[Flag, int, int] | None:
    """The flag of ``rule``'s trigger at [ms, me), or None when its requirements fail. When
    ``outranked`` (an affirmed hit of the same element and sentence, at least as confident) is
    given, the hit can only add its rule and cues to that flag: its context is not worked out."""
    text, low = pg.text, pg.low
    requires = rule.requires if role is None else (*rule.requires, role[0])
    for req in requires:
        if not pg.may_have(req):
            return None
    for ex in rule.excludes:  # "minor injuries": an exclusion that overlaps the trigger is cheapest
        if ex.within == 0 and _near(pg, ex, ms, me, 0, len(low)) is not None:
            return None
    found: list[tuple[int, int]] = []
    for req in requires:  # cheap rejection first: a cue must at least be near, sentence or not
        span = _near(pg, req, ms, me, 0, len(low))
        if span is None:
            return None
        found.append(span)
    s, e = pg.sentence(ms, me)
    cues: list[tuple[int, int]] = []
    for req, span in zip(requires, found, strict=True):
        if req.sentence and not (s <= span[0] and span[1] <= e):
            again = _near(pg, req, ms, me, s, e)  # the nearest cue was outside: one inside?
            if again is None:
                return None
            span = again
        cues.append(span)
    if any(_near(pg, ex, ms, me, s, e) is not None for ex in rule.excludes):
        return None
    if rule.accused and someone_else(text, low, s, e, ms, me, names):
        return None  # another person's promise, threat or ordeal: not the accused's
    if rule.witness and the_accused_acts(text, low, s, e, ms, names):
        return None  # the accused's own account changed: no witness's recantation
    if outranked is not None:
        near = tuple(" ".join(text[cs:ce].split()) for cs, ce in cues)
        return flag_replace(outranked, rule_id=rule.id, rule_ids=(rule.id,), cues=near), s, e
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
        reason=_reason(rule, context, cue, near, _role_said(role, near)),
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
    return flag_replace(best, rule_ids=rule_ids, cues=cues)


class _PageScan:
    """One page's hits, grouped per element and sentence. Plain mentions (``support`` rules) are
    only matched on the first pass and evaluated later, for the elements the document affirms, and
    only where no other rule already flagged that sentence for the element."""

    def __init__(
        self, text: str, page: int | None, ruleset: RuleSet, names: DocumentNames, memo: Memo
    ):
        self.page, self.names = page, names
        low, self.str_lower = _lowered(text)
        self.pg = _Page(text, low, memo)
        # category -> [(sentence start, end, hits)], ordered by sentence start
        self.kept: dict[Category, list[tuple[int, int, list[Flag]]]] = {}
        self.deferred: list[tuple[Rule, int, int]] = []
        self.merged: dict[int, tuple[list[Flag], Flag]] = {}  # merged flags, by their hits' list
        low = self.pg.low
        by_key, deferred = ruleset.by_key, self.deferred
        for p in _candidates(ruleset, low):
            tried = by_key.get(low[p : p + KEY_CHARS])  # (RuleSet.candidates_at's cache)
            for rule in ruleset.candidates_at(low, p) if tried is None else tried:
                m = rule.trigger_rx.match(low, p)
                if m is None:
                    continue
                if rule.support:
                    deferred.append((rule, m.start(), m.end()))
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

    def _add(self, rule: Rule, ms: int, me: int, role: RoleNear | None = None) -> None:
        k = self._group(rule.category, ms, me)
        outranked = None
        if k is not None:  # a hit cannot take the lead from an affirmed, more confident one
            best = max(self.kept[rule.category][k][2], key=_rank)
            if best.context is Context.AFFIRMED and best.confidence >= rule.confidence:
                outranked = best
        found = _evaluate(rule, self.pg, ms, me, self.page, self.names, role, outranked)
        if found is None:
            return
        flag, s, e = found
        groups = self.kept.setdefault(rule.category, [])
        if k is None:
            insort(groups, (s, e, [flag]), key=lambda g: g[0])
        else:  # the same sentence: the group keeps its span (it never grows along a page)
            gs, ge, hits = groups[k]
            groups[k] = (gs, ge, [*hits, flag])

    def role_acts(self, groups: Sequence[tuple[RoleNear, Sequence[Rule]]]) -> None:
        """Flag the acts of role rules near the names of the people in their role (each group: the
        names, and the rules whose acts to look for near them). Names are rare, so the page is
        searched for them (C speed), and for an act around each."""
        low = self.pg.low
        for near, acts in groups:
            for ns, ne in role_spans(low, near[1]) if acts else ():  # near[0].rx's matches
                if ns > 0 and (low[ns - 1].isalnum() or low[ns - 1] == "_"):
                    continue
                sentence: tuple[int, int] | None = None
                for rule in acts:
                    act = _act_nearby(rule)
                    span = _near(self.pg, act, ns, ne, 0, len(low))  # cheap first
                    if span is None:
                        continue
                    if sentence is None:
                        sentence = self.pg.sentence(ns, ne)
                    s, e = sentence
                    if not (
                        s <= span[0] and span[1] <= e
                    ):  # the act must be in the name's sentence
                        span = _near(self.pg, act, ns, ne, s, e)
                    if span is not None and self._group(rule.category, *span) is None:
                        self._add(rule, span[0], span[1], near)

    def supports(self, categories: frozenset[Category]) -> None:
        """Evaluate the deferred mentions of ``categories``."""
        for rule, ms, me in self.deferred:
            if rule.category in categories and self._group(rule.category, ms, me) is None:
                self._add(rule, ms, me)
        self.deferred = []

    def flags(self) -> list[Flag]:
        out = []
        for groups in self.kept.values():
            for _, _, hits in groups:
                done = self.merged.get(id(hits))
                if done is None or done[0] is not hits:  # a group's list is replaced when it grows
                    done = self.merged[id(hits)] = (hits, _merge(hits))
                out.append(done[1])
        return out


def _document_flags(
    pages: Sequence[tuple[int | None, str]],
    ruleset: RuleSet,
    names: DocumentNames,
    memos: Sequence[Memo] | None = None,
) -> list[Flag]:
    memos = memos or [{} for _ in pages]
    scans = [
        _PageScan(text, number, ruleset, names, memo)
        for (number, text), memo in zip(pages, memos, strict=True)
    ]
    civil = civil_reason(pages, [s.pg.low if s.str_lower else s.pg.text.lower() for s in scans])
    first = [f for scan in scans for f in scan.flags()]
    strong = affirmed_categories(first, civil)
    acts = [rule for rule in ruleset.roles if rule.category in strong]
    if acts:
        groups: list[tuple[RoleNear, Sequence[Rule]]] = []
        people = role_names(first, dict(pages), names, ruleset.support_ids)
        for category, found in people.items():
            named = [r for r in acts if r.category is category and not r.accused]
            if named:
                groups.append((_role_nearby(found), named))
        theirs = [r for r in acts if r.accused]
        if theirs and names.parties:
            groups.append((_role_nearby(accused_roles(names)), theirs))
        for scan in scans:
            scan.role_acts(groups)
    for scan in scans:
        scan.supports(strong)
    flags = [f for scan in scans for f in scan.flags()]
    return _ordered(document_review(flags, pages, ruleset, civil))


_ACTS: dict[str, tuple[Rule, Nearby]] = {}


def _act_nearby(rule: Rule) -> Nearby:
    """A role rule's acts as a cue to look for near a role name (made once per rule: a dict by
    id, as hashing a Rule hashes every field)."""
    made = _ACTS.get(rule.id)
    if made is None or made[0] is not rule:
        made = _ACTS[rule.id] = (rule, _act_build(rule))
    return made[1]


def _act_build(rule: Rule) -> Nearby:
    return Nearby(
        rx=re.compile(trie_regex(rule.triggers) + r"(?!\w)"),
        within=ROLE_WORDS,
        side=Side.EITHER,
        cues=rule.triggers,
        keys=cue_keys(rule.triggers),
    )


def _role_nearby(found: Mapping[str, Role]) -> RoleNear:
    """A requirement met by a role name near an act, and the roles by name (for the reason)."""
    near = Nearby(
        rx=role_regex(found),
        within=ROLE_WORDS,
        side=Side.EITHER,
        cues=tuple(r.name for r in found.values()),
    )
    return near, found


def _ordered(flags: list[Flag]) -> list[Flag]:
    return sorted(
        flags, key=lambda f: (f.page if f.page is not None else -1, f.match_start, f.rule_id)
    )


def _names_and_memos(texts: Sequence[str]) -> tuple[DocumentNames, list[Memo]]:
    """The document's names (caption from the first page) and each page's memo: the case names on
    a page are found once, for the names and the page's context alike."""
    found = [case_names_on(text) for text in texts]
    names = names_find(texts[0], *texts[1:], case_names=found)
    return names, [page_memo(f) for f in found]


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
    if names is not None:
        return _document_flags([(page, text)], ruleset, names)
    return _document_flags([(page, text)], ruleset, *_names_and_memos([text]))


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
    return _document_flags(pages, ruleset, *_names_and_memos([text for _, text in pages]))
