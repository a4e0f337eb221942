"""A PDF's page count, before the engine produces it (Bates numbers are taken for the whole set
first). Plain Python."""

from __future__ import annotations

import pymupdf

from habeas.domain.disclosure import ProductionError


def pdf_page_count(pdf: bytes) -> int:
    try:
        with pymupdf.open(stream=pdf, filetype="pdf") as doc:
            return int(doc.page_count)
    except Exception as exc:  # MuPDF raises its own errors on unreadable files
        raise ProductionError("the converted PDF cannot be read") from exc
