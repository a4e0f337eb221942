from __future__ import annotations

import io
import json
import re

import pytest
from django.db import connection

from habeas.accounts.models import ApiToken, Organization, User
from habeas.accounts.selectors import user_from_token
from habeas.audit.models import AuditEvent
from tests.clients import run
from tests.conftest import World

# --- case list / show ------------------------------------------------------------------------


def test_case_list_shows_the_owner_their_case_and_the_outsider_nothing(world: World) -> None:
    code, out, _ = run("case", "list", "--as", "owner")
    assert code == 0 and world.case.ref in out and "People v. Rivera" in out
    code, out, _ = run("case", "list", "--as", "outsider")
    assert code == 0 and world.case.ref not in out and out.strip() == "no cases"
    code, out, _ = run("case", "list", "--as", "nonmember", "--json")
    assert json.loads(out) == []


def test_case_list_filters_and_json(world: World) -> None:
    code, out, _ = run(
        "case",
        "list",
        "--as",
        "owner",
        "--json",
        "--stage",
        "intake",
        "--county",
        "los angeles",
        "--q",
        "rivera",
    )
    assert code == 0
    rows = json.loads(out)
    assert [r["ref"] for r in rows] == [world.case.ref] and rows[0][
        "applicant_name"
    ] == "Tomas Rivera"
    assert json.loads(run("case", "list", "--as", "owner", "--json", "--stage", "closed")[1]) == []
    code, _, err = run("case", "list", "--as", "owner", "--stage", "finished")
    assert code == 1 and "unknown stage 'finished'" in err


