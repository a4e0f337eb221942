"""Test settings: fast hashing, no lockout surprises between tests, locmem email."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("HABEAS_DATA_DIR", tempfile.mkdtemp(prefix="habeas-test-"))
os.environ.setdefault("HABEAS_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from habeas.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No heartbeat thread writing from beside the test's transaction; tests/core/test_jobs.py turns it on.
HABEAS_JOB_HEARTBEAT_SECONDS = 0
