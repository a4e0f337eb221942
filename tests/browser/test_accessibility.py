"""The demo in the real browser, for the roles people work in: axe-core finds no serious or critical
accessibility violation on any page, and no table overflows the page at 1280 or 1920 px (issue 11).

axe-core is the copy bundled in the ``axe-playwright-python`` package (nothing is downloaded). Each
role's session is made by the Django test client (with a verified second factor where the role
needs one) and handed to Chromium as its session cookie, so the test reads pages, not the login.
The pages are those of the top navigation, every tab of the featured case, a review run and a person
page: the screens reviewers live in.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.demo.data import demo_load
from habeas.demo.featured import FEATURED_TITLE
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = tuple(
    os.environ.get(
        "HABEAS_A11Y_ROLES",
        # every role once, and the partner organization's attorney
        "ciu_attorney,ciu_investigator,ciu_reviewer,ciu_student,ciu_auditor,ciu_admin,pic_attorney",
    ).split(",")
)
WIDTHS = (1280, 1920)
SERIOUS = {"serious", "critical"}

# Tables and the page itself must fit the viewport: a table wider than its box is clipped (or
# scrolls sideways inside it), which is what hid the Edit column of the sourced facts.
OVERFLOW_JS = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push(`the page: ${root.scrollWidth}px wide`);
  for (const table of document.querySelectorAll("table")) {
    if (!table.offsetParent) continue;  // not shown (a closed details element)
    const box = table.parentElement;
    const name = (table.caption && table.caption.textContent.trim()) || table.className || "table";
    if (box.scrollWidth > box.clientWidth + 1) {
      // Name what sticks out, so the message says what to fix.
      const edge = box.getBoundingClientRect().right;
      let worst = null, right = edge;
      for (const el of table.querySelectorAll("*")) {
        const r = el.getBoundingClientRect().right;
        if (r > right) { right = r; worst = el; }
      }
      const what = worst ? `${worst.tagName.toLowerCase()}.${worst.className} “${worst.textContent.trim().slice(0, 40)}”` : "";
      out.push(`table “${name}”: ${box.scrollWidth}px in a ${box.clientWidth}px box ${what}`);
    }
    else if (table.getBoundingClientRect().right > root.clientWidth + 1)
      out.push(`table “${name}”: right edge past the viewport`);
  }
  return out;
}"""

# The case tabs fit one line at 1280 px (17 or 18 tabs; two lines hid where a tab was).
TAB_ROWS_JS = """() => new Set(Array.from(document.querySelectorAll(".tabs [role=tab]"), t => t.offsetTop)).size"""

LINKS_JS = (
    """(selector) => Array.from(document.querySelectorAll(selector), a => a.getAttribute("href"))"""
)


def _session_cookie(user: User) -> dict[str, Any]:
    client = login(Client(), user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": "",
    }


def _pages(page: Any, base: str, featured: str | None) -> list[str]:
    page.goto(f"{base}/")
    found = [h for h in page.evaluate(LINKS_JS, "header nav a") if h and h.startswith("/")]
    urls = ["/", *found]
    if featured:
        page.goto(f"{base}/cases/{featured}/")
        tabs = page.evaluate(
            """() => Array.from(document.querySelectorAll("[role=tab]"), t => t.id.slice(4))"""
        )
        urls += [f"/cases/{featured}/?tab={tab}" for tab in tabs if tab]
        people = page.evaluate(LINKS_JS, "a[href^='/cases/people/']")
        urls += people[:1]
    for listing, prefix in (("/reviews/", "/reviews/runs/"),):
        if listing in urls:
            page.goto(f"{base}{listing}")
            urls += page.evaluate(LINKS_JS, f"a[href^='{prefix}']")[:1]
    return list(dict.fromkeys(urls))


def test_demo_pages_are_accessible_and_fit(live_server: Any, page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    demo_load()
    featured = Case.objects.filter(title=FEATURED_TITLE).values_list("ref", flat=True).first()
    axe = Axe()
    problems: list[str] = []
    checked = 0
    for username in ROLES:
        user = User.objects.get(username=username)
        page.context.clear_cookies()
        page.context.add_cookies([{**_session_cookie(user), "url": live_server.url}])
        for url in _pages(page, live_server.url, featured if user.role != "auditor" else None):
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(f"{live_server.url}{url}")
                assert response is not None and response.ok, f"{username}: {url} answered badly"
                page.wait_for_load_state("networkidle")
                problems += [
                    f"{username} {url} at {width}px: {p}" for p in page.evaluate(OVERFLOW_JS)
                ]
                if width == WIDTHS[0]:
                    rows = page.evaluate(TAB_ROWS_JS)
                    if rows > 1:
                        problems.append(f"{username} {url}: the case tabs take {rows} lines")
                    report = axe.run(page).response
                    for violation in report["violations"]:
                        if violation["impact"] in SERIOUS:
                            targets = [", ".join(n["target"]) for n in violation["nodes"][:3]]
                            problems.append(
                                f"{username} {url}: {violation['id']} ({violation['impact']}): "
                                f"{violation['help']} at {'; '.join(targets)}"
                            )
                checked += 1
    assert checked >= len(ROLES) * 10 * len(WIDTHS), f"only {checked} page views were checked"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
