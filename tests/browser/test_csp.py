"""The Content-Security-Policy in the real browser: the main pages of one role, with tabs swapped in
by htmx and the flag filters used, raise no policy violation (an inline script, an inline handler,
htmx's injected <style> or an eval would each be refused and reported here)."""

from __future__ import annotations

from typing import Any

import pytest

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.demo.data import demo_load
from habeas.demo.featured import FEATURED_TITLE
from tests.browser.test_accessibility import _pages, _session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script: every violation event also goes to the console, with what was blocked.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", e =>
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));"""


def test_main_pages_raise_no_csp_violation(live_server: Any, page: Any) -> None:
    demo_load()
    case = Case.objects.get(title=FEATURED_TITLE)
    user = User.objects.get(username="ciu_attorney")
    page.context.add_cookies([{**_session_cookie(user), "url": live_server.url}])
    page.add_init_script(REPORT_VIOLATIONS)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: (
            violations.append(f"{page.url}: {m.text}")
            if "Content Security Policy" in m.text or "CSP violation" in m.text
            else None
        ),
    )
    urls = _pages(page, live_server.url, case.ref)
    assert len(urls) > 15
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.ok, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    # htmx at work: tabs swapped in (their behaviour comes from app.js), a flag filter applied.
    page.goto(f"{live_server.url}/cases/{case.ref}/")
    for tab in ("documents", "flags"):
        page.click(f"#tab-{tab}")
        page.wait_for_selector(f"#tab-{tab}[aria-selected=true]")
        page.wait_for_load_state("networkidle")
    page.select_option("#ff-category", index=1)
    assert page.locator("article.flag[hidden]").count() > 0  # the filter ran: app.js is loaded
    page.keyboard.press("ArrowLeft")
    assert not violations, "\n".join(violations)


def test_a_violation_would_be_seen(live_server: Any, page: Any) -> None:
    """The listener above is not blind: an inline script added to a page is reported."""
    demo_load()
    user = User.objects.get(username="ciu_attorney")
    page.context.add_cookies([{**_session_cookie(user), "url": live_server.url}])
    page.add_init_script(REPORT_VIOLATIONS)
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text))
    page.goto(f"{live_server.url}/cases/")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "1"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert any("CSP violation" in t for t in seen)
