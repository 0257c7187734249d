"""Entering WAL mode while another process holds the file waits instead of failing."""
import sqlite3
import threading

import pytest

from wegwijzer.sqlite_wal import use_wal


def journal_mode(path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]


def test_waits_for_a_process_that_holds_the_file(tmp_path):
    path = tmp_path / "shared.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # what a starting process's migration holds
    release = threading.Timer(0.3, holder.execute, args=("COMMIT",))
    release.start()
    use_wal(sqlite3.connect(path, timeout=0.01), wait_seconds=10)
    release.join()
    assert journal_mode(path) == "wal"


def test_gives_up_after_the_wait(tmp_path):
    path = tmp_path / "shared.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        use_wal(sqlite3.connect(path, timeout=0.01), wait_seconds=0.2)
    holder.execute("COMMIT")
    assert journal_mode(path) == "delete"


def test_a_database_already_in_wal_mode_needs_no_lock(tmp_path):
    path = tmp_path / "shared.db"
    use_wal(sqlite3.connect(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a writer at work does not block a newcomer
    use_wal(sqlite3.connect(path, timeout=0.01), wait_seconds=0)
    holder.execute("COMMIT")
    assert journal_mode(path) == "wal"
