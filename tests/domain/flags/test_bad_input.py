"""Bad input: very long sentences, pages without punctuation, OCR noise, tables, all-caps headings,
non-English passages. No crash, bounded work per sentence (sentences are cut at the reach), and no
flag without a passage that is the page text at its offsets. All text here is made up."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.flags import Context, Flag, case_summary, flags_find, flags_find_pages
from habeas.domain.flags.engine import PASSAGE_LIMIT
from habeas.domain.flags.sentences import GRID, REACH

TRIGGERS = [
    "bite mark",
    "jailhouse informant",
    "show-up",
    "recanted",
    "withheld",
    "never tested",
    "rape kit",
    "gunshot residue",
    "firearms examiner",
    "photo array",
    "confessed",
    "Brady v. Maryland, 373 U.S. 83",
]


def _valid(text: str, flags: list[Flag]) -> None:
    for f in flags:
        assert f.passage, f
        assert 0 <= f.start <= f.match_start < f.match_end <= f.end <= len(text)
        assert f.passage == text[f.start : f.end]
        assert f.matched == text[f.match_start : f.match_end]
        assert len(f.passage) <= PASSAGE_LIMIT
        assert f.start <= f.sentence_start or f.sentence_end - f.sentence_start > PASSAGE_LIMIT
        # a sentence is never longer than the reach either side of its trigger
        assert f.sentence_end - f.sentence_start <= 2 * (REACH + GRID) + (
            f.match_end - f.match_start
        )
        assert (f.context is Context.AFFIRMED) == (not f.cue)


def test_a_page_without_punctuation() -> None:
    words = "the officer said the cellmate testified that he confessed and the rape kit was never tested"
    text = " ".join([words] * 4000)  # about 370,000 characters, not one full stop
    flags = flags_find(text)
    assert flags
    _valid(text, flags)


def test_one_very_long_sentence_with_a_citation_in_it() -> None:
    filler = " ".join(["and the witness walked along the street"] * 300)
    text = f"{filler} See State v. Doe, 12 P.3d 4 (bite mark), {filler} the bite mark matched {filler}."
    _valid(text, flags_find(text))


def test_role_names_over_a_page_without_punctuation() -> None:
    # the role pass looks for every mention of the people in a role (the informant named next to
    # an affirmed trigger, the accused of the caption): thousands of them, no sentence end
    words = (
        "Varga the jailhouse informant said Quill confessed and Varga testified Quill's statement"
    )
    text = "State v. Quill\n\n" + " ".join([words] * 3000)
    flags = flags_find(text)
    assert flags
    _valid(text, flags)


def test_ocr_noise_tables_and_headings() -> None:
    text = (
        "IN THE SUPERIOR COURT OF THE STATE\n\nPEOPLE v. QUILL\n\n"
        "|  Item  | Lab No. |  Result  |\n|--------|---------|----------|\n"
        "| swab 1 | 88-1234 | not tested |\n| hair   | 88-1235 | microscopica11y simi1ar |\n\n"
        "THE JAILHOUSE INFORMANT TESTIFIED FOR THE STATE.\n\n"
        "Tbe w1tness rec@nted hcr testim0ny ~~ ## @@ %% \x0c\u00ad\ufffd\n"
    )
    _valid(text, flags_find(text))


def test_diacritics_put_on_english_words_by_ocr() -> None:
    # "éarlier", "cellmäte": a diacritic on a plain English word does not hide the trigger, and
    # the passage and the matched words are the document's own
    text = (
        "Thus, Hernandez contended that his éarlier statement was a fabrication. "
        "His cellmäte told detectives that Mr. Quill confessed to him."
    )
    flags = flags_find(text)
    _valid(text, flags)
    by_category = {f.category.value: f for f in flags if f.context.value == "affirmed"}
    assert by_category["recantation"].matched == "his éarlier statement was a fabrication"
    assert by_category["informant"].matched == "cellmäte"


def test_non_english_passages() -> None:
    text = (
        "El testigo se retractó de su declaración ante el tribunal. "
        "Свидетель отказался от своих показаний. 証人は証言を撤回した。 "
        "The cellmate testified that Mr. Quill confessed to him."
    )
    flags = flags_find(text)
    _valid(text, flags)
    assert any(f.category.value == "informant" for f in flags)


def test_pages_of_one_document() -> None:
    pages = [(1, ""), (2, "   \n\n  "), (3, "The rape kit was never tested."), (4, "\x00\x01")]
    flags = flags_find_pages(pages)
    assert [f.page for f in flags] == [3]
    assert case_summary(flags).categories()


_ALPHABET = st.sampled_from(
    list("abcdefghij klmnop.,;:()\"'-\n")
    + ["Mr.", "v.", "Id.", "no", "not", "if", "é", "ß", "İ"]
    + TRIGGERS
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=300).map("".join))
def test_random_text_never_breaks_the_engine(text: str) -> None:
    _valid(text, flags_find(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_ALPHABET, max_size=120).map("".join), min_size=1, max_size=4))
def test_random_pages_never_break_the_engine(pages: list[str]) -> None:
    numbered = list(enumerate(pages, 1))
    by_page = dict(numbered)
    for f in flags_find_pages(numbered):
        assert f.page is not None
        _valid(by_page[f.page], [f])
