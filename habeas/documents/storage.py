"""Content-addressed file store: a file is kept once, at ``ROOT/ab/cd/<sha256>``, whatever its name.

Writes go to a temporary file in the same directory tree and are renamed into place, so a crash
never leaves a half-written blob under a real hash. Plain Python (the root is passed in).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

CHUNK = 1024 * 1024


class Readable(Protocol):
    """Anything with ``read(n) -> bytes``: an open file, an upload, a BytesIO."""

    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path


class BlobTooLargeError(ValueError):
    """The stream went past the size limit; nothing was kept."""


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put_stream(self, stream: Readable, max_bytes: int | None = None) -> StoredBlob:
        """Copy ``stream`` in chunks (constant memory), hashing as we go; keep one copy per hash.
        Past ``max_bytes`` the copy stops and BlobTooLargeError is raised (the partial file is removed)."""
        tmp_dir = self.root / "tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix="incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise BlobTooLargeError(f"larger than the {max_bytes:,}-byte limit")
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_of(sha)
            if final.exists():
                os.unlink(tmp_name)
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(tmp_name, 0o440)
                os.replace(tmp_name, final)
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise
        return StoredBlob(sha, size, final)

    def put_path(self, path: Path) -> StoredBlob:
        with path.open("rb") as stream:
            return self.put_stream(stream)

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def rehash(self, sha256: str) -> str | None:
        """The SHA-256 of the stored bytes now, or None if the file is missing."""
        path = self.path_of(sha256)
        if not path.is_file():
            return None
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def all_hashes(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/??/*"):
            if path.is_file():
                yield path.name
