from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from habeas.domain.extract import (
    ExtractionError,
    Member,
    RefusedMember,
    kind_detect,
    members_expand,
    pages_extract,
)
from habeas.domain.extract.samples import text_pdf_bytes


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def _mark_encrypted(path: Path) -> None:
    """Set the 'encrypted' bit on the last member's central directory entry (zipfile cannot
    write encrypted archives; the flag is what an extractor must act on)."""
    data = bytearray(path.read_bytes())
    cd = data.rindex(b"PK\x01\x02")
    data[cd + 8] |= 0x1
    path.write_bytes(bytes(data))


def _expand_all(path: Path, dest: Path, name: str | None = None) -> list[Member]:
    """What the documents app does: recurse into nested archives."""
    out: list[Member] = []
    for m in members_expand(path, "zip", dest, prefix=name):
        assert isinstance(m, Member)
        if kind_detect(m.name, m.path.read_bytes()[:8192]) == "zip":
            out.extend(_expand_all(m.path, dest, m.name))
        else:
            out.append(m)
    return out


def test_nested_zip(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep/notes.txt", "Inner notes about Det. Quimby")
    outer = _zip(
        tmp_path / "case.zip",
        {
            "folder/report.pdf": text_pdf_bytes([["Supplemental report"]]),
            "folder/": b"",
            "__MACOSX/folder/._report.pdf": b"junk",
            "inner.zip": inner.getvalue(),
        },
    )
    members = _expand_all(outer, tmp_path / "out")
    assert sorted(m.name for m in members) == [
        "case.zip/folder/report.pdf",
        "case.zip/inner.zip/deep/notes.txt",
    ]
    by_name = {m.name: m for m in members}
    assert (
        pages_extract(by_name["case.zip/folder/report.pdf"].path, "pdf")[0].text
        == "Supplemental report"
    )
    assert by_name["case.zip/inner.zip/deep/notes.txt"].path.suffix == ".txt"
    assert all(m.path.parent == tmp_path / "out" for m in members)


@pytest.mark.parametrize(
    "evil",
    [
        "../../etc/cron.d/x.txt",
        "/etc/passwd",
        "a/../../b.txt",
        "C:\\Windows\\x.txt",
        "..\\..\\x.txt",
    ],
)
def test_path_traversal_rejected(tmp_path: Path, evil: str) -> None:
    path = _zip(tmp_path / "evil.zip", {"ok.txt": b"fine", evil: b"owned"})
    with pytest.raises(ExtractionError, match="unsafe path"):
        list(members_expand(path, "zip", tmp_path / "out"))
    assert not any((tmp_path / "out").iterdir())  # validated before anything was written
    assert not (tmp_path.parent / "etc").exists()


def test_encrypted_zip(tmp_path: Path) -> None:
    path = _zip(tmp_path / "locked.zip", {"a.txt": b"x", "b.txt": b"y"})
    _mark_encrypted(path)
    with pytest.raises(ExtractionError, match="zip is encrypted"):
        list(members_expand(path, "zip", tmp_path / "out"))


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip", {"zeros.txt": b"\x00" * (20 * 1024 * 1024)})
    with pytest.raises(ExtractionError, match="zip bomb"):
        list(members_expand(path, "zip", tmp_path / "out"))


def test_member_and_total_limits(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.zip", {f"f{i}.txt": bytes([65 + i]) * 5000 for i in range(5)})
    # A member over the per-file limit is refused by its declared size: named, never written.
    out = list(members_expand(path, "zip", tmp_path / "o1", max_member_bytes=4000))
    assert [(m.name, m.reason) for m in out if isinstance(m, RefusedMember)] == [
        (f"big.zip/f{i}.txt", "larger than the 4000 bytes limit") for i in range(5)
    ]
    assert not any(isinstance(m, Member) for m in out) and not list((tmp_path / "o1").iterdir())
    with pytest.raises(ExtractionError, match="zip expands to more than"):
        list(members_expand(path, "zip", tmp_path / "o2", max_total_bytes=12_000))
    with pytest.raises(ExtractionError, match="over the limit of 3"):
        list(members_expand(path, "zip", tmp_path / "o3", max_members=3))
    assert len(list(members_expand(path, "zip", tmp_path / "o4"))) == 5


def test_lying_central_directory(tmp_path: Path) -> None:
    """A member whose directory entry claims 10 bytes but inflates to 1 MB must not get through."""
    path = _zip(tmp_path / "liar.zip", {"a.txt": b"A" * 1_000_000})
    data = bytearray(path.read_bytes())
    cd = data.rindex(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (10).to_bytes(
        4, "little"
    )  # uncompressed size in the central directory
    path.write_bytes(bytes(data))
    with pytest.raises(ExtractionError):
        for m in members_expand(path, "zip", tmp_path / "out"):
            assert isinstance(m, Member) and m.path.stat().st_size <= 10


def test_not_a_zip_and_wrong_kind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ExtractionError, match="not a valid ZIP"):
        list(members_expand(bad, "zip", tmp_path / "out"))
    with pytest.raises(ExtractionError, match="no members"):
        list(members_expand(bad, "pdf", tmp_path / "out"))
    with pytest.raises(ExtractionError, match="expand its members"):
        pages_extract(bad, "zip")
