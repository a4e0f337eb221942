"""The pages: the Disclosure tab, the production builder with its polled progress, and the
redactions panel of the page viewer."""

from __future__ import annotations

from typing import Any

from habeas.audit.models import AuditEvent
from habeas.disclosure.models import Production, Redaction, RedactionStatus
from tests.conftest import World
from tests.disclosure.helpers import WITNESS, draft, two_documents


def test_build_a_production_through_the_pages(world: World, client_for: Any) -> None:
    a, b = two_documents(world.owner, world.case)
    client, ref = client_for(world.owner), world.case.ref
    page = client.get(f"/cases/{ref}/documents/{a.pk}/redactions/?page=1")
    assert page.status_code == 200 and "Redact words" in page.content.decode()
    r = client.post(
        f"/cases/{ref}/documents/{a.pk}/redactions/add/",
        {"text": WITNESS, "reason": "safety", "scope": "every", "page": "1", "page_number": "1"},
    )
    assert r.status_code == 302
    redaction = Redaction.objects.get()
    assert redaction.page_number is None and redaction.status == RedactionStatus.APPLIED
    r = client.post(
        f"/cases/{ref}/documents/{a.pk}/redactions/add/",
        {"boxes": "40,40,120,60", "reason": "privacy", "scope": "page", "page_number": "2"},
    )
    assert Redaction.objects.filter(kind="box", page_number=2).exists()
    client.post(
        f"/cases/{ref}/documents/{a.pk}/redactions/propose/",
        {"kinds": ["phone"], "reason": "privacy", "scope": "document"},
    )
    proposed = Redaction.objects.get(status=RedactionStatus.PROPOSED)
    panel = client.get(f"/cases/{ref}/documents/{a.pk}/redactions/", HTTP_HX_REQUEST="true")
    assert "Proposed, to review" in panel.content.decode() and "<html" not in panel.content.decode()
    client.post(
        f"/cases/{ref}/documents/{a.pk}/redactions/decide/",
        {"ids": [proposed.pk], "decision": "reject"},
    )
    proposed.refresh_from_db()
    assert proposed.status == RedactionStatus.REMOVED
    r = client.post(
        f"/cases/{ref}/productions/new/",
        {
            "name": "Set one",
            "recipient_name": "Public Defender",
            "recipient_kind": "defense_counsel",
            "obligation": "discovery_order",
            "bates_prefix": "WEB",
            "bates_padding": "5",
        },
    )
    production = Production.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/productions/{production.pk}/")
    builder = client.get(r["Location"]).content.decode()
    assert "Add documents" in builder and "follow-up.pdf" in builder
    assert "From WEB00001 when built" in builder  # the stamp as it will be, padding and all
    client.post(
        f"/cases/{ref}/productions/{production.pk}/documents/",
        {"document_ids": [str(a.pk), str(b.pk)]},
    )
    client.post(f"/cases/{ref}/productions/{production.pk}/build/")
    production.refresh_from_db()
    assert production.status == "built", production.error
    before = AuditEvent.objects.count()
    poll = client.get(
        f"/cases/{ref}/productions/{production.pk}/progress/",
        HTTP_HX_REQUEST="true",
        HTTP_X_HABEAS_POLL="1",
    )
    assert "Download the package" in poll.content.decode()
    assert AuditEvent.objects.count() == before  # a poll is not a new read
    assert client.get(f"/cases/{ref}/productions/{production.pk}/package.zip").status_code == 200
    client.post(f"/cases/{ref}/productions/{production.pk}/deliver/", {"method": "hand"})
    tab = client.get(f"/cases/{ref}/?tab=disclosure").content.decode()
    assert "WEB00001 – WEB00003" in tab and "Hand delivery" in tab and "Discovery order" in tab
    history = client.get(f"/cases/{ref}/documents/{b.pk}/redactions/").content.decode()
    assert "Set one" in history and "WEB00003" in history
    assert client.get(f"/cases/{ref}/privilege-log.csv").status_code == 200
    # Frozen: the page says so and offers no removal.
    panel = client.get(f"/cases/{ref}/documents/{a.pk}/redactions/").content.decode()
    assert "can no longer be removed" in panel


def test_a_refused_form_says_why(world: World, client_for: Any) -> None:
    client, ref = client_for(world.owner), world.case.ref
    r = client.post(
        f"/cases/{ref}/productions/new/", {"name": "", "bates_prefix": "x y"}, follow=True
    )
    body = r.content.decode()
    assert "The production was not created." in body and not Production.objects.exists()
    assert client_for(world.outsider).get(f"/cases/{ref}/productions/new/").status_code == 404


