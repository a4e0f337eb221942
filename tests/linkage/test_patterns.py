"""Pattern alerts count only what the user may see; hidden matches are a bare number, if at all."""

from __future__ import annotations

from typing import Any

from habeas.accounts.models import Organization
from habeas.cases.models import CasePerson, Person, PersonRole
from habeas.cases.services.children import case_child_create
from habeas.cases.services.intake import case_intake
from habeas.cases.services.team import team_member_add
from habeas.linkage.patterns import case_pattern_alerts, person_pattern
from tests.conftest import World, intake_payload
from tests.documents.helpers import ingest_text


def _other_case(world: World, docket: str, *, team: bool) -> Any:
    payload = intake_payload(docket=docket, title=f"People v. Other {docket}")
    case = case_intake(actor=world.nonmember, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    if team:
        team_member_add(actor=world.nonmember, case_ref=case.ref, username="owner")
    return case


def test_alert_counts_visible_cases_with_their_flags_and_outcomes(
    world: World, client_for: Any
) -> None:
    det = Person.objects.create(
        organization=world.org_a, first_name="Gary", last_name="Whitcomb", badge_number="3318"
    )
    seen1, seen2, hidden = (
        _other_case(world, "BA1", team=True),
        _other_case(world, "BA2", team=True),
        _other_case(world, "BA3", team=False),
    )
    for case in (world.case, seen1, seen2, hidden):
        CasePerson.objects.create(case=case, person=det, role=PersonRole.DETECTIVE)
    ingest_text(
        world.nonmember,
        seen1,
        "decl.txt",
        "The witness recanted her identification in a sworn declaration.",
    )
    case_child_create(
        actor=world.nonmember,
        case_ref=seen2.ref,
        kind_slug="resolutions",
        data={"kind": "vacated", "occurred_on": "2020-01-02"},
    )
    [alert] = case_pattern_alerts(user=world.owner, case=world.case)
    assert {c.ref for c in alert.cases} == {seen1.ref, seen2.ref}
    counts = {label: n for label, n, _ in alert.counts}
    assert counts["involve recantations"] == 1 and counts["were vacated"] == 1
    assert alert.hidden is None and hidden.ref not in alert.sentence()
    assert (
        "appears in 2 other cases you may see; 1 involve recantations; 1 were vacated."
        in alert.sentence()
    )
    Organization.objects.filter(pk=world.org_a.pk).update(pattern_hidden_counts=True)
    world.owner.refresh_from_db()
    world.owner.organization.refresh_from_db()  # type: ignore[union-attr]
    alert2 = person_pattern(user=world.owner, person=det, exclude_case=world.case)
    assert (
        alert2 is not None and alert2.hidden == 1 and "1 case you may not see" in alert2.sentence()
    )
    page = client_for(world.owner).get(f"/cases/{world.case.ref}/?tab=patterns").content.decode()
    assert "Whitcomb" in page and seen1.ref in page and hidden.ref not in page
    person_page = client_for(world.owner).get(f"/cases/people/{det.pk}/").content.decode()
    assert "Pattern:" in person_page and hidden.ref not in person_page


def test_no_alert_without_other_visible_cases(world: World) -> None:
    det = Person.objects.create(organization=world.org_a, first_name="Ana", last_name="Keller")
    CasePerson.objects.create(case=world.case, person=det, role=PersonRole.DETECTIVE)
    hidden = _other_case(world, "BA9", team=False)
    CasePerson.objects.create(case=hidden, person=det, role=PersonRole.DETECTIVE)
    assert case_pattern_alerts(user=world.owner, case=world.case) == []
    assert (
        case_pattern_alerts(user=world.admin, case=world.case)[0].cases[0].ref == hidden.ref
    )  # admins see the org's cases
