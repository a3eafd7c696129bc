"""The customer sheet a salesperson prints before a visit, read back from the PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reports_sample import LONG_NOTE, add_contact, add_rich_customer, pdf_pages

from desktop.errors import RapportError
from desktop.reports.customer_sheet import build_customer_sheet
from desktop.reports.page import PageSetup
from desktop.store.database import Database

SETUP = PageSetup("A4", "Anna Łukasiewicz", "Rapport Sales GmbH", date(2026, 3, 2))


def test_a_rich_customer_fits_two_pages_with_everything_on_them(db: Database, tmp_path: Path):
    contact_id, crm = add_rich_customer(db)
    out = tmp_path / "sheet.pdf"

    build_customer_sheet(db, contact_id, out, SETUP, history_limit=10)

    pages = pdf_pages(out)
    assert len(pages) == 2
    text = "\n".join(pages)
    for expected in (
        "王伟",
        crm,
        "Müller & Söhne <GmbH>",  # the company's markup characters print as typed
        "Einkaufsleiter",
        "+86 138 0013 8000",
        "wang.wei@example.com",
        "Hohe Straße 12, 2. Etage, 50667 Köln",
        "江东区 88号, 宁波",
        "Trade fair 2025, VIP",
        "Key accounts, Newsletter",
        "Contract ends",
        "Confirm delivery dates for Q2",
        "Quarterly review in Köln (repeats)",
        "Recent history (latest 10 of 40)",
        "Follow-up #10 about",
        "Support renewal 2026",
        "182,500.50 EUR",  # open deals: 48,000 + 125,000.50 + 9,500
        "118,700.37 EUR",  # weighted: 24,000 + 93,750.37 + 950
        "187,500.00 EUR",  # all purchases
        "Latest purchases (12 of 60)",
        "客户希望在三月前续签支持合同。",
        "Printed 2026-03-02 by Anna Łukasiewicz, Rapport Sales GmbH",
    ):
        assert expected in text, expected
    assert "Follow-up #11 " not in text  # only the latest ten
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]
    assert f"Customer sheet: 王伟 ({crm})" in pages[1]  # running header on every page


def test_a_markup_name_prints_as_typed_and_a_plain_contact_is_one_page(db, tmp_path):
    contact_id, _crm = add_contact(db, "<b>Lee</b>", "AT&T", company="R&D <Labs>")
    out = tmp_path / "lee.pdf"

    build_customer_sheet(db, contact_id, out, SETUP)

    (page,) = pdf_pages(out)
    assert "<b>Lee</b> AT&T" in page
    assert "R&D <Labs>" in page
    assert "No open activities." in page and "No purchases." in page
    assert "Page 1 of 1" in page


@pytest.mark.parametrize(
    ("first", "last", "shown", "expected_font"),
    [
        ("花子", "山田", "山田花子", "DroidSansFallback"),
        ("민준", "김", "김민준", "NanumGothic"),
        ("Zoë", "Øvergård-Şahin", "Zoë Øvergård-Şahin", "DejaVuSans"),
    ],
)
def test_east_asian_and_accented_names_print_in_embedded_fonts(
    db, tmp_path, first, last, shown, expected_font
):
    contact_id, _crm = add_contact(db, first, last)
    out = tmp_path / "name.pdf"

    build_customer_sheet(db, contact_id, out, SETUP)

    assert shown in pdf_pages(out)[0]
    embedded = set()
    for font in PdfReader(out).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if font["/BaseFont"] == "/Helvetica":
            continue  # the page number: digits in a standard font
        assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]  # embedded TrueType
        embedded.add(str(font["/BaseFont"]).split("+")[-1])
    assert embedded >= {expected_font, "DejaVuSans"}


def test_long_notes_wrap_and_split_across_pages_without_losing_a_word(db, tmp_path):
    notes = "\n\n".join(f"Paragraph {n}. {LONG_NOTE}" for n in range(1, 9))
    contact_id, _crm = add_contact(db, "Grace", "Hopper", notes=notes)
    out = tmp_path / "notes.pdf"

    build_customer_sheet(db, contact_id, out, SETUP)

    pages = pdf_pages(out)
    assert len(pages) >= 3
    text = " ".join(" ".join(pages).split())
    for n in range(1, 9):
        assert f"Paragraph {n}. Met at the Hannover trade fair" in text
    assert text.count("asked twice about delivery times") == 8 * LONG_NOTE.count("asked twice")
    assert all(f"of {len(pages)}" in page for page in pages)


def test_a_long_history_table_repeats_its_header_on_the_next_page(db, tmp_path):
    contact_id, _crm = add_rich_customer(db, history=120, purchases=0)
    out = tmp_path / "history.pdf"

    build_customer_sheet(db, contact_id, out, SETUP, history_limit=120)

    pages = pdf_pages(out)
    with_history = [p for p in pages if "Follow-up #" in p]
    assert len(with_history) >= 2
    for page in with_history:
        assert "When" in page and "Subject" in page and "Details" in page
    text = "\n".join(pages)
    assert "Follow-up #120 about" in text.replace("\n", " ")


def test_a_missing_contact_is_refused_and_no_file_is_left(db, tmp_path):
    out = tmp_path / "gone.pdf"
    with pytest.raises(RapportError, match="does not exist"):
        build_customer_sheet(db, 4242, out, SETUP)
    assert list(tmp_path.glob("*.pdf")) == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_letter_paper_is_letter_sized(db, tmp_path):
    contact_id, _crm = add_contact(db, "Ann", "Arbor")
    out = tmp_path / "letter.pdf"

    build_customer_sheet(db, contact_id, out, PageSetup("Letter", "", "", date(2026, 1, 1)))

    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Printed 2026-01-01" in pdf_pages(out)[0]


def test_a_card_with_eighty_numbers_and_huge_fields_still_prints(db, tmp_path):
    from desktop.store.entities import Contact, ContactPhone, HistoryItem

    contact_id, _crm = add_contact(db, "Many", "Numbers", notes="😀 \u202eright-to-left " * 500)
    with db.session() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        for n in range(80):
            contact.phones.append(
                ContactPhone(label="mobile", number=f"+49 30 {n:06d}", position=n)
            )
        session.add(
            HistoryItem(contact_id=contact_id, occurred_at=contact.created_at, text="word " * 5000)
        )
    out = tmp_path / "many.pdf"

    build_customer_sheet(db, contact_id, out, SETUP)

    text = "\n".join(pdf_pages(out))
    assert all(f"+49 30 {n:06d}" in text for n in range(80))
    assert "word word" in text
