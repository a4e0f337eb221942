"""The password backend: Django's ModelBackend, whose per-request user lookup also brings the
user's organization (every page reads it: visibility, roles, the header) in the same query
instead of a second one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from habeas.accounts.models import User


class PasswordBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("organization").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
