"""The records linkage compares: one bulk record per name and agency, whatever the case it was
written in (regression: two spellings that differ only in case gave one id twice and failed the run)."""

from __future__ import annotations

from pathlib import Path

from habeas.linkage.sources import records_collect
from habeas.systemic.services.records import bulk_store, records_import
from tests.conftest import World

CSV = (
    "defendant,docket,court,conviction date,officers,agency\n"
    "Jon Doe,BA1,LASC,2005-03-01,Det. Ann Kessler,Harbor PD\n"
    "Ann Roe,BA2,LASC,2006-03-01,DET. ANN KESSLER,HARBOR PD\n"
    "Al Poe,BA3,LASC,2007-03-01,Det. Ann Kessler,Bay County Sheriff\n"
)


def test_one_record_per_name_and_agency_whatever_the_case(world: World, tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(CSV)
    records_import(actor=world.owner, path=path)
    collected = records_collect(world.org_a, bulk_store(world.owner), bulk_defendants=False)
    rows = [r for r in collected.table.to_pylist() if r["record_id"].startswith("ba:")]
    ids = [r["record_id"] for r in rows]
    assert len(ids) == len(set(ids)) == 2  # Harbor PD (two spellings) and the sheriff's office
    harbor = next(r for r in rows if (r["agency"] or "").lower() == "harbor pd")
    assert '"rows":2' in harbor["detail"].replace(" ", "")
