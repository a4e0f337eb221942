"""`habeas documents reflag`: stored documents flagged again with the current rules, reviewers'
verdicts kept."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from habeas.accounts.models import User
from habeas.audit.models import AuditEvent
from habeas.documents.models import Document, ElementFlag, Verdict
from habeas.documents.services.reflag import document_reflag
from habeas.domain.flags import engine_fingerprint, fingerprint
from tests.clients import run
from tests.conftest import World
from tests.documents.helpers import REPORT, TRANSCRIPT, ingest_text


def _stale(flag: ElementFlag, **changes: object) -> None:
    """Make a stored flag look like an older engine's (and its document flagged by one)."""
    ElementFlag.objects.filter(pk=flag.pk).update(**changes)
    Document.objects.filter(pk=flag.page.document_id).update(flags_engine="0" * 16)


def test_reflag_updates_adds_removes_and_keeps_reviewed_flags(world: World) -> None:
    doc = ingest_text(world.owner, world.case, "report.txt", REPORT)
    flags = list(ElementFlag.objects.filter(page__document=doc).order_by("start"))
    assert len(flags) >= 3, [f.rule_id for f in flags]
    reviewed, deleted, *_ = flags
    # An older engine: other words on a flag a reviewer confirmed, a flag it never raised, and
    # two flags on a passage the current rules do not flag (one reviewed, one not).
    ElementFlag.objects.filter(pk=reviewed.pk).update(
        verdict=Verdict.CONFIRMED, verdict_note="read the report", verdict_by=world.owner
    )
    _stale(reviewed, title="Old title", reason="Old reason", confidence=0.1, context="law")
    deleted.delete()
    page = reviewed.page
    gone_pending = ElementFlag.objects.create(
        case=world.case, page=page, rule_id="informant.retired_rule", category="informant",
        title="Retired", passage="No bite mark", start=1, end=5, confidence=0.5,
        context="affirmed", reason="retired",
    )  # fmt: skip
    gone_reviewed = ElementFlag.objects.create(
        case=world.case, page=page, rule_id="forensic.retired_rule", category="forensic_method",
        title="Retired", passage="No bite mark", start=2, end=5, confidence=0.5,
        context="affirmed", reason="retired", verdict=Verdict.NOT_APPLICABLE,
        verdict_note="not about this case", verdict_by=world.member,
    )  # fmt: skip
    before = AuditEvent.objects.count()

    counts = document_reflag(doc)

    assert (counts.documents, counts.added, counts.updated, counts.removed, counts.kept) == (
        1,
        1,
        1,
        1,
        1,
    )
    fresh = ElementFlag.objects.get(pk=reviewed.pk)
    assert fresh.title == reviewed.title and fresh.reason == reviewed.reason
    assert fresh.context == reviewed.context and fresh.confidence == reviewed.confidence
    assert (fresh.verdict, fresh.verdict_note, fresh.verdict_by) == (
        Verdict.CONFIRMED,
        "read the report",
        world.owner,
    )
    assert ElementFlag.objects.filter(
        page__document=doc, rule_id=deleted.rule_id, start=deleted.start
    ).exists()
    assert not ElementFlag.objects.filter(pk=gone_pending.pk).exists()
    kept = ElementFlag.objects.get(pk=gone_reviewed.pk)
    assert kept.verdict == Verdict.NOT_APPLICABLE and kept.title == "Retired"
    [event] = AuditEvent.objects.order_by("pk")[before:]
    assert event.action == "document.reflag" and event.case_id == world.case.pk
    assert event.detail == {"added": 1, "updated": 1, "removed": 1, "kept": 1}

    # Once more: nothing left to change, nothing audited for the document.
    again = document_reflag(doc)
    assert (again.documents, again.added, again.updated, again.removed, again.kept) == (
        0,
        0,
        0,
        0,
        1,
    )
    assert AuditEvent.objects.count() == before + 1


