"""People of the organization (officers, prosecutors, analysts, witnesses…) and linking them to cases."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from habeas.accounts.current import request_user
from habeas.accounts.roles import WRITER_ROLES
from habeas.cases.models import PersonRole
from habeas.cases.panels import PERSON_PANELS
from habeas.cases.reads import case_read, person_read
from habeas.cases.selectors import case_get, person_appearances_linked, person_get, person_list
from habeas.cases.services.kinds import kind_get
from habeas.cases.services.people import (
    PersonForm,
    person_create,
    person_create_on_case,
    person_update,
)
from habeas.cases.views.common import tab_url
from habeas.cases.views.detail import render_case
from habeas.cases.views.records import section_response
from habeas.cases.views.sections import PERSON_CHOICES_LIMIT
from habeas.core.errors import ApplicationError
from habeas.core.web import ActionState, attach_errors, html_form_data, is_domain_refusal, is_htmx

PEOPLE_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def people_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = PersonForm(auto_id="person-%s")
    status = 200
    if request.method == "POST":
        try:
            person = person_create(actor=user, data=html_form_data(PersonForm, request.POST))
            messages.success(request, f"{person} added.")
            return redirect("cases:person", person_id=person.pk)
        except ApplicationError as exc:
            if is_domain_refusal(exc):
                raise
            form = PersonForm(data=request.POST, auto_id="person-%s")
            form.is_valid()
            attach_errors(form, exc)
            status = 400
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(
        person_list(user=user, q=q).order_by("last_name", "first_name", "pk"), PEOPLE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "form": form,
        "can_create": user.role in WRITER_ROLES,
        "open_new": status == 400,
    }
    if is_htmx(request) and request.headers.get("HX-Target") == "people-results":
        return render(request, "cases/_people_results.html", context)
    return render(request, "cases/people.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request_user(request)
    form = None
    status = 200
    if request.method == "POST":
        try:
            person_update(
                actor=user, person_id=person_id, data=html_form_data(PersonForm, request.POST)
            )
            messages.success(request, "Person saved.")
            return redirect("cases:person", person_id=person_id)
        except ApplicationError as exc:
            if is_domain_refusal(exc):
                raise
            form = PersonForm(data=request.POST, auto_id="person-%s")
            form.is_valid()
            attach_errors(form, exc)
            status = 400
    person, _ = person_get(user=user, person_id=person_id)
    person_read(user=user, person=person, request=request)
    can_edit = user.role in WRITER_ROLES
    if form is None and can_edit:
        form = PersonForm(instance=person, auto_id="person-%s")
    # Sections features add (pattern alerts, linked records), each rendered from its own template.
    panels = {
        slot: [
            render_to_string(
                panel.template,
                {"person": person, **(panel.build(user, person) if panel.build else {})},
                request=request,
            )
            for panel in PERSON_PANELS.visible(user.role, slot)
        ]
        for slot in ("top", "bottom")
    }
    context = {
        "person": person,
        "panels": panels,
        "appearances": person_appearances_linked(user=user, person=person),
        "form": form,
        "open_edit": status == 400,
    }
    return render(request, "cases/person.html", context, status=status)


@login_required
@require_GET
def person_search(request: HttpRequest, ref: str) -> HttpResponse:
    """Options for the "link a person" select: people of the case's organization matching ``q``."""
    user = request_user(request)
    q = request.GET.get("q", request.GET.get("person_q", "")).strip()[:100]
    case = case_read(user=user, ref=ref, view="tab:people", request=request)
    if not is_htmx(request):
        return redirect(tab_url(ref, "people") + f"&person_q={q}#section-people")
    people = (
        person_list(user=user, q=q)
        .filter(organization_id=case.organization_id)
        .order_by("last_name", "first_name")
    )
    shown = list(people[: PERSON_CHOICES_LIMIT + 1])
    return render(
        request,
        "cases/_person_options.html",
        {
            "people": shown[:PERSON_CHOICES_LIMIT],
            "more": len(shown) > PERSON_CHOICES_LIMIT,
            "q": q,
        },
    )


@login_required
@require_POST
def person_link_new(request: HttpRequest, ref: str) -> HttpResponse:
    """Create a person of the organization and link them to this case in one step (all or nothing)."""
    user = request_user(request)
    case = case_get(user=user, ref=ref, write=True)  # outsiders stop here, before anything else
    role = request.POST.get("role", "")
    try:
        person, _ = person_create_on_case(
            actor=user, case_ref=ref, data=html_form_data(PersonForm, request.POST), role=role
        )
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        form = PersonForm(data=request.POST, auto_id="newperson-%s")
        form.is_valid()
        person_errors = ApplicationError(
            exc.message, {k: v for k, v in exc.fields.items() if k in PersonForm.base_fields}
        )
        if person_errors.fields:
            attach_errors(form, person_errors)
        state = ActionState.from_error(request, exc)
        return render_case(
            request,
            case,
            "people",
            bound={"person:new": form},
            actions={"person_link": state},
            status=400,
        )
    done = f"{person.full_name()} added to the organization's people and linked as {PersonRole(role).label.lower()}."
    if is_htmx(request):
        return section_response(request, case, kind_get("people"), message=done)
    messages.success(request, done)
    return redirect(tab_url(ref, "people", "section-people"))
