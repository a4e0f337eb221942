"""habeas.domain.search: query syntax, permission filter inside the query, index maintenance, snippets.

Fictional names and cases only. Case 1 and case 2 belong to the user; case 3 is someone else's and
must never show in hits or in totals.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from pathlib import Path

import pytest

from habeas.domain.search import (
    PageDoc,
    PageIndex,
    QuerySyntaxError,
    SearchFilters,
    SearchResult,
    query_parse,
)
from habeas.domain.search.query import And, Not, Or, Terms
from habeas.domain.search.snippets import Highlighter, edit_distance_within

MINE = frozenset({1, 2})
SECRET = 3


def page(
    page_id: int,
    text: str,
    *,
    document_id: int = 10,
    case_id: int = 1,
    page_number: int | None = None,
    doc_type: str = "police_report",
    doc_date: dt.date | None = dt.date(2001, 5, 4),
) -> PageDoc:
    return PageDoc(
        page_id=page_id,
        document_id=document_id,
        case_id=case_id,
        page_number=page_id if page_number is None else page_number,
        text=text,
        doc_type=doc_type,
        doc_date=doc_date,
    )


PAGES = [
    page(1, "Detective Marlo Rodriguez interviewed the witness at 9 pm.", document_id=10),
    page(2, "Officer Rodriquez (sic) wrote the report; the witness recanted.", document_id=10),
    page(
        3,
        "Lab technician Vesna Okafor compared the latent prints.",
        document_id=11,
        case_id=2,
        doc_type="lab_report",
        doc_date=dt.date(2003, 1, 9),
    ),
    page(
        4,
        "The witness interviewed Detective Rodriguez about the lineup.",
        document_id=11,
        case_id=2,
        doc_type="lab_report",
        doc_date=dt.date(2003, 1, 9),
    ),
    page(
        5,
        "Sealed: Detective Rodriguez paid the informant Tobiah Quenby.",
        document_id=99,
        case_id=SECRET,
    ),
    page(
        6,
        "Informant Tobiah Quenby testified at trial about Rodríguez.",
        document_id=99,
        case_id=SECRET,
    ),
    page(
        7,
        "Rodrigo Alvane gave an alibi statement.",
        document_id=12,
        doc_type="witness_statement",
        doc_date=None,
    ),
]


@pytest.fixture
def index() -> PageIndex:
    ix = PageIndex(None)
    ix.pages_add(PAGES)
    return ix


def ids(result: SearchResult) -> list[int]:
    return [h.page_id for h in result.hits]


def search(ix: PageIndex, q: str, **kw: object) -> SearchResult:
    kw.setdefault("case_ids", MINE)
    return ix.search(q, **kw)  # type: ignore[arg-type]


# --- permissions -------------------------------------------------------------------------------------


def test_disallowed_case_never_in_hits_or_total(index: PageIndex) -> None:
    result = search(index, "rodriguez")
    assert sorted(ids(result)) == [1, 4]
    assert result.total == 2
    assert all(h.case_id in MINE for h in result.hits)


@pytest.mark.parametrize(
    "q",
    [
        "quenby",
        "informant",
        "tobiah OR rodriguez",
        "rodriguez~",
        "quen*",
        '"tobiah quenby"',
        "informant OR sealed OR trial",
    ],
)
def test_secret_case_is_invisible_for_every_query_kind(index: PageIndex, q: str) -> None:
    result = search(index, q, limit=100)
    assert all(h.case_id != SECRET for h in result.hits)
    assert not {5, 6} & set(ids(result))
    everything = index.search(q, case_ids={1, 2, 3}, limit=100)
    visible = [h for h in everything.hits if h.case_id in MINE]
    assert result.total == len(visible)


def test_total_counts_only_allowed_pages_even_beyond_the_page_of_hits(index: PageIndex) -> None:
    result = search(index, "the", limit=1)
    assert result.total == 4  # pages 1, 2, 3, 4 - not 5 or 6
    assert len(result.hits) == 1


def test_empty_case_ids_returns_nothing(index: PageIndex) -> None:
    assert index.search("rodriguez", case_ids=set()) == SearchResult(total=0, hits=[])


def test_empty_case_ids_still_reports_syntax_errors(index: PageIndex) -> None:
    with pytest.raises(QuerySyntaxError):
        index.search('"rodriguez', case_ids=set())


def test_only_the_secret_case_allowed(index: PageIndex) -> None:
    result = index.search("rodriguez", case_ids={SECRET})
    assert sorted(ids(result)) == [5, 6]  # 6 through accent folding


def test_negative_case_id_is_rejected(index: PageIndex) -> None:
    with pytest.raises(ValueError):
        index.search("rodriguez", case_ids={-1})


# --- query semantics ---------------------------------------------------------------------------------


def test_words_are_anded(index: PageIndex) -> None:
    assert sorted(ids(search(index, "detective witness"))) == [1, 4]


def test_phrase_vs_words(index: PageIndex) -> None:
    assert sorted(ids(search(index, "interviewed witness"))) == [1, 4]
    assert ids(search(index, '"interviewed the witness"')) == [1]
    assert ids(search(index, '"witness interviewed"')) == [4]


def test_phrase_with_slop(index: PageIndex) -> None:
    assert ids(search(index, '"interviewed witness"')) == []
    assert ids(search(index, '"interviewed witness"~1')) == [1]


def test_or(index: PageIndex) -> None:
    assert sorted(ids(search(index, "okafor OR alvane"))) == [3, 7]


def test_not_and_minus(index: PageIndex) -> None:
    assert ids(search(index, "rodriguez NOT lineup")) == [1]
    assert ids(search(index, "rodriguez -lineup")) == [1]
    assert sorted(ids(search(index, 'witness -"the report"'))) == [1, 4]


def test_parentheses_and_precedence(index: PageIndex) -> None:
    assert sorted(ids(search(index, "(okafor OR alvane) prints"))) == [3]
    assert sorted(ids(search(index, "okafor OR alvane prints"))) == [3]  # AND binds tighter
    assert sorted(ids(search(index, "alvane OR okafor prints"))) == [3, 7]


def test_lowercase_operators_are_words(index: PageIndex) -> None:
    assert ids(search(index, "okafor or alvane")) == []


def test_prefix(index: PageIndex) -> None:
    assert sorted(ids(search(index, "rodrig*"))) == [1, 4, 7]
    assert sorted(ids(search(index, "Rodrig*"))) == [1, 4, 7]


def test_fuzzy_finds_misspelling(index: PageIndex) -> None:
    assert ids(search(index, "rodriguez")) != [2]
    assert 2 not in ids(search(index, "rodriguez"))
    result = search(index, "rodriguez~")
    assert sorted(ids(result)) == [1, 2, 4]
    assert result.hits[-1].page_id == 2  # the exact spelling ranks first


def test_fuzzy_distance_two(index: PageIndex) -> None:
    assert 7 not in ids(search(index, "rodriguez~"))
    assert ids(search(index, "rodrigo~1")) == [7]
    assert 2 in ids(search(index, "rodrigues~2"))


def test_case_and_accent_insensitive(index: PageIndex) -> None:
    assert sorted(ids(index.search("RODRÍGUEZ", case_ids={SECRET}))) == [5, 6]


def test_no_stemming_for_names(index: PageIndex) -> None:
    assert ids(search(index, "rodrigu")) == []
    assert ids(search(index, "interview")) == []
    assert sorted(ids(search(index, "interview*"))) == [1, 4]


def test_punctuation_inside_a_word_is_a_phrase() -> None:
    ix = PageIndex(None)
    ix.pages_add([page(1, "Statement of Ciaran O'Dwyer."), page(2, "Dwyer, O. (no relation).")])
    assert ids(ix.search("o'dwyer", case_ids={1})) == [1]


def test_ties_in_page_order() -> None:
    ix = PageIndex(None)
    ix.pages_add([page(i, "same words here", page_number=i, document_id=5) for i in (3, 1, 2)])
    result = ix.search("same", case_ids={1})
    assert [h.page_number for h in result.hits] == [1, 2, 3]


def test_limit_offset(index: PageIndex) -> None:
    all_hits = ids(search(index, "the", limit=10))
    assert ids(search(index, "the", limit=2, offset=1)) == all_hits[1:3]
    zero = search(index, "the", limit=0)
    assert zero.total == 4 and zero.hits == []
    with pytest.raises(ValueError):
        search(index, "the", limit=-1)
    with pytest.raises(ValueError):
        search(index, "the", offset=-1)


# --- filters -----------------------------------------------------------------------------------------


def test_filter_doc_types(index: PageIndex) -> None:
    result = search(index, "rodriguez", filters=SearchFilters(doc_types=frozenset({"lab_report"})))
    assert ids(result) == [4] and result.total == 1


def test_filter_dates_inclusive(index: PageIndex) -> None:
    f = SearchFilters(date_from=dt.date(2003, 1, 9), date_to=dt.date(2003, 1, 9))
    assert ids(search(index, "rodriguez", filters=f)) == [4]
    assert sorted(
        ids(search(index, "rodriguez", filters=SearchFilters(date_to=dt.date(2002, 1, 1))))
    ) == [1]
    assert (
        ids(search(index, "alvane", filters=SearchFilters(date_from=dt.date(1990, 1, 1)))) == []
    )  # undated
    backwards = SearchFilters(date_from=dt.date(2003, 1, 1), date_to=dt.date(2002, 1, 1))
    assert search(index, "rodriguez", filters=backwards).total == 0


def test_filter_document_ids(index: PageIndex) -> None:
    assert ids(search(index, "rodriguez", filters=SearchFilters(document_ids=frozenset({10})))) == [
        1
    ]


def test_filter_document_of_a_secret_case_still_hidden(index: PageIndex) -> None:
    result = search(index, "rodriguez", filters=SearchFilters(document_ids=frozenset({99})))
    assert result.total == 0 and result.hits == []


def test_scores_ignore_filters(index: PageIndex) -> None:
    plain = {h.page_id: h.score for h in search(index, "rodriguez").hits}
    filtered = {
        h.page_id: h.score
        for h in search(
            index,
            "rodriguez",
            filters=SearchFilters(doc_types=frozenset({"police_report", "lab_report"})),
        ).hits
    }
    assert plain == pytest.approx(filtered)


# --- maintenance -------------------------------------------------------------------------------------


def test_readd_is_idempotent(index: PageIndex) -> None:
    assert index.count() == len(PAGES)
    assert index.pages_add(PAGES) == len(PAGES)
    assert index.count() == len(PAGES)
    assert search(index, "rodriguez").total == 2


def test_readd_replaces_text(index: PageIndex) -> None:
    index.pages_add([page(1, "Corrected OCR: Detective Marlo Rodrigues.")])
    assert 1 not in ids(search(index, "rodriguez"))
    assert ids(search(index, "rodrigues")) == [1]
    assert index.count() == len(PAGES)


def test_duplicates_within_one_batch_keep_the_last() -> None:
    ix = PageIndex(None)
    assert ix.pages_add([page(1, "first draft"), page(1, "final text")]) == 2
    assert ix.count() == 1
    assert ids(ix.search("final", case_ids={1})) == [1]
    assert ids(ix.search("draft", case_ids={1})) == []


def test_document_delete(index: PageIndex) -> None:
    index.document_delete(10)
    assert ids(search(index, "rodriguez")) == [4]
    assert index.count() == len(PAGES) - 2


def test_clear(index: PageIndex) -> None:
    index.clear()
    assert index.count() == 0
    assert search(index, "rodriguez").total == 0


def test_on_disk_index_persists(tmp_path: Path) -> None:
    path = tmp_path / "idx" / "pages"
    ix = PageIndex(path)
    ix.pages_add(PAGES)
    del ix
    again = PageIndex(path)
    assert again.count() == len(PAGES)
    assert sorted(ids(again.search("rodriguez", case_ids=MINE))) == [1, 4]


def test_writes_from_threads_take_turns(tmp_path: Path) -> None:
    ix = PageIndex(tmp_path / "idx")
    errors: list[BaseException] = []

    def add(k: int) -> None:
        try:
            ix.pages_add([page(100 * k + i, f"thread {k} page {i}") for i in range(20)])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ix.count() == 80


def test_second_index_object_on_same_directory_sees_commits(tmp_path: Path) -> None:
    writer_side = PageIndex(tmp_path / "idx")
    reader_side = PageIndex(tmp_path / "idx")
    writer_side.pages_add(PAGES)
    reader_side._index.reload()
    assert reader_side.count() == len(PAGES)
    reader_side.pages_add([page(50, "added from the other handle")])  # the writer lock was released
    writer_side.reload()  # otherwise tantivy's file watcher picks the commit up shortly
    assert writer_side.search("handle", case_ids={1}).total == 1


def test_invalid_ids_rejected() -> None:
    ix = PageIndex(None)
    with pytest.raises(ValueError):
        ix.pages_add([page(-1, "x")])


# --- snippets ----------------------------------------------------------------------------------------


def test_snippet_escapes_html_and_bolds_matches() -> None:
    ix = PageIndex(None)
    ix.pages_add([page(1, "Note <script>alert('Rodriguez')</script> & Rodriguez's \"alibi\"")])
    snippet = ix.search("rodriguez", case_ids={1}).hits[0].snippet_html
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "&amp;" in snippet
    assert snippet.count("<b>Rodriguez</b>") == 2
    stripped = snippet.replace("<b>", "").replace("</b>", "")
    assert "<" not in stripped and ">" not in stripped


def test_snippet_for_fuzzy_prefix_and_phrase(index: PageIndex) -> None:
    by_page = {h.page_id: h.snippet_html for h in search(index, "rodriguez~").hits}
    assert "<b>Rodriquez</b>" in by_page[2]
    assert "<b>Rodriguez</b>" in by_page[1]
    assert (
        "<b>Rodrigo</b>"
        in search(index, "rodrig*", filters=SearchFilters(document_ids=frozenset({12})))
        .hits[0]
        .snippet_html
    )
    assert (
        "<b>interviewed the witness</b>"
        in search(index, '"interviewed the witness"').hits[0].snippet_html
    )


def test_snippet_does_not_bold_excluded_words(index: PageIndex) -> None:
    snippet = search(index, "rodriguez -okafor -informant").hits[0].snippet_html
    assert "<b>Rodriguez</b>" in snippet


def test_snippet_window_around_the_match_and_length() -> None:
    filler = " ".join(f"word{i}" for i in range(200))
    ix = PageIndex(None)
    ix.pages_add([page(1, f"{filler} Detective Ilse Varga testified. {filler}")])
    snippet = ix.search("varga", case_ids={1}).hits[0].snippet_html
    assert "<b>Varga</b>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.replace("<b>", "").replace("</b>", "")) <= 202


def test_snippets_can_be_skipped(index: PageIndex) -> None:
    assert all(h.snippet_html == "" for h in search(index, "rodriguez", snippets=False).hits)


def test_highlighter_without_match_returns_start_of_page() -> None:
    leaf = query_parse("zzz")
    assert isinstance(leaf, Terms)
    assert Highlighter([leaf], 10).snippet("a <b> c d e f g h i j k") == "a &lt;b&gt; c d…"


@pytest.mark.parametrize(
    ("a", "b", "d", "ok"),
    [
        ("rodriguez", "rodriquez", 1, True),
        ("rodriguez", "rodirguez", 1, True),
        ("rodriguez", "rodrigez", 1, True),
        ("rodriguez", "rodriguezz", 1, True),
        ("rodriguez", "rodrigo", 1, False),
        ("rodriguez", "rodrigues", 2, True),
        ("marlo", "carla", 1, False),
        ("marlo", "carlo", 1, True),
        ("abc", "abc", 0, True),
    ],
)
def test_edit_distance(a: str, b: str, d: int, ok: bool) -> None:
    assert edit_distance_within(a, b, d) is ok


# --- syntax ------------------------------------------------------------------------------------------


def test_parse_shapes() -> None:
    node = query_parse('"shot the clerk"~2 OR (gun AND -knife) rodrig* okafor~2')
    assert isinstance(node, Or)
    phrase, rest = node.children
    assert phrase == Terms("phrase", ("shot", "the", "clerk"), 0, '"shot the clerk"~2', slop=2)
    assert isinstance(rest, And)
    group, prefix, fuzzy = rest.children
    assert isinstance(group, And) and isinstance(group.children[1], Not)
    assert prefix == Terms("prefix", ("rodrig",), 39, "rodrig*")
    assert fuzzy == Terms("fuzzy", ("okafor",), 47, "okafor~2", distance=2)


def test_double_negation_cancels() -> None:
    assert query_parse("NOT NOT gun") == Terms("word", ("gun",), 8, "gun")


@pytest.mark.parametrize(
    ("q", "message", "offset"),
    [
        ('detective "marlo', "unclosed quote at position 11", 10),
        ("rodriguez AND", "'AND' needs a term after it at position 11", 10),
        ("OR rodriguez", "'OR' needs a term before it at position 1", 0),
        ("a OR OR b", "'OR' needs a term after it at position 3", 2),
        ("(gun OR knife", "unclosed '(' at position 1", 0),
        ("gun) knife", "unmatched ')' at position 4", 3),
        ("gun ()", "empty parentheses at position 5", 4),
        ('gun ""', "empty phrase at position 5", 4),
        ("rodriguez~3", "fuzzy distance must be 1 or 2 ('rodriguez~3') at position 10", 9),
        (
            "rod*guez",
            "wildcard '*' is only allowed at the end of a word ('rod*guez') at position 4",
            3,
        ),
        ("r*", "a prefix needs at least 2 letters before '*' ('r*') at position 1", 0),
        ("rod*~", "a word cannot be both fuzzy", 4),
        ("NOT gun", "a query needs at least one positive term", 0),
        ("-gun -knife", "a query needs at least one positive term", 0),
        ("gun OR -knife", "a query needs at least one positive term", 7),
        ("gun -", None, None),
        ("", "the query is empty", 0),
        ("   ", "the query is empty", 0),
        ("!!! ...", "no letters or digits", 0),
        ('"a b"~99', "a phrase proximity", 5),
        ("x" * 1001, "too long", 1000),
    ],
)
def test_syntax_errors(q: str, message: str | None, offset: int | None) -> None:
    if message is None:
        query_parse(q)  # a lone '-' is just punctuation
        return
    with pytest.raises(QuerySyntaxError) as exc:
        query_parse(q)
    assert message in str(exc.value)
    assert exc.value.offset == offset
    assert isinstance(exc.value, ValueError)


def test_syntax_error_from_search_not_a_tantivy_error(index: PageIndex) -> None:
    for q in [
        '"',
        "(",
        ")",
        "AND",
        "NOT",
        "~",
        "*",
        "a~~",
        "\x00",
        "a" * 2000,
        "((((((a",
        ":",
        "^2",
        "field:value",
    ]:
        with contextlib.suppress(QuerySyntaxError):
            search(index, q)


def test_too_many_terms() -> None:
    with pytest.raises(QuerySyntaxError, match="too many words"):
        query_parse(" ".join(f"w{i}" for i in range(65)))


# --- the permission filter's shapes are exact ---------------------------------------------------------


def test_case_filter_shapes_match_exactly_the_allowed_cases() -> None:
    import random

    ix = PageIndex(None)
    ix.pages_add(
        [page(i, f"common page {i}", case_id=i % 700, document_id=i) for i in range(1, 2101)]
    )
    rng = random.Random(11)
    everything = set(range(700))
    shapes: list[set[int]] = [
        everything,  # one run -> range
        set(range(5, 40)) | set(range(300, 320)),  # few runs -> OR of ranges
        everything - set(rng.sample(sorted(everything), 30)),  # dense -> range minus gaps
        set(rng.sample(sorted(everything), 40)),  # sparse -> OR of terms
        set(rng.sample(sorted(everything), 600)) - {0, 699},  # big, holey -> term set / gaps
        {0},
        {699},
        {0, 699},
    ]
    for allowed in shapes:
        result = ix.search("common", case_ids=allowed, limit=3000)
        expected = {i for i in range(1, 2101) if i % 700 in allowed}
        assert {h.page_id for h in result.hits} == expected
        assert result.total == len(expected)
