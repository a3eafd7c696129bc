"""A batch of customer sheets in one PDF: contents first, a sheet per contact, 'Page X of Y'.

Layout is what costs (about 8 ms a page), and reportlab lays out on one core, so the contacts
are cut into chunks that worker processes render into temporary PDFs side by side (each worker
with its own database connection), without page numbers because no chunk knows where it will
start. When all are done the parent knows every sheet's first page, renders the table of
contents, concatenates everything with pypdf and stamps 'Page X of Y' onto each page as a small
extra content stream in a standard font, which needs no re-layout. A worker holds one chunk at a
time, so its memory does not grow with the batch; the parent holds only the merged page objects.

Chunks are submitted a few at a time, so Cancel takes effect within one chunk per worker, and
progress is reported per finished chunk. Nothing is written to `out` unless the whole batch
succeeds (output.atomic_output).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Table

from desktop.errors import RapportError
from desktop.parent_watch import exit_with_parent
from desktop.reports.customer_sheet import customer_story, sheet_title
from desktop.reports.data import load_customer_sheet
from desktop.reports.output import atomic_output
from desktop.reports.page import PageSetup, ReportDocument, RunningTitle
from desktop.reports.pdf_merge import merge_numbered
from desktop.reports.styles import table_style
from desktop.reports.text import fit, para, plain_or_para
from desktop.store.database import Database, open_database

CHUNK_SIZE = 50
#: below this many contacts a worker process costs more to start than it saves
IN_PROCESS_BELOW = 60


class BatchCancelled(RapportError):
    """The user cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__("the batch was cancelled; no file was written")


@dataclass(frozen=True)
class SheetEntry:
    """One sheet in the contents: who, and its first page (within its chunk, then overall)."""

    contact_id: int
    name: str
    crm_number: str
    company: str
    page: int


@dataclass(frozen=True)
class ChunkJob:
    database_url: str
    contact_ids: tuple[int, ...]
    setup: PageSetup
    history_limit: int
    path: str


@dataclass(frozen=True)
class ChunkResult:
    path: str
    pages: int
    sheets: tuple[SheetEntry, ...]


@dataclass(frozen=True)
class BatchResult:
    path: Path
    sheets: int
    pages: int
    #: contacts deleted between choosing the batch and printing it
    missing: int


ProgressCallback = Callable[[int, int], None]


def build_batch(
    db: Database,
    contact_ids: Sequence[int],
    out: Path,
    setup: PageSetup,
    *,
    title: str,
    history_limit: int = 10,
    workers: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BatchResult:
    """Write a sheet for each of `contact_ids` (in that order) to `out`.

    `progress(done, total)` counts contacts; `cancelled()` is polled between chunks and makes
    this raise BatchCancelled. `workers` defaults to the number of CPUs."""
    if not contact_ids:
        raise RapportError(f"{title}: there are no contacts to print")
    ids = list(dict.fromkeys(contact_ids))
    workers = max(1, workers or os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="rapport-batch-") as scratch:
        jobs = [
            ChunkJob(
                db.url,
                tuple(ids[i : i + chunk_size]),
                setup,
                history_limit,
                str(Path(scratch) / f"chunk-{n:05d}.pdf"),
            )
            for n, i in enumerate(range(0, len(ids), chunk_size))
        ]
        done = 0
        results: list[ChunkResult] = []
        pooled = len(ids) >= IN_PROCESS_BELOW and workers > 1
        for result in _run(jobs, db, workers if pooled else 1, cancelled):
            results.append(result)
            done += len(jobs[len(results) - 1].contact_ids)
            if progress is not None:
                progress(done, len(ids))
        if cancelled is not None and cancelled():
            raise BatchCancelled
        sheets, chunk_files, body_pages = _place(results)
        if not sheets:
            raise RapportError(f"{title}: none of the contacts exists any more")
        toc_path = Path(scratch) / "contents.pdf"
        toc_pages = 0
        while True:  # twice: rows are one line each, so the numbers never change the length
            placed = _shift(sheets, toc_pages)
            pages = _render_contents(toc_path, title, placed, setup)
            if pages == toc_pages:
                break
            toc_pages = pages
        with atomic_output(out) as partial:
            merge_numbered(
                [toc_path, *chunk_files],
                partial,
                outline=[(f"{s.name} ({s.crm_number})", s.page - 1) for s in placed],
                title=title,
            )
    return BatchResult(out, len(placed), toc_pages + body_pages, len(ids) - len(placed))


def _run(
    jobs: list[ChunkJob], db: Database, workers: int, cancelled: Callable[[], bool] | None
) -> Iterator[ChunkResult]:
    """Chunk results in job order: from worker processes, or in this process on `db` when one
    worker is enough or the workers cannot be started (a frozen app whose entry point lacks
    multiprocessing.freeze_support(), a system without process semaphores)."""
    emitted = 0
    if workers > 1:
        try:
            for result in _pooled(jobs, workers, cancelled):
                emitted += 1
                yield result
            return
        except (BrokenProcessPool, OSError) as error:
            print(f"rapport: report workers failed ({error}); continuing in one process",
                  file=sys.stderr)  # fmt: skip
    for job in jobs[emitted:]:
        if cancelled is not None and cancelled():
            return
        yield render_chunk(job, db)


def _pooled(
    jobs: list[ChunkJob], workers: int, cancelled: Callable[[], bool] | None
) -> Iterator[ChunkResult]:
    # spawn, not fork: the GUI calls this from a thread, and forking a threaded Qt process
    # can deadlock the child; spawn is also what Windows and macOS do anyway.
    context = multiprocessing.get_context("spawn")
    # exit_with_parent: an idle worker waits for its next job for good once the parent is killed
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=exit_with_parent
    ) as pool:
        pending: dict[int, Future[ChunkResult]] = {}
        finished: dict[int, ChunkResult] = {}
        submitted = emitted = 0
        try:
            while emitted < len(jobs):
                # two chunks in flight per worker: none idles, and a cancel waits for few
                while submitted < len(jobs) and len(pending) < 2 * workers:
                    pending[submitted] = pool.submit(render_chunk, jobs[submitted])
                    submitted += 1
                wait(pending.values(), return_when=FIRST_COMPLETED)
                for index in [i for i, f in pending.items() if f.done()]:
                    finished[index] = pending.pop(index).result()
                while emitted in finished:
                    yield finished.pop(emitted)
                    emitted += 1
                if cancelled is not None and cancelled():
                    return
        finally:
            for future in pending.values():
                future.cancel()


