"""Property tests: any string is either a query or a QuerySyntaxError with a position; never a crash,
and never a hit outside the allowed cases."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.search import PageDoc, PageIndex, QuerySyntaxError, query_parse

ALPHABET = st.sampled_from(list("abc xyz\"()*~-+&|:^ANDORNOT2\\'é.") + ["AND", "OR", "NOT", " "])
QUERIES = st.one_of(st.text(max_size=80), st.lists(ALPHABET, max_size=30).map("".join))

_INDEX = PageIndex(None)
_INDEX.pages_add(
    [
        PageDoc(
            page_id=i,
            document_id=i,
            case_id=1 + i % 2,
            page_number=1,
            text=text,
            doc_type="other",
            doc_date=None,
        )
        for i, text in enumerate(["abc xyz jailhouse", "xyz abd informant", "é abc (parens) 2"], 1)
    ]
)


@given(QUERIES)
@settings(max_examples=300, deadline=None)
def test_parse_returns_or_raises_a_syntax_error_with_a_position(query: str) -> None:
    try:
        query_parse(query)
    except QuerySyntaxError as exc:
        assert str(exc)
        assert exc.position is not None and exc.position >= 1


@given(QUERIES)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_search_never_crashes_and_never_leaves_the_allowed_cases(query: str) -> None:
    try:
        result = _INDEX.search(query, case_ids={1})
    except QuerySyntaxError:
        return
    assert all(hit.case_id == 1 for hit in result.hits)
    assert result.total <= 2
