"""The pages: the Disclosure tab, the production builder with its polled progress, and the
redactions panel of the page viewer."""

from __future__ import annotations

from typing import Any

from habeas.audit.models import AuditEvent
from habeas.disclosure.models import Production, Redaction, RedactionStatus
from tests.conftest import World
from tests.disclosure.helpers import WITNESS, two_documents


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
