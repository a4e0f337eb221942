"""The organization's settings page (administrators): visibility and two-factor policy, committee
quorum, the screening checklist, and the members' two-factor status (with a reset for a lost phone).

It lives under /accounts/, which TwoFactorRequiredMiddleware exempts (a user must be able to reach
two-factor enrolment), so it checks two-factor itself with ``verified_login_required``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from habeas.accounts.current import request_user, verified_login_required
from habeas.accounts.forms import CriterionAddForm, CriterionLabelForm, OrganizationSettingsForm
from habeas.accounts.selectors import organization_members
from habeas.accounts.services import (
    organization_admin_checked,
    organization_settings_update,
    two_factor_reset,
)
from habeas.cases.selectors import screening_criteria
from habeas.cases.services.screening import (
    screening_criterion_add,
    screening_criterion_move,
    screening_criterion_update,
)
from habeas.core.errors import ApplicationError
from habeas.core.web import attach_errors


def _org_settings_page(
    request: HttpRequest,
    *,
    settings_form: OrganizationSettingsForm | None = None,
    add_form: CriterionAddForm | None = None,
    criterion_errors: dict[int, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    org = user.organization
    assert org is not None  # noqa: S101  (admins always belong to an organization; checked before)
    context = {
        "organization": org,
        "settings_form": settings_form
        or OrganizationSettingsForm(
            initial={
                "require_2fa_for_all": org.require_2fa_for_all,
                "members_see_all_cases": org.members_see_all_cases,
                "pattern_hidden_counts": org.pattern_hidden_counts,
                "committee_quorum": org.committee_quorum,
            }
        ),
        "add_form": add_form or CriterionAddForm(),
        "criteria": list(screening_criteria(org.pk, active_only=False)),
        "criterion_errors": criterion_errors or {},
        "members": organization_members(organization=org),
    }
    return render(request, "administration/org_settings.html", context, status=status)


@verified_login_required
@require_http_methods(["GET", "POST"])
def org_settings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    organization_admin_checked(user)
    if request.method == "GET":
        return _org_settings_page(request)

    action = request.POST.get("action", "")
    if action == "reset_2fa":
        username = request.POST.get("username", "")
        two_factor_reset(actor=user, username=username)
        messages.success(
            request,
            f"Two-factor cleared for {username}; they will enrol again at their next login.",
        )
        return redirect("administration:org_settings")
    if action == "settings":
        form = OrganizationSettingsForm(request.POST)
        if form.is_valid():
            try:
                organization_settings_update(actor=user, **form.cleaned_data)
            except ApplicationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "Settings saved.")
                return redirect("administration:org_settings")
        return _org_settings_page(request, settings_form=form, status=400)

    if action == "add":
        add_form = CriterionAddForm(request.POST)
        if add_form.is_valid():
            try:
                screening_criterion_add(actor=user, **add_form.cleaned_data)
            except ApplicationError as exc:
                attach_errors(add_form, exc)
            else:
                messages.success(request, "Criterion added.")
                return redirect("administration:org_settings")
        return _org_settings_page(request, add_form=add_form, status=400)

    try:
        criterion_id = int(request.POST.get("criterion", ""))
    except ValueError:
        raise ApplicationError("Choose a criterion.") from None
    if action == "relabel":
        label_form = CriterionLabelForm(request.POST)
        if not label_form.is_valid():
            errors = [str(m) for msgs in label_form.errors.values() for m in msgs]
            return _org_settings_page(request, criterion_errors={criterion_id: errors}, status=400)
        try:
            screening_criterion_update(
                actor=user, criterion_id=criterion_id, label=label_form.cleaned_data["label"]
            )
        except ApplicationError as exc:
            errors = [str(m) for msgs in exc.fields.values() for m in msgs] or [exc.message]
            return _org_settings_page(
                request, criterion_errors={criterion_id: errors}, status=exc.status_code
            )
        messages.success(request, "Label saved.")
    elif action in ("deactivate", "activate"):
        screening_criterion_update(
            actor=user, criterion_id=criterion_id, active=action == "activate"
        )
        messages.success(
            request,
            "Criterion "
            + ("activated." if action == "activate" else "deactivated; recorded answers are kept."),
        )
    elif action in ("up", "down"):
        screening_criterion_move(
            actor=user, criterion_id=criterion_id, offset=-1 if action == "up" else 1
        )
    else:
        raise ApplicationError("Unknown action.")
    return HttpResponseRedirect(reverse("administration:org_settings") + "#criteria")
