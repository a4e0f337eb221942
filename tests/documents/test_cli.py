"""`habeas ingest`, `search`, `documents list|retry|verify` and `reindex`."""

from __future__ import annotations

import json
from pathlib import Path

from habeas.documents.models import Document
from habeas.documents.services.ingest import blob_store
from tests.clients import run
from tests.conftest import World
from tests.documents.helpers import REPORT, TRANSCRIPT, zip_bytes


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "discovery"
    (folder / "sub").mkdir(parents=True)
    (folder / "report.txt").write_text(REPORT)
    (folder / "sub" / "bundle.zip").write_bytes(zip_bytes({"transcript.txt": TRANSCRIPT.encode()}))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    return folder


def test_ingest_a_folder_then_search_it(world: World, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    code, out, err = run("ingest", str(folder), "--case", world.case.ref, "--as", "owner")
    assert code == 1 and "refused or failed" in err  # the broken PDF is reported, the rest is in
    assert (
        "3 files: 3 added, 0 already in" in out
        and "FAILED broken.pdf" in out
        and "habeas documents retry" in out
    )
    assert (
        Document.objects.filter(case=world.case, status="indexed").count() == 3
    )  # report, zip, zip member
    code, out, _ = run(
        "ingest", str(folder / "report.txt"), "--case", world.case.ref, "--as", "owner"
    )
    assert "1 files: 0 added, 1 already in" in out
    code, out, _ = run("search", "show-up OR informant", "--as", "member", "--json")
    assert code == 0
    body = json.loads(out)
    assert body["total"] == 2 and {r["document"] for r in body["results"]} == {
        "report.txt",
        "bundle.zip/transcript.txt",
    }
    code, out, _ = run("search", "informant", "--as", "outsider", "--json")
    assert json.loads(out)["total"] == 0
    code, _, err = run("search", '"unclosed', "--as", "owner")
    assert code == 1 and "could not be read" in err and "Traceback" not in err


def test_ingest_refuses_outsiders_and_missing_paths(world: World, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    code, _, err = run("ingest", str(folder), "--case", world.case.ref, "--as", "outsider")
    assert code == 1 and "Case not found" in err
    code, _, err = run("ingest", str(tmp_path / "nope"), "--case", world.case.ref, "--as", "owner")
    assert code == 1 and "no such file or folder" in err
    assert not Document.objects.exists()


def test_documents_list_retry_verify_and_reindex(world: World, tmp_path: Path) -> None:
    run("ingest", str(_folder(tmp_path)), "--case", world.case.ref, "--as", "owner")
    code, out, _ = run("documents", "list", "--case", world.case.ref, "--as", "member")
    assert code == 0 and "broken.pdf" in out and "failed" in out
    code, out, _ = run("documents", "retry", "--case", world.case.ref, "--as", "member")
    assert "broken.pdf: failed" in out
    assert Document.objects.get(name="broken.pdf").attempts == 2
    code, out, _ = run("documents", "verify")
    assert code == 0 and "0 problems" in out
    victim = Document.objects.get(name="report.txt")
    blob_store().path_of(victim.sha256).unlink()
    code, out, err = run("documents", "verify")
    assert code == 1 and "missing" in out and victim.sha256 in out
    code, out, _ = run("reindex")
    assert code == 0 and "indexed 2 pages" in out


def test_stored_names_are_printed_escaped(world: World, tmp_path: Path) -> None:
    """A zip member named with an ESC colour sequence, a right-to-left override and rich markup is
    shown as visible escapes by `documents list` and `search`, never sent raw to the terminal."""
    hostile = "red\x1b[31m\u202eexe.txt[bold]x"
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(zip_bytes({f"{hostile}.txt": TRANSCRIPT.encode()}))
    run("ingest", str(bundle), "--case", world.case.ref, "--as", "owner")
    assert Document.objects.filter(name__contains="\x1b[31m").exists()  # stored as given
    for argv in (
        ("documents", "list", "--case", world.case.ref, "--as", "owner"),
        ("search", "show-up", "--as", "owner"),
    ):
        code, out, _ = run(*argv)
        assert code == 0
        assert "\x1b" not in out and "\u202e" not in out, argv
        assert "red\\x1b[31m\\u202eexe.txt[bold]x" in out, argv
