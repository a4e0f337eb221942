"""Person linkage in the application: a run over people, aliases, confirmed mentions, parties and bulk
records; the review queue; merge and split that survive re-runs; pattern alerts over linked records;
and what owner, member, non-member and outsider each see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from habeas.accounts.models import Organization
from habeas.audit.models import AuditEvent
from habeas.cases.models import Case, CasePerson, Person, PersonRole
from habeas.cases.services.intake import case_intake
from habeas.cases.services.people import person_create
from habeas.cases.services.team import team_member_add
from habeas.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from habeas.core.jobs import JobStatus
from habeas.documents.models import Mention, MentionStatus
from habeas.linkage import services
from habeas.linkage.models import LinkDecision, LinkPair, LinkRecord, LinkRun, PairBand
from habeas.linkage.patterns import case_pattern_alerts
from habeas.linkage.selectors import pairs_to_decide, person_links
from habeas.linkage.services import (
    link_decide,
    link_pair_decide,
    link_start,
    person_merge,
    person_split,
)
from habeas.systemic.services.records import records_import
from tests.clients import run
from tests.conftest import World, intake_payload
from tests.core.screen_text import page_problems
from tests.documents.helpers import ingest_text
from tests.domain.systemic.test_review import RECORDS


@dataclass
class Setup:
    raymond: Person  # Det. Raymond Quill, badge 4411, on world.case
    ray: Person  # "Ray Quil", the same badge, on a second visible case
    voss: Person
    other_case: Case  # owner on the team; member not
    hidden_case: Case  # nobody of the world's case team on it


def _case(world: World, docket: str, *, owner_on_team: bool) -> Case:
    payload = intake_payload(docket=docket, title=f"People v. Other {docket}")
    applicant = {"BA7": ("Mara", "Ochoa", "1979-02-03"), "BA8": ("Nadia", "Brandt", "1983-07-09")}[
        docket
    ]
    payload["sections"]["applicant"] = dict(  # type: ignore[index]
        zip(("first_name", "last_name", "date_of_birth"), applicant, strict=True)
    )
    case = case_intake(actor=world.nonmember, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    if owner_on_team:
        team_member_add(actor=world.nonmember, case_ref=case.ref, username="owner")
    return case


@pytest.fixture
def setup(world: World, tmp_path: Path) -> Setup:
    raymond = person_create(
        actor=world.owner,
        data={
            "first_name": "Raymond",
            "last_name": "Quill",
            "badge_number": "4411",
            "agency": "LAPD",
        },
    )
    ray = person_create(
        actor=world.owner,
        data={
            "first_name": "Ray",
            "last_name": "Quil",
            "badge_number": "4411",
            "agency": "L.A.P.D.",
            "aliases": "Flaco",
        },
    )
    voss = person_create(
        actor=world.owner, data={"first_name": "Lena", "last_name": "Voss", "agency": "LAPD"}
    )
    other, hidden = (
        _case(world, "BA7", owner_on_team=True),
        _case(world, "BA8", owner_on_team=False),
    )
    CasePerson.objects.create(case=world.case, person=raymond, role=PersonRole.DETECTIVE)
    CasePerson.objects.create(case=other, person=ray, role=PersonRole.DETECTIVE)
    CasePerson.objects.create(case=hidden, person=ray, role=PersonRole.OFFICER)
    # A name confirmed from a document of the hidden case, recorded on Raymond.
    doc = ingest_text(
        world.nonmember, hidden, "report.txt", "Detective Raymond Quill took the statement."
    )
    link = CasePerson.objects.create(case=hidden, person=raymond, role=PersonRole.DETECTIVE)
    Mention.objects.create(
        case=hidden,
        page=doc.pages.get(),
        kind="person",
        text="Raymond Quill",
        value="Raymond Quill",
        start=10,
        end=23,
        confidence=0.9,
        status=MentionStatus.CONFIRMED,
        case_person=link,
    )
    (tmp_path / "bulk.csv").write_text(RECORDS)
    records_import(actor=world.owner, path=tmp_path / "bulk.csv")
    return Setup(raymond, ray, voss, other, hidden)


def _group(key: str) -> str:
    return LinkRecord.objects.get(key=key).group


def test_a_run_groups_every_kind_of_record_with_its_evidence(world: World, setup: Setup) -> None:
    result = link_start(actor=world.owner)
    assert result.status == JobStatus.DONE, result.error
    assert result.by_source == {
        "alias": 1,
        "bulk_actor": 13,
        "bulk_defendant": 6,
        "mention": 1,
        "party": 3,
        "person": 3,
    }
    quill = _group(f"p{setup.raymond.pk}")
    # Nickname + one typo + the same badge and agency ("LAPD" = "L.A.P.D."): one person.
    assert _group(f"p{setup.ray.pk}") == quill
    # The alias and the mention belong to their person whatever the model says.
    assert (
        _group(f"a{setup.ray.pk}.1") == quill
        and _group(LinkRecord.objects.get(source="mention").key) == quill
    )
    # Bulk rows naming "Det. Ray Quill" and "QUILL, RAY" join the group; Lena Voss is someone else.
    bulk_names = set(
        LinkRecord.objects.filter(group=quill, source="bulk_actor").values_list("name", flat=True)
    )
    assert {"Det. Ray Quill", "QUILL, RAY"} <= bulk_names and _group(f"p{setup.voss.pk}") != quill
    pair = LinkPair.objects.get(left__key=f"p{setup.raymond.pk}", right__key=f"p{setup.ray.pk}")
    assert (
        pair.band == PairBand.MERGE
        and "badge: badge and agency exact" in pair.agreed
        and "first name: nickname" in pair.agreed
    )
    # "R. Quil" is only a possible match: queued, never merged.
    queued = pairs_to_decide(user=world.owner)
    assert any("R. Quil" in (p.left.name, p.right.name) for p in queued)
    assert all(p.probability < 0.99 for p in queued)
    assert LinkRecord.objects.get(name="R. Quil").group != quill
    assert AuditEvent.objects.filter(action="link.run").count() == 1


def test_review_decision_merges_and_a_split_survives_rerun(world: World, setup: Setup) -> None:
    link_start(actor=world.owner)
    quill = _group(f"p{setup.raymond.pk}")
    pair = next(
        p for p in pairs_to_decide(user=world.owner) if "R. Quil" in (p.left.name, p.right.name)
    )
    link_pair_decide(
        actor=world.member, pair_id=pair.pk, same=True, note="Same badge in the BA2 arrest report"
    )
    assert LinkRecord.objects.get(name="R. Quil").group == quill
    assert not pairs_to_decide(user=world.owner).filter(pk=pair.pk).exists()
    # Split Ray off Raymond: the model's link is cut, everything else stays where it was.
    person_split(
        actor=world.owner,
        person_id=setup.raymond.pk,
        record_key=f"p{setup.ray.pk}",
        note="Different men, see HR file",
    )
    assert _group(f"p{setup.ray.pk}") != _group(f"p{setup.raymond.pk}")
    before = dict(LinkRecord.objects.values_list("key", "group"))
    link_start(actor=world.owner)
    after = dict(LinkRecord.objects.values_list("key", "group"))
    assert after[f"p{setup.ray.pk}"] != after[f"p{setup.raymond.pk}"]
    assert (
        after[LinkRecord.objects.get(name="R. Quil").key]
        == before[LinkRecord.objects.get(name="R. Quil").key]
    )
    assert LinkDecision.objects.count() == 2
    events = AuditEvent.objects.filter(action="link.decide").order_by("id")
    assert [e.detail["same"] for e in events] == [True, False] and events[1].detail[
        "note"
    ] == "Different men, see HR file"
    # Deciding again replaces the earlier word (a merge undoes the split), and is audited as a change.
    person_merge(actor=world.owner, person_id=setup.raymond.pk, other_person_id=setup.ray.pk)
    assert _group(f"p{setup.ray.pk}") == _group(f"p{setup.raymond.pk}")
    assert AuditEvent.objects.filter(action="link.decide").latest("id").detail["before"] is False


def test_contradictory_decisions_are_refused_and_change_nothing(world: World, setup: Setup) -> None:
    link_start(actor=world.owner)
    groups = dict(LinkRecord.objects.values_list("key", "group"))
    with pytest.raises(ConflictError, match="contradicts earlier decisions"):
        person_split(actor=world.owner, person_id=setup.ray.pk, record_key=f"a{setup.ray.pk}.1")
    assert (
        LinkDecision.objects.count() == 0
        and dict(LinkRecord.objects.values_list("key", "group")) == groups
    )
    with pytest.raises(NotFoundError):
        link_decide(actor=world.owner, left_key=f"p{setup.ray.pk}", right_key="p999999", same=True)


def test_a_badge_written_into_a_bulk_name_is_compared_as_a_badge(
    world: World, tmp_path: Path
) -> None:
    person = person_create(
        actor=world.owner,
        data={"first_name": "Nils", "last_name": "Harrow", "badge_number": "0882"},
    )
    (tmp_path / "bulk.csv").write_text(
        "defendant,docket,officers\nAl Poe,BA1,Nils Harrow #882\nBo Zed,BA2,Det. N. Harrow (badge 882)\n"
    )
    records_import(actor=world.owner, path=tmp_path / "bulk.csv")
    link_start(actor=world.owner, bulk_defendants=False)
    group = _group(f"p{person.pk}")
    linked = LinkRecord.objects.filter(group=group, source="bulk_actor")
    assert {r.name for r in linked} == {"Nils Harrow #882", "Det. N. Harrow (badge 882)"}
    assert {r.badge for r in linked} == {"882"}


def test_who_may_see_and_decide(world: World, setup: Setup) -> None:
    link_start(actor=world.owner)
    mention_key = LinkRecord.objects.get(source="mention").key
    # The owner is not on the hidden case: its mention and applicant are not shown, not even counted.
    links = person_links(user=world.owner, person=setup.raymond)
    assert (
        links is not None
        and mention_key not in {m.record.key for m in links.members}
        and links.hidden is None
    )
    Organization.objects.filter(pk=world.org_a.pk).update(pattern_hidden_counts=True)
    world.owner.organization.refresh_from_db()  # type: ignore[union-attr]
    links = person_links(user=world.owner, person=setup.raymond)
    assert links is not None and links.hidden == 1
    # The admin sees the organization's cases, so the mention too, with why it is there.
    admin_links = person_links(user=world.admin, person=setup.raymond)
    assert admin_links is not None
    mention = next(m for m in admin_links.members if m.record.key == mention_key)
    assert "recorded on this person" in mention.evidence[0]
    with pytest.raises(
        NotFoundError
    ):  # a record on a case the owner may not see cannot be decided by them
        link_decide(
            actor=world.owner, left_key=f"p{setup.raymond.pk}", right_key=mention_key, same=False
        )
    with pytest.raises(PermissionDeniedError):
        link_decide(
            actor=world.auditor,
            left_key=f"p{setup.raymond.pk}",
            right_key=f"p{setup.voss.pk}",
            same=True,
        )
    with pytest.raises(NotFoundError):  # another organization's keys do not exist for an outsider
        link_decide(
            actor=world.outsider,
            left_key=f"p{setup.raymond.pk}",
            right_key=f"p{setup.voss.pk}",
            same=True,
        )
    assert pairs_to_decide(user=world.outsider).count() == 0
    # The outsider's own run links only their organization's (empty) records.
    own = link_start(actor=world.outsider)
    assert (
        own.status == JobStatus.DONE
        and own.records == 0
        and LinkRecord.objects.filter(organization=world.org_b).count() == 0
    )


def test_pattern_alerts_follow_linked_records(world: World, setup: Setup) -> None:
    # Before linkage Raymond Quill appears only on the world's case (and on a hidden one).
    assert case_pattern_alerts(user=world.owner, case=world.case) == []
    link_start(actor=world.owner)
    [alert] = case_pattern_alerts(user=world.owner, case=world.case)
    assert [c.ref for c in alert.cases] == [setup.other_case.ref]
    sentence = alert.sentence()
    assert (
        "also recorded as Ray Quil" in sentence and "named in 3 bulk conviction records" in sentence
    )
    assert setup.hidden_case.ref not in sentence


def test_a_failed_run_is_visible_and_keeps_the_last_results(
    world: World, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    link_start(actor=world.owner)
    groups = dict(LinkRecord.objects.values_list("key", "group"))

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("record_id is null in 1 row(s): every record needs an id")

    monkeypatch.setattr("habeas.linkage.services.person_link", broken)
    failed = link_start(actor=world.owner)
    assert (
        failed.status == JobStatus.FAILED
        and "record_id is null" in failed.error
        and failed.finished_at is not None
    )
    assert dict(LinkRecord.objects.values_list("key", "group")) == groups
    assert AuditEvent.objects.filter(action="link.run.fail").count() == 1
    monkeypatch.undo()
    assert (
        link_start(actor=world.owner).status == JobStatus.DONE
    )  # a new run is possible after a failure


def test_only_one_run_at_a_time_and_an_abandoned_one_does_not_block(
    world: World, setup: Setup
) -> None:
    busy = LinkRun.objects.create(
        organization=world.org_a,
        started_by=world.owner,
        started_at=timezone.now(),
        status=JobStatus.RUNNING,
    )
    with pytest.raises(ConflictError):
        link_start(actor=world.member)
    LinkRun.objects.filter(pk=busy.pk).update(
        started_at=timezone.now() - dt.timedelta(hours=7)
    )  # its worker died
    assert link_start(actor=world.member).status == JobStatus.DONE
    busy.refresh_from_db()
    assert busy.status == JobStatus.FAILED and "abandoned" in busy.error


def test_an_unexpected_error_fails_the_run_visibly(
    world: World, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Java gateway process exited")

    monkeypatch.setattr("habeas.linkage.services.person_link", broken)
    run_ = link_start(actor=world.owner)
    assert (
        run_.status == JobStatus.FAILED
        and run_.error == "RuntimeError: Java gateway process exited"
    )


def test_a_decision_made_while_the_model_runs_is_applied(
    world: World, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    link_start(actor=world.owner)
    real = services.person_link  # type: ignore[attr-defined]

    def slow(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        # Someone splits Ray off Raymond while the model is still running.
        LinkDecision.objects.create(
            organization=world.org_a,
            left_key=f"p{setup.raymond.pk}",
            right_key=f"p{setup.ray.pk}",
            same=False,
            origin="split",
            decided_by=world.owner,
            decided_at=timezone.now(),
        )
        return result

    monkeypatch.setattr("habeas.linkage.services.person_link", slow)
    link_start(actor=world.owner)
    assert _group(f"p{setup.ray.pk}") != _group(f"p{setup.raymond.pk}")


def test_pages_for_owner_member_nonmember_outsider(
    world: World, setup: Setup, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner, outsider = client_for(world.owner), client_for(world.outsider)
    assert (
        "has not been through a linkage run"
        in owner.get(f"/cases/people/{setup.raymond.pk}/").content.decode()
    )
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # the immediate task backend then runs it at once
        response = owner.post("/linking/runs/")
    assert response.status_code == 302 and LinkRun.objects.get().status == JobStatus.DONE
    home = owner.get("/linking/").content.decode()
    assert "R. Quil" in home and "Same person" in home
    page = owner.get(f"/cases/people/{setup.raymond.pk}/").content.decode()
    assert "Ray Quil" in page and "badge: badge and agency exact" in page and "Split off" in page
    # Ray Quil's appearance on the other case is listed with Raymond's, saying how it was recorded.
    appearances = page.split('id="h-appearances"')[1].split("</section>")[0]
    assert (
        setup.other_case.ref in appearances
        and "recorded as" in appearances
        and setup.hidden_case.ref not in appearances
    )
    assert (
        "R. Quill" not in page.split('id="links"')[1].split("Waiting for review")[0]
    )  # the hidden case's mention
    pair = next(
        p for p in pairs_to_decide(user=world.owner) if "R. Quil" in (p.left.name, p.right.name)
    )
    response = client_for(world.member).post(
        f"/linking/pairs/{pair.pk}/decision/", {"same": "1", "note": "ok"}
    )
    assert response.status_code == 302 and LinkDecision.objects.get().same
    assert (
        client_for(world.auditor)
        .post(f"/linking/pairs/{pair.pk}/decision/", {"same": "0"})
        .status_code
        == 403
    )
    assert outsider.post(f"/linking/pairs/{pair.pk}/decision/", {"same": "0"}).status_code == 404
    assert "R. Quil" not in outsider.get("/linking/").content.decode()
    assert outsider.get(f"/cases/people/{setup.raymond.pk}/").status_code == 404
    # A contradiction is a message on the page, not an error page.
    response = owner.post(
        f"/linking/people/{setup.ray.pk}/split/", {"record_key": f"a{setup.ray.pk}.1"}, follow=True
    )
    assert (
        response.status_code == 200 and "contradicts earlier decisions" in response.content.decode()
    )
    response = owner.post(
        f"/linking/people/{setup.raymond.pk}/merge/", {"other_person_id": str(setup.voss.pk)}
    )
    assert response.status_code == 302 and _group(f"p{setup.voss.pk}") == _group(
        f"p{setup.raymond.pk}"
    )
    assert (
        owner.post(
            f"/linking/people/{setup.raymond.pk}/merge/", {"other_person_id": "x"}, follow=True
        ).status_code
        == 200
    )


def test_pages_name_records_in_words(
    world: World, setup: Setup, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The queue, the person page, the messages and the audit log say what each record is and
    where it comes from, the model's confidence as a percentage, and people by name: never a
    record's key, a raw weight or the engine a run used."""
    owner = client_for(world.owner)
    with django_capture_on_commit_callbacks(execute=True):
        owner.post("/linking/runs/")
    home = owner.get("/linking/").content.decode()
    assert not page_problems(home), page_problems(home)
    assert "%</strong>" in home and "duckdb" not in home and "Backend" not in home
    assert f"by {world.owner.display_name()}" in home
    pair = next(
        p for p in pairs_to_decide(user=world.owner) if "R. Quil" in (p.left.name, p.right.name)
    )
    response = owner.post(f"/linking/pairs/{pair.pk}/decision/", {"same": "1"}, follow=True)
    message = next(m.message for m in response.context["messages"])
    assert message.startswith("Recorded: ") and "R. Quil" in message, message
    assert pair.left.key not in message and pair.right.key not in message
    page = owner.get(f"/cases/people/{setup.raymond.pk}/").content.decode()
    assert not page_problems(page), page_problems(page)
    assert "is the same person as" in page and "decided in the review queue" in page
    audit = client_for(world.admin).get("/audit/", {"action": "link."}).content.decode()
    assert "One record: " in audit and not page_problems(audit), page_problems(audit)


