"""Backups that restore: the database and the private files folder, and the proof that a restore
holds the same rows and files (docs/deployment.md, "Backups and restore").

A backup is a folder:
    database.dump   pg_dump's custom format, of one snapshot of the database
    files/          a copy of the private files folder (LEAD_PRIVATE_FILES: signatures, uploads)
    manifest.json   the row count of every table in that same snapshot, the sha256 of the dump and
                    of every file, the applied migrations, the versions that wrote it
manifest.json is written last: a folder without it is a backup that did not finish.

The counts and the dump see the same snapshot: one REPEATABLE READ transaction exports its
snapshot, counts every table, and pg_dump runs with `--snapshot` while that transaction is open,
so rows written during the backup are in neither. The files are copied after the snapshot: the
site only ever adds files (nothing deletes one), so every file a dumped row names is in the copy
(a file added meanwhile is there too, named by no row, which costs nothing).

PostgreSQL only, through its own pg_dump, pg_restore and psql (scripts/ensure-pg-client installs
them). Each function takes the Django settings of the database (`connections["default"]
.settings_dict`) and the files folder, so that the restore drill
(tests/lead/test_backup_restore.py) can aim them at a fresh database and folder.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import tomllib
from datetime import datetime
from pathlib import Path

import django
import psycopg
from django.conf import settings
from psycopg import sql

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"
# Connection settings of Django's OPTIONS that libpq understands too (TLS, a service file).
LIBPQ_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "service", "passfile", "connect_timeout")


class BackupError(Exception):
    """A backup, restore or check that cannot go on; the message says why and what to do."""


def backup_create(*, database: dict, files: Path, dest: Path, now: datetime) -> dict:
    """Back up the database and the files folder into the new folder `dest`; return the manifest."""
    _require_postgresql(database, files)
    pg_dump = _client("pg_dump")
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: each backup goes into a new folder.")
    # The backup holds criminal-justice and health information: readable by its owner only.
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    dest.chmod(0o700)
    with psycopg.connect(_conninfo(database, password=True)) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        # The transaction's first statement fixes its snapshot: the one exported, counted, dumped.
        snapshot = _one(conn, "SELECT pg_export_snapshot()")
        tables = _row_counts(conn)
        migrations = _migrations(conn)
        server_version = _one(conn, "SHOW server_version")
        dump = [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dest / DUMP}"]
        _run([*dump, _dbname(database)], database)
        conn.rollback()
    if files.is_dir():
        shutil.copytree(files, dest / FILES)
    else:
        (dest / FILES).mkdir()
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "database": {"name": database["NAME"], "dump": DUMP, "sha256": _sha256(dest / DUMP), "tables": tables},
        "migrations": migrations,
        "files": _checksums(dest / FILES),
        "versions": {
            "postgresql": server_version,
            "pg_dump": _run([pg_dump, "--version"], database).strip(),
            "app": _app_version(),
            "django": django.get_version(),
        },
    }
    partial = dest / f"{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    partial.replace(dest / MANIFEST)
    return manifest


def backup_restore(*, database: dict, files: Path, src: Path, replace: bool = False) -> dict:
    """Restore the backup `src` into the database and the files folder, which must be empty unless
    `replace`; return the manifest. The database is restored in one transaction: all or nothing."""
    _require_postgresql(database, files)
    manifest = backup_read(src)
    damage = _differences(manifest, tables=None, migrations=None, files=_checksums(src / FILES))
    if _sha256(src / DUMP) != manifest["database"]["sha256"]:
        damage.insert(0, f"{DUMP}: its checksum differs from the manifest's")
    if damage:
        raise BackupError(f"The backup {src} is damaged, nothing was restored: " + "; ".join(damage))
    if files.is_dir() and any(files.iterdir()) and not replace:
        raise BackupError(f"{files} is not empty: restore into an empty folder, or pass --replace.")
    with psycopg.connect(_conninfo(database, password=True), autocommit=True) as conn:
        tables = _table_names(conn)
        schema = _one(conn, "SELECT current_schema()")
    if tables and not replace:
        raise BackupError(
            f"The database {database['NAME']} has {len(tables)} tables: restore into an empty "
            "database, or pass --replace to drop everything in it first."
        )
    _restore_database(database, src / DUMP, drop_schema=schema if replace else None)
    if replace and files.is_dir():
        _empty(files)
    shutil.copytree(src / FILES, files, dirs_exist_ok=True)
    return manifest


def _restore_database(database: dict, dump: Path, *, drop_schema: str | None) -> None:
    """pg_restore's SQL through psql in one transaction, after dropping and re-creating
    `drop_schema` when given, committed only once pg_restore has finished without error: a
    restore that fails leaves the database as it was, never half restored or emptied. (psql's
    own --single-transaction would commit whatever part of the SQL arrived. The site stores no
    large objects, whose SQL would bring a BEGIN and COMMIT of its own.)"""
    prologue = "BEGIN;\n"
    if drop_schema:
        prologue += f'DROP SCHEMA "{drop_schema}" CASCADE;\nCREATE SCHEMA "{drop_schema}";\n'
    command = [_client("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", _dbname(database)]
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        restore = subprocess.Popen(
            [_client("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_errors,
        )
        # Unbuffered: closing psql's input after it stopped at an error raises nothing.
        psql = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors, env=_env(database), bufsize=0
        )
        try:
            psql.stdin.write(prologue.encode())
            shutil.copyfileobj(restore.stdout, psql.stdin, 1024 * 1024)
            if restore.wait() == 0:
                psql.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            pass  # psql stopped at an error in the SQL: its message is read below
        finally:
            psql.stdin.close()
            restore.stdout.close()  # and pg_restore, writing to nobody, stops
            restore.wait()
            psql.wait()
        for process, errors in ((psql, psql_errors), (restore, restore_errors)):
            if process.returncode != 0:
                errors.seek(0)
                name = Path(process.args[0]).name
                raise BackupError(f"{name} failed (exit {process.returncode}): {errors.read().decode().strip()}")


def backup_verify(*, database: dict, files: Path, src: Path) -> list[str]:
    """What differs between the site (database and files folder) and the backup's manifest: one
    line per table, migration or file; empty when every row count and checksum matches."""
    _require_postgresql(database, files)
    manifest = backup_read(src)
    with psycopg.connect(_conninfo(database, password=True), autocommit=True) as conn:
        tables = _row_counts(conn)
        migrations = _migrations(conn) if "django_migrations" in tables else []
    return _differences(manifest, tables=tables, migrations=migrations, files=_checksums(files))


def backup_read(src: Path) -> dict:
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{src} has no {MANIFEST}: not a backup, or one that did not finish.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{src / MANIFEST} is of format {manifest.get('format')!r}; this version reads {FORMAT}.")
    return manifest


def _differences(manifest: dict, *, tables: dict | None, migrations: list | None, files: dict) -> list[str]:
    """The differences from the manifest; `tables` or `migrations` None when not compared."""
    differences = []
    if tables is not None:
        expected = manifest["database"]["tables"]
        for table in sorted(expected.keys() | tables.keys()):
            if table not in tables:
                differences.append(f"table {table}: missing ({expected[table]} rows in the backup)")
            elif table not in expected:
                differences.append(f"table {table}: not in the backup ({tables[table]} rows here)")
            elif tables[table] != expected[table]:
                differences.append(f"table {table}: {tables[table]} rows, {expected[table]} in the backup")
    if migrations is not None:
        for migration in sorted(set(manifest["migrations"]) ^ set(migrations)):
            where = "only in the backup" if migration in manifest["migrations"] else "not in the backup"
            differences.append(f"migration {migration}: {where}")
    for path in sorted(manifest["files"].keys() | files.keys()):
        if path not in files:
            differences.append(f"file {path}: missing")
        elif path not in manifest["files"]:
            differences.append(f"file {path}: not in the backup")
        elif files[path] != manifest["files"][path]:
            differences.append(f"file {path}: its checksum differs from the backup's")
    return differences


def _require_postgresql(database: dict, files: Path) -> None:
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError(
            f"Backups are for PostgreSQL; this site's database is {database['NAME']} ({database['ENGINE']}). "
            f"For SQLite, stop the site and copy that file and the private files folder {files}."
        )


def _client(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is missing: install PostgreSQL's client tools of the server's major version or newer "
            "(Debian: apt-get install postgresql-client; scripts/ensure-pg-client)."
        )
    return path


def _conninfo(database: dict, *, password: bool) -> str:
    """libpq's connection string of Django's database settings. Without the password for the
    command lines of pg_dump and pg_restore, which anyone on the host can read: they get it from
    PGPASSWORD (_env)."""
    params = {
        "dbname": database["NAME"],
        "user": database.get("USER") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "password": (database.get("PASSWORD") or None) if password else None,
    }
    options = database.get("OPTIONS", {})
    params |= {key: options[key] for key in LIBPQ_OPTIONS if key in options}
    return psycopg.conninfo.make_conninfo(**{key: value for key, value in params.items() if value is not None})


def _dbname(database: dict) -> str:
    return f"--dbname={_conninfo(database, password=False)}"


def _env(database: dict) -> dict[str, str]:
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _run(command: list[str], database: dict) -> str:
    result = subprocess.run(command, env=_env(database), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed (exit {result.returncode}): {result.stderr.strip()}")
    return result.stdout


def _one(conn: psycopg.Connection, query: str | sql.Composable):
    (value,) = conn.execute(query).fetchone() or (None,)
    return value


def _table_names(conn: psycopg.Connection) -> list[str]:
    """The tables of the schema Django uses (public, unless the connection says otherwise)."""
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    return [name for (name,) in rows]


def _row_counts(conn: psycopg.Connection) -> dict[str, int]:
    query = sql.SQL("SELECT count(*) FROM {}")
    return {name: _one(conn, query.format(sql.Identifier(name))) for name in _table_names(conn)}


def _migrations(conn: psycopg.Connection) -> list[str]:
    return [f"{app}.{name}" for app, name in conn.execute("SELECT app, name FROM django_migrations ORDER BY 1, 2")]


def _checksums(folder: Path) -> dict[str, str]:
    """The sha256 of every file under `folder`, by its path inside it."""
    if not folder.is_dir():
        return {}
    return {path.relative_to(folder).as_posix(): _sha256(path) for path in sorted(folder.rglob("*")) if path.is_file()}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _empty(folder: Path) -> None:
    """Remove what the folder holds, not the folder: in production it is a volume's mount point."""
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _app_version() -> str:
    # The image does not install the project as a package (Dockerfile), so pyproject.toml it is.
    with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]
