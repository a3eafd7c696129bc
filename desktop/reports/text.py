"""User text into reportlab paragraphs, printed exactly as typed.

reportlab's Paragraph reads its text as markup, so a contact called `AT&T <b>Lee</b>` would
print in bold, and a stray `<` raises in the middle of a batch. Every user string goes through
`markup()`: escaped first, then cut into font runs (fonts.FontSet.runs) so that Chinese, Japanese
and Korean print in a font that has their glyphs, then line breaks kept. Only markup that this
package writes itself is ever left unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Table

from desktop.reports.fonts import FontSet, report_fonts
from desktop.reports.styles import ReportStyles, report_styles
from desktop.store.names import is_east_asian


def markup(text: str, fonts: FontSet | None = None) -> str:
    """Escaped paragraph markup for `text`, with runs in the font that has their glyphs."""
    fonts = fonts or report_fonts()
    if text.isascii():
        return escape(text).replace("\n", "<br/>")
    parts = []
    for font, run in fonts.runs(text):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if font == fonts.regular else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def para(text: str, style_name: str = "body", styles: ReportStyles | None = None) -> Paragraph:
    """A paragraph of user text. East Asian text may break between any two characters
    (it has no spaces to break at); other text breaks between words."""
    styles = styles or report_styles()
    style = styles.get(style_name, cjk=is_east_asian(text))
    return Paragraph(markup(text, styles.fonts), style)


#: a table of at most this many rows moves to the next page whole rather than split
KEEP_WHOLE_ROWS = 12


def titled(heading: str, table: Table) -> list[Flowable]:
    """A heading over a table: a short table moves to the next page with its heading rather
    than split; a long one splits (header row repeated), its heading kept with its first rows
    by a conditional break (keepWithNext would push heading and table to the next page whole)."""
    if len(table._cellvalues) <= KEEP_WHOLE_ROWS:
        return [KeepTogether([para(heading, "heading"), table])]
    return [CondPageBreak(25 * mm), para(heading, "heading_loose"), table]


def plain_or_para(text: str, style_name: str = "cell") -> str | Paragraph:
    """For one-line table cells: the string itself when the report font has all its glyphs
    (a table draws it directly, several times faster), else a paragraph with font runs."""
    fonts = report_fonts()
    if text.isascii() or all(ord(char) in fonts.base_cover for char in text):
        return text
    return para(text, style_name)


def fit(text: str, width: float, size: float = 8) -> str:
    """`text` on one line, cut with an ellipsis to `width` points at `size` in the report
    fonts, so a plain table cell never runs into the next column."""
    text = " ".join(text.split())
    if _width(text, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(text[:middle] + "…", size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _width(text: str, size: float) -> float:
    fonts = report_fonts()
    return sum(stringWidth(run, font, size) for font, run in fonts.runs(text))


def joined(parts: Iterable[str], separator: str = ", ") -> str:
    return separator.join(part for part in parts if part)


def money(cents: int, currency: str = "") -> str:
    """'1,234.50 EUR': integer cents, never a float on the way."""
    sign = "-" if cents < 0 else ""
    whole, fraction = divmod(abs(cents), 100)
    text = f"{sign}{whole:,}.{fraction:02d}"
    return f"{text} {currency}" if currency else text


def money_totals(totals: dict[str, int]) -> str:
    """Sums in several currencies side by side ('1,000.00 EUR; 250.00 USD'), never added up."""
    if not totals:
        return money(0)
    return "; ".join(money(cents, currency) for currency, cents in sorted(totals.items()))


def day(value: date | None) -> str:
    """ISO dates: unambiguous for a reader in any country."""
    return value.isoformat() if value else ""


def local_time(value: datetime | None) -> str:
    """A stored naive-UTC instant in the computer's time zone, to the minute."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")
