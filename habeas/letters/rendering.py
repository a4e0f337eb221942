"""Rendering letter bodies written by users, safely.

A body is Django template text rendered by its own engine: only the tags and filters in
``template_library``, no template loaders, and a context of the plain strings in
``LETTER_VARIABLES``. The result is treated as plain text and HTML-escaped as a whole (the
author's own text included), then split into paragraphs and put in the fixed letterhead layout.

Bounds, checked when a template is saved or previewed AND every time a letter is produced (a
template saved before a rule existed is refused with the same message, never rendered):
tags and filters outside the allow-list are refused by name; widths must be numbers written in
the template and inside ``template_library``'s bounds; the render stops as soon as its text
passes ``BODY_OUTPUT_MAX`` characters or its time ``RENDER_SECONDS_MAX``. There are no loops, so
each piece of text is produced at most once; the PDF step is bounded through its input size.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import (
    FilterExpression,
    Lexer,
    Node,
    NodeList,
    Template,
    TokenType,
    Variable,
)
from django.template.loader import render_to_string
from django.template.smartif import TokenBase
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from habeas.letters import template_library
from habeas.letters.template_library import (
    ALLOWED_FILTERS,
    ALLOWED_TAGS,
    TAG_PARTS,
    WIDTH_FILTERS,
    LetterRuleError,
    width_problem,
)

LETTER_VARIABLES: tuple[str, ...] = (
    "applicant_name",
    "case_ref",
    "case_title",
    "organization_name",
    "today",
    "decision_date",
    "court",
    "docket_number",
    "decision_reason",
    "signer_name",
    "corrections_number",
    "facility",
    "impeachment",
)

# What each variable holds, for the template editor.
LETTER_VARIABLE_HELP: dict[str, str] = {
    "applicant_name": "The applicant's name",
    "case_ref": "The case reference",
    "case_title": "The case title, e.g. People v. Doe",
    "organization_name": "Your organization's name",
    "today": "Today's date",
    "decision_date": "The date of the decision the letter reports",
    "court": "The court of the conviction",
    "docket_number": "The conviction's docket number",
    "decision_reason": "The reason recorded with the decision",
    "signer_name": "The name of the person producing the letter",
    "corrections_number": "The applicant's corrections number",
    "facility": "The facility where the applicant is held",
    "impeachment": "The listed officials the case names, with their findings (disclosure letter)",
}

# Fictional values for previews and for trial renders when a template is saved.
SAMPLE_CONTEXT: dict[str, str] = {
    "applicant_name": "Jordan Example",
    "case_ref": "EXAMPLE-2024-0001",
    "case_title": "People v. Example",
    "organization_name": "Example County Conviction Integrity Unit",
    "today": "March 1, 2024",
    "decision_date": "February 27, 2024",
    "court": "Example County Superior Court",
    "docket_number": "EX000000",
    "decision_reason": "No new evidence or lead. The file contains no new evidence (example text).",
    "signer_name": "A. Reviewer",
    "corrections_number": "X-00000",
    "facility": "Example State Prison",
    "impeachment": "Det. A. Example (Example Police Department #0000): sustained finding of a false report, 2019.",
}

SAMPLE_ADDRESS = (
    "Jordan Example, No. X-00000",
    "Example State Prison",
    "P.O. Box 1000",
    "Example City, CA 90000",
)


# Rendered text at most. A body of the longest allowed template text (20,000 characters) prints
# as some 6 pages; 100,000 is 5 times that (about 30 pages), and its PDF takes about a second.
# A subject is one line.
BODY_OUTPUT_MAX = 100_000
SUBJECT_OUTPUT_MAX = 1_000
# Wall-clock time one render may take, checked after each piece of text it produces.
RENDER_SECONDS_MAX = 2.0


class _LetterEngine(Engine):
    default_builtins = ["habeas.letters.template_library"]


_ENGINE = _LetterEngine(
    dirs=[], app_dirs=False, loaders=[], libraries={}, debug=False, string_if_invalid=""
)


class LetterTemplateError(Exception):
    """A template that does not compile or render; ``message`` is fit to show its author."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_TAGS_HELP = ", ".join(ALLOWED_TAGS)
_FILTERS_HELP = ", ".join(ALLOWED_FILTERS)
_INVALID_FILTER = re.compile(r"Invalid filter: '([^']*)'")


def _tags_checked(source: str) -> None:
    """Refuse any tag outside the allow-list by name, before Django's parser (whose message
    speaks of registering and loading libraries) sees it."""
    for token in Lexer(source).tokenize():
        if token.token_type != TokenType.BLOCK or not token.contents.split():
            continue
        name = token.contents.split()[0]
        if name not in ALLOWED_TAGS and name not in TAG_PARTS:
            raise LetterTemplateError(
                f"Template syntax error: letters cannot use {{% {name} %}}. "
                f"The tags a letter can use are: {_TAGS_HELP}."
            )


