"""`habeas production create|add|redact|build|list --as USER`."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.clients import run
from tests.conftest import World
from tests.disclosure.helpers import ADDRESS, WITNESS, package_pdfs, pdfium_text, two_documents


def test_the_cli_builds_a_production(world: World, tmp_path: Path) -> None:
    a, b = two_documents(world.owner, world.case)
    ref = world.case.ref
    code, out, err = run(
        "production",
        "create",
        ref,
        "--name",
        "Set one",
        "--recipient",
        "Public Defender",
        "--obligation",
        "pc_1054_9",
        "--prefix",
        "CLI",
        "--as",
        "owner",
    )
    assert code == 0, err
    pid = out.split()[1]
    assert "numbers from CLI000001" in out
    code, out, err = run("production", "add", ref, pid, str(a.pk), str(b.pk), "--as", "owner")
    assert code == 0 and "2 document(s) added" in out, err
    code, out, err = run("production", "redact", ref, str(a.pk), "--text", WITNESS, "--as", "owner")
    assert code == 0 and "applied" in out, err
    code, out, err = run(
        "production", "redact", ref, str(b.pk), "--patterns", "street_address", "--as", "owner"
    )
    assert code == 0 and "1 proposed" in out, err
    code, out, err = run("production", "build", ref, pid, "--as", "owner")
    assert code == 1 and "wait for review" in err  # the proposal must be decided first
    from habeas.disclosure.models import Redaction

    Redaction.objects.filter(status="proposed").update(status="applied")
    target = tmp_path / "set.zip"
    code, out, err = run("production", "build", ref, pid, "--out", str(target), "--as", "owner")
    assert code == 0 and "CLI000001 – CLI000003" in out, err
    pdfs = {name.rsplit("/", 1)[-1]: pdf for name, pdf in package_pdfs(target.read_bytes()).items()}
    assert WITNESS not in pdfium_text(pdfs["CLI000001.pdf"])
    assert ADDRESS not in pdfium_text(pdfs["CLI000003.pdf"])
    assert WITNESS in pdfium_text(pdfs["CLI000003.pdf"])  # redacted in the first document only
    assert zipfile.is_zipfile(target)
    code, out, err = run("production", "list", ref, "--as", "member")
    assert code == 0 and "Set one" in out and "Built" in out and "Post-conviction" in out
    code, _, err = run("production", "list", ref, "--as", "outsider")
    assert code == 1 and "not found" in err.lower()
    code, _, err = run("production", "build", ref, pid, "--as", "auditor")
    assert code == 1
