"""The one text analyzer used for page text and for query words.

Simple tokenizer (splits on anything that is not a letter or digit) -> drop tokens over 64 chars ->
lowercase -> ASCII folding (Rodríguez == rodriguez, Zoë == zoe, straße == strasse). No stemming and
no stop words: names must match as typed ("Rodriguez" must not be reduced to "rodrigu"), and "the"
or "not" can be part of an exact phrase. Use a prefix (``witness*``) for word endings.
"""

from __future__ import annotations

from functools import lru_cache

import tantivy

TOKENIZER_NAME = "habeas_text"
MAX_TOKEN_CHARS = 64


@lru_cache(maxsize=1)
def text_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def analyze(text: str) -> list[str]:
    return text_analyzer().analyze(text)


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) with Python string offsets into ``text``."""
    return [
        (t.text, t.char_offset_from, t.char_offset_to)
        for t in text_analyzer().pre_tokenize(text).tokens
    ]
