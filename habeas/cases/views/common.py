"""What the case page's small forms share: the tab URL, the way back to it after a save, and one
service call shown again on the tab when the rules refuse it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from habeas.accounts.current import request_user
from habeas.cases.reads import case_read
from habeas.cases.views.detail import render_case
from habeas.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from habeas.core.web import ActionState


def tab_url(ref: str, tab: str, anchor: str = "") -> str:
    url = reverse("cases:detail", kwargs={"ref": ref}) + f"?tab={tab}"
    return f"{url}#{anchor}" if anchor else url


def back_to_tab(request: HttpRequest, ref: str, tab: str, anchor: str = "") -> HttpResponse:
    """After a successful POST: the tab again (htmx reloads the page so the header follows too)."""
    url = tab_url(ref, tab, anchor)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def run_action(
    request: HttpRequest,
    ref: str,
    tab: str,
    name: str,
    action: Callable[[], object],
    done: str | Callable[[object], str],
    anchor: str = "",
    refusals_inline: bool = False,
) -> HttpResponse:
    """Run one service call for a small POST form. On success go back to the tab with a message; when
    the rules refuse, show the tab again with the form's values and each error next to its input.

    ``refusals_inline``: a 403 from the service (e.g. "you are recused") is shown on the tab, next to
    the form, instead of on the error page. A 404 always goes to the error page.
    """
    try:
        result = action()
    except ApplicationError as exc:
        if isinstance(exc, NotFoundError) or (
            isinstance(exc, PermissionDeniedError) and not refusals_inline
        ):
            raise
        case = case_read(user=request_user(request), ref=ref, view=f"tab:{tab}", request=request)
        status = exc.status_code if isinstance(exc, PermissionDeniedError) else 400
        return render_case(
            request, case, tab, actions={name: ActionState.from_error(request, exc)}, status=status
        )
    messages.success(request, done(result) if callable(done) else done)
    return back_to_tab(request, ref, tab, anchor)
