from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count
from django_otp.plugins.otp_totp.models import TOTPDevice

from habeas.accounts.models import Organization, User
from habeas.accounts.roles import Role
from habeas.audit.models import AuditEvent
from habeas.audit.selectors import audit_chain_verify
from habeas.cases.models import (
    Case,
    CasePerson,
    FactAssertion,
    Lead,
    ResolutionEvent,
    StageTransition,
)
from habeas.cases.selectors import case_list
from habeas.demo.accounts import DEMO_PASSWORD, totp_code
from habeas.demo.data import demo_load
from habeas.demo.featured import FEATURED_TITLE
from habeas.domain.workflow import Stage


@pytest.fixture(scope="module")
def loaded(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[list[tuple[str, str, str, str]]]:
    """The demo data, loaded once for this module inside a transaction that is rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            yield list(
                Case.objects.order_by("ref").values_list("ref", "title", "stage", "applicant_name")
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_demo_covers_every_stage(db: None, loaded: list[tuple[str, str, str, str]]) -> None:
    assert 45 <= len(loaded) <= 60
    stages = Counter(stage for _, _, stage, _ in loaded)
    assert set(stages) == {s.value for s in Stage}
    assert len({title for _, title, _, _ in loaded}) == len(loaded)
    # Declined cases carry a reason code; withdrawn ones a reason.
    for case in Case.objects.filter(stage=Stage.DECLINED):
        last = case.transitions.order_by("at", "id").last()
        assert last is not None and last.to_stage == "declined" and last.reason_code
    assert (
        StageTransition.objects.filter(to_stage="withdrawn").exclude(reason="").count()
        == stages["withdrawn"]
    )
    checked, broken = audit_chain_verify()
    assert broken is None and checked > 1000
    assert AuditEvent.objects.filter(
        action="case.create", source="system", address="demo"
    ).count() == len(loaded)


def test_featured_case_walks_to_closed_with_resolution_events_and_an_open_lead(
    db: None, loaded: object
) -> None:
    case = Case.objects.get(title=FEATURED_TITLE)
    assert case.stage in {Stage.CLOSED, Stage.RESOLUTION}
    path = list(case.transitions.order_by("at", "id").values_list("to_stage", flat=True))
    assert path == [
        "intake",
        "screening",
        "record_gathering",
        "reinvestigation",
        "decision",
        "resolution",
        "closed",
    ]
    events = {(e.kind, e.occurred_on) for e in case.resolution_events.all()}
    assert {("vacated", dt.date(2021, 10, 19)), ("released", dt.date(2021, 10, 19))} <= events
    finding = case.resolution_events.get(kind=ResolutionEvent.Kind.FACTUAL_INNOCENCE)
    assert (finding.occurred_on.year, finding.occurred_on.month) == (2022, 4)
    assert (
        finding.statute == "Cal. Penal Code 1485.55"
        and finding.standard_of_proof == "preponderance of the evidence"
    )
    lead = case.leads.get()
    assert lead.status == Lead.Status.OPEN and lead.person is not None
    conviction = case.convictions.get()
    assert conviction.arrested_on is not None
    assert (conviction.convicted_on, conviction.form, conviction.arrested_on.month) == (
        dt.date(2001, 6, 15),
        "jury",
        1,
    )
    assert case.incidents.get().occurred_on == dt.date(2000, 12, 31)
    sentences = set(
        FactAssertion.objects.filter(case=case, key="sentence").values_list("value", flat=True)
    )
    assert sentences == {"40 years to life", "50 years to life"}
    assert sorted(case.claims.get().nre_factors) == ["F/MFE", "MWID"]
    assert case.votes.count() == 3
    assert case.shares.filter(organization__code="pic", revoked_at__isnull=True).exists()
    assert case.evidence.filter(is_biological=True, dna_tested=False).exists()
    roles = Counter(case.case_people.values_list("role", flat=True))
    assert roles["eyewitness"] == 2 and roles["detective"] >= 2 and roles["alternate_suspect"] == 1
    assert {"prosecutor", "defense_counsel", "judge"} <= set(roles)
    # The partner organization's attorney sees it; an unrelated clinic member does not.
    assert case in case_list(user=User.objects.get(username="pic_attorney"))
    assert case not in case_list(user=User.objects.get(username="pic_student"))


def test_people_recur_across_cases_and_dockets_are_unique(db: None, loaded: object) -> None:
    busiest = (
        CasePerson.objects.values("person")
        .annotate(n=Count("case", distinct=True))
        .order_by("-n")
        .first()
    )
    assert busiest is not None and busiest["n"] >= 4
    from habeas.cases.models import Conviction

    dockets = Conviction.objects.values_list("organization_id_key", "court", "docket_number")
    assert len(set(dockets)) == len(dockets)


def test_demo_users_every_role_in_both_orgs_with_working_password_and_totp(
    db: None, loaded: object
) -> None:
    for code in ("ladaciu", "pic"):
        org = Organization.objects.get(code=code)
        assert {r.value for r in Role} <= set(org.users.values_list("role", flat=True))
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
    admins = User.objects.filter(role=Role.ADMIN)
    assert admins.count() == 2
    for admin in admins:
        device = TOTPDevice.objects.get(user=admin, confirmed=True)
        assert device.verify_token(totp_code(device.key))


def test_demo_linkage_groups_the_detectives_spellings(db: None, loaded: object) -> None:
    from habeas.cases.models import Person
    from habeas.linkage.models import LinkDecision, LinkRecord, LinkRun
    from habeas.linkage.patterns import person_pattern
    from habeas.linkage.selectors import pairs_to_decide

    run = LinkRun.objects.get(organization__code="ladaciu")
    assert run.status == "done", run.error
    assert run.by_source["bulk_actor"] > 0 and run.by_source["bulk_defendant"] > 0
    kessler = Person.objects.get(
        organization__code="ladaciu", first_name="Raymond", last_name="Kessler"
    )
    kesler = Person.objects.get(organization__code="ladaciu", first_name="Ray", last_name="Kesler")
    group = LinkRecord.objects.get(key=f"p{kessler.pk}").group
    assert (
        LinkRecord.objects.get(key=f"p{kesler.pk}").group == group
    )  # same badge and agency: merged by the model
    # Name-only matches are never merged by the model; the demo attorney confirmed two spellings.
    assert LinkDecision.objects.filter(same=True).count() >= 2
    spellings = set(
        LinkRecord.objects.filter(group=group, source="bulk_actor").values_list("name", flat=True)
    )
    assert {"Det. Raymond Kessler", "KESSLER, RAYMOND"} <= spellings
    attorney = User.objects.get(username="ciu_attorney")
    assert pairs_to_decide(user=attorney).exists()  # the doubtful ones wait for a person
    alert = person_pattern(user=attorney, person=kessler)
    assert (
        alert is not None
        and "also recorded as Ray Kesler" in alert.sentence()
        and "bulk conviction records" in alert.sentence()
    )
