"""The audit key ring, read from ``HABEAS_AUDIT_KEY_FILE`` (outside the database and data dir).

Set explicitly (production), a missing or unreadable file stops start-up: a new key silently made
in its place would sign a rewritten log. Unset (the demo, a first try), a key is generated at
``~/.habeas/audit-key`` on first use and the path is printed, so the operator knows to keep it.
"""

from __future__ import annotations

import os
import secrets
import sys
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from habeas.audit.chain import AuditKey, keys_parse


def _generate(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # O_EXCL: two processes starting at once do not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as out:
        out.write(
            f"# Habeas audit key: keep a copy apart from this server. Rotate by adding a line.\n{secrets.token_hex(32)}\n"
        )
    print(
        f"note: generated a new audit key at {path} (HABEAS_AUDIT_KEY_FILE unset). It signs the "
        "audit log; keep a copy off this machine and set HABEAS_AUDIT_KEY_FILE in production.",
        file=sys.stderr,
    )


@cache
def _ring(path: Path, explicit: bool) -> tuple[AuditKey, ...]:
    if not path.exists():
        if explicit:
            raise ImproperlyConfigured(
                f"HABEAS_AUDIT_KEY_FILE names {path}, which does not exist: restore the audit key "
                "from its copy (a new key cannot verify the rows signed with the old one)"
            )
        _generate(path)
    try:
        ring = tuple(keys_parse(path.read_text()))
    except OSError as exc:
        raise ImproperlyConfigured(
            f"cannot read the audit key file {path}: {exc.strerror}"
        ) from exc
    except ValueError as exc:
        raise ImproperlyConfigured(f"the audit key file {path} is not usable: {exc}") from exc
    if not ring:
        raise ImproperlyConfigured(f"the audit key file {path} holds no key")
    return ring


def audit_keys() -> tuple[AuditKey, ...]:
    """Every key that may have signed rows, oldest first."""
    return _ring(Path(settings.HABEAS_AUDIT_KEY_FILE), bool(settings.HABEAS_AUDIT_KEY_FILE_SET))


def audit_signing_key() -> AuditKey:
    """The key new rows and checkpoints are signed with: the last line of the key file."""
    return audit_keys()[-1]


def audit_keys_forget() -> None:
    """Read the key file again (tests; after a rotation in a long-running process, a restart)."""
    _ring.cache_clear()
