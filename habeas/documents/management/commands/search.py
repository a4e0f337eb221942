"""``habeas search QUERY --as USER [--case REF] [--type T] [--limit N] [--json]``: search the pages of
the cases the user may see (same permission filter and audit as the web)."""

from __future__ import annotations

import json
import re
from argparse import ArgumentParser
from html import unescape
from typing import Any

from django.core.management.base import CommandError

from habeas.accounts.current import cli_user
from habeas.core.command import HabeasCommand, add_as_argument, terminal
from habeas.core.terminal import markup_safe
from habeas.documents.reads import search_made
from habeas.documents.selectors import SearchRequest, page_search


def snippet_plain(snippet_html: str) -> tuple[str, list[str]]:
    """The snippet as text, and the highlighted words (for terminals)."""
    marked = re.findall(r"<b>(.*?)</b>", snippet_html)
    text = " ".join(
        unescape(re.sub(r"</?b>", "", snippet_html)).split()
    )  # one line per hit in a terminal
    return text, [unescape(m) for m in marked]


class Command(HabeasCommand):
    help = 'Search case documents: `search "QUERY" --as USER [--case REF] [--type T] [--limit N] [--json]`.'

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("query")
        add_as_argument(parser)
        parser.add_argument("--case", default="", help="Only this case")
        parser.add_argument(
            "--type",
            action="append",
            default=[],
            dest="doc_types",
            help="Only this document type (repeatable)",
        )
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["limit"] <= 1000:
            raise CommandError("--limit must be between 1 and 1000")
        user = cli_user(options["as_user"])
        search = SearchRequest(
            query=options["query"],
            case_ref=options["case"],
            doc_types=frozenset(options["doc_types"]),
            limit=options["limit"],
        )
        result = page_search(user=user, request=search)
        search_made(user=user, search=search, response=result)
        if options["json"]:
            rows = [
                {
                    "case": r.case.ref,
                    "document_id": r.document.pk,
                    "document": r.document.name,
                    "page": r.hit.page_number,
                    "score": round(r.hit.score, 4),
                    "snippet": snippet_plain(r.hit.snippet_html)[0],
                }
                for r in result.hits
            ]
            self.stdout.write(json.dumps({"total": result.total, "results": rows}, indent=2))
            return
        console = terminal(self.raw_stdout())
        console.print(f"{result.total:,} matching pages (showing {len(result.hits)})")
        for r in result.hits:
            text, _ = snippet_plain(r.hit.snippet_html)
            marked = markup_safe(text)
            for word in sorted(set(snippet_plain(r.hit.snippet_html)[1]), key=len, reverse=True):
                marked = marked.replace(markup_safe(word), f"[bold]{markup_safe(word)}[/bold]")
            console.print(
                f"[cyan]{markup_safe(r.case.ref)}[/cyan]  {markup_safe(r.document.name)}  p. {r.hit.page_number}"
            )
            console.print(f"    {marked}")
