"""An investigator drops a mixed set of case files (a report, a zip of transcripts, a scanned page, a
broken PDF) on a case in a real browser, sees each file's status, searches with highlights, reads a
flagged passage and records a verdict; another organization's attorney finds nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from habeas.accounts.services import organization_create, user_create
from habeas.cases.services.intake import case_intake
from habeas.domain.extract import ocr_available
from tests.browser.test_walkthrough import PASSWORD, login, open_tab
from tests.conftest import intake_payload
from tests.documents.helpers import REPORT, TRANSCRIPT, zip_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _scan(text: str) -> bytes:
    image = Image.new("L", (1800, 300), 255)
    ImageDraw.Draw(image).text((40, 100), text, fill=0, font=ImageFont.load_default(size=48))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_drop_files_search_and_review_flags(page: Any, live_server: Any, tmp_path: Path) -> None:
    if not ocr_available():
        pytest.skip("tesseract is not installed")
    org = organization_create(name="Example County DA CIU", code="exda", kind="ciu")
    other = organization_create(name="Example Clinic", code="excl", kind="innocence_org")
    inv = user_create(
        username="inv",
        password=PASSWORD,
        organization=org,
        role="investigator",
        check_password=False,
    )
    user_create(
        username="stranger",
        password=PASSWORD,
        organization=other,
        role="attorney",
        check_password=False,
    )
    payload = intake_payload()
    case = case_intake(actor=inv, case=payload["case"], sections=payload["sections"])  # type: ignore[arg-type]
    files = {
        "report.txt": REPORT.encode(),
        "transcripts.zip": zip_bytes({"vol1/transcript.txt": TRANSCRIPT.encode()}),
        "tip-scan.png": _scan("Tip: the shooter was called Flaco"),
        "broken.pdf": b"%PDF-1.7 truncated",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)

    base = live_server.url
    login(page, base, "inv")
    page.goto(f"{base}/cases/{case.ref}/?tab=documents")
    page.set_input_files("#doc-files", [str(tmp_path / n) for n in files])
    with page.expect_response(lambda r: "/documents/upload/" in r.url):
        page.click("button:has-text('Upload')")
    panel = page.locator("#tab-body")
    panel.get_by_text("4 files added").wait_for()
    for name in ("report.txt", "transcripts.zip/vol1/transcript.txt", "tip-scan.png", "broken.pdf"):
        assert panel.get_by_text(name, exact=True).count() >= 1, name
    assert (
        "not a valid PDF" in panel.inner_text()
        and panel.get_by_role("button", name="Retry").count() == 1
    )

    page.goto(f"{base}/search/?q=flaco+OR+informant")
    page.get_by_text("2 matching pages").wait_for()
    assert page.locator(".snippet b").count() >= 2
    with page.expect_navigation():
        page.click("a:has-text('report.txt')")
    assert page.locator("mark").first.inner_text().lower() == "informant"

    page.goto(f"{base}/cases/{case.ref}/?tab=documents")
    open_tab(page, "flags")
    assert "not evidence of a sound conviction" in page.locator("#tab-body").inner_text()
    flag_id = page.locator("article.flag").first.get_attribute("id")
    flag = page.locator(f"#{flag_id}")
    flag.locator("input[value=confirmed]").check()
    with page.expect_response(lambda r: "/verdict/" in r.url):
        flag.locator("button:has-text('Record verdict')").click()
    # Wait for the swapped-in panel itself: the form's hidden legend also says "Verdict on", so waiting
    # for that text raced the htmx swap.
    page.locator("#tab-body").get_by_text("recorded: confirmed").wait_for()
    page.locator(f"#{flag_id}").get_by_text("Confirmed by inv").wait_for()
    assert page.locator(f"#{flag_id}").get_by_text("Confirmed by inv").count() == 1

    page.click("header button:has-text('Log out')")
    login(page, base, "stranger")
    page.goto(f"{base}/search/?q=flaco+OR+informant")
    page.get_by_text("0 matching pages").wait_for()
    response = page.goto(f"{base}/cases/{case.ref}/?tab=documents")
    assert response is not None and response.status == 404
