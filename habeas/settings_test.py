"""Test settings: fast hashing, no lockout surprises between tests, locmem email."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("HABEAS_DATA_DIR", tempfile.mkdtemp(prefix="habeas-test-"))
os.environ.setdefault("HABEAS_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

# The audit key and checkpoints outside the data dir, as in production (tests that need a fresh
# checkpoint folder get one per test from tests/conftest.py).
_audit_home = tempfile.mkdtemp(prefix="habeas-test-audit-")
if not os.environ.get("HABEAS_AUDIT_KEY_FILE"):
    os.environ["HABEAS_AUDIT_KEY_FILE"] = os.path.join(_audit_home, "audit-key")
    with open(os.environ["HABEAS_AUDIT_KEY_FILE"], "w") as _key:
        _key.write("test-only-audit-key-not-for-production-0123456789\n")
os.environ.setdefault("HABEAS_AUDIT_CHECKPOINT_DIR", os.path.join(_audit_home, "checkpoints"))

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
