"""Copies of the SQLite database taken while the app runs, and their restoration.

SQLite's online backup API copies every page inside one read transaction, so the copy is a consistent
snapshot even while requests keep writing: in WAL mode the writers are not blocked meanwhile. A copy is
written under a temporary name and only gets its final name once `PRAGMA integrity_check` passes, so a file
named like a backup is always a good one.

PostgreSQL has its own tools for this; POSTGRESQL_COMMANDS gives the ones to use.
"""

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

SQLITE_HEADER = b"SQLite format 3\x00"

POSTGRESQL_COMMANDS = (
    'pg_dump --format=custom --no-owner --file=coursive-AAAAMMJJ-HHMMSS.dump "$DATABASE_URL" ; '
    "pg_restore --list coursive-AAAAMMJJ-HHMMSS.dump > /dev/null (vérifie l'archive) ; "
    "pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error "
    '--dbname="$DATABASE_URL" coursive-AAAAMMJJ-HHMMSS.dump'
)


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why, in French, for the operator."""


def database_file() -> Path:
    """The file of the default database, which must be SQLite."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        raise BackupError(
            _(
                "La base de données est %(vendor)s : utilisez ses propres outils (pg_dump fonctionne "
                "pendant que l'application tourne). %(commands)s"
            )
            % {"vendor": connection.display_name, "commands": POSTGRESQL_COMMANDS}
        )
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("La base de données est en mémoire : il n'y a pas de fichier à copier."))
    return Path(name)


def backup_path(directory: Path, *, now: datetime, label: str = "coursive") -> Path:
    return Path(directory) / f"{label}-{now:%Y%m%d-%H%M%S}.sqlite3"


def sqlite_backup(*, source: Path, target: Path) -> Path:
    """Copies the live database `source` to `target`, checks the copy and returns its path."""
    if not source.is_file():
        raise BackupError(_("La base de données %(path)s n'existe pas.") % {"path": source})
    if target.exists():
        raise BackupError(_("%(path)s existe déjà : choisissez un autre nom.") % {"path": target})
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.partial")
    _copy(source, partial)
    problem = integrity_problem(partial)
    if problem:
        partial.unlink()
        raise BackupError(_("La copie est corrompue (%(problem)s) : recommencez.") % {"problem": problem})
    os.replace(partial, target)
    return target


def check_restorable(path: Path) -> None:
    """Refuses anything but a sound SQLite database that Django has migrated."""
    if not path.is_file():
        raise BackupError(_("Le fichier %(path)s n'existe pas.") % {"path": path})
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(_("%(path)s n'est pas une base de données SQLite.") % {"path": path})
    problem = integrity_problem(path)
    if problem:
        raise BackupError(
            _("%(path)s échoue au contrôle d'intégrité : %(problem)s") % {"path": path, "problem": problem}
        )
    with closing(sqlite3.connect(path)) as database:
        found = database.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    if found is None:
        raise BackupError(
            _("%(path)s n'a pas de table django_migrations : ce n'est pas une base de Coursive.")
            % {"path": path}
        )


def sqlite_restore(*, source: Path, target: Path) -> None:
    """Replaces the database `target` by the backup `source` in one rename, so a reader sees the old
    database or the new one, never a mix. Stale -wal and -shm files of the old database go first: SQLite
    would otherwise replay the old journal into the new file."""
    check_restorable(source)
    temporary = target.with_name(f".{target.name}.restore")
    temporary.unlink(missing_ok=True)
    _copy(source, temporary)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, target)


def integrity_problem(path: Path) -> str:
    """What `PRAGMA integrity_check` finds wrong with the database, or an empty string when it is sound."""
    try:
        with closing(sqlite3.connect(path)) as database:
            rows = database.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    report = "; ".join(str(row[0]) for row in rows)
    return "" if report == "ok" else report


def _copy(source: Path, target: Path) -> None:
    # The timeout lets the copy wait for a writer's checkpoint instead of failing on a busy database.
    with closing(sqlite3.connect(source, timeout=30)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
