"""Things that happen in one app and that other apps act on, without the first importing them:
the app where it happens calls the hook, the apps that care register in ``AppConfig.ready``.

- ``document_indexed``: a document's pages and suggestions are stored and indexed (the
  credibility registry checks the new names against the listed officials)."""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

DocumentHook = Callable[[int], None]
_document_indexed: list[DocumentHook] = []


def document_indexed_register(hook: DocumentHook) -> None:
    if hook not in _document_indexed:
        _document_indexed.append(hook)


def document_indexed(document_id: int) -> None:
    """Run every registered hook; one that fails is logged and never fails the document."""
    for hook in _document_indexed:
        try:
            hook(document_id)
        except Exception:  # a listener's bug must not turn an indexed document into a failed one
            log.exception("hook %s failed for document %s", hook.__qualname__, document_id)
