"""A command's output may be read by a program that stops early: `rapport demo ... | head -1`.

Once `head` has its line it closes the pipe, and the next write to stdout fails with EPIPE.
That is not a failure of the command: its work (often committed already) stands, and a
summary nobody reads is no loss. Python ignores SIGPIPE, so the failed write became a
BrokenPipeError reported as 'rapport: error: Broken pipe' (exit 2), and a command that printed
before its last step (the import tidies the search index after its summary) stopped half-way.

While a command runs, stdout is a stream whose failed writes to a closed pipe are dropped:
the command carries on to its end and returns its own exit status. The descriptor is then
pointed at the null device, so the interpreter's last flush at exit does not fail either.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class _DropWhenReaderGone(io.FileIO):
    """stdout's descriptor, where a write the reader is no longer there for is dropped."""

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            # from now on the descriptor writes nowhere, and never fails for this again
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, self.fileno())
            finally:
                os.close(null)
            return memoryview(data).nbytes


def _is_pipe(stream: object) -> bool:
    """A pipe or a socket: the only outputs whose reader can go away."""
    try:
        mode = os.fstat(stream.fileno()).st_mode  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


@contextmanager
def closed_stdout_tolerated() -> Iterator[None]:
    """Run a command with sys.stdout as a text stream that outlives its reader (see above).
    Anything but a pipe (a terminal, a file, pytest's capture) is left as it is."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper) or not _is_pipe(stream):
        yield
        return
    stream.flush()
    tolerant = io.TextIOWrapper(
        io.BufferedWriter(_DropWhenReaderGone(stream.fileno(), "w", closefd=False)),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
        write_through=stream.write_through,
    )
    sys.stdout = tolerant
    try:
        yield
    finally:
        sys.stdout = stream
        tolerant.close()  # flushes what is left; the descriptor stays open (closefd=False)
