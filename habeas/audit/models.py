from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Append-only. Database triggers (see migrations) refuse UPDATE and DELETE as well."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    username = models.CharField(max_length=150, blank=True)  # kept even if the user row goes
    organization_id_at = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    case_ref = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=10)
    address = models.CharField(max_length=100, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)
    # Which audit key signed the row (an HMAC); null for the plain SHA-256 rows written before the
    # key existed. Nullable so adding it is a plain ADD COLUMN (SQLite keeps the append-only triggers).
    key_id = models.CharField(max_length=16, null=True, blank=True)

    class Meta:
        ordering = ["-seq"]
        indexes = [models.Index(fields=["user", "-seq"]), models.Index(fields=["case_id", "-seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} by {self.username or 'system'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("audit events are append-only")

    def chain_content(self) -> dict[str, Any]:
        content: dict[str, Any] = {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "user_id": self.user_id,
            "username": self.username,
            "organization_id": self.organization_id_at,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "case_id": self.case_id,
            "case_ref": self.case_ref,
            "source": self.source,
            "address": self.address,
            "detail": self.detail,
        }
        if self.key_id is not None:  # plain rows keep exactly the content they were hashed with
            content["key_id"] = self.key_id
        return content


class AuditHead(models.Model):
    """Single row holding the chain tip; updating it first serializes concurrent appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    # The first row signed with the audit key; checkpoints record it so no one can turn the keyed
    # rows back into plain ones.
    keyed_from = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"audit head at {self.seq}"
