"""Yearly figures, worked out by hand from the fixtures (each row's contribution is in the comments).

Spreadsheet fixture, 2023 (file rows 2-19; Stone 2022, Tate 2024, Ulm no date, Vale impossible date and
Wynn 2022 are outside the year). Years lost are release minus first conviction over 365.25 days; most
spans run from 1 January over whole leap cycles, so they come out exact:

  row  name      tags         factors       years lost
   2   Aldana    CIU H IO     MWID OM       20.0  (2001-2021: 7,305 days)
   3   Brisco    CIU H        P/FA OM       16.0  (2005-2021: 5,844)
   4   Carrow    IO SA        DNA MWID      12.0  (2009-2021: 4,383)
   5   Dunmore   CIU NC P     OM P/FA        4.0  (2017-2021: 1,461)
   6   Eames     H IO JI      P/FA ILD       8.0  (2013-2021: 2,922)
   7   Fenwick   CIU IO H     FC OM          8.0  (2001-2009)
   8   Garza     F H CDC      F/MFE          4.0  (2019-2023)
   9   Holt      H IO         MWID           -    (no release date)
  10   Ibarra    CIU          OM             -    (release before conviction)
  11   Jessup    IO SA        DNA            -    (release 2/30/2021: no such day)
  12   Kwan      CIU H IO     MWID F/MFE    20.353... (12 Jun 2001 - 19 Oct 2021: 7,434 days)
  13   Lorne     CIU ZZ       -              0.0  (released the day of conviction)
  14   Marsh     H            MWID ('x')     4.0  (2015-2019)
  15   Nye       IO           -              4.0  (2019-2023; exonerated "4/4/23")
  16   Orr       -            ILD           24.0  (1997-2021: 8,766)
  17   Pryce     CIU IO       P/FA           8.0  (2005-2013)
  18   Quon      H CIU        -              4.0  (2009-2013)
  19   Rusk      IO H         MWID OM        4.0  (2001-2005)

  count 18; CIU 9; IO 10; both 4 (Aldana, Fenwick, Kwan, Pryce); either 9 + 10 - 4 = 15; homicide 10;
  MWID 6, FC 1, P/FA 4, F/MFE 2, OM 6, ILD 2, DNA 2;
  years lost: 120.0 from the whole spans + 20.353 (Kwan) = 140.353 -> 140.4 over 15 rows, mean 9.357 -> 9.4.

Full-export fixture, 2021 (Brandt has no date, Quist 2020, Moreno 2022, Chen 30 Feb):

  Alvik 20.4 (file) | Lindqvist 9.9986 (computed: 3,652 days) | Marsh 0 (file "-0", release before
  conviction) | Peretz 20.0 (file "n/a", computed) | Park 8 | Okafor - (no release) | Santos 12.5 |
  Ito 24 | Olin 30.0 | Vance 10 | Reyes 4.0 (file "1e999" rejected, computed)
  count 11; CIU 4 (Alvik, Lindqvist, Santos, Olin); IO 5 (Alvik, Marsh, Okafor, Santos, Olin); both 3;
  either 6; homicide 6 (Alvik, Lindqvist, Park, Ito, Olin, Vance); MWID 2 (Peretz's "Maybe" is not Yes),
  FC 1, P/FA 2, F/MFE 1, OM 2, ILD 1, DNA 1; years lost 138.8986 -> 138.9 over 10 rows, mean 13.9.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from habeas.domain.nre import NreRecord, nre_read, nre_year_stats
from habeas.domain.nre.stats import record_years_lost

FIXTURES = Path(__file__).parent / "fixtures"


def test_spreadsheet_2023_by_hand() -> None:
    stats = nre_year_stats(nre_read(FIXTURES / "spreadsheet_2023_cp1252.csv").records, 2023)
    assert (stats.count, stats.ciu, stats.io, stats.both, stats.either, stats.homicide) == (
        18,
        9,
        10,
        4,
        15,
        10,
    )
    assert stats.factors == {"MWID": 6, "FC": 1, "P/FA": 4, "F/MFE": 2, "OM": 6, "ILD": 2, "DNA": 2}
    assert (stats.years_lost_total, stats.years_lost_mean, stats.years_lost_rows) == (
        Decimal("140.4"),
        Decimal("9.4"),
        15,
    )
    assert [(w.row, w.message) for w in stats.warnings] == [
        (9, "no years lost counted: no release date"),
        (10, "no years lost counted: 2000-05-01 is before the first conviction 2000-05-05"),
        (11, "no years lost counted: no release date"),
    ]


def test_full_export_2021_by_hand() -> None:
    stats = nre_year_stats(nre_read(FIXTURES / "full_export_2021.csv").records, 2021)
    assert (stats.count, stats.ciu, stats.io, stats.both, stats.either, stats.homicide) == (
        11,
        4,
        5,
        3,
        6,
        6,
    )
    assert stats.factors == {"MWID": 2, "FC": 1, "P/FA": 2, "F/MFE": 1, "OM": 2, "ILD": 1, "DNA": 1}
    assert (stats.years_lost_total, stats.years_lost_mean, stats.years_lost_rows) == (
        Decimal("138.9"),
        Decimal("13.9"),
        10,
    )
    assert [w.row for w in stats.warnings] == [7]


@pytest.mark.parametrize(("year", "count"), [(2022, 2), (2024, 1), (1999, 0)])
def test_other_years_and_empty_years(year: int, count: int) -> None:
    stats = nre_year_stats(nre_read(FIXTURES / "spreadsheet_2023_cp1252.csv").records, year)
    assert stats.count == count
    if count == 0:
        assert (
            stats.years_lost_total == 0
            and stats.years_lost_mean is None
            and stats.factors["MWID"] == 0
        )


def test_as_dict_is_json_ready() -> None:
    stats = nre_year_stats(nre_read(FIXTURES / "full_export_2021.csv").records, 2021)
    data = json.loads(json.dumps(stats.as_dict()))
    assert data["years_lost_total"] == "138.9" and data["both"] == 3 and data["factors"]["DNA"] == 1
    assert "365.25" in data["years_lost_rule"] and data["years_lost_missing"][0]["row"] == 7


def _record(**kw: object) -> NreRecord:
    base: dict[str, object] = {
        "row": 2,
        "name": "X",
        "state": "",
        "county": "",
        "tags": frozenset(),
        "factors": frozenset(),
        "worst_crime": "",
        "exoneration": dt.date(2023, 1, 1),
        "first_conviction": None,
        "release": None,
        "years_lost": None,
    }
    return NreRecord(**{**base, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("conviction", "release", "file_value", "expected"),
    [
        (dt.date(2001, 1, 1), dt.date(2021, 1, 1), None, Decimal(20)),  # computed
        (
            dt.date(2001, 1, 1),
            dt.date(2021, 1, 1),
            Decimal("3.3"),
            Decimal("3.3"),
        ),  # the file's value wins
        (dt.date(2001, 1, 1), None, None, None),  # no release
        (None, dt.date(2021, 1, 1), None, None),  # no conviction
        (dt.date(2001, 1, 2), dt.date(2001, 1, 1), None, None),  # release before conviction
    ],
)
def test_record_years_lost_rule(
    conviction: dt.date | None,
    release: dt.date | None,
    file_value: Decimal | None,
    expected: Decimal | None,
) -> None:
    assert (
        record_years_lost(
            _record(first_conviction=conviction, release=release, years_lost=file_value)
        )
        == expected
    )


records = st.builds(
    _record,
    tags=st.frozensets(st.sampled_from(["CIU", "IO", "H", "SA"])),
    factors=st.frozensets(st.sampled_from(["MWID", "FC", "OM", "DNA"])),
    exoneration=st.one_of(st.none(), st.dates(dt.date(2022, 1, 1), dt.date(2024, 12, 31))),
    first_conviction=st.one_of(st.none(), st.dates(dt.date(1980, 1, 1), dt.date(2020, 1, 1))),
    release=st.one_of(st.none(), st.dates(dt.date(1980, 1, 1), dt.date(2024, 1, 1))),
)


@given(st.lists(records, max_size=40))
def test_stats_invariants(rows: list[NreRecord]) -> None:
    stats = nre_year_stats(rows, 2023)
    assert stats.count == sum(1 for r in rows if r.exoneration and r.exoneration.year == 2023)
    assert (
        stats.both <= min(stats.ciu, stats.io)
        and max(stats.ciu, stats.io) <= stats.either <= stats.count
    )
    assert all(0 <= n <= stats.count for n in stats.factors.values())
    assert (
        stats.years_lost_rows + len(stats.warnings) == stats.count and stats.years_lost_total >= 0
    )


@pytest.mark.skipif(
    not os.environ.get("HABEAS_NRE_SPREADSHEET"),
    reason="set HABEAS_NRE_SPREADSHEET to the NRE public spreadsheet",
)
def test_published_2023_figures_from_the_real_spreadsheet() -> None:
    """The NRE's published 2023 figures; run against a copy of its public spreadsheet (e.g. May 2024)."""
    stats = nre_year_stats(nre_read(os.environ["HABEAS_NRE_SPREADSHEET"]).records, 2023)
    assert (stats.count, stats.ciu, stats.io, stats.both, stats.homicide) == (153, 60, 67, 30, 88)
    assert abs(stats.years_lost_total - 2230) < 10  # "about 2,230"; the May 2024 copy gives 2,224.8
