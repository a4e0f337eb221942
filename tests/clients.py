"""How tests talk to Habeas the way its users do: JSON to /api/v1 with a bearer token, htmx
requests to the pages, and ``habeas`` commands with their exit codes."""

from __future__ import annotations

import io
import json
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from habeas.accounts.models import User
from habeas.accounts.services import token_create
from tests.conftest import intake_payload


class Api:
    """A client that speaks JSON to /api/v1 as one user."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers: dict[str, Any] = {}
        if user is not None:
            _, token = token_create(user=user)
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        data = "" if body is None else json.dumps(body)
        return getattr(self.client, method.lower())(
            f"/api/v1{path}", data=data, content_type="application/json", **self.headers
        )

    def post(self, path: str, body: Any) -> Any:
        return self.send("post", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self.send("patch", path, body)

    def delete(self, path: str) -> Any:
        return self.send("delete", path)


def intake_body(docket: str, **case_fields: object) -> dict[str, Any]:
    """The shared intake fixture in the API's shape: {case, applicant, incident, conviction}."""
    payload = intake_payload(docket=docket, **case_fields)
    return {"case": payload["case"], **payload["sections"]}  # type: ignore[dict-item]


def case_data_counts() -> dict[str, int]:
    """Row counts of every case-data table, to show a refused request wrote nothing."""
    return {
        m._meta.label: m._default_manager.count() for m in apps.get_app_config("cases").get_models()
    }


def htmx(target: str = "") -> dict[str, Any]:
    """Headers of an htmx request aimed at the element with id ``target``."""
    headers = {"HTTP_HX_REQUEST": "true"}
    if target:
        headers["HTTP_HX_TARGET"] = target
    return headers


def run(*args: str, **options: Any) -> tuple[int, str, str]:
    """Run a management command; return (exit code, stdout, stderr). CommandError becomes its exit code."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        err.write(str(exc))
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()
