"""Configuration from the environment, as the README documents it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from habeas.core.env import env_bool, env_int
from habeas.settings import _database_from_url


def _settings_in_subprocess(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import habeas.settings fresh, as `habeas` would at start-up, and print a few values."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HABEAS_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    code = (
        "from habeas import settings as s; "
        "print(s.DATABASES['default']['ENGINE']); print(s.DATA_DIR); print(s.HABEAS_REQUIRE_2FA_FOR_ALL); "
        "print(s.SECRET_KEY)"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        env={**base, "HABEAS_DATA_DIR": str(tmp_path / "data"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("NO", False),
        ("off", False),
        ("", False),
    ],
)
def test_booleans_accept_the_documented_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("HABEAS_X", raw)
    assert env_bool("HABEAS_X", False) is expected


def test_a_misspelt_boolean_or_integer_stops_start_up_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HABEAS_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="HABEAS_X"):
        env_bool("HABEAS_X", False)
    with pytest.raises(ImproperlyConfigured, match="HABEAS_X"):
        env_int("HABEAS_X", 5)
    monkeypatch.delenv("HABEAS_X")
    assert env_int("HABEAS_X", 5) == 5


def test_database_url_for_postgresql_is_decoded() -> None:
    db = _database_from_url("postgresql://hab%40eas:p%2Fss@db.internal:5433/cases")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "hab@eas",
        "p/ss",
        "db.internal",
        "5433",
        "cases",
    )


def test_database_url_with_another_scheme_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        _database_from_url("mysql://u:p@localhost/db")


def test_embedded_default_keeps_sqlite_and_a_private_generated_secret_in_the_data_dir(
    tmp_path: Path,
) -> None:
    first = _settings_in_subprocess(tmp_path)
    assert first.returncode == 0, first.stderr
    engine, data_dir, require_all, secret = first.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(data_dir) == (tmp_path / "data").resolve()
    assert require_all == "False"
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.read_text().strip() == secret and len(secret) >= 50
    assert key_file.stat().st_mode & 0o077 == 0
    again = _settings_in_subprocess(tmp_path)
    assert again.stdout.split()[3] == secret  # reused, not regenerated


def test_environment_overrides_reach_the_settings(tmp_path: Path) -> None:
    result = _settings_in_subprocess(
        tmp_path,
        HABEAS_REQUIRE_2FA_FOR_ALL="true",
        HABEAS_SECRET_KEY="x" * 60,
        DATABASE_URL="postgresql://habeas:pw@127.0.0.1:5432/habeas",
    )
    assert result.returncode == 0, result.stderr
    engine, _, require_all, secret = result.stdout.split()
    assert (engine, require_all, secret) == ("django.db.backends.postgresql", "True", "x" * 60)
    assert not (tmp_path / "data" / "secret_key").exists()


def test_a_bad_value_fails_at_start_up(tmp_path: Path) -> None:
    result = _settings_in_subprocess(tmp_path, HABEAS_REQUIRE_2FA_FOR_ALL="sometimes")
    assert result.returncode != 0
    assert "HABEAS_REQUIRE_2FA_FOR_ALL" in result.stderr


def _transport_settings(tmp_path: Path, **env: str) -> list[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HABEAS_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    code = (
        "from habeas import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        env={**base, "HABEAS_DATA_DIR": str(tmp_path / "data"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip().split(" ", 5)


def test_https_site_url_turns_on_secure_cookies_and_hsts(tmp_path: Path) -> None:
    assert _transport_settings(tmp_path, HABEAS_SITE_URL="https://habeas.example.org") == [
        "True", "True", "31536000", "False", "False", "None"
    ]  # fmt: skip
    assert _transport_settings(tmp_path) == ["False", "False", "0", "False", "False", "None"]
    assert _transport_settings(tmp_path, HABEAS_SITE_URL="http://habeas.example.org")[:3] == [
        "False", "False", "0"
    ]  # fmt: skip
    # Each default can be overridden, and a proxy header is used only when named.
    assert _transport_settings(
        tmp_path,
        HABEAS_SITE_URL="https://habeas.example.org",
        HABEAS_SECURE_COOKIES="false",
        HABEAS_HSTS_SECONDS="600",
        HABEAS_PROXY_SSL_HEADER="X-Forwarded-Proto",
    ) == ["False", "False", "600", "False", "False", "('HTTP_X_FORWARDED_PROTO', 'https')"]


# --- test processes' own folders ------------------------------------------------------------------


def test_an_xdist_worker_does_not_keep_the_controllers_folders() -> None:
    from habeas.settings_test import folders_made_here

    inherited = {"HABEAS_DATA_DIR": "/tmp/x", "HABEAS_TEST_FOLDERS_OF": ""}
    assert folders_made_here({**inherited, "PYTEST_XDIST_WORKER": "gw1"})
    # the controller itself, and a subprocess a worker starts, keep theirs
    assert not folders_made_here(inherited)
    assert not folders_made_here(
        {**inherited, "HABEAS_TEST_FOLDERS_OF": "gw1", "PYTEST_XDIST_WORKER": "gw1"}
    )
    # an operator's own folder is kept; none at all: made here
    assert not folders_made_here({"HABEAS_DATA_DIR": "/srv/habeas-test"})
    assert folders_made_here({})


def test_this_test_process_runs_on_folders_of_its_own() -> None:
    """Two xdist workers on one data folder removed each other's job folders (same document ids in
    separate databases): each worker's folders are its own."""
    from django.conf import settings

    if "HABEAS_TEST_FOLDERS_OF" not in os.environ and "PYTEST_XDIST_WORKER" not in os.environ:
        pytest.skip("one test process, on the data folder the operator gave")
    assert os.environ["HABEAS_TEST_FOLDERS_OF"] == os.environ.get("PYTEST_XDIST_WORKER", "")
    assert str(settings.DATA_DIR) == str(Path(os.environ["HABEAS_DATA_DIR"]).resolve())
