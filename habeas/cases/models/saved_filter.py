"""A set of case-list filters a user saved under a name ("My screening cases"): personal, never
shown to anyone else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

MAX_SAVED_FILTERS = 20  # per user
NAME_MAX_LENGTH = 80


class SavedCaseFilter(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_case_filters"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    # Only the case list's known filter keys, each value as the list applies it
    # (habeas/cases/list_filters.py: case_filters_checked).
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            # "My cases" and "my cases" are one name: saving under either replaces the other.
            models.UniqueConstraint(
                Lower("name"), "user", name="saved_case_filter_name_unique_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.name
