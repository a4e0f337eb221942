"""Saving the case list's filters under a name, and removing a saved set. With htmx the answer is
the "Saved filters" block again; without JavaScript, the list with the filters applied."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from habeas.accounts.current import request_user
from habeas.cases.list_filters import case_filters_params, case_filters_read, case_list_url
from habeas.cases.services.saved_filters import FilterSaved, case_filter_delete, case_filter_save
from habeas.cases.views.list import case_list_page, saved_filters_context
from habeas.core.errors import ApplicationError
from habeas.core.web import is_domain_refusal, is_htmx

# Fields of the save form that are not filters.
_NOT_FILTERS = frozenset({"csrfmiddlewaretoken", "name"})


def _block(
    request: HttpRequest,
    *,
    name: str = "",
    errors: Sequence[str] = (),
    notices: Sequence[str] = (),
) -> HttpResponse:
    """The block again, for the filters the page shows (sent along as the forms' hidden fields)."""
    user = request_user(request)
    filters = case_filters_read(request.POST, user)
    context = saved_filters_context(user, filters, name=name, errors=errors, notices=notices)
    return render(request, "cases/_saved_filters_answer.html", context)


def _saved_words(result: FilterSaved) -> str:
    if result.replaced:
        return (
            f"Saved “{result.saved.name}”, in place of the filters you had saved under that name."
        )
    return f"Saved “{result.saved.name}”."


@login_required
@require_POST
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    name = request.POST.get("name", "")
    params = {key: request.POST.get(key, "") for key in request.POST if key not in _NOT_FILTERS}
    try:
        result = case_filter_save(actor=user, name=name, params=params)
    except ApplicationError as exc:
        if is_domain_refusal(exc):
            raise
        errors = [problem for problems in exc.fields.values() for problem in problems]
        if is_htmx(request):
            return _block(request, name=name, errors=errors, notices=[exc.message])
        shown = QueryDict(urlencode(case_filters_params(case_filters_read(request.POST, user))))
        return case_list_page(
            request,
            shown,
            save={"name": name, "errors": errors, "notices": [exc.message]},
            status=400,
        )
    notices = [_saved_words(result), *result.left_out]
    if is_htmx(request):
        return _block(request, notices=notices)
    for notice in notices:
        messages.success(request, notice)
    return redirect(case_list_url(result.saved.params))


@login_required
@require_POST
def saved_filter_delete(request: HttpRequest, filter_id: int) -> HttpResponse:
    user = request_user(request)
    name = case_filter_delete(actor=user, filter_id=filter_id)
    done = f"Removed the saved filters “{name}”."
    if is_htmx(request):
        return _block(request, notices=[done])
    messages.success(request, done)
    return redirect(case_list_url(case_filters_params(case_filters_read(request.POST, user))))
