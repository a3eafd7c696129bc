"""The search index tidied in the background while the window is open.

A big import or a repair loads the index without merging its segments (search_index.bulk_load)
and leaves its pages in the WAL; `search_index.tidy` merges them and lets SQLite checkpoint, a
step of about a tenth of a second at a time. The window starts it a moment after it opens
(for loads done from the command line or by a Rapport that closed first) and after every import.
"""

from __future__ import annotations

import threading

from sqlalchemy.exc import SQLAlchemyError

from desktop.store import search_index
from desktop.store.database import Database


class IndexUpkeep:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self._stopping = threading.Event()

    def start(self) -> None:
        """Tidy now, or once more after the run under way (which may have missed new work)."""
        with self._lock:
            if self._thread is not None:
                self._again = True
                return
            # A plain thread: a QThread aborts the process if the window goes away first.
            self._thread = threading.Thread(target=self._run, name="index-upkeep", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                search_index.tidy(self._db, stop=self._stopping.is_set)
            except SQLAlchemyError:
                # Another Rapport holds the write lock, or the database is being closed or
                # replaced: the index works as it is, and the next start tidies it.
                pass
            with self._lock:
                if not self._again or self._stopping.is_set():
                    self._thread = None
                    return
                self._again = False

    def finish(self) -> None:
        """Stop after the current step and wait: the window closes, or a restore is about to
        replace the file. Later starts run again."""
        self._stopping.set()
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join()
        self._stopping.clear()
