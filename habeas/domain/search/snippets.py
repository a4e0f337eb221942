"""Snippets: the best ~200-character window of a page, HTML-escaped, matches in <b>...</b>.

tantivy's SnippetGenerator only knows the terms of term and phrase queries: for fuzzy and prefix
queries it returns an empty fragment. So the highlighter is done here, with the index's own
analyzer (:func:`habeas.domain.search.analysis.token_spans`), for every kind of leaf of the query AST.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from habeas.domain.search.analysis import token_spans
from habeas.domain.search.query import MIN_FUZZY_CHARS, Terms

ELLIPSIS = "…"


def edit_distance_within(a: str, b: str, limit: int) -> bool:
    """True if ``a`` becomes ``b`` with at most ``limit`` edits (insert, delete, substitute, or swap
    two adjacent letters, as tantivy's fuzzy query counts them). Branches on the first difference,
    so it is fast for the small limits (1, 2) fuzzy search allows."""
    if a == b:
        return True
    if limit <= 0 or abs(len(a) - len(b)) > limit:
        return False
    i, n = 0, min(len(a), len(b))
    while i < n and a[i] == b[i]:
        i += 1
    a, b = a[i:], b[i:]
    if not a or not b:
        return True  # the rest is inserts/deletes, within the length check above
    rest = limit - 1
    return (
        edit_distance_within(a[1:], b[1:], rest)
        or edit_distance_within(a[1:], b, rest)
        or edit_distance_within(a, b[1:], rest)
        or (
            len(a) > 1
            and len(b) > 1
            and a[0] == b[1]
            and a[1] == b[0]
            and edit_distance_within(a[2:], b[2:], rest)
        )
    )


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    leaf: int


class Highlighter:
    """Finds the query's leaves in a page's tokens; reuse one per search (it caches per token)."""

    def __init__(self, leaves: Sequence[Terms], max_chars: int = 200) -> None:
        self.leaves = list(leaves)
        self.max_chars = max_chars
        # leaves matched token by token: single tokens, fuzzy words, phrases with slop
        self._single = [
            (li, leaf)
            for li, leaf in enumerate(self.leaves)
            if len(leaf.tokens) == 1
            or leaf.kind == "fuzzy"
            or (leaf.kind == "phrase" and leaf.slop > 0)
        ]
        single_ids = {li for li, _ in self._single}
        # leaves matched as a run of consecutive tokens: phrases, O'Brien, o'bri*
        self._runs = [(li, leaf) for li, leaf in enumerate(self.leaves) if li not in single_ids]
        self._single_cache: dict[str, tuple[int, ...]] = {}
        if all(leaf.kind in ("word", "phrase") for _, leaf in self._single):  # exact tokens only:
            for li, leaf in self._single:  # fill the cache up front, misses are "no leaf"
                for tok in leaf.tokens:
                    self._single_cache[tok] = (*self._single_cache.get(tok, ()), li)
            self._exact_only = True
        else:
            self._exact_only = False
        self._token_cache: dict[tuple[int, int, str], bool] = {}

    @staticmethod
    def _token_ok(leaf: Terms, k: int, token: str) -> bool:
        want = leaf.tokens[k]
        if leaf.kind == "prefix" and k == len(leaf.tokens) - 1:
            return token.startswith(want)
        if leaf.kind == "fuzzy" and len(want) >= MIN_FUZZY_CHARS:
            return edit_distance_within(want, token, leaf.distance)
        return token == want

    def _run_ok(self, li: int, leaf: Terms, k: int, token: str) -> bool:
        key = (li, k, token)
        ok = self._token_cache.get(key)
        if ok is None:
            ok = self._token_cache[key] = self._token_ok(leaf, k, token)
        return ok

    def _single_compute(self, token: str) -> tuple[int, ...]:
        ids = tuple(
            li
            for li, leaf in self._single
            if any(self._token_ok(leaf, k, token) for k in range(len(leaf.tokens)))
        )
        self._single_cache[token] = ids
        return ids

    def matches(self, spans: list[tuple[str, int, int]], *, early: bool = False) -> list[_Match]:
        """Matches in page order. ``early``: stop once a window of max_chars holds every leaf (and
        every match inside that window has been collected)."""
        out: list[_Match] = []
        cache, runs, last = self._single_cache, self._runs, len(spans)
        seen: dict[int, int] = {}
        want = len(self.leaves)
        stop_at: int | None = None
        for i, (token, start, end) in enumerate(spans):
            if stop_at is not None and end > stop_at:
                break
            ids = cache.get(token)
            if ids is None:
                ids = () if self._exact_only else self._single_compute(token)
            found = [_Match(start, end, li) for li in ids]
            for li, leaf in runs:
                n = len(leaf.tokens)
                if i + n > last or not self._run_ok(li, leaf, 0, token):
                    continue
                if all(self._run_ok(li, leaf, k, spans[i + k][0]) for k in range(1, n)):
                    found.append(_Match(start, spans[i + n - 1][2], li))
            if not found:
                continue
            out.extend(found)
            if early and stop_at is None:
                for m in found:
                    seen[m.leaf] = m.start
                if len(seen) == want:
                    first = min(seen.values())
                    if end - first <= self.max_chars:
                        stop_at = first + self.max_chars
        out.sort(key=lambda m: (m.start, -m.end))
        merged: list[_Match] = []
        for m in out:  # drop overlaps (a token matched by two leaves)
            if merged and m.start < merged[-1].end:
                continue
            merged.append(m)
        return merged

    def snippet(self, text: str) -> str:
        limit = self.max_chars
        spans = token_spans(text)
        found = self.matches(spans, early=True)
        if not found:
            end = _cut_end(text, 0, limit, spans)
            return html.escape(text[:end].strip()) + (ELLIPSIS if end < len(text) else "")
        best: tuple[int, int, int] | None = None  # (distinct leaves, matches, -anchor)
        best_range = (0, 0)
        for a, first in enumerate(found):
            inside = [m for m in found[a:] if m.end - first.start <= limit]
            if not inside:
                inside = [first]
            key = (len({m.leaf for m in inside}), len(inside), -a)
            if best is None or key > best:
                best, best_range = key, (first.start, inside[-1].end)
        lo, hi = best_range
        slack = max(0, limit - (hi - lo))
        start = max(0, min(lo - slack // 3, len(text) - limit))
        start = _snap_start(text, start, lo, spans)
        end = max(hi, _cut_end(text, start, limit, spans))
        parts: list[str] = [ELLIPSIS] if start > 0 else []
        pos = start
        for m in found:
            if m.start < start or m.end > end:
                continue
            parts.append(html.escape(text[pos : m.start]))
            parts.append("<b>" + html.escape(text[m.start : m.end]) + "</b>")
            pos = m.end
        parts.append(html.escape(text[pos:end]))
        if end < len(text):
            parts.append(ELLIPSIS)
        return "".join(parts)


def _snap_start(text: str, start: int, lo: int, spans: list[tuple[str, int, int]]) -> int:
    """Move start forward to the beginning of a token (never past the first match)."""
    for _, s, _ in spans:
        if s >= start:
            return min(s, lo)
    return lo


def _cut_end(text: str, start: int, limit: int, spans: list[tuple[str, int, int]]) -> int:
    """The end of the last token that fits in text[start:start+limit]."""
    stop = start + limit
    if stop >= len(text):
        return len(text)
    end = start
    for _, s, e in spans:
        if s < start:
            continue
        if e > stop:
            break
        end = e
    return end if end > start else stop
