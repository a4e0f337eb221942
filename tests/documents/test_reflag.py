"""`habeas documents reflag`: stored documents flagged again with the current rules, reviewers'
verdicts kept."""

from __future__ import annotations

from habeas.audit.models import AuditEvent
from habeas.documents.models import ElementFlag, Verdict
from habeas.documents.services.reflag import document_reflag
from tests.clients import run
from tests.conftest import World
from tests.documents.helpers import REPORT, TRANSCRIPT, ingest_text


def _stale(flag: ElementFlag, **changes: object) -> None:
    """Make a stored flag look like an older engine's."""
    ElementFlag.objects.filter(pk=flag.pk).update(**changes)


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
    assert "Documents read again: 1; with changes: 1." in out
    assert "flags brought up to date, their verdicts kept: 1" in out
    assert ElementFlag.objects.get(pk=flag.pk).reason != "Old reason"
    event = AuditEvent.objects.filter(action="documents.reflag").latest("pk")
    assert event.detail["read"] == 1 and event.detail["updated"] == 1
    code, out, err = run("documents", "reflag")  # every case: nothing changed since
    assert code == 0 and "with changes: 0." in out
    code, _, err = run("documents", "reflag", "--case", "NO-SUCH-CASE")
    assert code != 0 and "NO-SUCH-CASE" in err
