"""Every page of the demo, for every role, speaks the users' language: no codes, internal keys,
file names, research markers or CLI hints in what is shown (issue 11).

The demo is loaded once with its own loader. Each role's crawl starts at the top navigation, the
featured case and one case of every stage, follows every link the pages offer (GET only), and reads
each page's visible text with ``tests/core/screen_text.py``. Pages of one kind are sampled (a few of
each, every tab of the featured case); links that lead nowhere (403, 404, 500) fail the test too,
because a page must not offer what the role cannot open. The HTML that PDFs are made from (packet,
letters, annual report), the digest e-mail and the error messages of a refused stage move are
checked the same way.
"""

from __future__ import annotations

import os
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from habeas.accounts.models import User
from habeas.cases.models import Case
from habeas.cases.selectors import case_list
from habeas.deadlines.digest import digest_message
from habeas.deadlines.selectors import deadlines_upcoming
from habeas.demo.data import demo_load
from habeas.demo.featured import FEATURED_TITLE
from habeas.domain.workflow import Stage
from tests.conftest import login
from tests.core.screen_text import Hit, code_tokens, page_problems

# One login per role of the unit, and the partner clinic's attorney and administrator (who see the
# featured case through sharing).
ROLES = (
    "ciu_admin",
    "ciu_attorney",
    "ciu_investigator",
    "ciu_reviewer",
    "ciu_student",
    "ciu_auditor",
    "pic_attorney",
    "pic_admin",
)
PER_KIND = 3  # pages of one kind (URL name, tab, edited section) read per role
# Files and downloads: not pages. The PDFs are read through the HTML they are made from.
DOWNLOADS = frozenset(
    {
        "documents:download",
        "documents:page_image",
        "documents:packet_pdf",
        "reports:export_csv",
        "reports:export_xlsx",
        "reports:annual_pdf",
        "systemic:run_export",
        "disclosure:package",
        "disclosure:privilege_log",
    }
)
NEVER_FOLLOW = frozenset({"accounts:logout"})


@dataclass
class Crawl:
    pages: dict[str, list[Hit]] = field(default_factory=dict)
    broken: dict[str, int] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    kinds: Counter[tuple[str, ...]] = field(default_factory=Counter)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo data, loaded once for this module inside a transaction rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _kind(url: str) -> tuple[str, ...] | None:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    name = f"{match.namespace}:{match.url_name}"
    query = dict(parse_qsl(parts.query))
    edit = query.get("edit", "").split(":")[0]
    other = tuple(sorted(k for k in query if k not in ("tab", "edit")))
    return (name, query.get("tab", ""), edit, *other)


def _seeds(user: User) -> list[str]:
    featured = Case.objects.filter(title=FEATURED_TITLE).values_list("ref", flat=True).first()
    refs = [featured] if featured else []
    visible = case_list(user=user)
    for stage in Stage:
        ref = visible.filter(stage=stage).order_by("ref").values_list("ref", flat=True).first()
        if ref:
            refs.append(ref)
    return ["/"] + [f"/cases/{ref}/" for ref in refs]


def crawl(client: Client, user: User, featured: str) -> Crawl:
    result = Crawl()
    queue, seen = _seeds(user), set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        kind = _kind(url)
        if kind is None or kind[0] in NEVER_FOLLOW or kind[0] in DOWNLOADS:
            continue
        # Every page of the featured case; a sample of the rest.
        if f"/{featured}/" not in url and result.kinds[kind] >= PER_KIND:
            continue
        result.kinds[kind] += 1
        started = time.perf_counter()
        response = client.get(url)
        result.seconds.append(time.perf_counter() - started)
        if response.status_code in (301, 302):
            queue.insert(0, response["Location"])
            continue
        if response.status_code != 200:
            result.broken[url] = response.status_code
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        result.pages[url] = page_problems(html)
        for href in re.findall(r'href="(/[^"#]*)', html):
            href = href.replace("&amp;", "&")
            if not href.startswith(("/static/", "/api/")) and "page=" not in href:
                queue.append(href)
    return result


