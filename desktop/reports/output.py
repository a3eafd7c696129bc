"""Writing a report file so that a failure never leaves a half-written PDF behind.

The document is built into a hidden file beside the target and renamed over it only when it is
complete: an unknown CRM number, a cancelled batch or a full disk leave the folder as it was
(and an older report of the same name intact).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.errors import RapportError


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A temporary path to write; it becomes `out` when the block ends without an error."""
    out = Path(out)
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise RapportError(f"{folder} is not a folder (cannot write {out.name})")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".partial", dir=folder)
    except OSError as exc:
        raise RapportError(f"cannot write to {folder}: {exc.strerror}") from exc
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, out)
    except OSError as exc:
        raise RapportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
