"""Disclosure and production engine (no Django): redaction marks and pattern finders, source
conversion to PDF, burn-in redaction with a re-extraction check, Bates stamping, Concordance /
Opticon load files and a streamed production package with a SHA-256 manifest."""

from habeas.domain.disclosure.bates import (
    BatesRange,
    bates_label,
    bates_ranges_overlap,
    bates_stamp,
)
from habeas.domain.disclosure.burn import Burned, burned_check, document_burn
from habeas.domain.disclosure.convert import Converted, source_to_pdf
from habeas.domain.disclosure.errors import Leak, ProductionError, ProductionLeak
from habeas.domain.disclosure.marks import PATTERN_KINDS, Box, Mark, PatternHit, pattern_hits
from habeas.domain.disclosure.package import (
    PackageFile,
    PackageResult,
    ProducedDocument,
    ProduceItem,
    ProductionWriter,
)

__all__ = [
    "PATTERN_KINDS",
    "BatesRange",
    "Box",
    "Burned",
    "Converted",
    "Leak",
    "Mark",
    "PackageFile",
    "PackageResult",
    "PatternHit",
    "ProduceItem",
    "ProducedDocument",
    "ProductionError",
    "ProductionLeak",
    "ProductionWriter",
    "bates_label",
    "bates_ranges_overlap",
    "bates_stamp",
    "burned_check",
    "document_burn",
    "pattern_hits",
    "source_to_pdf",
]
