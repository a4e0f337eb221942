"""Django-free extraction: one stored file -> logical documents (members) and pages of text.

    kind = kind_detect(name, head)                 # "pdf" | "image" | "docx" | "text" | "email" | "zip" | None
    for m in members_expand(path, kind, dest): ... # Member or RefusedMember (recurse yourself)
    pages = pages_extract(path, kind, ocr=OcrRunner())
    png = page_render_png(path, kind, 3)

Every public function raises only ExtractionError, whose message is a reason for a reviewer.
"""

from habeas.domain.extract.api import members_expand, page_render_png, pages_extract
from habeas.domain.extract.errors import BudgetExceededError, ExtractionError
from habeas.domain.extract.extracted import ExtractedPage, Member, RefusedMember
from habeas.domain.extract.kinds import KINDS, kind_detect
from habeas.domain.extract.ocr import OcrRunner, ocr_available
from habeas.domain.extract.text import text_encoding_detect

__all__ = [
    "KINDS",
    "BudgetExceededError",
    "ExtractedPage",
    "ExtractionError",
    "Member",
    "OcrRunner",
    "RefusedMember",
    "kind_detect",
    "members_expand",
    "ocr_available",
    "page_render_png",
    "pages_extract",
    "text_encoding_detect",
]
