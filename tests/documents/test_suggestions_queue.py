"""The Suggestions tab as a queue: one row per name or date however many places it was found,
decisions for a whole row or for the selected rows, people already on the case named as such."""

from __future__ import annotations

from typing import Any

from habeas.audit.models import AuditEvent
from habeas.cases.models import CasePerson, Person
from habeas.documents.models import Mention, MentionStatus
from tests.conftest import World
from tests.documents.helpers import REPORT, TRANSCRIPT, ingest_text


def _url(world: World) -> str:
    from django.urls import reverse

    return reverse("documents:suggestions_decide", kwargs={"ref": world.case.ref})


def _open(world: World, value: str) -> list[Mention]:
    return list(
        Mention.objects.filter(case=world.case, value=value, status=MentionStatus.SUGGESTED)
    )


def test_one_row_per_name_across_documents(world: World, client_for: Any) -> None:
    for n in (1, 2):
        ingest_text(world.owner, world.case, f"report-{n}.txt", REPORT + f"Copy {n} of the file.\n")
    alvarez = _open(world, "Maria Alvarez")
    assert len(alvarez) == 2  # found in both reports
    body = client_for(world.owner).get(f"/cases/{world.case.ref}/tab/suggestions/").content.decode()
    assert (
        body.count("<strong>Maria Alvarez</strong>") == 1 and "1 more place in 2 documents" in body
    )
    # Confirming the row confirms both places onto one person of the case.
    r = client_for(world.owner).post(
        _url(world),
        {
            "one": ",".join(str(m.pk) for m in alvarez) + ":1",
            f"role-{alvarez[0].pk}": "detective",
        },
    )
    assert r.status_code in (200, 302)
    decided = Mention.objects.filter(pk__in=[m.pk for m in alvarez])
    assert {m.status for m in decided} == {MentionStatus.CONFIRMED}
    assert len({m.case_person_id for m in decided}) == 1
    assert CasePerson.objects.filter(case=world.case, person__last_name="Alvarez").count() == 1
    assert AuditEvent.objects.filter(action="suggestion.confirm").count() == 2


def test_selected_rows_are_dismissed_together(world: World, client_for: Any) -> None:
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    ingest_text(world.owner, world.case, "transcript.txt", TRANSCRIPT)
    open_ = list(Mention.objects.filter(case=world.case, status=MentionStatus.SUGGESTED))
    assert len(open_) >= 3
    chosen = open_[:3]
    client_for(world.owner).post(
        _url(world), {"group": [str(m.pk) for m in chosen], "confirm": "0"}
    )
    assert all(Mention.objects.get(pk=m.pk).status == MentionStatus.DISMISSED for m in chosen)
    assert AuditEvent.objects.filter(action="suggestion.dismiss").count() == 3
    # Nothing selected: said so, nothing changes.
    r = client_for(world.owner).post(_url(world), {"confirm": "1"}, follow=True)
    assert "Select the suggestions to decide." in r.content.decode()


def test_a_person_already_on_the_case_is_marked(world: World, client_for: Any) -> None:
    person = Person.objects.create(
        organization=world.org_a, first_name="Maria", last_name="Alvarez"
    )
    CasePerson.objects.create(case=world.case, person=person, role="detective")
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    body = client_for(world.owner).get(f"/cases/{world.case.ref}/tab/suggestions/").content.decode()
    row = body[body.index("<strong>Maria Alvarez</strong>") :]
    assert "already on the case as detective" in row[: row.index("</tr>")]


def test_outsiders_and_read_only_roles_cannot_decide(world: World, client_for: Any) -> None:
    ingest_text(world.owner, world.case, "report.txt", REPORT)
    m = Mention.objects.filter(case=world.case).first()
    assert m is not None
    for persona, status in (("outsider", 404), ("nonmember", 404), ("auditor", 403)):
        r = client_for(getattr(world, persona)).post(_url(world), {"one": f"{m.pk}:1"})
        assert r.status_code == status, persona
    m.refresh_from_db()
    assert m.status == MentionStatus.SUGGESTED and not AuditEvent.objects.filter(
        action__startswith="suggestion."
    )


def test_the_applicants_own_name_is_marked_not_offered_as_an_officer(
    world: World, client_for: Any
) -> None:
    world.case.applicant_name = "Marcus D. Hale"
    world.case.save(update_fields=["applicant_name"])
    text = (
        "SUPPLEMENTAL REPORT\nDetective Marcus Hale was booked at 2200 hours.\n"
        "Detective Ann Kessler #4412 interviewed the witness.\n"
    )
    ingest_text(world.owner, world.case, "report.txt", text)
    assert _open(world, "Marcus Hale")  # the finder takes the title as his
    body = client_for(world.owner).get(f"/cases/{world.case.ref}/tab/suggestions/").content.decode()
    row = body[body.index("<strong>Marcus Hale</strong>") :]
    row = row[: row.index("</tr>")]
    assert "the applicant&#x27;s name" in row or "the applicant's name" in row
    # New names come first; the applicant's is listed after them.
    assert body.index("<strong>Ann Kessler</strong>") < body.index("<strong>Marcus Hale</strong>")
