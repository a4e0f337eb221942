"""Where a string to redact lies on a page: MuPDF's search plus a word-level match that joins
words hyphenated across lines (MuPDF's own de-hyphenating search stops one letter short of the
second half) and whole words around a partial match ("Whitcombe's" for "Whitcombe")."""

from __future__ import annotations

import unicodedata

import pymupdf

# What Page.search_for reads a page with (its default flags), and what get_text("text") and
# get_text("words") read it with (TEXTFLAGS_TEXT and TEXTFLAGS_WORDS are the same flags).
SEARCH_FLAGS = (
    pymupdf.TEXT_DEHYPHENATE
    | pymupdf.TEXT_PRESERVE_WHITESPACE
    | pymupdf.TEXT_PRESERVE_LIGATURES
    | pymupdf.TEXT_MEDIABOX_CLIP
)
LAYER_FLAGS: int = vars(pymupdf)["TEXTFLAGS_WORDS"]
_SEP = "\x00"

Word = tuple[float, float, float, float, str, int, int, int]


def _norm(word: str) -> str:
    return unicodedata.normalize("NFKC", word).replace("\u00ad", "").casefold()


def _norms(words: list[Word]) -> list[str]:
    """``_norm`` of every word, in one pass over the page's text when no word holds the
    separator (NFKC and case folding never join characters across a NUL)."""
    texts = [w[4] for w in words]
    if not any(_SEP in t for t in texts):
        normed = _norm(_SEP.join(texts)).split(_SEP)
        if len(normed) == len(texts):
            return normed
    return [_norm(t) for t in texts]


def _word_stream(words: list[Word]) -> tuple[str, list[int]]:
    """The page's words as one string (a space between words, none across a hyphenated line
    break) and, for every character, the index of the word it came from (-1 for spaces)."""
    chars: list[str] = []
    owner: list[int] = []
    normed = _norms(words)
    for i, w in enumerate(words):
        text = normed[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        line_end = nxt is None or (nxt[5], nxt[6]) != (w[5], w[6])
        hyphen_join = (
            line_end and nxt is not None and text.endswith(("-", "\u2010")) and len(text) > 1
        )
        if hyphen_join:
            text = text[:-1]
        chars.append(text)
        owner.extend([i] * len(text))
        if not hyphen_join:
            chars.append(" ")
            owner.append(-1)
    return "".join(chars), owner


class PageText:
    """One page's text as the mark search reads it, made once and shared by every mark on the
    page: the text layer (or ``ocr``, an OCR text page, which then serves for everything), the
    search text page, the words and their joined stream. Make it before adding annotations."""

    def __init__(self, page: pymupdf.Page, *, ocr: pymupdf.TextPage | None = None) -> None:
        self.page = page
        self._layer = ocr
        self._search = ocr
        self._words: list[Word] | None = None
        self._stream: tuple[str, list[int]] | None = None

    def layer(self) -> pymupdf.TextPage:
        if self._layer is None:
            self._layer = self.page.get_textpage(flags=LAYER_FLAGS)
        return self._layer

    def has_text(self) -> bool:
        return bool(self.page.get_text("text", textpage=self.layer()).strip())

    def rects(self, text: str) -> list[pymupdf.Rect]:
        """Rectangles covering every occurrence of ``text`` (case-insensitive, any whitespace
        between its words, across hyphenated line breaks)."""
        needle = " ".join(text.split())
        if not needle:
            return []
        if self._search is None:
            self._search = self.page.get_textpage(flags=SEARCH_FLAGS)
        quads = self.page.search_for(needle, quads=True, textpage=self._search)
        if self._words is None:
            self._words = self.page.get_text("words", textpage=self.layer())
        words = self._words
        if self._stream is None:
            self._stream = _word_stream(words)
        stream, owner = self._stream
        rects = [q.rect for q in quads]
        target = " ".join(_norm(needle).split())
        start = stream.find(target)
        while start != -1:
            hit = {owner[k] for k in range(start, start + len(target)) if owner[k] >= 0}
            rects.extend(pymupdf.Rect(words[i][:4]) for i in sorted(hit))
            start = stream.find(target, start + 1)
        return rects


def text_rects(
    page: pymupdf.Page, text: str, *, textpage: pymupdf.TextPage | None = None
) -> list[pymupdf.Rect]:
    """Rectangles covering every occurrence of ``text`` on ``page`` (case-insensitive, any
    whitespace between its words, across hyphenated line breaks), from the page's text layer or
    from ``textpage`` (an OCR text page). For several texts on one page, use one ``PageText``."""
    return PageText(page, ocr=textpage).rects(text)