def _expressions(obj: object) -> Iterator[FilterExpression]:
    """The filter expressions held in a node's attribute (a condition of {% if %} is a tree)."""
    if isinstance(obj, FilterExpression):
        yield obj
    elif isinstance(obj, (list, tuple)) and not isinstance(obj, NodeList):
        for item in obj:
            yield from _expressions(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _expressions(item)
    elif isinstance(obj, TokenBase):
        for part in ("first", "second", "value"):
            yield from _expressions(getattr(obj, part, None))


_WIDTH_FILTER_NAMES = {id(template_library.register.filters[name]): name for name in WIDTH_FILTERS}


def _named_only(variable: object) -> None:
    # Values are plain strings: a dotted name would only reach the methods of str.
    if isinstance(variable, Variable) and variable.lookups and len(variable.lookups) > 1:
        raise LetterTemplateError(
            f"Letters print values by their name only, e.g. {{{{ {variable.lookups[0]} }}}}; "
            f"{variable.var} is not allowed."
        )


def _expressions_checked(template: Template) -> None:
    """Values are named plainly, and every width is a number written in the template and
    inside its bound: a width taken from a case value could be anything."""
    for node in template.nodelist.get_nodes_by_type(Node):
        for value in vars(node).values():
            for expression in _expressions(value):
                _named_only(expression.var)
                for func, args in expression.filters:
                    for is_variable, arg in args:
                        if is_variable:
                            _named_only(arg)
                    name = _WIDTH_FILTER_NAMES.get(id(func))
                    if name is None:
                        continue
                    if not args or args[0][0]:
                        raise LetterTemplateError(
                            f"The width after |{name} must be a number written in the "
                            f'template, e.g. {name}:"30".'
                        )
                    problem = width_problem(name, args[0][1])
                    if problem:
                        raise LetterTemplateError(problem)


def _compile(source: str) -> Template:
    _tags_checked(source)
    try:
        template = _ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        invalid = _INVALID_FILTER.match(str(exc))
        if invalid:
            raise LetterTemplateError(
                f"Template syntax error: letters cannot use the filter |{invalid.group(1)}. "
                f"The filters a letter can use are: {_FILTERS_HELP}."
            ) from exc
        raise LetterTemplateError(f"Template syntax error: {exc}") from exc
    except (RecursionError, MemoryError) as exc:
        raise LetterTemplateError("Template syntax error: the tags are nested too deeply.") from exc
    _expressions_checked(template)
    return template


class _Budget:
    """What one render may still produce, and until when."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.left = limit
        self.deadline = time.monotonic() + seconds

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise LetterRuleError(
                f"The letter would be longer than {self.limit:,} characters; shorten the "
                "template or the widths it uses."
            )
        if time.monotonic() > self.deadline:
            raise LetterRuleError("The letter takes too long to produce; simplify the template.")


def _budgeted(template: Template, budget: _Budget) -> Template:
    """Count every piece of text the render produces against ``budget`` as it is produced, so
    a render that would grow too large stops at the limit instead of after building it all.
    Only the nodes holding no other node produce text; {% if %} and {% with %} join theirs."""
    for node in template.nodelist.get_nodes_by_type(Node):
        if node.get_nodes_by_type(Node) != [node]:
            continue
        render = node.render_annotated

        def counted(context: Context, render: Callable[[Context], object] = render) -> object:
            text = render(context)
            budget.spend(len(str(text)))
            return text

        node.render_annotated = counted  # type: ignore[method-assign,assignment]
    return template


def _plain_context(values: Mapping[str, object]) -> Context:
    # Strings only, and only the known names: nothing reachable beyond them.
    data = {name: str(values.get(name, "") or "") for name in LETTER_VARIABLES}
    return Context(data, autoescape=False)


def render_plain(source: str, values: Mapping[str, object], *, limit: int = BODY_OUTPUT_MAX) -> str:
    """Render template text to plain (unescaped) text of at most ``limit`` characters."""
    template = _budgeted(_compile(source), _Budget(limit, RENDER_SECONDS_MAX))
    try:
        return template.render(_plain_context(values))
    except LetterRuleError as exc:
        raise LetterTemplateError(exc.message) from exc
    except Exception as exc:  # noqa: BLE001  (any render failure is the author's to fix, not a 500)
        raise LetterTemplateError(f"The template could not be rendered: {exc}") from exc


_LIMITS = {"subject": SUBJECT_OUTPUT_MAX, "body": BODY_OUTPUT_MAX}


def letter_template_check(*, subject: str, body: str) -> dict[str, list[str]]:
    """Field -> messages for a subject and body that would fail to render; empty when fine."""
    errors: dict[str, list[str]] = {}
    for name, source in (("subject", subject), ("body", body)):
        try:
            render_plain(source, SAMPLE_CONTEXT, limit=_LIMITS[name])
        except LetterTemplateError as exc:
            errors[name] = [exc.message]
    return errors


def body_to_html(text: str) -> SafeString:
    """Escape plain text and turn blank-line-separated paragraphs into <p> elements."""
    return mark_safe(linebreaks(text.strip(), autoescape=True))  # noqa: S308  (escaped by linebreaks)


def letter_document(
    *,
    subject: str,
    body: str,
    values: Mapping[str, object],
    letterhead: Mapping[str, str],
    address: Sequence[str] = (),
    letter_date: str = "",
    toolbar: Mapping[str, str] | None = None,
) -> str:
    """The whole letter as a standalone HTML document (also the input for the PDF): dated
    ``letter_date`` (the decision's date; today's when empty), addressed to ``address``."""
    plain = {name: str(values.get(name, "") or "") for name in LETTER_VARIABLES}
    context = {
        "subject": " ".join(render_plain(subject, values, limit=SUBJECT_OUTPUT_MAX).split()),
        "body_html": body_to_html(render_plain(body, values)),
        "letterhead": letterhead,
        "values": plain,
        "address": [line for line in address if line] or [plain["applicant_name"]],
        "letter_date": letter_date or plain["today"],
        "toolbar": toolbar,
    }
    return render_to_string("letters/letter.html", context)
