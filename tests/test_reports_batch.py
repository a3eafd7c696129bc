"""A batch of customer sheets: contents, one sheet per contact, 'Page X of Y' throughout."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader
from reports_sample import add_contact, add_rich_customer, pdf_pages
from sqlalchemy import delete

from desktop.errors import RapportError
from desktop.reports import batch
from desktop.reports.batch import BatchCancelled, build_batch
from desktop.reports.page import PageSetup
from desktop.reports.selection import group_contact_ids, tag_contact_ids
from desktop.store.database import Database
from desktop.store.entities import Contact

SETUP = PageSetup("A4", "Anna", "Rapport Sales", date(2026, 3, 2))
NAMES = [
    ("Zoë", "Øvergård"),
    ("伟", "王"),
    ("<b>Lee</b>", "AT&T"),
    ("Anna", "Müller"),
    ("민준", "김"),
]


@pytest.fixture
def key_accounts(db: Database) -> list[tuple[int, str]]:
    """Five contacts in the group 'Key accounts' (one of them rich), two more outside it."""
    contacts = [
        add_contact(db, first, last, groups=("Key accounts",), tags=("VIP",))
        for first, last in NAMES
    ]
    rich = add_rich_customer(db, "Grace", "Hopper")  # joins Key accounts itself
    add_contact(db, "Not", "Included", groups=("Other",))
    add_contact(db, "Also", "Outside")
    return [*contacts, rich]


def _sheet_starts(pages: list[str]) -> dict[str, int]:
    """CRM number -> 1-based page where that contact's sheet begins (its header block)."""
    starts: dict[str, int] = {}
    for number, text in enumerate(pages, start=1):
        match = re.search(r"Customer sheet: .* \((C-\d{6})\)", text)
        if match and match.group(1) not in starts:
            starts[match.group(1)] = number
    return starts


def test_a_group_batch_has_contents_and_one_sheet_per_contact(db, tmp_path, key_accounts):
    with db.transaction() as conn:
        ids = group_contact_ids(conn, "key accounts")  # any case
    assert len(ids) == 6
    out = tmp_path / "batch.pdf"
    progress: list[tuple[int, int]] = []

    result = build_batch(
        db, ids, out, SETUP, title="Group Key accounts", chunk_size=2,
        progress=lambda done, total: progress.append((done, total)),
    )  # fmt: skip

    pages = pdf_pages(out)
    assert result.sheets == 6 and result.pages == len(pages) and result.missing == 0
    assert progress == [(2, 6), (4, 6), (6, 6)]
    contents = pages[0]
    assert "Group Key accounts" in contents and "6 customer sheets" in contents
    starts = _sheet_starts(pages)
    assert sorted(starts) == sorted(crm for _id, crm in key_accounts)
    for _id, crm in key_accounts:  # the contents give the page each sheet starts on
        assert re.search(rf"{crm}\s*{starts[crm]}\b", contents), crm
    assert "C-000007" not in "".join(pages)  # "Not Included" is in another group
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
    body = "\n".join(pages)
    for shown in (
        "Zoë Øvergård",
        "王伟",
        "<b>Lee</b> AT&T",
        "Anna Müller",
        "김민준",
        "Grace Hopper",
    ):
        assert shown in body
    reader = PdfReader(out, strict=True)
    outline = [item.title for item in reader.outline]
    assert len(outline) == 6 and "王伟 (C-000002)" in outline
    by_object = {
        (font.idnum, str(font.get_object()["/BaseFont"]))
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "+" in str(font.get_object()["/BaseFont"])
    }
    # each piece embeds its own subsets: no two different subsets may share a name
    assert len(by_object) > 3
    assert len({name for _id, name in by_object}) == len(by_object)


def test_worker_processes_render_the_same_batch(db, tmp_path, key_accounts, monkeypatch):
    monkeypatch.setattr(batch, "IN_PROCESS_BELOW", 0)
    ids = [contact_id for contact_id, _crm in key_accounts]
    out = tmp_path / "pooled.pdf"

    result = build_batch(db, ids, out, SETUP, title="Pooled", chunk_size=2, workers=2)

    pages = pdf_pages(out)
    assert result.sheets == 6
    assert len(_sheet_starts(pages)) == 6
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_cancel_stops_the_batch_and_writes_nothing(db, tmp_path, key_accounts):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "cancelled.pdf"
    out.write_bytes(b"an older report")
    calls: list[int] = []

    with pytest.raises(BatchCancelled):
        build_batch(
            db, [i for i, _ in key_accounts], out, SETUP, title="x", chunk_size=2,
            progress=lambda done, _total: calls.append(done), cancelled=lambda: bool(calls),
        )  # fmt: skip

    assert calls == [2]
    assert out.read_bytes() == b"an older report"
    assert [p.name for p in out.parent.iterdir()] == ["cancelled.pdf"]


def test_a_contact_deleted_meanwhile_is_left_out(db, tmp_path, key_accounts):
    ids = [contact_id for contact_id, _crm in key_accounts]
    with db.session() as session:
        session.execute(delete(Contact).where(Contact.id == ids[1]))

    result = build_batch(db, ids, tmp_path / "b.pdf", SETUP, title="x")

    assert (result.sheets, result.missing) == (5, 1)
    assert "王伟" not in "".join(pdf_pages(tmp_path / "b.pdf"))


def test_unknown_group_or_tag_and_empty_batches_are_refused(db, tmp_path, key_accounts):
    with db.transaction() as conn:
        with pytest.raises(RapportError, match=r"no group is called 'Nobody' \(there are: Key"):
            group_contact_ids(conn, "Nobody")
        with pytest.raises(RapportError, match="no tag is called 'VIPs'"):
            tag_contact_ids(conn, "VIPs")
        assert len(tag_contact_ids(conn, "VIP")) == 6  # the rich customer is a VIP too
    with pytest.raises(RapportError, match="no contacts to print"):
        build_batch(db, [], tmp_path / "empty.pdf", SETUP, title="Empty")
    assert not (tmp_path / "empty.pdf").exists()


def test_workers_that_break_leave_the_rest_to_this_process(db, tmp_path, key_accounts, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    def broken_after_one(jobs, _workers, _cancelled):  # type: ignore[no-untyped-def]
        yield batch.render_chunk(jobs[0], db)
        raise BrokenProcessPool("a worker died")

    monkeypatch.setattr(batch, "IN_PROCESS_BELOW", 0)
    monkeypatch.setattr(batch, "_pooled", broken_after_one)
    out = tmp_path / "rescued.pdf"

    result = build_batch(db, [i for i, _ in key_accounts], out, SETUP, title="x", chunk_size=2)

    assert result.sheets == 6 and len(_sheet_starts(pdf_pages(out))) == 6
