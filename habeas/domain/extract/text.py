"""Plain text in any common encoding; a form feed starts a new page (as line printers did)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from habeas.domain.extract.errors import ExtractionError
from habeas.domain.extract.extracted import ExtractedPage
from habeas.domain.extract.textutil import normalize

MAX_TEXT_BYTES = 64 * 1024 * 1024  # decoded as one str: up to 4 bytes per character
SAMPLE_BYTES = 256 * 1024  # enough for charset detection; the rest is decoded as a stream
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM is a prefix of this one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _is_utf8(sample: bytes, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _binary_share(sample: str) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    return bad / len(sample)


def _western(sample: bytes) -> bool:
    """True for cp1252 text in a Western language: it decodes, and accented letters are sprinkled
    among ASCII ones (Cyrillic or Greek read as cp1252 is wall-to-wall accented letters)."""
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252
        return False
    letters = [c for c in text if c.isalpha()]
    accented = sum(1 for c in letters if ord(c) > 127)
    return bool(letters) and accented / len(letters) < 0.35 and _binary_share(text) == 0


# Kana and Japanese punctuation exist in no other script; in cp932 they are two-byte characters no
# Western text produces.
_KANA = re.compile("[\u3001-\u3002\u300c-\u300f\u3041-\u30ff]")
_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")
# An accented letter inside a Western word (Fr\xe9d\xe9ric) pairs with the next ASCII letter into a
# kanji when read as cp932; Japanese in English text stands apart from the Latin words.
_GLUED = re.compile("[A-Za-z][\u4e00-\u9fff]+[A-Za-z]")


def _japanese(sample: bytes, complete: bool) -> bool:
    """True for Shift-JIS (cp932) text: charset-normalizer takes short Japanese samples for Korean
    (cp949), and _western takes English with a few kanji for cp1252, both giving mojibake."""
    try:
        text = codecs.getincrementaldecoder("cp932")().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    if any("\ue000" <= c <= "\uf8ff" for c in text):  # cp932's user-defined area: not real text
        return False
    if _KANA.search(text):
        return True
    return len(_IDEOGRAPH.findall(text)) >= 2 and not _GLUED.search(text)


def detect_encoding(sample: bytes, *, complete: bool) -> str:
    """Codec name for a text sample; ExtractionError when it is not text at all."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if b"\x00" not in sample and _is_utf8(sample, complete):
        return "utf-8"
    if b"\x00" not in sample and _japanese(sample, complete):
        return "cp932"
    # charset-normalizer ranks cp1250/mac_latin2 level with cp1252 on Western text, yet US case
    # files are overwhelmingly Windows-1252 (a superset of latin-1's printable range): check first.
    if b"\x00" not in sample and _western(sample):
        return "cp1252"
    best = from_bytes(sample).best()
    if best is None:
        raise ExtractionError("file does not contain text (binary data or unknown encoding)")
    return str(best.encoding)


def text_encoding_detect(path: Path) -> str:
    """The encoding a text file is read in (recorded on the document, so a reader who sees odd
    characters knows what was assumed)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
    except OSError as err:
        raise ExtractionError(f"cannot read text file: {err}") from err
    return detect_encoding(sample, complete=size <= SAMPLE_BYTES)


def pages_extract_text(path: Path, *, max_bytes: int = MAX_TEXT_BYTES) -> list[ExtractedPage]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ExtractionError(f"text file is larger than the {max_bytes // 2**20} MB limit")
        with path.open("rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
        encoding = detect_encoding(sample, complete=size <= SAMPLE_BYTES)
        decoded_sample = codecs.decode(sample[: SAMPLE_BYTES - 8], encoding, errors="replace")
        if _binary_share(decoded_sample) > 0.02:
            raise ExtractionError("file does not contain text (binary data)")
        # newline=None turns CRLF/CR into \n while decoding in chunks; no second copy in bytes.
        with path.open(encoding=encoding, errors="replace", newline=None) as fh:
            text = fh.read()
    except (OSError, LookupError) as err:
        raise ExtractionError(f"cannot read text file: {err}") from err
    chunks = text.split("\f")
    while len(chunks) > 1 and not chunks[-1].strip():  # a trailing form feed ends the last page
        chunks.pop()
    return [ExtractedPage(n, normalize(c), False, None) for n, c in enumerate(chunks, start=1)]
