"""Reading, mapping and checking the next chunk of rows on a thread while the importer
writes the current one.

sqlite3 lets go of the interpreter lock while SQLite inserts rows and updates indexes, so the
Python work on the next chunk (about half of an import) runs meanwhile instead of after it.
At most two chunks wait, so memory stays bounded. An error in the file is raised where the
importer asks for the next chunk, inside its transaction, which then rolls back.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")
_END = object()


def read_ahead(
    items: Iterable[T], size: int, prepare: Callable[[list[T]], U], depth: int = 2
) -> Iterator[U]:
    """`prepare` applied to consecutive chunks of `size` items, computed on a thread."""
    waiting: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            iterator = iter(items)
            while chunk := list(islice(iterator, size)):
                if not offer(prepare(chunk)):
                    return
            offer(_END)
        except BaseException as exc:  # handed to the consumer, who raises it
            offer(exc)

    thread = threading.Thread(target=produce, name="import-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item = waiting.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()
