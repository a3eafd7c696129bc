"""User text into report markup, fonts per script, paper from the locale, money."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate
from reports_sample import pdf_pages

from desktop.reports.fonts import LAST_RESORT_CJK, register_fonts, report_fonts
from desktop.reports.page import make_setup, paper_for_locale
from desktop.reports.styles import build_styles
from desktop.reports.text import fit, markup, money, money_totals, para


def test_markup_escapes_what_a_user_typed():
    assert markup("AT&T <b>Lee</b>") == "AT&amp;T &lt;b&gt;Lee&lt;/b&gt;"
    assert markup("line one\nline two") == "line one<br/>line two"


def test_each_script_runs_in_a_font_that_has_its_glyphs():
    fonts = report_fonts()
    assert fonts.warnings == ()
    runs = list(fonts.runs("Müller 王伟 김민준 (Kim) やまだ"))
    assert runs == [
        ("RapportSans", "Müller "),
        ("RapportCJK", "王伟 "),
        ("RapportKorean", "김민준 "),
        ("RapportSans", "(Kim) "),
        ("RapportCJK", "やまだ"),
    ]
    assert markup("王 <x>") == '<font name="RapportCJK">王 </font>&lt;x&gt;'


def test_a_paragraph_of_user_text_keeps_its_characters():
    text = "AT&T <b>Lee</b> & 王伟"
    paragraph = para(text)
    assert isinstance(paragraph, Paragraph)
    assert "".join(frag.text for frag in paragraph.frags) == text


def test_missing_font_files_fall_back_with_a_warning_and_still_print(tmp_path: Path):
    fonts = register_fonts(tmp_path, use_system_fonts=False)

    assert fonts.regular == "Helvetica"
    assert [name for name, _cover in fonts.fallbacks] == [LAST_RESORT_CJK]
    assert len(fonts.warnings) == 4
    assert any("DejaVuSans.ttf is missing" in w for w in fonts.warnings)
    assert any("not embedded" in w for w in fonts.warnings)
    styles = build_styles(fonts)
    out = tmp_path / "fallback.pdf"
    SimpleDocTemplate(str(out)).build(
        [Paragraph(markup("Café 王伟", fonts), styles.get("body", cjk=True))]
    )
    assert "Café" in pdf_pages(out)[0]


@pytest.mark.parametrize(
    ("locale_name", "paper"),
    [
        ("en_US.UTF-8", "Letter"),
        ("fr_CA", "Letter"),
        ("es-MX", "Letter"),
        ("en_GB.UTF-8", "A4"),
        ("de_DE@euro", "A4"),
        ("zh_CN.UTF-8", "A4"),
        ("C", "A4"),
        ("", "A4"),
    ],
)
def test_paper_follows_the_locale(locale_name: str, paper: str):
    assert paper_for_locale(locale_name) == paper


def test_a_chosen_paper_wins_over_the_locale():
    assert make_setup("letter", "Anna", locale_name="de_DE").paper == "Letter"
    assert make_setup("auto", "Anna", locale_name="en_US").paper == "Letter"
    setup = make_setup("a4", " Anna Łukasiewicz ", " ACME ", locale_name="en_US")
    assert (setup.paper, setup.user_name, setup.company) == ("A4", "Anna Łukasiewicz", "ACME")
    assert setup.footer_text == f"Printed {date.today().isoformat()} by Anna Łukasiewicz, ACME"


def test_money_is_exact_cents_and_currencies_are_never_added():
    assert money(12_500_050, "EUR") == "125,000.50 EUR"
    assert money(-5) == "-0.05"
    assert money_totals({"USD": 100, "EUR": 250_000}) == "2,500.00 EUR; 1.00 USD"
    assert money_totals({}) == "0.00"


def test_fit_cuts_to_the_width_with_an_ellipsis():
    assert fit("Short", 100) == "Short"
    cut = fit("Martin Versicherungen GmbH & Co. KG Niederlassung Süd", 60)
    assert cut.endswith("…") and len(cut) < 20
    assert fit("北京金龙建设集团有限公司", 40).endswith("…")
