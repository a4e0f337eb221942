"""One page read once for all its marks finds what each mark found on its own."""

from __future__ import annotations

import pymupdf

from habeas.domain.disclosure.locate import PageText, _norm, _norms, text_rects
from tests.domain.disclosure.samples import WITNESS, report_pdf, text_page

NEEDLES = (WITNESS, "Whitcombe", "Dolores", "Larkspur Lane", "station", "notebook", "absent")


def test_shared_page_text_finds_what_each_search_found() -> None:
    with pymupdf.open(stream=report_pdf(), filetype="pdf") as doc:
        for page in (doc[0], doc[1], doc[3], doc[4]):  # plain, hyphenated, rotated, cropped
            shared = PageText(page)
            assert shared.has_text()
            for needle in NEEDLES:
                assert shared.rects(needle) == text_rects(page, needle), (page.number, needle)
        assert PageText(doc[1]).rects("Whitcombe")  # "Whit-" / "combe" across the line break
        assert not PageText(doc[2]).has_text()  # the scanned page


def test_words_are_normalised_in_one_pass_or_one_by_one() -> None:
    doc = pymupdf.open()
    page = text_page(
        doc, ["O\ufb03cer WHITCOMBE\u00ads STRASSE Stra\u00dfe", "caf\u00e9 co-", "op"]
    )
    words = page.get_text("words")
    assert _norms(words) == [_norm(w[4]) for w in words]
    odd = [(*w[:4], w[4] + "\x00x", *w[5:]) for w in words]  # a word holding the separator
    assert _norms(odd) == [_norm(w[4]) for w in odd]
