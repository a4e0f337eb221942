"""A systemic review end to end: bulk records, a watchlist, a run, decisions that survive a re-run,
an intake from a confirmed match, exports, and another organization seeing none of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from habeas.audit.models import AuditEvent
from habeas.cases.models import Case
from habeas.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from habeas.systemic.models import ReviewMatch, ReviewRun, Watchlist
from habeas.systemic.services.records import bulk_store, records_import
from habeas.systemic.services.reviews import (
    match_decide,
    match_to_intake,
    review_start,
    watchlist_create,
)
from tests.clients import run
from tests.conftest import World
from tests.domain.systemic.test_review import RECORDS

WATCH_CSV = "name,kind,lab,date_from,date_to,note\nDet. Ray Quill,officer,,,,Perjury finding 2012\nHelen Park,analyst,LASD Lab,2003-01-01,2012-12-31,Dry-labbing\n,officer,,,,\nX Y,sheriff,,,,\n"


@pytest.fixture
def bulk(world: World, tmp_path: Path) -> Path:
    src = tmp_path / "convictions.csv"
    src.write_text(RECORDS + '=HYPERLINK(""x"") Ed,BA9,LASC,2006-01-01,"=cmd|calc; Ray Quill",,\n')
    records_import(actor=world.owner, path=src)
    (tmp_path / "watch.csv").write_text(WATCH_CSV)
    return tmp_path


def test_review_run_decisions_intake_and_rerun(world: World, bulk: Path) -> None:
    code, out, _ = run(
        "watchlist",
        "create",
        "Quill and Park",
        "--reason",
        "Named in a 2012 perjury finding (fictional)",
        "--csv",
        str(bulk / "watch.csv"),
        "--as",
        "owner",
    )
    assert (
        code == 0
        and "2 entries" in out
        and "row 3: a name is required" in out
        and "row 4: kind 'sheriff'" in out
    )
    code, out, _ = run("review", "run", "Quill and Park", "--as", "member")
    assert code == 0, out
    first = ReviewRun.objects.get()
    dockets = sorted(ReviewMatch.objects.filter(run=first).values_list("docket", flat=True))
    assert dockets == [
        "BA1",
        "BA2",
        "BA2",
        "BA3",
        "BA4",
        "BA9",
    ]  # Quill x5 (BA9 "Ray Quill" in a formula-looking cell), Park x1
    assert first.partners and first.partners[0]["person_key"] == "lena voss"
    quill_ba1 = ReviewMatch.objects.get(run=first, docket="BA1")
    match_decide(actor=world.owner, match_id=quill_ba1.pk, decision="confirmed")
    with pytest.raises(ConflictError):
        match_to_intake(
            actor=world.owner, match_id=ReviewMatch.objects.get(run=first, docket="BA4").pk
        )
    case = match_to_intake(actor=world.owner, match_id=quill_ba1.pk)
    assert (
        Case.objects.get(pk=case.pk).applicant_name.endswith("DOE") or "Jon" in case.applicant_name
    )
    assert case.convictions.get().docket_number == "BA1" and case.intake_source == "Systemic review"
    with pytest.raises(ConflictError):
        match_to_intake(actor=world.owner, match_id=quill_ba1.pk)
    # Re-running changes nothing that was decided.
    second = review_start(actor=world.owner, watchlist="Quill and Park")
    again = ReviewMatch.objects.get(run=second, docket="BA1")
    assert (
        again.decision == "confirmed"
        and again.case_id == case.pk
        and second.matches == first.matches
    )
    assert (
        AuditEvent.objects.filter(
            action__in=["review.run", "review.decide", "review.intake"]
        ).count()
        == 4
    )


def _quill_watchlist(world: World) -> Watchlist:
    wl, _ = watchlist_create(
        actor=world.owner,
        name="Quill",
        reason="test",
        entries=[{"name": "Ray Quill", "kind": "officer"}],
    )
    return wl


def test_a_store_from_before_the_name_index_gets_it_at_its_first_review(
    world: World, bulk: Path
) -> None:
    wl = _quill_watchlist(world)
    want = review_start(actor=world.owner, watchlist=wl.pk)
    names = bulk_store(world.owner) / "names"
    (index,) = names.glob("*.parquet")  # written by the import
    index.unlink()
    again = review_start(actor=world.owner, watchlist=wl.pk)
    assert index.exists()

    def found(review: ReviewRun) -> list[tuple[str, str]]:
        return sorted(ReviewMatch.objects.filter(run=review).values_list("docket", "written"))

    assert found(again) == found(want) and len(found(want)) == 5


def test_exports_neutralise_formulas(world: World, bulk: Path) -> None:
    wl = _quill_watchlist(world)
    review = review_start(actor=world.owner, watchlist=wl.pk)
    code, _, err = run(
        "review",
        "export",
        str(review.pk),
        "--format",
        "csv",
        "--out",
        str(bulk / "out.csv"),
        "--as",
        "owner",
    )
    assert code == 0 and "exported" in err
    text = (bulk / "out.csv").read_text()
    assert (
        "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    )  # a defendant "name" that is a formula
    code, _, _ = run(
        "review",
        "export",
        str(review.pk),
        "--format",
        "xlsx",
        "--out",
        str(bulk / "out.xlsx"),
        "--as",
        "owner",
    )
    sheet = load_workbook(bulk / "out.xlsx").active
    assert sheet is not None and sheet.max_row == review.matches + 1


def test_other_organizations_and_read_only_roles(world: World, bulk: Path) -> None:
    wl, _ = watchlist_create(
        actor=world.owner, name="Quill", reason="test", entries=[{"name": "Ray Quill"}]
    )
    review = review_start(actor=world.owner, watchlist=wl.pk)
    match = ReviewMatch.objects.filter(run=review).first()
    assert match is not None
    with pytest.raises(NotFoundError):
        review_start(actor=world.outsider, watchlist=wl.pk)
    with pytest.raises(NotFoundError):
        match_decide(actor=world.outsider, match_id=match.pk, decision="confirmed")
    with pytest.raises(PermissionDeniedError):
        review_start(actor=world.auditor, watchlist=wl.pk)
    code, _, err = run("review", "show", str(review.pk), "--as", "outsider")
    assert code == 1 and "no such review run" in err
    # The outsider's own review sees their own (empty) store, never org A's records.
    own, _ = watchlist_create(
        actor=world.outsider, name="Quill", reason="test", entries=[{"name": "Ray Quill"}]
    )
    assert review_start(actor=world.outsider, watchlist=own.pk).matches == 0


@pytest.mark.spark
def test_the_spark_backend_gives_the_same_review(world: World, bulk: Path, settings: Any) -> None:
    pytest.importorskip("pyspark")
    wl, _ = watchlist_create(
        actor=world.owner,
        name="Quill",
        reason="test",
        entries=[{"name": "Det. Ray Quill", "kind": "officer"}],
    )
    duck = review_start(actor=world.owner, watchlist=wl.pk)
    settings.HABEAS_REVIEW_BACKEND = "spark"
    spark = review_start(actor=world.owner, watchlist=wl.pk)

    def rows(run: Any) -> list[tuple[str, str, str]]:
        return sorted(
            ReviewMatch.objects.filter(run=run).values_list("docket", "written", "reason")
        )

    assert rows(spark) == rows(duck) and spark.matches == 5
