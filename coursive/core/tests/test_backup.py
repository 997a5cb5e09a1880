"""Backup and restore work on explicit SQLite files, whatever database the test run itself uses."""

import sqlite3
import threading
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from coursive.core import backup


def _create_database(path: Path, rows: int = 0) -> Path:
    """A small stand-in for Coursive's database: Django's migrations table and a ledger whose `total` row
    always equals the sum of its entries, so a torn copy would show."""
    with closing(sqlite3.connect(path)) as database:
        database.execute("PRAGMA journal_mode=WAL")
        database.executescript(
            """
            CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT);
            INSERT INTO django_migrations (app, name, applied) VALUES ('directory', '0001_initial', 'now');
            CREATE TABLE entry (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, padding BLOB NOT NULL);
            CREATE TABLE total (id INTEGER PRIMARY KEY CHECK (id = 1), amount INTEGER NOT NULL);
            INSERT INTO total VALUES (1, 0);
            """
        )
        for _ in range(rows):
            _add_entry(database, 1)
        database.commit()
    return path


def _add_entry(database: sqlite3.Connection, amount: int) -> None:
    database.execute("INSERT INTO entry (amount, padding) VALUES (?, randomblob(512))", (amount,))
    database.execute("UPDATE total SET amount = amount + ?", (amount,))


def _ledger(path: Path) -> tuple[int, int, int]:
    with closing(sqlite3.connect(path)) as database:
        entries, entries_sum = database.execute(
            "SELECT count(*), coalesce(sum(amount), 0) FROM entry"
        ).fetchone()
        (total,) = database.execute("SELECT amount FROM total").fetchone()
    return entries, entries_sum, total


def _keep_writing(path: Path, stop: threading.Event, written: list[int]) -> None:
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as database:
        while not stop.is_set():
            database.execute("BEGIN IMMEDIATE")
            _add_entry(database, 3)
            database.execute("COMMIT")
            written.append(1)


def test_backup_while_another_connection_writes_is_consistent(tmp_path):
    source = _create_database(tmp_path / "live.sqlite3", rows=5000)
    stop, written = threading.Event(), []
    writer = threading.Thread(target=_keep_writing, args=(source, stop, written))
    writer.start()
    try:
        copies = [
            backup.sqlite_backup(source=source, target=tmp_path / f"copy-{n}.sqlite3") for n in range(5)
        ]
    finally:
        stop.set()
        writer.join()
    assert written, "the writer never wrote during the backups"
    for copy in copies:
        entries, entries_sum, total = _ledger(copy)
        assert entries >= 5000
        assert entries_sum == total
        assert backup.integrity_problem(copy) == ""
    assert _ledger(source)[0] == 5000 + len(written)


def test_backup_leaves_no_partial_file_and_keeps_the_name_it_was_given(tmp_path):
    source = _create_database(tmp_path / "live.sqlite3", rows=10)
    path = backup.sqlite_backup(source=source, target=tmp_path / "copies" / "a.sqlite3")
    assert path == tmp_path / "copies" / "a.sqlite3"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.sqlite3"]


def test_backup_refuses_to_overwrite_an_existing_file(tmp_path):
    source = _create_database(tmp_path / "live.sqlite3")
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"keep me")
    with pytest.raises(backup.BackupError, match="existe déjà"):
        backup.sqlite_backup(source=source, target=existing)
    assert existing.read_bytes() == b"keep me"


def test_backup_path_is_dated():
    path = backup.backup_path(Path("/sauvegardes"), now=datetime(2026, 11, 26, 9, 5, 3))
    assert path == Path("/sauvegardes/coursive-20261126-090503.sqlite3")


def test_restore_brings_back_the_earlier_content(tmp_path):
    live = _create_database(tmp_path / "live.sqlite3", rows=10)
    saved = backup.sqlite_backup(source=live, target=tmp_path / "saved.sqlite3")
    with closing(sqlite3.connect(live)) as database:
        _add_entry(database, 7)
        database.commit()
    backup.sqlite_restore(source=saved, target=live)
    assert _ledger(live) == (10, 10, 10)


