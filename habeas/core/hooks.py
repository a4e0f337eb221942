"""Things that happen in one app and that other apps act on, without the first importing them:
the app where it happens calls the hook, the apps that care register in ``AppConfig.ready``.

- ``document_indexed``: a document's pages and suggestions are stored and indexed.
- ``case_people_changed``: a person was added to a case, changed or removed, or a person named
  in a document was confirmed.

The credibility registry listens to both (the new names against the listed officials). A listener
runs in a savepoint when the caller is inside a transaction: one that fails is logged and rolled back
alone, never failing the write or
the document that called it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import nullcontext

from django.db import transaction

log = logging.getLogger(__name__)

CaseHook = Callable[[int], None]
_document_indexed: list[CaseHook] = []
_case_people_changed: list[CaseHook] = []


def document_indexed_register(hook: CaseHook) -> None:
    if hook not in _document_indexed:
        _document_indexed.append(hook)


def case_people_changed_register(hook: CaseHook) -> None:
    if hook not in _case_people_changed:
        _case_people_changed.append(hook)


def _run(hooks: list[CaseHook], object_id: int) -> None:
    for hook in list(hooks):
        # Inside the caller's transaction, a savepoint keeps a failing listener's writes out of it.
        # Outside one, no transaction of our own: on SQLite it would hold the database's write
        # lock while the listener computes (the listener writes in its own short transactions).
        inside = transaction.get_connection().in_atomic_block
        try:
            with transaction.atomic() if inside else nullcontext():
                hook(object_id)
        except Exception:  # a listener's bug must not fail the write or the document
            log.exception("hook %s failed for %s", hook.__qualname__, object_id)


def document_indexed(document_id: int) -> None:
    _run(_document_indexed, document_id)


def case_people_changed(case_id: int) -> None:
    _run(_case_people_changed, case_id)