def test_case_list_reads_habeas_user_from_the_environment(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HABEAS_USER", "member")
    code, out, _ = run("case", "list")
    assert code == 0 and world.case.ref in out
    assert AuditEvent.objects.filter(action="case.list", username="member", source="cli").exists()


def test_case_show_all_sections_for_the_team(world: World) -> None:
    code, out, err = run("case", "show", world.case.ref, "--as", "member", "--json")
    assert code == 0, err
    detail = json.loads(out)
    assert detail["case"]["ref"] == world.case.ref
    assert detail["convictions"][0]["docket_number"] == "BA200101"
    assert detail["parties"][0]["last_name"] == "Rivera"
    assert {m["username"] for m in detail["team"]} == {"owner", "member"}
    assert detail["transitions"][0]["to"] == "intake"
    assert {
        "evidence",
        "leads",
        "notes",
        "facts",
        "resolutions",
        "screening",
        "votes",
    } <= detail.keys()
    code, out, _ = run("case", "show", world.case.ref, "--as", "owner")
    assert code == 0 and "Convictions" in out and "BA200101" in out
    read = AuditEvent.objects.filter(
        action="case.read", case_ref=world.case.ref, username="owner"
    ).last()
    assert read is not None and read.detail == {"view": "cli"} and read.source == "cli"


@pytest.mark.parametrize("who", ["outsider", "nonmember"])
def test_case_show_to_outsiders_is_case_not_found(world: World, who: str) -> None:
    code, out, err = run("case", "show", world.case.ref, "--as", who)
    assert code == 1 and out == ""
    assert err.strip() == "Case not found."
    assert run("case", "show", "NOPE-1", "--as", who)[2] == err  # same answer as a missing case


def test_case_command_needs_a_subcommand(world: World) -> None:
    code, _, err = run("case", "--as", "owner")
    assert code == 1 and "Traceback" not in err


# --- tokens --------------------------------------------------------------------------------


def test_token_create_list_revoke(world: World) -> None:
    code, out, err = run("token", "create", "owner", "--name", "nightly")
    assert code == 0 and "shown once" in err
    plaintext = out.strip()
    assert re.fullmatch(r"hab_[0-9a-f]{8}_\S+", plaintext)
    assert user_from_token(plaintext) == world.owner
    token = ApiToken.objects.get(user=world.owner)
    assert plaintext not in (token.token_hash, token.prefix)

    code, out, _ = run("token", "list", "owner")
    assert code == 0 and token.prefix in out and "nightly" in out and plaintext not in out

    code, _, err = run("token", "revoke", token.prefix, "--as", "outsider")
    assert code == 1 and "No active token" in err
    code, out, _ = run("token", "revoke", token.prefix, "--as", "owner")
    assert code == 0 and f"revoked token {token.prefix}" in out
    assert user_from_token(plaintext) is None
    assert run("token", "revoke", token.prefix, "--as", "owner")[0] == 1  # already revoked
    assert run("token", "create", "ghost")[0] == 1


# --- createuser ----------------------------------------------------------------------------


def test_createuser_with_password_on_stdin(world: World) -> None:
    code, out, err = run(
        "createuser",
        "newbie",
        "--org",
        "exciu",
        "--role",
        "investigator",
        "--email",
        "n@example.org",
        "--password-stdin",
        stdin=io.StringIO("a long enough passphrase 42\n"),
    )
    assert code == 0, err
    user = User.objects.get(username="newbie")
    assert (
        user.organization == world.org_a
        and user.role == "investigator"
        and user.check_password("a long enough passphrase 42")
    )
    event = AuditEvent.objects.get(action="user.create", detail__username="newbie")
    assert event.source == "cli"


def test_createuser_refuses_weak_passwords_with_the_validator_messages(world: World) -> None:
    code, _, err = run(
        "createuser",
        "weakling",
        "--org",
        "exciu",
        "--role",
        "student",
        "--password-stdin",
        stdin=io.StringIO("short\n"),
    )
    assert code == 1 and "too short" in err and "at least 12 characters" in err
    code, _, err = run(
        "createuser",
        "weakling",
        "--org",
        "exciu",
        "--role",
        "student",
        "--password-stdin",
        stdin=io.StringIO("password1234\n"),
    )
    assert code == 1 and "too common" in err
    assert not User.objects.filter(username="weakling").exists()


def test_createuser_can_create_the_organization_and_rolls_it_back_on_failure(world: World) -> None:
    code, _, err = run(
        "createuser",
        "boss",
        "--org",
        "newciu",
        "--role",
        "admin",
        "--create-org",
        "New County CIU",
        "--org-kind",
        "ciu",
        "--password-stdin",
        stdin=io.StringIO("tiny\n"),
    )
    assert code == 1 and not Organization.objects.filter(code="newciu").exists()
    code, out, err = run(
        "createuser",
        "boss",
        "--org",
        "newciu",
        "--role",
        "admin",
        "--create-org",
        "New County CIU",
        "--org-kind",
        "ciu",
        "--password-stdin",
        stdin=io.StringIO("a long enough passphrase 42\n"),
    )
    assert code == 0, err
    org = Organization.objects.get(code="newciu")
    assert org.kind == "ciu" and org.screening_criteria.count() > 0
    assert "two-factor" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x1", "--org", "nosuch", "--role", "student"], "no organization with code 'nosuch'"),
        (["owner", "--org", "exciu", "--role", "student"], "A user with that name exists"),
        (
            ["x2", "--org", "exciu", "--role", "student", "--create-org", "Dup"],
            "--create-org needs --org-kind",
        ),
        (
            [
                "x3",
                "--org",
                "exciu",
                "--role",
                "student",
                "--create-org",
                "Dup",
                "--org-kind",
                "ciu",
            ],
            "exists",
        ),
    ],
)
def test_createuser_errors(world: World, args: list[str], message: str) -> None:
    code, _, err = run(
        "createuser", *args, "--password-stdin", stdin=io.StringIO("a long enough passphrase 42\n")
    )
    assert code == 1 and message in err


def test_createuser_without_terminal_or_stdin_password(world: World) -> None:
    code, _, err = run(
        "createuser", "x4", "--org", "exciu", "--role", "student", stdin=io.StringIO("")
    )
    assert code == 1 and "--password-stdin" in err


# --- audit verify --------------------------------------------------------------------------


def test_audit_verify_ok(world: World) -> None:
    rows = AuditEvent.objects.count()
    code, out, _ = run("audit", "verify")
    assert code == 0 and out.strip() == f"ok: {rows} rows verified"
    assert AuditEvent.objects.filter(action="audit.verify", source="cli").exists()


def test_audit_verify_broken_exits_2_and_names_the_row(world: World) -> None:
    victim = AuditEvent.objects.order_by("seq")[2]
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER audit_event_no_update")
        else:
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cur.execute(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["tampered", victim.pk]
        )
        if connection.vendor != "sqlite":
            cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
    code, out, err = run("audit", "verify")
    assert code == 2 and out == ""
    assert (
        err.strip() == f"BROKEN at row {victim.seq}: row content does not match its hash (edited)"
    )