def test_restore_removes_the_stale_journal_of_the_replaced_database(tmp_path):
    live = _create_database(tmp_path / "live.sqlite3", rows=3)
    saved = backup.sqlite_backup(source=live, target=tmp_path / "saved.sqlite3")
    Path(f"{live}-wal").write_bytes(b"old journal")
    Path(f"{live}-shm").write_bytes(b"old index")
    backup.sqlite_restore(source=saved, target=live)
    assert not Path(f"{live}-wal").exists()
    assert not Path(f"{live}-shm").exists()
    assert _ledger(live) == (3, 3, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.sqlite3", "saved.sqlite3"]


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path):
    live = _create_database(tmp_path / "live.sqlite3", rows=2)
    notes = tmp_path / "notes.txt"
    notes.write_text("ceci n'est pas une base de données")
    with pytest.raises(backup.BackupError, match="n'est pas une base de données SQLite"):
        backup.sqlite_restore(source=notes, target=live)
    assert _ledger(live) == (2, 2, 2)


def test_restore_refuses_a_database_that_is_not_coursive(tmp_path):
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as database:
        database.execute("CREATE TABLE t (x)")
    with pytest.raises(backup.BackupError, match="django_migrations"):
        backup.check_restorable(other)


def test_restore_refuses_a_corrupt_database(tmp_path):
    damaged = _create_database(tmp_path / "damaged.sqlite3", rows=200)
    content = bytearray(damaged.read_bytes())
    content[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200
    damaged.write_bytes(bytes(content))
    with pytest.raises(backup.BackupError, match="intégrité"):
        backup.check_restorable(damaged)


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(backup.BackupError, match="n'existe pas"):
        backup.check_restorable(tmp_path / "absent.sqlite3")
    assert not (tmp_path / "absent.sqlite3").exists()


@pytest.fixture
def live_database(tmp_path, monkeypatch, settings):
    """Points the commands at a database file of the test's own, and BACKUP_DIR beside it."""
    live = _create_database(tmp_path / "live.sqlite3", rows=4)
    monkeypatch.setattr(backup, "database_file", lambda: live)
    settings.BACKUP_DIR = tmp_path / "backups"
    return live


def test_backup_command_writes_a_dated_copy_in_backup_dir_and_prints_its_path(live_database, capsys):
    call_command("backup")
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == live_database.parent / "backups"
    assert path.name.startswith("coursive-")
    assert _ledger(path) == (4, 4, 4)


def test_backup_command_writes_to_the_given_output(live_database, tmp_path, capsys):
    call_command("backup", output=tmp_path / "ici.sqlite3")
    assert capsys.readouterr().out.strip() == str(tmp_path / "ici.sqlite3")
    assert _ledger(tmp_path / "ici.sqlite3") == (4, 4, 4)


def test_restore_command_replaces_the_database_and_keeps_a_copy_of_it(live_database, tmp_path):
    saved = backup.sqlite_backup(source=live_database, target=tmp_path / "saved.sqlite3")
    with closing(sqlite3.connect(live_database)) as database:
        _add_entry(database, 5)
        database.commit()
    call_command("restore", str(saved), yes=True)
    assert _ledger(live_database) == (4, 4, 4)
    (kept,) = (tmp_path / "backups").iterdir()
    assert kept.name.startswith("coursive-avant-restauration-")
    assert _ledger(kept) == (5, 9, 9)


def test_restore_command_asks_for_confirmation_and_stops_without_it(live_database, tmp_path, monkeypatch):
    saved = backup.sqlite_backup(source=live_database, target=tmp_path / "saved.sqlite3")
    with closing(sqlite3.connect(live_database)) as database:
        _add_entry(database, 5)
        database.commit()
    monkeypatch.setattr("builtins.input", lambda question: "non")
    with pytest.raises(CommandError, match="annulée"):
        call_command("restore", str(saved))
    assert _ledger(live_database) == (5, 9, 9)


def test_restore_command_refuses_a_file_that_is_not_a_database(live_database, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("bonjour")
    with pytest.raises(CommandError, match="n'est pas une base de données SQLite"):
        call_command("restore", str(notes), yes=True)
    assert _ledger(live_database) == (4, 4, 4)


@pytest.mark.parametrize("command", [["backup"], ["restore", "sauvegarde.dump", "--yes"]])
def test_commands_refuse_postgresql_and_point_to_its_tools(command, monkeypatch):
    monkeypatch.setattr(connections["default"], "vendor", "postgresql")
    monkeypatch.setattr(connections["default"], "display_name", "PostgreSQL")
    with pytest.raises(CommandError, match="pg_dump") as refusal:
        call_command(*command)
    assert "pg_restore" in str(refusal.value)