def test_reflag_command_reports_in_words_and_refuses_an_unknown_case(world: World) -> None:
    doc = ingest_text(world.owner, world.case, "transcript.txt", TRANSCRIPT)
    flag = ElementFlag.objects.filter(page__document=doc).first()
    assert flag is not None
    _stale(flag, reason="Old reason")
    code, out, _ = run("documents", "reflag", "--case", world.case.ref)
    assert code == 0
    assert (
        "Documents read again (those flagged by an earlier version of the rules): 1; with changes: 1."
        in out
    )
    assert "flags brought up to date, their verdicts kept: 1" in out
    assert ElementFlag.objects.get(pk=flag.pk).reason != "Old reason"
    event = AuditEvent.objects.filter(action="documents.reflag").latest("pk")
    assert event.detail["read"] == 1 and event.detail["updated"] == 1
    code, out, err = run("documents", "reflag")  # every case: nothing changed since
    assert code == 0 and "with changes: 0." in out
    code, _, err = run("documents", "reflag", "--case", "NO-SUCH-CASE")
    assert code != 0 and "NO-SUCH-CASE" in err


def test_a_document_records_the_engine_that_flagged_it_and_only_older_ones_are_read_again(
    world: World,
) -> None:
    doc = ingest_text(world.owner, world.case, "report.txt", REPORT)
    doc.refresh_from_db()
    assert doc.flags_engine == engine_fingerprint()
    code, out, _ = run("documents", "reflag")
    assert code == 0 and "Documents read again (those flagged by an earlier version" in out
    assert ": 0; with changes: 0." in out
    Document.objects.filter(pk=doc.pk).update(flags_engine="")  # flagged before the field existed
    code, out, _ = run("documents", "reflag")
    assert code == 0 and ": 1; with changes: 0." in out
    doc.refresh_from_db()
    assert doc.flags_engine == engine_fingerprint()
    code, out, _ = run("documents", "reflag", "--all")  # every document, up to date or not
    assert code == 0 and "Documents read again: 1; with changes: 0." in out
    assert AuditEvent.objects.filter(action="documents.reflag").latest("pk").detail["all"] is True


def test_the_flags_tab_offers_to_flag_again_what_an_earlier_engine_flagged(
    world: World, client_for: Callable[[User], Client]
) -> None:
    doc = ingest_text(world.owner, world.case, "report.txt", REPORT)
    flag = ElementFlag.objects.filter(page__document=doc).first()
    assert flag is not None
    tab = f"/cases/{world.case.ref}/?tab=flags"
    owner, auditor = client_for(world.owner), client_for(world.auditor)
    assert "earlier version of the flag rules" not in owner.get(tab).content.decode()
    _stale(flag, reason="Old reason")

    page = owner.get(tab).content.decode()
    assert "1 document of this case was flagged by an earlier version of the flag rules" in page
    assert "report.txt" in page and "Flag them again with the current rules" in page
    read_only = auditor.get(tab).content.decode()
    assert "earlier version of the flag rules" in read_only
    assert "Flag them again" not in read_only
    refresh = f"/cases/{world.case.ref}/flags/refresh/"
    assert auditor.post(refresh).status_code == 403
    assert ElementFlag.objects.get(pk=flag.pk).reason == "Old reason"

    reply = owner.post(refresh, HTTP_HX_REQUEST="true")
    assert reply.status_code == 200
    body = reply.content.decode()
    assert "1 document flagged again with the current rules: 1 flag brought up to date." in body
    assert "earlier version of the flag rules" not in body
    assert ElementFlag.objects.get(pk=flag.pk).reason != "Old reason"
    event = AuditEvent.objects.filter(action="document.reflag").latest("pk")
    assert event.user_id == world.owner.pk and event.case_id == world.case.pk
    again = owner.post(refresh, HTTP_HX_REQUEST="true").content.decode()
    assert "Every document&#x27;s flags are already up to date." in again


def test_the_fingerprint_covers_the_engine_code_and_rules(tmp_path: Path) -> None:
    copy = tmp_path / "flags"
    shutil.copytree(fingerprint.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    digest = fingerprint.engine_fingerprint.__wrapped__
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fingerprint, "PACKAGE", copy)
        same = digest()
        rule = next(copy.glob("rules/*.toml"))
        rule.write_text(rule.read_text() + "\n# a comment\n")
        changed_rules = digest()
        (copy / "context.py").write_text((copy / "context.py").read_text() + "\n")
        changed_code = digest()
    assert same == engine_fingerprint() and len(same) == 16
    assert len({same, changed_rules, changed_code}) == 3
