"""``habeas check --deploy``: say so when the audit log is signed with the generated default key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_key_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.HABEAS_AUDIT_KEY_FILE_SET:
        return []
    return [
        Warning(
            f"The audit log is signed with the generated key {settings.HABEAS_AUDIT_KEY_FILE}.",
            hint="Set HABEAS_AUDIT_KEY_FILE to a key kept apart from the server's data and backups, "
            "and HABEAS_AUDIT_CHECKPOINT_DIR to append-only or write-once storage.",
            id="habeas.W001",
        )
    ]
