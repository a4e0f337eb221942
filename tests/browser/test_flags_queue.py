"""The Flags tab as a review queue in the real browser: filters hide passages, and the keyboard
moves between passages and records a verdict."""

from __future__ import annotations

from typing import Any

import pytest

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.demo.data import demo_load
from habeas.demo.featured import FEATURED_TITLE
from habeas.documents.models import ElementFlag
from tests.browser.test_accessibility import _session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filters_and_keyboard_verdicts(live_server: Any, page: Any) -> None:
    demo_load()
    case = Case.objects.get(title=FEATURED_TITLE)
    user = User.objects.get(username="ciu_attorney")
    page.context.add_cookies([{**_session_cookie(user), "url": live_server.url}])
    page.goto(f"{live_server.url}/cases/{case.ref}/?tab=flags")
    page.wait_for_load_state("networkidle")
    flags = ElementFlag.objects.filter(case=case)
    categories = sorted(set(flags.values_list("category", flat=True)))
    assert len(categories) > 1
    assert page.locator("article.flag:visible").count() == flags.count()
    # The grid has a column per document that raised something.
    documents = set(flags.values_list("page__document__name", flat=True))
    assert page.locator("table.flag-grid thead th").count() == len(documents) + 3
    # One element only.
    page.select_option("#ff-category", categories[0])
    shown = page.locator("article.flag:visible")
    assert shown.count() == flags.filter(category=categories[0]).count()
    assert all(a.get_attribute("data-category") == categories[0] for a in shown.all())
    page.select_option("#ff-category", "")
    # j moves to the first passage, c confirms it (recorded at once), the next one gets the focus.
    page.locator("body").click()
    page.keyboard.press("j")
    first = page.evaluate("() => document.activeElement.id")
    assert first.startswith("flag-")
    with page.expect_response(lambda r: "/verdict/" in r.url):
        page.keyboard.press("c")
    page.wait_for_load_state("networkidle")
    flag = ElementFlag.objects.get(pk=int(first.removeprefix("flag-")))
    assert flag.verdict == "confirmed" and flag.verdict_by == user
    # The re-rendered tab settles (htmx waits a moment) before the next passage takes the focus.
    page.wait_for_function(
        "(first) => document.activeElement && document.activeElement.id.startsWith('flag-')"
        " && document.activeElement.id !== first",
        arg=first,
        timeout=5000,
    )
    after = page.evaluate("() => document.activeElement.id")
    assert after.startswith("flag-") and after != first
