"""Who is acting: the one way every view, API handler and command gets its user.

Web views run behind ``login_required`` and API handlers behind the API's authentication, so the
request's user is always a signed-in ``User`` there; commands name theirs with ``--as USERNAME``.
Anyone who can run a command can already read the database, so naming the user is for
accountability (the audit log), not secrecy.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.management.base import CommandError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from habeas.accounts.models import User
from habeas.accounts.selectors import two_factor_pending_step, user_active

View = Callable[..., HttpResponse]


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a web or API request."""
    user = request.user
    assert isinstance(user, User)  # login_required / the API's auth ran first
    return user


def cli_user(username: str | None) -> User:
    """The active user a command acts as: ``--as USERNAME``, else ``$HABEAS_USER``."""
    name = (username or os.environ.get("HABEAS_USER", "")).strip()
    if not name:
        raise CommandError("say who is acting: --as USERNAME (or set HABEAS_USER)")
    user = user_active(name)
    if user is None:
        raise CommandError(f"no active user named {name!r}")
    return user


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def verified_login_required(view: View) -> View:
    """Logged in and, where two-factor is required, verified in this session."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        step = two_factor_pending_step(request_user(request))
        if step is not None:
            return redirect(with_next(step, request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper
