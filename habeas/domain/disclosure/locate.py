"""Where a string to redact lies on a page: MuPDF's search plus a word-level match that joins
words hyphenated across lines (MuPDF's own de-hyphenating search stops one letter short of the
second half) and whole words around a partial match ("Whitcombe's" for "Whitcombe")."""

from __future__ import annotations

import unicodedata

import pymupdf


def _norm(word: str) -> str:
    return unicodedata.normalize("NFKC", word).replace("\u00ad", "").casefold()


def _word_stream(
    words: list[tuple[float, float, float, float, str, int, int, int]],
) -> tuple[str, list[int]]:
    """The page's words as one string (a space between words, none across a hyphenated line
    break) and, for every character, the index of the word it came from (-1 for spaces)."""
    chars: list[str] = []
    owner: list[int] = []
    for i, w in enumerate(words):
        text = _norm(w[4])
        nxt = words[i + 1] if i + 1 < len(words) else None
        line_end = nxt is None or (nxt[5], nxt[6]) != (w[5], w[6])
        hyphen_join = (
            line_end and nxt is not None and text.endswith(("-", "\u2010")) and len(text) > 1
        )
        if hyphen_join:
            text = text[:-1]
        chars.extend(text)
        owner.extend([i] * len(text))
        if not hyphen_join:
            chars.append(" ")
            owner.append(-1)
    return "".join(chars), owner


def text_rects(
    page: pymupdf.Page, text: str, *, textpage: pymupdf.TextPage | None = None
) -> list[pymupdf.Rect]:
    """Rectangles covering every occurrence of ``text`` on ``page`` (case-insensitive, any
    whitespace between its words, across hyphenated line breaks), from the page's text layer or
    from ``textpage`` (an OCR text page)."""
    needle = " ".join(text.split())
    if not needle:
        return []
    if textpage is not None:
        quads = page.search_for(needle, quads=True, textpage=textpage)
        words = page.get_text("words", textpage=textpage)
    else:
        quads = page.search_for(needle, quads=True)
        words = page.get_text("words")
    rects = [q.rect for q in quads]
    stream, owner = _word_stream(words)
    target = " ".join(_norm(needle).split())
    start = stream.find(target)
    while start != -1:
        hit = {owner[k] for k in range(start, start + len(target)) if owner[k] >= 0}
        rects.extend(pymupdf.Rect(words[i][:4]) for i in sorted(hit))
        start = stream.find(target, start + 1)
    return rects
