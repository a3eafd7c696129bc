"""The paragraph and table styles every report shares, built once per process.

Small type (9 pt body, 8 pt tables) because these are working papers a salesperson carries:
more on a page beats white space. Widows and orphans are not allowed, so a wrapped note never
leaves one line alone at the top or bottom of a page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from desktop.reports.fonts import FontSet, report_fonts

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
RULE = colors.HexColor("#cbd2d9")
HEADER_FILL = colors.HexColor("#e4e7eb")
ACCENT = colors.HexColor("#2f5d8a")


@dataclass(frozen=True)
class ReportStyles:
    fonts: FontSet
    by_name: dict[str, ParagraphStyle]
    _cjk: dict[str, ParagraphStyle] = field(default_factory=dict)

    def get(self, name: str, cjk: bool = False) -> ParagraphStyle:
        style = self.by_name[name]
        if not cjk:
            return style
        if name not in self._cjk:
            self._cjk[name] = ParagraphStyle(f"{name}-cjk", parent=style, wordWrap="CJK")
        return self._cjk[name]


def build_styles(fonts: FontSet) -> ReportStyles:
    regular, bold = fonts.regular, fonts.bold

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": regular,
            "fontSize": 9,
            "leading": 11.5,
            "textColor": INK,
            "allowWidows": 0,
            "allowOrphans": 0,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)  # type: ignore[arg-type]

    heading: dict[str, object] = {
        "fontName": bold,
        "fontSize": 11,
        "leading": 14,
        "spaceBefore": 9,
        "spaceAfter": 3,
        "textColor": ACCENT,
    }
    styles = [
        style("title", fontName=bold, fontSize=18, leading=22, textColor=ACCENT),
        style("subtitle", fontSize=10.5, leading=13, textColor=MUTED),
        style("heading", **heading, keepWithNext=1),
        # before text that may split, where a CondPageBreak keeps it off the bottom of a page
        style("heading_loose", **heading),
        style(
            "letter",
            fontName=bold,
            fontSize=12,
            leading=15,
            spaceBefore=6,
            spaceAfter=1,
            textColor=ACCENT,
        ),
        style("body"),
        style("muted", fontSize=8, leading=10, textColor=MUTED),
        style("label", fontName=bold, fontSize=8, leading=10, textColor=MUTED),
        style(
            "label_right",
            fontName=bold,
            fontSize=8,
            leading=10,
            textColor=MUTED,
            alignment=TA_RIGHT,
        ),
        style("cell", fontSize=8, leading=9.8),
        style("cell_bold", fontName=bold, fontSize=8, leading=9.8),
        style("cell_right", fontSize=8, leading=9.8, alignment=TA_RIGHT),
        style("cell_right_bold", fontName=bold, fontSize=8, leading=9.8, alignment=TA_RIGHT),
        style("toc", fontSize=9, leading=12),
    ]
    return ReportStyles(fonts, {s.name: s for s in styles})


@functools.cache
def report_styles() -> ReportStyles:
    return build_styles(report_fonts())


def table_style(
    header_rows: int = 1, total_rows: int = 0, right: tuple[int, ...] = ()
) -> TableStyle:
    """Grey header, hairlines between rows, a rule above the totals rows at the end, figures
    in the `right` columns right-aligned. Plain-string cells (dates, figures, column titles:
    text this package formats itself) are drawn in the report font without markup parsing,
    several times faster than a Paragraph; user text goes in as paragraphs (text.para)."""
    fonts = report_fonts()
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, 8, 9.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
    ]
    if header_rows:
        commands += [
            ("FONT", (0, 0), (-1, header_rows - 1), fonts.bold, 8, 9.8),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), MUTED),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.6, MUTED),
        ]
    if total_rows:
        commands += [
            ("LINEABOVE", (0, -total_rows), (-1, -total_rows), 0.8, INK),
            ("FONT", (0, -total_rows), (-1, -total_rows), fonts.bold, 8, 9.8),
        ]
    commands += [("ALIGN", (column, 0), (column, -1), "RIGHT") for column in right]
    return TableStyle(commands)
