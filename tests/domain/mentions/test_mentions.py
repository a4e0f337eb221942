from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habeas.domain.mentions import Mention, MentionKind, mentions_find
from tests.domain.mentions.snippets import LAB_REPORT, OPINION, POLICE_REPORT, TRANSCRIPT

DOCS = (POLICE_REPORT, TRANSCRIPT, LAB_REPORT, OPINION)


def check(text: str, found: list[Mention]) -> None:
    assert found == sorted(found, key=lambda m: (m.start, m.end, m.kind.value))
    for m in found:
        assert isinstance(m.kind, MentionKind)
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.value
        assert 0.0 <= m.confidence <= 1.0
    keys = [(m.kind, m.start, m.end) for m in found]
    assert len(keys) == len(set(keys))


def test_every_kind_on_the_sample_pages() -> None:
    kinds = {m.kind for doc in DOCS for m in mentions_find(doc)}
    assert kinds == set(MentionKind)


def test_samples_are_consistent() -> None:
    for doc in DOCS:
        check(doc, mentions_find(doc))


def test_empty_and_odd_input() -> None:
    assert mentions_find("") == []
    for text in (
        "\x00" * 50,
        "§",
        "§§ 1",
        "Det.",
        "Judge",
        "No.",
        "((((((",
        "Case No. " * 300,
        "\u2028Det. A\u2029",
    ):
        check(text, mentions_find(text))


_PIECES = st.sampled_from(
    [
        "Det. ",
        "Maria ",
        "O'Neill",
        "#4471",
        "(Badge 2231)",
        " Judge ",
        "Ruiz",
        "6/12/00",
        "June 12, 2000",
        "Case No. ",
        "BA123456",
        "DR# ",
        "00-1234567",
        "17 Cal.3d 24",
        "§ 1473.6",
        "PC ",
        "Penal Code section ",
        "DNA",
        "bite mark",
        "\n",
        " ",
        ",",
        ".",
        "Q. ",
        "THE WITNESS: ",
        "Jr.",
        "witness ",
        "LAPD",
        "2/30/2001",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300), st.lists(_PIECES | st.text(max_size=5), max_size=40).map("".join)
    )
)
def test_never_raises_and_offsets_hold(text: str) -> None:
    check(text, mentions_find(text))
