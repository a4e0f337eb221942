"""Responses carrying case data are not cached, every response has a strict Content-Security-Policy,
and no page carries inline script or inline event handlers (the policy would block them)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.core.middleware import CONTENT_SECURITY_POLICY
from habeas.demo.data import demo_load
from habeas.demo.featured import FEATURED_TITLE
from habeas.documents.models import Document
from tests.clients import Api
from tests.conftest import World, login
from tests.documents.helpers import ingest_bytes, pdf_bytes

TEMPLATES = Path(__file__).resolve().parents[2] / "habeas"
# <script> without src=, and on...= attributes (onclick, onsubmit ...) in a tag.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\s(on[a-z]+|hx-on[:\-][^=\s]*)\s*=", re.I)


def _hygienic(response: Any) -> None:
    assert response["Cache-Control"] == "no-store"
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert (
        "unsafe-eval" not in csp
        and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    )


def test_case_page_api_json_and_page_image_are_not_cached(world: World, client_for: Any) -> None:
    client = client_for(world.owner)
    _hygienic(client.get(f"/cases/{world.case.ref}/"))
    _hygienic(client.get(f"/cases/{world.case.ref}/?tab=documents", HTTP_HX_REQUEST="true"))
    api = Api(world.owner).get("/cases")
    assert api.status_code == 200 and api["Content-Type"].startswith("application/json")
    _hygienic(api)
    _hygienic(Api(None).get("/cases"))  # a refusal is no-store too
    doc = ingest_bytes(world.owner, world.case, "scan.pdf", pdf_bytes(["Page one."]))
    image = client.get(f"/cases/{world.case.ref}/documents/{doc.pk}/pages/1/image.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    _hygienic(image)
    assert "max-age" not in image["Cache-Control"]


def test_static_files_stay_cacheable_and_anonymous_pages_get_the_policy(db: None) -> None:
    login_page = Client().get("/accounts/login/")
    assert login_page["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    htmx = Client().get("/static/habeas/htmx.min.js")
    assert htmx.status_code == 200 and "no-store" not in htmx.get("Cache-Control", "")


def test_no_template_has_inline_script_or_event_handlers() -> None:
    found = []
    for path in TEMPLATES.rglob("templates/**/*.html"):
        text = path.read_text()
        found += [f"{path.name}: {m.group()}" for m in INLINE_SCRIPT.finditer(text)]
        found += [f"{path.name}: {m.group(1)}" for m in EVENT_HANDLER.finditer(text)]
    assert found == []


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_script(client: Client) -> None:
    """The main pages as the demo's attorney sees them, every tab of the featured case included."""
    demo_load()
    login(client, User.objects.get(username="ciu_admin"))
    case = Case.objects.get(title=FEATURED_TITLE)
    document = Document.objects.filter(case=case, page_count__gt=0).first()
    assert document is not None
    detail = client.get(f"/cases/{case.ref}/").content.decode()
    tabs = sorted(set(re.findall(r'href="(/cases/[^"]+\?tab=[a-z_]+)"', detail)))
    assert len(tabs) > 5
    urls = [
        "/cases/",
        "/cases/people/",
        "/search/?q=informant",
        f"/cases/{case.ref}/documents/{document.pk}/pages/1/",
        *tabs,
    ]
    checked = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert INLINE_SCRIPT.findall(html) == [], url
        assert EVENT_HANDLER.findall(html) == [], url
        assert 'src="/static/habeas/app.js"' in html and "//" not in "".join(
            re.findall(r'<script[^>]*src="([^"]+)"', html)
        ), url  # htmx and the page script come from this app, no CDN
        checked += 1
    assert checked == len(urls)


def test_self_contained_documents_may_use_their_style_element_only(
    world: World, client_for: Any
) -> None:
    """The case packet carries its rules in a <style> element (the same HTML makes the PDF): styles
    may be inline there, scripts are as strict as everywhere."""
    packet = client_for(world.owner).get(f"/cases/{world.case.ref}/packet/")
    assert packet.status_code == 200 and b"<style>" in packet.content
    _hygienic(packet)
    assert "style-src 'self' 'unsafe-inline'" in packet["Content-Security-Policy"]
