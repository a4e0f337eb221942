"""File kind detection: magic bytes first, then the extension."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

KINDS = ("pdf", "image", "docx", "text", "email", "zip")

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"GIF87a",
    b"GIF89a",
    b"BM",  # BMP; only trusted together with an image extension, "BM" is too short alone
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # local header; empty archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.msg and password-protected OOXML

_EXT = {
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".gif": "image",
    ".bmp": "image",
    ".webp": "image",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".log": "text",
    ".csv": "text",
    ".tsv": "text",
    ".md": "text",
    ".eml": "email",
    ".zip": "zip",
}
# Zip containers that are documents of formats we do not read; never expand them as archives.
_OTHER_ZIP_FORMATS = {
    ".xlsx",
    ".xlsm",
    ".pptx",
    ".docm",
    ".odt",
    ".ods",
    ".odp",
    ".epub",
    ".jar",
    ".apk",
}
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,60}:[ \t]?.*$")
_EMAIL_HEADERS = (
    b"from:",
    b"to:",
    b"subject:",
    b"date:",
    b"message-id:",
    b"received:",
    b"mime-version:",
)


def _extension(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _looks_like_email(head: bytes) -> bool:
    # RFC 5322: the file opens with header lines; require at least two well-known ones.
    lines = head.split(b"\n", 40)[:40]
    seen = 0
    for raw in lines:
        line = raw.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):  # folded continuation of the previous header
            continue
        if not _HEADER_LINE.match(line):
            return False
        seen += line.lower().startswith(_EMAIL_HEADERS)
    return seen >= 2


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if not head or b"\x00" in head:
        return False
    try:
        sample = head.decode("utf-8", errors="strict")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 4:  # a multi-byte character cut off by the 8 KB window is fine
            return False
        sample = head[: err.start].decode("utf-8")
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    return controls == 0


def kind_detect(name: str, head: bytes) -> str | None:
    """One of KINDS for a file called ``name`` whose first bytes (8 KB is plenty) are ``head``,
    or None when Habeas cannot read it."""
    ext = _extension(name)
    if b"%PDF-" in head[:1024]:  # the spec lets junk precede the header; readers accept it
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        if ext == ".docx" or b"word/" in head:
            return "docx"
        if (
            ext in _OTHER_ZIP_FORMATS
            or b"[Content_Types].xml" in head
            or b"mimetypeapplication/" in head
        ):
            return None
        return "zip"
    if head.startswith(OLE_MAGIC):
        # A password-protected .docx is an OLE container; let the docx reader say "encrypted".
        return "docx" if ext == ".docx" else None
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image"
    if head.startswith(_IMAGE_MAGIC[:-1]) or (head.startswith(b"BM") and _EXT.get(ext) == "image"):
        return "image"
    if _looks_like_email(head):
        return "email"
    by_ext = _EXT.get(ext)
    if by_ext is not None:
        return by_ext  # e.g. a damaged file.pdf: its reader then says exactly what is wrong
    if _looks_like_text(head):
        return "text"
    return None
