"""Reading, mapping and checking an import's rows, in a worker process when the file is big.

Parsing the file, applying the mapping and checking each row (check_record) is pure Python
and touches no database, so for a big file a second process does it while the importing
process matches duplicates and writes (all but the first few chunks, which the importing
process checks itself while the worker starts): chunks of CheckedRecords come back through a bounded
queue, so neither process holds more than a few chunks. Small files, and any failure to start
or run the worker (a frozen app without multiprocessing.freeze_support(), a system without
process semaphores, a worker that died or hit an error), take the in-process path, which
carries on from the first chunk the worker did not deliver; an error in the file is then
raised here exactly as it would have been without a worker.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
import sys
from collections.abc import Generator, Iterator
from itertools import islice
from typing import Any

from desktop.exchange.contact_writer import prepare
from desktop.exchange.duplicates import match_keys
from desktop.exchange.plan import ImportPlan
from desktop.exchange.record import IncomingRecord
from desktop.exchange.sources import forget_parsed
from desktop.exchange.validation import (
    AddressOut,
    CheckedRecord,
    EmailOut,
    PhoneOut,
    Prepared,
    Problem,
    check_record,
)
from desktop.parent_watch import exit_with_parent

#: files estimated smaller than this are checked in the importing process (starting a worker
#: costs about a second)
WORKER_MIN_ROWS = 20_000
#: chunks waiting in the queue: enough that neither process waits, few enough for memory
_QUEUED = 3
#: chunks checked in the importing process while the worker starts and reads the file (about
#: a second, in which the importing process would otherwise wait)
_CHECKED_HERE = 5
_POLL_S = 0.5
CustomTypes = dict[str, tuple[str, str]]


def _chunks(items: Iterator[IncomingRecord], size: int) -> Iterator[list[IncomingRecord]]:
    while chunk := list(islice(items, size)):
        yield chunk


def checked_chunks(
    plan: ImportPlan, region: str, custom_types: CustomTypes, size: int, skip: int = 0
) -> Iterator[list[CheckedRecord]]:
    """The file's non-blank records, checked, `size` records read at a time, after the first
    `skip` chunks."""
    for chunk in _chunks(plan.records(skip * size), size):
        yield [check_record(r, region, custom_types) for r in chunk if not r.is_blank()]


def prepared_chunks(
    plan: ImportPlan, region: str, custom_types: CustomTypes, size: int
) -> Generator[list[CheckedRecord]]:
    """checked_chunks, from a worker process for a big file. Closing the iterator (a cancel,
    an error while writing) stops the worker."""
    emitted = 0
    if plan.estimate() >= WORKER_MIN_ROWS:
        try:
            for chunk in _from_worker(plan, region, custom_types, size):
                emitted += 1
                yield chunk
            return
        except _WorkerFailed as failure:
            print(
                f"rapport: import worker failed ({failure}); continuing in one process",
                file=sys.stderr,
            )
    yield from checked_chunks(plan, region, custom_types, size, emitted)


class _WorkerFailed(Exception):
    pass


def _from_worker(
    plan: ImportPlan, region: str, custom_types: CustomTypes, size: int
) -> Iterator[list[CheckedRecord]]:
    # spawn, not fork: the GUI imports from a thread, and forking a threaded Qt process can
    # deadlock the child; spawn is also what Windows and macOS do anyway.
    context = multiprocessing.get_context("spawn")
    try:
        channel: Any = context.Queue(maxsize=_QUEUED)
        worker = context.Process(
            target=_produce,
            args=(plan, region, custom_types, size, channel),
            daemon=True,
        )
        worker.start()
    except (OSError, RuntimeError, ImportError) as exc:
        raise _WorkerFailed(exc) from None
    try:
        # the file is parsed here already (plan_import kept the sheet)
        yield from islice(checked_chunks(plan, region, custom_types, size), _CHECKED_HERE)
        forget_parsed()  # the worker reads the file; should it fail, the file is read again
        while True:
            try:
                kind, chunk = channel.get(timeout=_POLL_S)
            except queue.Empty:
                if not worker.is_alive():
                    raise _WorkerFailed(f"exit code {worker.exitcode}") from None
                continue
            if kind == "done":
                return
            if kind == "failed":
                raise _WorkerFailed(chunk)
            yield [_unpack(packed) for packed in chunk]
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        channel.close()
        channel.cancel_join_thread()


def _produce(
    plan: ImportPlan,
    region: str,
    custom_types: CustomTypes,
    size: int,
    channel: Any,
) -> None:
    """The worker: every chunk, then 'done'; on any error 'failed' (the importing process
    then reads the rest itself and meets the same error, raised as it always is)."""
    exit_with_parent()  # a killed import must not leave this process blocked on the queue
    gc.disable()  # for good: this process only checks rows (see bulk.cycle_collector_paused)
    try:
        for chunk in checked_chunks(plan, region, custom_types, size, _CHECKED_HERE):
            channel.put(("chunk", [_pack(record) for record in chunk]))
    except BaseException as exc:  # reported; the importing process meets it again
        channel.put(("failed", f"{type(exc).__name__}: {exc}"))
    else:
        channel.put(("done", None))
    channel.close()
    channel.join_thread()


# Records cross between the processes as tuples of plain values: unpickling a dataclass with
# slots calls Python for every object, and took longer than checking the rows.
Packed = tuple[Any, ...]


def _pack(r: CheckedRecord) -> Packed:
    return (
        r.row,
        r.values,
        [(p.label, p.number, p.e164, p.digits) for p in r.phones],
        [(e.label, e.address, e.key) for e in r.emails],
        [(a.label, a.street, a.city, a.region, a.postal_code, a.country) for a in r.addresses],
        r.tags,
        r.groups,
        r.custom,
        [(p.row, p.column, p.message) for p in r.problems],
        r.fatal,
        match_keys(r),  # worked out here, where there is time for it
        tuple(prepare(r)),  # the CRM number and the ids are added when they are handed out
    )


def _unpack(packed: Packed) -> CheckedRecord:
    row, values, phones, emails, addresses, tags, groups, custom, problems, fatal, keys, ready = (
        packed
    )
    return CheckedRecord(
        row,
        values,
        [PhoneOut(*p) for p in phones],
        [EmailOut(*e) for e in emails],
        [AddressOut(*a) for a in addresses],
        tags,
        groups,
        custom,
        [Problem(*p) for p in problems],
        fatal,
        keys,
        Prepared(*ready),
    )