def test_the_privilege_log_is_described_on_the_disclosure_tab(
    world: World, client_for: Any
) -> None:
    from habeas.disclosure.models import PrivilegeLogEntry
    from habeas.disclosure.services.privilege_log import privilege_log_generate
    from habeas.disclosure.services.redactions import redaction_add

    a, _ = two_documents(world.owner, world.case)
    ref = world.case.ref
    redaction_add(
        actor=world.owner, case_ref=ref, document_id=a.pk, reason="work_product", text=WITNESS
    )
    privilege_log_generate(actor=world.owner, case_ref=ref)
    entry = PrivilegeLogEntry.objects.get(case=world.case)
    url = f"/cases/{ref}/privilege-log/{entry.pk}/"
    owner = client_for(world.owner)
    tab = owner.get(f"/cases/{ref}/tab/disclosure/").content.decode()
    assert f'action="{url}"' in tab and "Save the entry" in tab
    form = {
        "date": "2004-03-09",
        "author": "Det. Ana Morel (fictional)",
        "recipients": "Deputy District Attorney",
        "document_type": "Investigator's note",
        "ground": "work_product",
        "description": "Investigator's annotations on a witness list.",
    }
    assert owner.post(url, form).status_code == 302
    entry.refresh_from_db()
    assert (entry.author, str(entry.date)) == ("Det. Ana Morel (fictional)", "2004-03-09")
    assert AuditEvent.objects.filter(action="privilege_log.update").count() == 1
    # A bad date or an empty description changes nothing and says why on the page.
    r = owner.post(url, {**form, "date": "9 March", "description": "x"}, follow=True)
    assert "Give a date" in r.content.decode()
    r = owner.post(url, {**form, "description": "  "}, follow=True)
    assert "Describe it enough" in r.content.decode()
    entry.refresh_from_db()
    assert entry.description == "Investigator's annotations on a witness list."
    assert AuditEvent.objects.filter(action="privilege_log.update").count() == 1
    # Outside the case: not found, nothing changed; the auditor reads the log but has no form.
    assert client_for(world.nonmember).post(url, form).status_code == 404
    auditor_tab = client_for(world.auditor).get(f"/cases/{ref}/tab/disclosure/").content.decode()
    assert "Save the entry" not in auditor_tab


def test_a_corrected_set_is_started_from_the_built_production_page(
    world: World, client_for: Any
) -> None:
    from habeas.disclosure.services.productions import production_build

    a, b = two_documents(world.owner, world.case)
    ref = world.case.ref
    first = draft(world.owner, world.case, [a, b], name="First set")
    first = production_build(actor=world.owner, case_ref=ref, production_id=first.pk)
    first.refresh_from_db()
    assert first.status == "built", first.error
    owner = client_for(world.owner)
    page = owner.get(f"/cases/{ref}/productions/{first.pk}/").content.decode()
    assert "Start the corrected production" in page
    url = f"/cases/{ref}/productions/{first.pk}/correct/"
    # Outside the case: not found, and nothing was created.
    assert client_for(world.nonmember).post(url, {}).status_code == 404
    assert Production.objects.count() == 1
    r = owner.post(url, {"name": "First set, corrected"})
    correction = Production.objects.exclude(pk=first.pk).get()
    assert r.status_code == 302 and r["Location"].endswith(f"/productions/{correction.pk}/")
    assert (correction.corrects_id, correction.name) == (first.pk, "First set, corrected")
    assert correction.recipient_name == first.recipient_name == "Office of the Public Defender"
    assert correction.bates_prefix == "CIU"
    assert sorted(correction.items.values_list("document_id", flat=True)) == sorted([a.pk, b.pk])
    assert correction.bates_start > first.bates_start  # new numbers, never the old ones
    assert AuditEvent.objects.filter(action="production.create").count() == 2
    # A draft cannot be corrected: said in words, nothing created.
    r = owner.post(f"/cases/{ref}/productions/{correction.pk}/correct/", {}, follow=True)
    assert "built production" in r.content.decode() and Production.objects.count() == 2


def test_patterns_are_proposed_across_a_draft_production(world: World, client_for: Any) -> None:
    a, b = two_documents(world.owner, world.case)
    ref = world.case.ref
    second = draft(world.owner, world.case, [a], name="Second set")
    owner = client_for(world.owner)
    url = f"/cases/{ref}/productions/{second.pk}/propose/"
    assert url.encode() in owner.get(f"/cases/{ref}/productions/{second.pk}/").content
    assert client_for(world.nonmember).post(url, {"kinds": ["phone"]}).status_code == 404
    r = owner.post(url, {"kinds": ["phone"], "reason": "privacy"}, follow=True)
    assert "1 proposed redaction in 1 document" in r.content.decode()
    proposed = Redaction.objects.get(status=RedactionStatus.PROPOSED)
    assert (proposed.document_id, proposed.text) == (a.pk, "562-555-0142")  # not b: not in it
    r = owner.post(url, {"reason": "privacy"}, follow=True)  # no pattern chosen
    assert "Choose which patterns" in r.content.decode()
    assert Redaction.objects.count() == 1