def test_api(
    world: World, setup: Setup, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner, outsider = client_for(world.owner), client_for(world.outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post("/api/v1/linking/runs", {}, content_type="application/json")
    assert response.status_code == 202, response.content
    run_id = response.json()["id"]
    assert owner.get(f"/api/v1/linking/runs/{run_id}").json()["status"] == "done"
    assert outsider.get(f"/api/v1/linking/runs/{run_id}").status_code == 404
    queue = owner.get("/api/v1/linking/review").json()
    assert queue["count"] >= 1 and all(p["probability"] < 0.99 for p in queue["results"])
    assert outsider.get("/api/v1/linking/review").json()["count"] == 0
    links = owner.get(f"/api/v1/people/{setup.raymond.pk}/links").json()
    assert any(m["record"]["key"] == f"p{setup.ray.pk}" and m["evidence"] for m in links["members"])
    assert outsider.get(f"/api/v1/people/{setup.raymond.pk}/links").status_code == 404
    pair_id = queue["results"][0]["id"]
    response = client_for(world.member).post(
        f"/api/v1/linking/pairs/{pair_id}/decision",
        {"same": False},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["same"] is False
    response = owner.post(
        "/api/v1/linking/decisions",
        {"left_key": f"p{setup.ray.pk}", "right_key": f"a{setup.ray.pk}.1", "same": False},
        content_type="application/json",
    )
    assert response.status_code == 409 and "contradicts" in response.json()["detail"]
    assert owner.post(
        "/api/v1/linking/decisions", {"left_key": "p1"}, content_type="application/json"
    ).status_code in (400, 422)
    assert (
        client_for(world.auditor)
        .post("/api/v1/linking/runs", {}, content_type="application/json")
        .status_code
        == 403
    )


def test_cli(world: World, setup: Setup) -> None:
    code, out, err = run("link", "run", "--as", "owner")
    assert code == 0, err
    assert "records compared" in out and "pairs for review" in out
    code, out, _ = run("link", "review", "--as", "owner")
    assert code == 0 and "R. Quil" in out and "waiting" in out
    code, out, _ = run("link", "show", str(setup.raymond.pk), "--as", "owner")
    assert code == 0 and "Ray Quil" in out and "badge and agency exact" in out
    code, out, _ = run(
        "link", "decide", f"p{setup.raymond.pk}", f"p{setup.voss.pk}", "different", "--as", "owner"
    )
    assert code == 0 and "≠" in out
    code, _, err = run(
        "link", "decide", f"p{setup.ray.pk}", f"a{setup.ray.pk}.1", "different", "--as", "owner"
    )
    assert code != 0 and "contradicts" in err
    code, _, err = run("link", "run", "--as", "auditor")
    assert code != 0 and "Only administrators" in err


@pytest.mark.spark
def test_spark_backend_groups_the_same(world: World, setup: Setup) -> None:
    pytest.importorskip("pyspark")
    duck = link_start(actor=world.owner)
    groups = {
        frozenset(k for k, g in LinkRecord.objects.values_list("key", "group") if g == group)
        for group in LinkRecord.objects.values_list("group", flat=True)
    }
    spark = link_start(actor=world.owner, backend="spark")
    assert spark.status == JobStatus.DONE, spark.error
    assert spark.backend == "spark" and spark.records == duck.records
    spark_groups = {
        frozenset(k for k, g in LinkRecord.objects.values_list("key", "group") if g == group)
        for group in LinkRecord.objects.values_list("group", flat=True)
    }
    assert spark_groups == groups


def test_two_linked_records_on_one_case_give_one_alert(world: World, setup: Setup) -> None:
    CasePerson.objects.create(case=world.case, person=setup.ray, role=PersonRole.DETECTIVE)
    link_start(actor=world.owner)
    alerts = case_pattern_alerts(user=world.owner, case=world.case)
    assert len(alerts) == 1 and [c.ref for c in alerts[0].cases] == [setup.other_case.ref]
