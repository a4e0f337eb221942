"""Test settings: fast hashing, no lockout surprises between tests, locmem email."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping


def folders_made_here(environ: Mapping[str, str]) -> bool:
    """Whether this process makes its own data, audit-key and checkpoint folders: yes unless they
    came from an operator, or from this same test process (a subprocess it started inherits them).

    pytest-xdist's workers inherit the controller's environment: sharing its folders, two workers
    with separate databases but the same document ids removed each other's job folders (an OCR
    page's text vanished mid-run) and wrote each other's audit checkpoints."""
    owner = environ.get("HABEAS_TEST_FOLDERS_OF")
    worker = environ.get("PYTEST_XDIST_WORKER", "")
    if owner is None:
        return "HABEAS_DATA_DIR" not in environ
    return owner != worker


if folders_made_here(os.environ):
    os.environ["HABEAS_TEST_FOLDERS_OF"] = os.environ.get("PYTEST_XDIST_WORKER", "")
    os.environ["HABEAS_DATA_DIR"] = tempfile.mkdtemp(prefix="habeas-test-")
    for _name in ("HABEAS_AUDIT_KEY_FILE", "HABEAS_AUDIT_CHECKPOINT_DIR"):
        os.environ.pop(_name, None)
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
