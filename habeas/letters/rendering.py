"""Rendering letter bodies written by users, safely.

A body is Django template text rendered by its own engine: only the tags and filters in
``template_library``, no template loaders, and a context of the plain strings in
``LETTER_VARIABLES``. The result is treated as plain text and HTML-escaped as a whole (the
author's own text included), then split into paragraphs and put in the fixed letterhead layout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Template
from django.template.loader import render_to_string
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

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
}

SAMPLE_ADDRESS = (
    "Jordan Example, No. X-00000",
    "Example State Prison",
    "P.O. Box 1000",
    "Example City, CA 90000",
)


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


def _compile(source: str) -> Template:
    try:
        return _ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise LetterTemplateError(f"Template syntax error: {exc}") from exc


def _plain_context(values: Mapping[str, object]) -> Context:
    # Strings only, and only the known names: nothing reachable beyond them.
    data = {name: str(values.get(name, "") or "") for name in LETTER_VARIABLES}
    return Context(data, autoescape=False)


def render_plain(source: str, values: Mapping[str, object]) -> str:
    """Render template text to plain (unescaped) text."""
    template = _compile(source)
    try:
        return template.render(_plain_context(values))
    except Exception as exc:  # noqa: BLE001  (any render failure is the author's to fix, not a 500)
        raise LetterTemplateError(f"The template could not be rendered: {exc}") from exc


def letter_template_check(*, subject: str, body: str) -> dict[str, list[str]]:
    """Field -> messages for a subject and body that would fail to render; empty when fine."""
    errors: dict[str, list[str]] = {}
    for name, source in (("subject", subject), ("body", body)):
        try:
            render_plain(source, SAMPLE_CONTEXT)
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
        "subject": " ".join(render_plain(subject, values).split()),
        "body_html": body_to_html(render_plain(body, values)),
        "letterhead": letterhead,
        "values": plain,
        "address": [line for line in address if line] or [plain["applicant_name"]],
        "letter_date": letter_date or plain["today"],
        "toolbar": toolbar,
    }
    return render_to_string("letters/letter.html", context)
