"""Phone list, pipeline and activity report, read back from the PDFs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from reports_sample import add_activity, add_contact, add_deal, pdf_pages

from desktop.reports.activity_report import build_activity_report
from desktop.reports.page import PageSetup
from desktop.reports.phone_list import build_phone_list, sort_key
from desktop.reports.pipeline_report import build_pipeline_report
from desktop.store.database import Database

SETUP = PageSetup("A4", "Anna", "Rapport Sales", date(2026, 3, 2))


def test_the_phone_list_files_chinese_names_by_pinyin_under_latin_letters(db: Database, tmp_path):
    for first, last, phone in (
        ("William", "Wright", "+1 415 555 0101"),
        ("伟", "王", "+86 138 0013 8000"),
        ("Ögün", "Özdemir", "+49 30 1234"),
        ("国藩", "曾", "+86 10 5555"),
        ("Chloé", "Anderson", "+33 1 23 45"),
        ("敏", "吴", "+86 20 1111"),
        ("<b>Lee</b>", "AT&T", "+1 212 555 0199"),
        ("花子", "山田", "+81 3 1234"),
    ):
        add_contact(db, first, last, phone=phone)
    out = tmp_path / "phones.pdf"

    assert build_phone_list(db, out, SETUP) == 8

    text = "\n".join(pdf_pages(out))
    # a kanji-only Japanese name cannot be told from a Chinese one: 山田 files as shān tián
    order = ["Chloé Anderson", "<b>Lee</b> AT&T", "Ögün Özdemir", "山田花子", "王伟",
             "William Wright", "吴敏", "曾国藩"]  # fmt: skip
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions), text
    assert "+86 138 0013 8000" in text and "8 contacts" in text and "Page 1 of 1" in text
    headings = [line.strip() for line in text.splitlines() if len(line.strip()) == 1]
    assert headings == ["A", "O", "S", "W", "Z"]


def test_sort_keys_read_surnames_as_surnames():
    assert sort_key("国藩", "曾", "曾国藩", "")[0] == "Z"  # Zēng, not céng
    assert sort_key("伟", "王", "王伟", "")[0] == "W"
    assert sort_key("Łukasz", "Łęcki", "Łukasz Łęcki", "łęcki łukasz")[0] == "L"
    assert sort_key("", "", "3M Deutschland", "3m deutschland")[0] == "#"
    assert sort_key("민준", "김", "김민준", "")[0] == "김"


def test_the_phone_list_of_a_group_lists_only_its_members(db, tmp_path):
    member, _ = add_contact(db, "Anna", "Member", groups=("Golf day",))
    add_contact(db, "Otto", "Outsider")
    out = tmp_path / "golf.pdf"

    assert build_phone_list(db, out, SETUP, [member], title="Group Golf day") == 1

    text = pdf_pages(out)[0]
    assert "Anna Member" in text and "Outsider" not in text and "Group Golf day" in text


def test_the_pipeline_shows_totals_and_weighted_totals_by_stage(db, tmp_path):
    wang, _ = add_contact(db, "伟", "王")
    add_deal(db, "Support renewal", "Proposal", 4_800_000, 50, contact_id=wang)
    add_deal(db, "Rollout & <training>", "Proposal", 1_000_050, 25)
    add_deal(db, "Ningbo plant", "Negotiation", 12_500_000, 75, contact_id=wang)
    add_deal(db, "US office", "Negotiation", 300_000, 80, currency="USD")
    add_deal(db, "Already won", "Commit", 9_999_900, 100, status="won")
    out = tmp_path / "pipeline.pdf"

    stages = build_pipeline_report(db, out, SETUP)

    assert [s.name for s in stages] == ["Lead", "Qualified", "Proposal", "Negotiation", "Commit"]
    text = "\n".join(pdf_pages(out))
    assert "4 open deals in 5 stages" in text
    # Proposal: 48,000.00 + 10,000.50; weighted 24,000.00 + 2,500.12 (cents round down)
    assert "58,000.50 EUR" in text and "26,500.12 EUR" in text
    # Negotiation keeps euros and dollars apart: 125,000.00 EUR (93,750.00) and 3,000.00 USD
    assert "125,000.00 EUR; 3,000.00 USD" in text and "93,750.00 EUR; 2,400.00 USD" in text
    # all stages
    assert "183,000.50 EUR; 3,000.00 USD" in text and "120,250.12 EUR; 2,400.00 USD" in text
    assert "Rollout & <training>" in text and "王伟" in text
    assert "Already won" not in text
    assert "Page 1 of" in text


def test_the_activity_report_counts_done_and_open_by_type_and_contact(db, tmp_path):
    anna, _ = add_contact(db, "Anna", "Müller")
    wang, _ = add_contact(db, "伟", "王")
    day = datetime(2026, 3, 10, 9, 0)
    add_activity(db, "Call", "Price question", day, status="done", contact_ids=(anna,))
    add_activity(db, "Call", "Follow-up <urgent>", day + timedelta(days=1), contact_ids=(wang,))
    add_activity(db, "Call", "Second call", day + timedelta(days=2), contact_ids=(anna,))
    add_activity(db, "Meeting", "Plant tour", day + timedelta(days=3), status="done",
                 contact_ids=(wang, anna))  # fmt: skip
    add_activity(db, "Call", "Too late", day + timedelta(days=30), contact_ids=(anna,))
    add_activity(db, "Call", "Cleared", day, status="cleared", contact_ids=(anna,))
    out = tmp_path / "activities.pdf"

    items = build_activity_report(db, date(2026, 3, 1), date(2026, 3, 31), out, SETUP)

    assert len(items) == 4
    text = "\n".join(pdf_pages(out))
    assert "2026-03-01 to 2026-03-31: 4 activities" in text
    assert "Call: 1 done, 2 open" in text and "Meeting: 1 done, 0 open" in text
    assert "Follow-up <urgent>" in text and "王伟" in text
    assert "Too late" not in text and "Cleared" not in text
    assert text.index("Price question") < text.index("Second call") < text.index("Follow-up")
