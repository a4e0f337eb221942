"""The actions of one record row (Edit, Mark done / Reopen for a task, Delete) as HTML, built in
Python: the markup the former ``cases/sections/_row_actions.html`` include wrote (the tests
compare the two), at a fraction of its cost on a page of many rows (each row reversed up to six
URLs through the template engine)."""

from __future__ import annotations

from typing import Any

from django.template import Context
from django.template.defaultfilters import truncatechars
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from habeas.cases.form_fields import W
from habeas.cases.views.sections import Section


def csrf_input(token: object) -> SafeString:
    """What ``{% csrf_token %}`` writes for ``token``: Django's own tag, rendered once per row."""
    return mark_safe(CsrfTokenNode().render(Context({"csrf_token": token})))  # noqa: S308 - Django's


def row_actions_html(s: Section, row: dict[str, Any], ref: str, csrf_token: object) -> SafeString:
    if not row["can_write"]:
        return mark_safe("")  # noqa: S308 - empty
    pk, slug, target = row["pk"], s.slug, f"#section-{s.top}"
    what = truncatechars(row["obj"], 40)
    csrf = csrf_input(csrf_token)
    parts = [
        W,
        format_html(
            '<a href="{}?tab={}&amp;edit={}:{}#row-{}-{}"{}hx-get="{}" hx-target="{}" '
            'hx-swap="outerHTML">Edit<span class="visually-hidden"> {}</span></a>',
            reverse("cases:detail", kwargs={"ref": ref}),
            s.tab,
            slug,
            pk,
            slug,
            pk,
            W,
            reverse("cases:record_update", kwargs={"ref": ref, "slug": slug, "pk": pk}),
            target,
            what,
        ),
        W,
    ]
    if slug == "tasks":
        done = reverse("cases:task_done", kwargs={"ref": ref, "pk": pk})
        value, words = ("0", "Reopen") if row["obj"].done_at else ("1", "Mark done")
        parts += [
            format_html(
                '<form method="post" class="inline" action="{}"{}hx-post="{}" hx-target="{}" '
                'hx-swap="outerHTML">{}{}<input type="hidden" name="done" value="{}">'
                '<button type="submit" class="link">{}<span class="visually-hidden"> {}</span>'
                "</button>{}</form>",
                done,
                W,
                done,
                target,
                csrf,
                W,
                value,
                words,
                what,
                W,
            ),
            W,
        ]
    if s.kind.deletable:
        delete = reverse("cases:record_delete", kwargs={"ref": ref, "slug": slug, "pk": pk})
        label = s.spec.delete_label
        parts += [
            format_html(
                '<form method="post" class="inline" action="{}"{}hx-post="{}" hx-target="{}" '
                'hx-swap="outerHTML"{}hx-confirm="{}: {}? The audit log keeps that it existed.">'
                '{}{}<button type="submit" class="link danger">{}<span class="visually-hidden"> '
                "{}</span></button>{}</form>",
                delete,
                W,
                delete,
                target,
                W,
                label,
                what,
                csrf,
                W,
                label,
                what,
                W,
            ),
            W,
        ]
    return mark_safe("".join(parts))  # noqa: S308 - every part built by format_html
