"""Single-page bilevel Group 4 TIFFs written by the system libtiff (Debian ``libtiff6``) through
ctypes. Pillow's TIFF writer spends ~20 ms a page even on a blank 300 dpi page; libtiff called
directly encodes the same page in ~4 ms, and the decoded pixels are the same.

The file is min-is-white (PhotometricInterpretation 0, the fax convention): a 1 bit is black.
It is written under a temporary name beside its final path and renamed only once complete, so
an error never leaves a half-written image in a package.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from habeas.domain.disclosure.errors import ProductionError

_IMAGE_WIDTH = 256
_IMAGE_LENGTH = 257
_BITS_PER_SAMPLE = 258
_COMPRESSION = 259
_COMPRESSION_CCITT_G4 = 4
_PHOTOMETRIC = 262
_PHOTOMETRIC_MIN_IS_WHITE = 0
_SAMPLES_PER_PIXEL = 277
_ROWS_PER_STRIP = 278
_X_RESOLUTION = 282
_Y_RESOLUTION = 283
_PLANAR_CONFIG = 284
_PLANAR_CONTIG = 1
_RESOLUTION_UNIT = 296
_RESUNIT_INCH = 2

_MISSING = (
    "page images need the TIFF library (Debian package libtiff6), which is not installed: "
    "run scripts/setup.sh or apt-get install libtiff6"
)


@dataclass(frozen=True)
class WrittenImage:
    sha256: str
    size: int


class _LibTiff:
    """The few libtiff functions used, with their C signatures declared."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.open = lib.TIFFOpen
        self.open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        self.open.restype = ctypes.c_void_p
        # Variadic: every call passes its value as an explicit c_uint32 / c_double.
        self.set_field = lib.TIFFSetField
        self.set_field.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        self.set_field.restype = ctypes.c_int
        self.write_strip = lib.TIFFWriteEncodedStrip
        self.write_strip.argtypes = [
            ctypes.c_void_p,
            ctypes.c_uint32,
            ctypes.c_void_p,
            ctypes.c_ssize_t,
        ]
        self.write_strip.restype = ctypes.c_ssize_t
        self.flush = lib.TIFFFlush
        self.flush.argtypes = [ctypes.c_void_p]
        self.flush.restype = ctypes.c_int
        self.close = lib.TIFFClose
        self.close.argtypes = [ctypes.c_void_p]
        self.close.restype = None


_loaded: _LibTiff | None = None


def libtiff() -> _LibTiff:
    """The system libtiff, loaded once per process; ProductionError when it is not installed."""
    global _loaded
    if _loaded is None:
        name = ctypes.util.find_library("tiff")
        if name is None:
            raise ProductionError(_MISSING)
        try:
            _loaded = _LibTiff(ctypes.CDLL(name))
        except (OSError, AttributeError) as err:
            raise ProductionError(_MISSING) from err
    return _loaded


def g4_tiff_write(path: Path, bits: npt.NDArray[np.uint8], width: int, dpi: int) -> WrittenImage:
    """Write ``bits`` (``PageRaster.bits``: one row of packed pixels per line, 1 = black) to
    ``path`` as a single-strip Group 4 TIFF at ``dpi``; returns the file's SHA-256 and size.
    libtiff prints its own reason for a failure on stderr; the error raised says which image."""
    if bits.ndim != 2 or bits.dtype != np.uint8 or bits.shape[1] != (width + 7) // 8:
        raise ProductionError("the page image's rows do not match its width")
    height = bits.shape[0]
    if height < 1 or width < 1:
        raise ProductionError("a page image cannot be empty")
    bits = np.ascontiguousarray(bits)
    lib = libtiff()
    part = path.with_name(f".{path.name}.part")
    handle = lib.open(os.fsencode(part), b"w")
    if not handle:
        raise ProductionError(f"the page image {path.name} cannot be created")
    try:
        _fields(lib, handle, width, height, dpi, path.name)
        written = lib.write_strip(handle, 0, bits.ctypes.data, bits.nbytes)
        if written < 0:
            raise ProductionError(f"the page image {path.name} could not be encoded")
        if not lib.flush(handle):
            raise ProductionError(f"the page image {path.name} could not be written")
    except BaseException:
        lib.close(handle)
        part.unlink(missing_ok=True)
        raise
    lib.close(handle)
    try:
        data = part.read_bytes()
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return WrittenImage(hashlib.sha256(data).hexdigest(), len(data))


def _fields(lib: _LibTiff, handle: int, width: int, height: int, dpi: int, name: str) -> None:
    tags = (
        (_IMAGE_WIDTH, width),
        (_IMAGE_LENGTH, height),
        (_BITS_PER_SAMPLE, 1),
        (_SAMPLES_PER_PIXEL, 1),
        (_COMPRESSION, _COMPRESSION_CCITT_G4),
        (_PHOTOMETRIC, _PHOTOMETRIC_MIN_IS_WHITE),
        (_ROWS_PER_STRIP, height),
        (_PLANAR_CONFIG, _PLANAR_CONTIG),
        (_RESOLUTION_UNIT, _RESUNIT_INCH),
    )
    ok = all(lib.set_field(handle, tag, ctypes.c_uint32(value)) == 1 for tag, value in tags)
    # Resolutions are RATIONAL tags, which TIFFSetField takes as a double.
    ok = ok and all(
        lib.set_field(handle, tag, ctypes.c_double(dpi)) == 1
        for tag in (_X_RESOLUTION, _Y_RESOLUTION)
    )
    if not ok:
        raise ProductionError(f"the page image {name} could not be described (TIFF tags)")