def _report(problems: dict[str, list[Hit]], limit: int = 80) -> str:
    """One line per distinct problem, with the first page that shows it and how many do."""
    where: dict[Hit, list[str]] = {}
    for url, hits in problems.items():
        for hit in hits:
            where.setdefault(hit, []).append(url)
    lines = [f"{hit}\n    on {urls[0]} (+{len(urls) - 1} more)" for hit, urls in where.items()]
    report = os.environ.get("HABEAS_SCREEN_LANGUAGE_REPORT")
    if report:  # the whole list, for whoever is fixing the pages
        with open(report, "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    more = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


@pytest.fixture(scope="module")
def featured_ref(demo: None) -> str:
    return Case.objects.get(title=FEATURED_TITLE).ref


@pytest.mark.parametrize("username", ROLES)
def test_every_page_speaks_plain_language(db: None, featured_ref: str, username: str) -> None:
    user = User.objects.get(username=username)
    result = crawl(login(Client(), user), user, featured_ref)
    visited = set(result.pages)
    # The crawl reached the pages it is meant to read.
    assert any(f"/cases/{featured_ref}/?tab=workflow" in u for u in visited), sorted(visited)[:20]
    assert len(visited) > 40, sorted(visited)
    assert not result.broken, f"{username} is offered links that fail: {result.broken}"
    problems = {url: hits for url, hits in result.pages.items() if hits}
    assert not problems, f"{username} meets internal text on {len(problems)} pages:\n" + _report(
        problems
    )
    median_ms = statistics.median(result.seconds) * 1000
    print(f"{username}: {len(visited)} pages, median {median_ms:.0f} ms")  # noqa: T201


class _PdfHtml:
    """Stands in for weasyprint.HTML: keeps the HTML a PDF would be made from."""

    made: list[str] = []

    def __init__(self, *, string: str, **_: object) -> None:
        self.made.append(string)

    def write_pdf(self) -> bytes:
        return b"%PDF-1.7 (test)"


@pytest.mark.parametrize("username", ["ciu_attorney", "ciu_auditor", "pic_attorney"])
def test_pdfs_speak_plain_language(
    db: None, featured_ref: str, username: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _PdfHtml)
    _PdfHtml.made = []
    client = login(Client(), User.objects.get(username=username))
    year = timezone.localdate().year
    urls = [f"/cases/{featured_ref}/packet.pdf", f"/reports/annual/{year}.pdf"]
    urls += [f"/letters/case/{featured_ref}/{kind}/?format=pdf" for kind in ("accept", "decline")]
    fetched = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 409), (url, response.status_code)
        fetched += response.status_code == 200
    assert len(_PdfHtml.made) == fetched >= 3
    problems = {f"PDF {i}": page_problems(html) for i, html in enumerate(_PdfHtml.made)}
    problems = {k: v for k, v in problems.items() if v}
    assert not problems, _report(problems)


def test_digest_email_speaks_plain_language(db: None, demo: None) -> None:
    today = timezone.localdate()
    checked = 0
    for user in User.objects.filter(is_active=True).order_by("username"):
        rows = deadlines_upcoming(user=user, within_days=3650, include_overdue=True, today=today)
        if not rows:
            continue
        subject, body = digest_message(user, rows, within_days=3650, today=today)
        hits = code_tokens(subject + "\n" + body)
        assert not hits, f"{user.username}'s digest:\n" + "\n".join(map(str, hits))
        checked += 1
    assert checked >= 3


def test_refused_stage_moves_explain_themselves_in_words(db: None, demo: None) -> None:
    """The checklist and reason-code errors name criteria and reasons by their labels."""
    case = Case.objects.filter(organization__code="ladaciu", stage=Stage.SCREENING).first()
    assert case is not None
    client = login(Client(), User.objects.get(username="ciu_admin"))
    for target in (Stage.RECORD_GATHERING, Stage.DECLINED):
        response = client.post(
            f"/cases/{case.ref}/transition/",
            {"target": target, "reason": "Trying", "reason_code": ""},
        )
        html = response.content.decode()
        assert response.status_code == 400 and "reason" in html.lower()
        hits = page_problems(html)
        assert not hits, "\n".join(map(str, hits))
