"""Worker processes end with the Rapport process that started them.

A worker blocked on a full queue, or idle in a process pool waiting for its next job, never
learns that its parent was killed (kill -9, a crash, a task manager): the queue's semaphore and
pipe stay open in the worker itself, so it waited for good, holding its memory (an import's
worker about 170 MB) and, through the pipe it inherited, the multiprocessing resource tracker.

exit_with_parent() starts a daemon thread in the worker that waits for the parent's death and
ends the worker at once. A worker has nothing to save: what it produced was for its parent.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from multiprocessing.connection import wait

#: how often a plain subprocess (no multiprocessing parent sentinel) looks at its parent
POLL_S = 0.5
#: the status a worker ends with when its parent is gone (EX_SOFTWARE would suggest a bug)
ORPHANED = 75  # EX_TEMPFAIL


def exit_with_parent() -> None:
    """Call first thing in a worker process: it exits when its parent does.

    A multiprocessing child waits on its parent's sentinel, which becomes readable the moment
    the parent dies; a plain subprocess (the demo's data process) polls its parent id, which
    changes when the parent is gone and the process is handed to another."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        sentinel = parent.sentinel

        def watch() -> None:
            wait([sentinel])
            os._exit(ORPHANED)
    else:
        start = os.getppid()

        def watch() -> None:
            while os.getppid() == start:
                time.sleep(POLL_S)
            os._exit(ORPHANED)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
