"""The exceptions the disclosure engine lets escape: ``str(err)`` is fit to show an attorney."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

LeakWhere = Literal[
    "text layer", "image (OCR)", "metadata", "annotation", "attachment", "file object"
]


class ProductionError(ValueError):
    """A source cannot be converted, a mark cannot be applied, a Bates setting is invalid ...
    Nothing is produced for the document concerned."""


@dataclass(frozen=True)
class Leak:
    """Something the check found in a produced PDF that must not be there.

    ``page`` is 1-based, 0 for document-level places (metadata, attachments, file objects);
    ``text`` is the forbidden string found, or a description of what was found."""

    page: int
    where: LeakWhere
    text: str


class ProductionLeak(ProductionError):
    """The burned file still holds a redacted string (or metadata, annotations, attachments):
    the production must not be finished."""

    def __init__(self, document: str, leaks: Sequence[Leak]) -> None:
        self.document = document
        self.leaks = tuple(leaks)
        first = leaks[0] if leaks else None
        where = f" ({first.where}, page {first.page})" if first else ""
        super().__init__(
            f"{document}: {len(self.leaks)} redacted item(s) still present after burning{where}; "
            "nothing was produced"
        )

    def __reduce__(self) -> tuple[type[ProductionLeak], tuple[str, tuple[Leak, ...]]]:
        # Raised in a worker process of the package writer and re-raised in the parent.
        return (ProductionLeak, (self.document, self.leaks))
