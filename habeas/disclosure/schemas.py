"""Shapes of the disclosure API (names unique across the whole OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from habeas.core.api import Body, Flag, IsoDate, RecordId, UtcDateTime
from habeas.disclosure.models import (
    DeliveryMethod,
    Obligation,
    PrivilegeGround,
    ProductionStatus,
    RecipientKind,
    RedactionReason,
)

PatternKind = Literal[
    "ssn", "date_of_birth", "phone", "street_address", "email", "cii_number", "fbi_number"
]


class ProductionIn(Body):
    name: str = Field(max_length=200)
    recipient_name: str = Field(max_length=200)
    recipient_kind: str = Field(description=f"One of: {', '.join(RecipientKind.values)}")
    recipient_organization: str = Field(
        "", max_length=20, description="A partner organization's code (recipient kind partner)"
    )
    obligation: str = Field(description=f"One of: {', '.join(Obligation.values)}")
    bates_prefix: str = Field(max_length=20)
    bates_start: int | None = Field(None, ge=1, le=999_999_999, description="Default: next free")
    bates_padding: int = Field(6, ge=1, le=9)
    bates_suffix: str = Field("", max_length=10)
    legend: str = Field("", max_length=200)
    cover_note: str = Field("", max_length=5000)
    corrects: RecordId | None = Field(None, description="The built production this one corrects")


class ProductionItemOut(Schema):
    document_id: int
    document_name: str
    order: int
    withheld: bool
    privilege_ground: str
    bates_first: int | None
    bates_last: int | None
    bates_range: str
    page_count: int
    produced_sha256: str
    conversion_note: str


class ProductionOut(Schema):
    id: int
    name: str
    status: str = Field(description=f"One of: {', '.join(ProductionStatus.values)}")
    error: str
    recipient_name: str
    recipient_kind: str
    obligation: str
    bates_prefix: str
    bates_start: int
    bates_padding: int
    bates_suffix: str
    bates_first: int | None
    bates_last: int | None
    bates_range: str
    legend: str
    corrects_id: int | None
    created_by: str
    created_at: UtcDateTime
    built_at: UtcDateTime | None
    package_sha256: str
    package_size: int | None
    manifest_sha256: str
    pages_done: int
    pages_total: int
    items: list[ProductionItemOut]


class ProductionDocumentsIn(Body):
    document_ids: list[RecordId] = Field(min_length=1, max_length=5000)
    withheld: Flag = False
    privilege_ground: str = Field(
        "", description=f"If withheld: {', '.join(PrivilegeGround.values)}"
    )


class RedactionIn(Body):
    document_id: RecordId
    reason: str = Field(description=f"One of: {', '.join(RedactionReason.values)}")
    text: str = Field("", max_length=500, description="Words to remove (or give boxes)")
    boxes: list[list[float]] = Field(
        default_factory=list, max_length=200, description="[left, top, right, bottom] in PDF points"
    )
    page_number: int | None = Field(
        None, ge=1, le=1_000_000, description="Empty: every page where the text occurs"
    )
    note: str = Field("", max_length=2000)


class RedactionOut(Schema):
    id: int
    document_id: int
    document_name: str
    page_number: int | None
    boxes: list[list[float]]
    text: str
    kind: str
    reason: str
    note: str
    status: str
    frozen: bool
    applied_by: str
    applied_at: UtcDateTime | None
    removed_by: str
    removed_why: str


class RedactionProposalIn(Body):
    kinds: list[PatternKind] = Field(min_length=1)
    reason: str = RedactionReason.PRIVACY
    document_ids: list[RecordId] | None = Field(
        None, description="Default: every document of the case"
    )
    production_id: RecordId | None = Field(None, description="The documents of this production")


class RedactionDecisionIn(Body):
    ids: list[RecordId] = Field(min_length=1, max_length=5000)
    accept: Flag
    why: str = Field("", max_length=2000, description="Why they are removed (accept false)")


class RedactionDecisionOut(Schema):
    changed: int


class DeliveryIn(Body):
    method: str = Field(description=f"One of: {', '.join(DeliveryMethod.values)}")
    disclosed_at: dt.datetime | None = None
    note: str = Field("", max_length=2000)


class DisclosureEntryOut(Schema):
    id: int
    production_id: int | None = Field(description="Empty for a letter Habeas produced")
    what: str = Field(description="For a letter: which letter and on whom")
    recipient_name: str
    recipient_kind: str
    obligation: str
    disclosed_at: UtcDateTime
    disclosed_by: str
    method: str = Field(description="How it was delivered; empty when not recorded")
    package_sha256: str = Field(description="The package's (or the letter file's) SHA-256")
    document_hashes: dict[str, str]
    note: str


class PrivilegeLogEntryOut(Schema):
    id: int
    document_id: int | None
    redaction_id: int | None
    date: dt.date | None
    author: str
    recipients: str
    document_type: str
    ground: str
    description: str
    bates: str


class PrivilegeLogEntryPatch(Body):
    date: IsoDate | None = None
    author: str | None = Field(None, max_length=300)
    recipients: str | None = Field(None, max_length=500)
    document_type: str | None = Field(None, max_length=100)
    ground: str | None = None
    description: str | None = Field(None, max_length=2000)


class PrivilegeLogGenerated(Schema):
    added: int
