"""Which flag engine flagged a document: a digest of the engine's code and bundled rules.

Stored with each document's flags, so that documents flagged before an upgrade that changed the
rules or the engine can be found and flagged again (``habeas documents reflag``). Computed from
the files themselves, so no version number has to be remembered when a rule changes.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).parent
DIGEST_CHARS = 16


@cache
def engine_fingerprint() -> str:
    """The digest of every source and rule file of the flag engine (their paths and bytes)."""
    digest = hashlib.sha256()
    files = sorted([*PACKAGE.glob("*.py"), *PACKAGE.glob("rules/*.toml")])
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:DIGEST_CHARS]