_databases: dict[str, Database] = {}


def render_chunk(job: ChunkJob, db: Database | None = None) -> ChunkResult:
    """Render one chunk's sheets into job.path, without page numbers. A worker process opens
    the database once and keeps it for the chunks that follow."""
    if db is None:
        db = _databases.get(job.database_url)
    if db is None:
        db = _databases[job.database_url] = open_database(job.database_url, create=False)
    sheets: list[SheetEntry] = []
    story: list[Flowable] = []
    doc = ReportDocument(Path(job.path), job.setup, "")
    with db.transaction() as conn:
        for contact_id in job.contact_ids:
            try:
                data = load_customer_sheet(conn, contact_id, job.history_limit)
            except RapportError:  # deleted since the batch was chosen: leave it out
                continue
            if story:
                story.append(PageBreak())
            entry = SheetEntry(data.id, data.name, data.crm_number, data.company, 0)
            story.append(RunningTitle(sheet_title(data), partial(_record, sheets, entry)))
            story += customer_story(data, doc.width)
    if not story:
        return ChunkResult(job.path, 0, ())
    pages = doc.render(story, number_pages=False)
    return ChunkResult(job.path, pages, tuple(sheets))


def _record(sheets: list[SheetEntry], entry: SheetEntry, page: int) -> None:
    sheets.append(_moved(entry, page))


def _place(results: list[ChunkResult]) -> tuple[list[SheetEntry], list[Path], int]:
    """Sheets numbered from page 1 of the body, the chunk files that have pages, page count."""
    sheets: list[SheetEntry] = []
    files: list[Path] = []
    offset = 0
    for result in results:
        if not result.pages:
            continue
        files.append(Path(result.path))
        sheets += [_moved(s, s.page + offset) for s in result.sheets]
        offset += result.pages
    return sheets, files, offset


def _moved(entry: SheetEntry, page: int) -> SheetEntry:
    return SheetEntry(entry.contact_id, entry.name, entry.crm_number, entry.company, page)


def _shift(sheets: list[SheetEntry], by: int) -> list[SheetEntry]:
    return [_moved(s, s.page + by) for s in sheets]


def _render_contents(path: Path, title: str, sheets: Sequence[SheetEntry], setup: PageSetup) -> int:
    doc = ReportDocument(path, setup, title)
    widths = [doc.width * f for f in (0.42, 0.36, 0.13, 0.09)]
    rows: list[list[Any]] = [["Name", "Company", "CRM number", "Page"]]
    rows += [
        [
            plain_or_para(fit(s.name, widths[0] - 6)),
            plain_or_para(fit(s.company, widths[1] - 6)),
            s.crm_number,
            str(s.page),
        ]
        for s in sheets
    ]
    table = Table(
        rows, colWidths=widths, repeatRows=1, style=table_style(right=(3,)), hAlign="LEFT"
    )
    story: list[Flowable] = [
        para(title, "title"),
        para(f"{len(sheets):,} customer sheets", "subtitle"),
        para("Contents", "heading_loose"),
        table,
    ]
    return doc.render(story, number_pages=False)
