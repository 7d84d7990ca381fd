"""The restore drill (docs/deployment.md, "Backups and restore"): a seeded site backed up,
restored into a fresh database and folder, and every row count and file checksum compared."""

import hashlib
import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from cases.models import Consent, ReleaseOfInformation
from lead.roles import Role
from lead.system import backups
from lead.system.backups import BackupError, backup_create, backup_restore, backup_verify
from tests.factories import TINY_PNG, arrest_referral, consent_for, open_case, release_of_information

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backups are pg_dump archives of PostgreSQL (CI runs them)"
)


@pytest.fixture
def site(transactional_db, personas):
    """A small site: the personas, an officer's diversion, its case with a signed consent and a
    signed release of information (two private files). Committed: pg_dump, another process,
    sees committed rows only."""
    referral = arrest_referral(officer=personas[Role.OFFICER])
    case = open_case(referral, case_manager=personas[Role.CASE_MANAGER])
    consent_for(case)
    release_of_information(case)
    return case


def connect(database: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def fresh_database():
    """The settings of an empty database beside the test's, dropped at the end. Made on a
    connection of its own: CREATE DATABASE cannot run in the test's transaction. DROP DATABASE
    makes PostgreSQL checkpoint, seconds on a busy server: one test only asks for this."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    quoted = connection.ops.quote_name(name)
    with connect(connection.settings_dict) as conn:
        conn.execute(f"CREATE DATABASE {quoted}")
    try:
        yield {**connection.settings_dict, "NAME": name}
    finally:
        with connect(connection.settings_dict) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


def row_counts(database: dict) -> dict[str, int]:
    with connect(database) as conn:
        tables = [name for (name,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def checksums(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def back_up(private_files: Path, dest: Path) -> dict:
    return backup_create(database=connection.settings_dict, files=private_files, dest=dest, now=timezone.now())


@postgresql_only
def test_a_restored_backup_holds_every_row_and_file_and_verify_then_finds_a_tampered_file_and_a_missing_row(
    site, private_files, fresh_database, tmp_path
):
    # One test for the drill and its check: each restore into a fresh database costs seconds.
    manifest = back_up(private_files, tmp_path / "backup")
    restored_files = tmp_path / "restored-files"

    backup_restore(database=fresh_database, files=restored_files, src=tmp_path / "backup")

    site_counts = row_counts(connection.settings_dict)
    assert site_counts["cases_case"] == 1 and site_counts["users_user"] == len(Role)
    assert row_counts(fresh_database) == manifest["database"]["tables"] == site_counts
    assert checksums(restored_files) == manifest["files"] == checksums(private_files)
    signature = ReleaseOfInformation.objects.get().signature.name
    assert {Consent.objects.get().signature.name, signature} <= manifest["files"].keys()
    assert "cases.0001_initial" in manifest["migrations"]
    assert set(manifest["versions"]) == {"postgresql", "pg_dump", "app", "django"}
    assert backup_verify(database=fresh_database, files=restored_files, src=tmp_path / "backup") == []

    (restored_files / signature).write_bytes(b"not the signature")
    with connect(fresh_database) as conn:
        conn.execute("DELETE FROM cases_releaseofinformation")

    assert backup_verify(database=fresh_database, files=restored_files, src=tmp_path / "backup") == [
        "table cases_releaseofinformation: 0 rows, 1 in the backup",
        f"file {signature}: its checksum differs from the backup's",
    ]


@postgresql_only
def test_a_write_made_while_the_backup_runs_is_in_neither_the_counts_nor_the_dump(
    db, private_files, tmp_path, monkeypatch
):
    run = backups._run

    def write_then_run(command, database):
        # Between the snapshot and pg_dump's start: another user's committed write.
        if command[0].endswith("pg_dump") and "--version" not in command:
            with connect(database) as conn:
                conn.execute("INSERT INTO system_heartbeat (name, seen_at) VALUES ('during-backup', now())")
        return run(command, database)

    monkeypatch.setattr(backups, "_run", write_then_run)
    try:
        manifest = back_up(private_files, tmp_path / "backup")
        dumped = subprocess.run(
            [
                "pg_restore",
                "--data-only",
                "--table=system_heartbeat",
                "--file=-",
                str(tmp_path / "backup" / "database.dump"),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        with connect(connection.settings_dict) as conn:
            conn.execute("DELETE FROM system_heartbeat WHERE name = 'during-backup'")

    assert manifest["database"]["tables"]["system_heartbeat"] == 0
    assert "during-backup" not in dumped and "COPY public.system_heartbeat" in dumped


@postgresql_only
def test_restore_refuses_a_database_that_has_tables_and_leaves_it_alone(db, private_files, tmp_path):
    back_up(private_files, tmp_path / "backup")
    before = row_counts(connection.settings_dict)

    with pytest.raises(BackupError, match=r"has \d+ tables: restore into an empty database, or pass --replace"):
        backup_restore(database=connection.settings_dict, files=tmp_path / "empty", src=tmp_path / "backup")

    assert row_counts(connection.settings_dict) == before


@postgresql_only
def test_restore_refuses_a_files_folder_that_is_not_empty_and_leaves_it_alone(db, private_files, tmp_path):
    back_up(private_files, tmp_path / "backup")
    (tmp_path / "used" / "consent").mkdir(parents=True)
    (tmp_path / "used" / "consent" / "other.png").write_bytes(b"another site's signature")

    with pytest.raises(BackupError, match="used is not empty: restore into an empty folder, or pass --replace"):
        backup_restore(database=connection.settings_dict, files=tmp_path / "used", src=tmp_path / "backup")

    assert checksums(tmp_path / "used") == {
        "consent/other.png": hashlib.sha256(b"another site's signature").hexdigest()
    }


@postgresql_only
def test_verify_backup_exits_with_the_list_of_differences(db, private_files, tmp_path, capsys):
    (private_files / "consent").mkdir(parents=True)
    (private_files / "consent" / "s.png").write_bytes(TINY_PNG)
    call_command("backup_site", str(tmp_path / "backup"))
    (private_files / "consent" / "s.png").unlink()
    (private_files / "consent" / "later.png").write_bytes(TINY_PNG)

    with pytest.raises(CommandError, match="2 differences between this site and the backup"):
        call_command("verify_backup", str(tmp_path / "backup"))

    assert capsys.readouterr().err.splitlines() == [
        "file consent/later.png: not in the backup",
        "file consent/s.png: missing",
    ]


@postgresql_only
def test_restore_refuses_a_damaged_backup_before_touching_the_database(db, private_files, tmp_path):
    (private_files / "consent").mkdir(parents=True)
    (private_files / "consent" / "s.png").write_bytes(TINY_PNG)
    back_up(private_files, tmp_path / "backup")
    (tmp_path / "backup" / "files" / "consent" / "s.png").write_bytes(b"damaged on the way off site")

    with pytest.raises(
        BackupError, match=re.escape("damaged, nothing was restored: file consent/s.png: its checksum differs")
    ):
        backup_restore(database=connection.settings_dict, files=tmp_path / "restored-files", src=tmp_path / "backup")

    assert not (tmp_path / "restored-files").exists()


def cut_off(backup: Path, copy: Path) -> Path:
    """A copy of `backup` whose dump is cut off at its end, with a manifest that agrees with the
    cut, so that only pg_restore finds out: it writes half the SQL, tables and rows, then fails."""
    shutil.copytree(backup, copy)
    dump = copy / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-64])
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["database"]["sha256"] = hashlib.sha256(dump.read_bytes()).hexdigest()
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return copy


@postgresql_only
def test_restore_site_with_replace_puts_the_site_back_as_it_was_and_a_failed_one_changes_nothing(
    site, private_files, tmp_path, capsys
):
    # One test for both, on the test's own database: each restore with --replace costs seconds.
    call_command("backup_site", str(tmp_path / "backup"))
    backed_up = row_counts(connection.settings_dict), checksums(private_files)
    with connection.cursor() as cursor:  # a row gone, not deleted through the site (whose history would grow)
        cursor.execute("DELETE FROM cases_releaseofinformation")
    (private_files / "stray.txt").write_text("written after the backup")
    changed = row_counts(connection.settings_dict), checksums(private_files)

    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("restore_site", str(cut_off(tmp_path / "backup", tmp_path / "cut-off")), "--replace")

    assert (row_counts(connection.settings_dict), checksums(private_files)) == changed

    call_command("restore_site", str(tmp_path / "backup"), "--replace")

    assert (row_counts(connection.settings_dict), checksums(private_files)) == backed_up
    assert "every row count and file checksum matches" in capsys.readouterr().out


def test_backups_of_sqlite_say_they_are_for_postgresql_and_to_copy_the_file(tmp_path):
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": "var/lead.sqlite3"}

    with pytest.raises(BackupError, match=r"Backups are for PostgreSQL.*copy that file and the private files folder"):
        backup_create(database=database, files=tmp_path / "private", dest=tmp_path / "backup", now=timezone.now())
