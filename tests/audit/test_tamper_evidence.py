"""Someone with database access (triggers dropped) but without the audit key rewrites history:
each rewrite that used to verify "ok" is now caught, with the key or the signed checkpoints kept
outside the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from habeas.audit.chain import GENESIS, row_digest
from habeas.audit.keys import audit_keys, audit_keys_forget
from habeas.audit.models import AuditEvent, AuditHead
from habeas.audit.selectors import CHECKPOINT_FILE, audit_chain_verify
from habeas.audit.services import audit_checkpoint_write, audit_record
from tests.conftest import World


def _disable_append_only_triggers() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cur.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        else:
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")


def _more_rows(n: int) -> None:
    for i in range(n):
        audit_record(actor=None, username="cli", action="case.list", detail={"n": i})


def _rewrite_from(seq: int, edit: Callable[[AuditEvent], None], *, plain: bool = False) -> None:
    """The attack: change row ``seq``, recompute every following hash with SHA-256 (all one can do
    without the key), then the head. ``plain`` also clears the key id (passing them off as old rows)."""
    _disable_append_only_triggers()
    prev = GENESIS if seq == 1 else AuditEvent.objects.get(seq=seq - 1).row_hash
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            edit(event)
        if plain:
            event.key_id = None
        digest = row_digest(prev, event.chain_content())
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE audit_auditevent SET username = %s, key_id = %s, prev_hash = %s, "
                "row_hash = %s WHERE seq = %s",
                [event.username, event.key_id, prev, digest, event.seq],
            )
        prev = digest
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def _rename(event: AuditEvent) -> None:
    event.username = "someone-else"


def _verify_cli() -> str:
    try:
        call_command("audit", "verify")
    except CommandError as exc:
        assert exc.returncode == 2
        return str(exc)
    return "ok"


def test_intact_keyed_chain_verifies_and_checkpoints_hold(world: World) -> None:
    _more_rows(3)
    audit_checkpoint_write()
    _more_rows(2)
    assert audit_chain_verify()[1] is None
    assert AuditEvent.objects.filter(key_id__isnull=True).count() == 0


def test_edit_with_every_later_hash_recomputed_is_caught(world: World) -> None:
    _more_rows(5)
    _rewrite_from(3, _rename)
    checked, broken = audit_chain_verify()
    assert broken is not None and broken.seq == 3 and checked == 2
    assert "BROKEN at row 3" in _verify_cli()


def test_whole_chain_rewritten_as_unkeyed_rows_is_caught_by_a_checkpoint(world: World) -> None:
    _more_rows(5)
    audit_checkpoint_write()
    _rewrite_from(1, _rename, plain=True)  # a consistent plain chain: only the checkpoint knows
    _, broken = audit_chain_verify()
    assert broken is not None and "rewritten" in broken.reason


def test_tail_cut_and_head_rewritten_is_caught_by_the_last_checkpoint(world: World) -> None:
    _more_rows(60)
    audit_checkpoint_write()
    total = AuditHead.objects.get(pk=1).seq
    _disable_append_only_triggers()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditevent WHERE seq > %s", [total - 50])
    last = AuditEvent.objects.order_by("-seq").first()
    assert last is not None
    AuditHead.objects.filter(pk=1).update(seq=last.seq, last_hash=last.row_hash)
    _, broken = audit_chain_verify()
    assert broken is not None and "cut from the end" in broken.reason
    assert "BROKEN" in _verify_cli() and "cut from the end" in _verify_cli()


def test_edited_checkpoint_file_is_caught(world: World, settings: Any) -> None:
    audit_checkpoint_write()
    path = Path(settings.HABEAS_AUDIT_CHECKPOINT_DIR) / CHECKPOINT_FILE
    path.write_text(path.read_text().replace('"seq":', '"seq":1', 1))
    _, broken = audit_chain_verify()
    assert broken is not None and "edited" in broken.reason
    assert "BROKEN checkpoints" in _verify_cli()


def test_wrong_key_is_caught(world: World, settings: Any, tmp_path: Path) -> None:
    audit_checkpoint_write()
    other = tmp_path / "other-key"
    other.write_text("a-different-audit-key-of-enough-length-0123456789\n")
    settings.HABEAS_AUDIT_KEY_FILE = other
    audit_keys_forget()
    try:
        _, broken = audit_chain_verify()
        assert broken is not None and "key" in broken.reason
        assert "BROKEN" in _verify_cli()
    finally:
        audit_keys_forget()


def test_rotated_key_keeps_old_rows_verifiable(world: World, settings: Any, tmp_path: Path) -> None:
    ring = tmp_path / "ring"
    ring.write_text(
        Path(settings.HABEAS_AUDIT_KEY_FILE).read_text()
        + "second-audit-key-after-rotation-0123456789abcdef\n"
    )
    settings.HABEAS_AUDIT_KEY_FILE = ring
    audit_keys_forget()
    try:
        _more_rows(3)
        audit_checkpoint_write()
        assert len(set(AuditEvent.objects.values_list("key_id", flat=True))) == 2
        assert audit_chain_verify()[1] is None
    finally:
        audit_keys_forget()


def test_rows_of_the_old_unkeyed_chain_still_verify(db: None) -> None:
    """An install upgraded from the plain chain: its rows stay valid, new rows are keyed after them,
    and the plain part cannot grow back once the key signs."""
    _disable_append_only_triggers()
    prev = GENESIS
    for seq in (1, 2, 3):
        event = AuditEvent(
            seq=seq,
            at=timezone.now(),
            username="old",
            action="case.list",
            source="web",
            detail={},
            prev_hash=prev,
            row_hash="",
            key_id=None,
        )
        event.row_hash = row_digest(prev, event.chain_content())
        event.save()
        prev = event.row_hash
    AuditHead.objects.create(pk=1, seq=3, last_hash=prev)
    _more_rows(2)
    assert audit_chain_verify() == (5, None)
    assert AuditHead.objects.get(pk=1).keyed_from == 4
    _rewrite_from(5, _rename, plain=True)  # a keyed row turned back into a plain one
    _, broken = audit_chain_verify()
    assert broken is not None and broken.seq == 5 and "unkeyed" in broken.reason


def test_checkpoint_command_writes_a_signed_line(world: World, settings: Any, capsys: Any) -> None:
    call_command("audit", "checkpoint")
    lines = (Path(settings.HABEAS_AUDIT_CHECKPOINT_DIR) / CHECKPOINT_FILE).read_text().splitlines()
    assert len(lines) == 1 and '"signature":' in lines[0]
    assert _verify_cli() == "ok"
    assert "1 signed checkpoints hold" in capsys.readouterr().err


def test_a_checkpoint_is_taken_when_the_chain_becomes_keyed_and_every_n_rows(
    db: None, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.HABEAS_AUDIT_CHECKPOINT_EVERY = 4
    for _ in range(9):  # each row its own commit, as in production
        with django_capture_on_commit_callbacks(execute=True):
            _more_rows(1)
    lines = (Path(settings.HABEAS_AUDIT_CHECKPOINT_DIR) / CHECKPOINT_FILE).read_text().splitlines()
    assert [line.split('"seq":')[1].split(",")[0] for line in lines] == ["1", "4", "8"]
    assert audit_chain_verify()[1] is None


def test_a_named_key_file_that_is_missing_stops(settings: Any, tmp_path: Path) -> None:
    settings.HABEAS_AUDIT_KEY_FILE = tmp_path / "gone"
    settings.HABEAS_AUDIT_KEY_FILE_SET = True
    audit_keys_forget()
    try:
        with pytest.raises(ImproperlyConfigured, match="does not exist"):
            audit_keys()
        assert not (tmp_path / "gone").exists()  # never a fresh key in place of a lost one
    finally:
        audit_keys_forget()


def test_without_a_named_key_file_one_is_generated_once_and_said(
    settings: Any, tmp_path: Path, capsys: Any
) -> None:
    settings.HABEAS_AUDIT_KEY_FILE = tmp_path / "home" / "audit-key"
    settings.HABEAS_AUDIT_KEY_FILE_SET = False
    audit_keys_forget()
    try:
        first = audit_keys()
        assert str(tmp_path / "home" / "audit-key") in capsys.readouterr().err
        assert (tmp_path / "home" / "audit-key").stat().st_mode & 0o077 == 0
        audit_keys_forget()
        assert audit_keys() == first  # read again, not replaced
    finally:
        audit_keys_forget()


def test_deploy_check_warns_about_the_generated_key(settings: Any) -> None:
    from habeas.audit.checks import audit_key_configured

    settings.HABEAS_AUDIT_KEY_FILE_SET = False
    assert [m.id for m in audit_key_configured()] == ["habeas.W001"]
    settings.HABEAS_AUDIT_KEY_FILE_SET = True
    assert audit_key_configured() == []


def test_a_key_file_inside_the_data_dir_is_refused(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "HABEAS_DATA_DIR": str(tmp_path / "var"),
        "HABEAS_SECRET_KEY": "x" * 50,
        "HABEAS_AUDIT_KEY_FILE": str(tmp_path / "var" / "audit-key"),
    }
    result = subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", "import habeas.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "must be outside HABEAS_DATA_DIR" in result.stderr
