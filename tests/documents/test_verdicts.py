"""Flag verdicts, suggestions confirmed into the record, the timeline and the packet."""

from __future__ import annotations

import pytest

from habeas.audit.models import AuditEvent
from habeas.cases.models import CasePerson
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.documents.models import ElementFlag, Mention, MentionStatus, Verdict
from habeas.documents.packet import packet_context, packet_pdf
from habeas.documents.services.verdicts import flag_verdict_set, mention_decide
from habeas.documents.timeline import case_timeline
from tests.conftest import World
from tests.documents.helpers import REPORT, ingest_text


@pytest.fixture
def flagged(world: World) -> ElementFlag:
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    return ElementFlag.objects.filter(case=world.case, category="informant").first()  # type: ignore[return-value]


def test_verdict_is_recorded_with_user_time_and_audit(world: World, flagged: ElementFlag) -> None:
    flag = flag_verdict_set(
        actor=world.member,
        case_ref=world.case.ref,
        flag_id=flagged.pk,
        verdict="confirmed",
        note="Dorsey's deal is in the DA file.",
    )
    assert (
        flag.verdict == Verdict.CONFIRMED
        and flag.verdict_by == world.member
        and flag.verdict_at is not None
    )
    event = AuditEvent.objects.filter(action="flag.verdict").latest("seq")
    assert (
        event.detail["from"] == "pending"
        and event.detail["to"] == "confirmed"
        and event.case_id == world.case.pk
    )


def test_verdict_permissions_and_validation(world: World, flagged: ElementFlag) -> None:
    with pytest.raises(NotFoundError):
        flag_verdict_set(
            actor=world.outsider, case_ref=world.case.ref, flag_id=flagged.pk, verdict="confirmed"
        )
    with pytest.raises(PermissionDeniedError):
        flag_verdict_set(
            actor=world.auditor, case_ref=world.case.ref, flag_id=flagged.pk, verdict="confirmed"
        )
    with pytest.raises(ApplicationError) as err:
        flag_verdict_set(
            actor=world.owner, case_ref=world.case.ref, flag_id=flagged.pk, verdict="innocent"
        )
    assert "verdict" in err.value.fields
    flagged.refresh_from_db()
    assert flagged.verdict == Verdict.PENDING


def test_negated_mention_is_kept_but_marked(world: World, flagged: ElementFlag) -> None:
    bite = ElementFlag.objects.filter(case=world.case, passage__icontains="bite mark").first()
    if bite is not None:  # a negated mention may be shown at low confidence, never as affirmed
        assert bite.context == "negated" and bite.confidence < 0.5


def test_confirming_a_person_links_them_to_the_case(world: World, flagged: ElementFlag) -> None:
    mention = Mention.objects.filter(
        case=world.case, kind="person", value__icontains="Alvarez"
    ).first()
    assert mention is not None, list(Mention.objects.values_list("kind", "value"))
    m = mention_decide(
        actor=world.owner,
        case_ref=world.case.ref,
        mention_id=mention.pk,
        confirm=True,
        role="detective",
    )
    assert m.status == MentionStatus.CONFIRMED and m.case_person is not None
    link = CasePerson.objects.get(pk=m.case_person.pk)
    assert (
        link.person.last_name == "Alvarez"
        and link.role == "detective"
        and link.case_id == world.case.pk
    )
    assert AuditEvent.objects.filter(action="suggestion.confirm", case_id=world.case.pk).exists()


def test_confirmed_date_joins_the_timeline_with_its_page(
    world: World, flagged: ElementFlag
) -> None:
    mention = Mention.objects.filter(case=world.case, kind="date").first()
    assert mention is not None
    with pytest.raises(ApplicationError):
        mention_decide(
            actor=world.owner,
            case_ref=world.case.ref,
            mention_id=mention.pk,
            confirm=True,
            value="14/06/2001",
        )
    mention_decide(
        actor=world.owner,
        case_ref=world.case.ref,
        mention_id=mention.pk,
        confirm=True,
        label="Dorsey interviewed",
    )
    _, entries = case_timeline(user=world.member, case_ref=world.case.ref)
    from_docs = [e for e in entries if e.document_id]
    assert [(e.on.isoformat(), e.label, e.page_number) for e in from_docs] == [
        ("2001-06-14", "Dorsey interviewed", 1)
    ]
    assert any(
        e.source.startswith("record: Conviction") for e in entries
    )  # the record's own dates are there too
    with pytest.raises(NotFoundError):
        case_timeline(user=world.outsider, case_ref=world.case.ref)


def test_packet_states_that_no_flag_is_not_a_clean_bill(world: World, flagged: ElementFlag) -> None:
    context = packet_context(user=world.auditor, case_ref=world.case.ref, fmt="html")
    assert "not evidence of a sound conviction" in context["statement"]
    labels = [card.label for card in context["cards"]]
    assert "Jailhouse informant or incentivised witness" in labels
    assert "score" not in str(context.keys())
    assert packet_pdf(user=world.owner, case_ref=world.case.ref).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="packet.export").count() == 2
