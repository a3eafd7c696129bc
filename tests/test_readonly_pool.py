"""A read-only database shares connections between threads the way a writable one does."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.pool import QueuePool

from desktop.store.database import open_database


def test_a_read_only_database_gives_each_thread_its_own_pooled_connection(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_database(path).close()
    db = open_database(path, readonly=True)
    # SingletonThreadPool (what a 'sqlite://' URL gets) closes every thread's connection on
    # dispose(), under a query still running in another thread: the window's background
    # count crashed the process that way when a restore closed the database.
    assert isinstance(db.engine.pool, QueuePool)
    seen: list[int] = []

    def count() -> None:
        with db.transaction() as conn:
            seen.append(conn.execute(text("SELECT count(*) FROM contacts")).scalar_one())

    workers = [threading.Thread(target=count) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    db.close()
    assert seen == [0, 0, 0, 0]
