from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from habeas.cases.selectors import person_get, person_list
from habeas.cases.services.people import PersonForm, person_create
from habeas.cases.views.common import attach_errors, current_user, html_form_data, is_domain_refusal
from habeas.core.errors import ApplicationError


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
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
    page = Paginator(person_list(user=user, q=q), 50).get_page(request.GET.get("page"))
    return render(request, "cases/people.html", {"page": page, "q": q, "form": form}, status=status)


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person, appearances = person_get(user=current_user(request), person_id=person_id)
    return render(request, "cases/person.html", {"person": person, "appearances": appearances})
