"""Zip archives (and email attachments) expanded into member files under a caller's directory.

Zip bombs are stopped by limits checked on the central directory up front and enforced again on
the bytes actually inflated (a forged directory cannot lie past them). A member declared larger
than the per-file limit is refused by name and never written; the total limit is the caller's
budget for the whole archive tree (nested archives get what their parents left). Member names never become
file-system paths: each member is written to a fresh mkstemp file, so traversal cannot escape
``dest``; a traversal-looking name still rejects the archive, since it is a sign of a hostile file.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from habeas.domain.extract.email import email_attachments, parse_email
from habeas.domain.extract.errors import ExtractionError
from habeas.domain.extract.extracted import Member, RefusedMember

MB = 1024 * 1024
_CHUNK = MB
_JUNK = re.compile(r"(^|/)(__MACOSX/|\._)|(^|/)(\.DS_Store|Thumbs\.db|desktop\.ini)$", re.I)


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 10_000
    max_member_bytes: int = 512 * MB
    max_total_bytes: int = 4096 * MB
    max_ratio: int = 1_000  # uncompressed/compressed; blank 1-bit scans reach a few hundred


def _fmt_mb(n: int) -> str:
    return f"{n // MB} MB" if n >= MB else f"{n} bytes"


def _safe_member_path(name: str) -> str:
    """The member's path with forward slashes, or ExtractionError if it could escape a folder."""
    clean = name.replace("\\", "/")
    parts = PurePosixPath(clean).parts
    if (
        clean.startswith("/")
        or re.match(r"^[A-Za-z]:", clean)
        or any(p == ".." for p in parts)
        or "\x00" in clean
    ):
        raise ExtractionError(f"zip member '{name}' has an unsafe path (path traversal)")
    return "/".join(p for p in parts if p not in ("", "."))


def _write_stream(
    src: IO[bytes], dest: Path, basename: str, limit: int, what: str
) -> tuple[Path, int]:
    suffix = PurePosixPath(basename).suffix[:16]
    fd, tmp = tempfile.mkstemp(dir=dest, prefix="member-", suffix=suffix)
    written = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > limit:
                    raise ExtractionError(f"{what} is larger than the {_fmt_mb(limit)} limit")
                out.write(chunk)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp), written


def _zip_infos(zf: zipfile.ZipFile, limits: ZipLimits) -> list[tuple[zipfile.ZipInfo, str, str]]:
    """(info, path, refusal reason or "") for every member worth reading, validated as a whole."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise ExtractionError(
            f"zip has {len(infos):,} members, over the limit of {limits.max_members:,}"
        )
    chosen: list[tuple[zipfile.ZipInfo, str, str]] = []
    declared = 0
    for info in infos:
        path = _safe_member_path(info.filename)
        if info.flag_bits & 0x1:
            raise ExtractionError(f"zip is encrypted (member '{info.filename}' needs a password)")
        if info.is_dir() or not path or _JUNK.search(path):
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            continue  # a symlink's "content" is its target path, not a document
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ExtractionError(
                f"zip member '{path}' has a suspicious compression ratio (zip bomb)"
            )
        if info.file_size > limits.max_member_bytes:
            # Refused by its declared size, before a byte is inflated; the rest still come in.
            reason = f"larger than the {_fmt_mb(limits.max_member_bytes)} limit"
            chosen.append((info, path, reason))
            continue
        declared += info.file_size
        if declared > limits.max_total_bytes:
            raise ExtractionError(
                f"zip expands to more than the {_fmt_mb(limits.max_total_bytes)} limit"
            )
        chosen.append((info, path, ""))
    return chosen


def zip_members(
    path: Path, dest: Path, prefix: str, limits: ZipLimits
) -> Iterator[Member | RefusedMember]:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        raise ExtractionError("not a valid ZIP file (damaged or truncated)") from err
    except OSError as err:
        raise ExtractionError(f"cannot read ZIP file: {err.strerror or err}") from err
    with zf:
        chosen = _zip_infos(zf, limits)  # validate everything before yielding anything
        total = 0
        for info, name, refused in chosen:
            if refused:
                yield RefusedMember(f"{prefix}/{name}", refused)
                continue
            what = f"zip member '{name}'"
            # Enforced on the inflated bytes too, against a directory that lies about sizes.
            remaining = min(limits.max_member_bytes, limits.max_total_bytes - total)
            try:
                with zf.open(info) as src:
                    out, size = _write_stream(src, dest, name.rsplit("/", 1)[-1], remaining, what)
            except NotImplementedError as err:
                raise ExtractionError(f"{what} uses an unsupported compression method") from err
            except (zipfile.BadZipFile, EOFError, zlib.error) as err:
                raise ExtractionError(f"{what} is damaged (CRC or data error)") from err
            total += size
            yield Member(f"{prefix}/{name}", out)


def email_members(
    path: Path, dest: Path, prefix: str, limits: ZipLimits
) -> Iterator[Member | RefusedMember]:
    msg = parse_email(path)
    seen: dict[str, int] = {}
    total = 0
    for count, (filename, payload) in enumerate(email_attachments(msg), start=1):
        if count > limits.max_members:
            raise ExtractionError(f"email has more than {limits.max_members:,} attachments")
        # Two attachments called scan.pdf become scan.pdf and scan (2).pdf.
        seen[filename] = seen.get(filename, 0) + 1
        name = filename
        if seen[filename] > 1:
            stem = PurePosixPath(filename)
            name = f"{stem.stem} ({seen[filename]}){stem.suffix}"
        if len(payload) > limits.max_member_bytes:
            yield RefusedMember(
                f"{prefix}/{name}", f"larger than the {_fmt_mb(limits.max_member_bytes)} limit"
            )
            continue
        total += len(payload)
        if total > limits.max_total_bytes:
            raise ExtractionError(
                f"email attachments come to more than the {_fmt_mb(limits.max_total_bytes)} limit"
            )
        suffix = PurePosixPath(name).suffix[:16]
        fd, tmp = tempfile.mkstemp(dir=dest, prefix="member-", suffix=suffix)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        yield Member(f"{prefix}/{name}", Path(tmp))
