"""Paper, running header and footer, and 'Page X of Y' for every report.

'Y' is only known when the last page is laid out, so the canvas keeps each finished page's
state and draws the numbers on all of them when the document is saved (reportlab's two-pass
canvasmaker pattern): one layout pass instead of platypus' multiBuild. Batches are built in
pieces by several processes and numbered when they are merged (see batch.py), so a page can
also be drawn without its number.
"""

from __future__ import annotations

import getpass
import locale
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desktop.reports.styles import MUTED, RULE, report_styles
from desktop.reports.text import markup

PAPER_SIZES = {"A4": A4, "Letter": LETTER}
# Territories that print on US Letter (CLDR's paperSize data); the rest of the world uses A4.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "DO", "PR", "NI", "BZ"}
)
MARGIN = 15 * mm
HEADER_SPACE = 9 * mm
FOOTER_SPACE = 10 * mm
NUMBER_FONT = "Helvetica"  # digits only: the standard font, so merged batches can share it
NUMBER_SIZE = 7.5


def paper_for_locale(locale_name: str | None = None) -> str:
    """'Letter' for en_US, es_MX, fr_CA ...; 'A4' otherwise (None: this computer's locale)."""
    if locale_name is None:
        locale_name = (
            os.environ.get("LC_PAPER")
            or os.environ.get("LC_ALL")
            or locale.getlocale(locale.LC_CTYPE)[0]
            or ""
        )
    territory = locale_name.replace("-", "_").split(".")[0].split("@")[0].partition("_")[2]
    return "Letter" if territory.upper() in LETTER_TERRITORIES else "A4"


def _account_name() -> str:
    """The person logged in, by full name where the system knows it."""
    try:
        import pwd

        gecos = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
        if gecos:
            return gecos
    except (ImportError, KeyError, AttributeError):
        pass
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment: print no name rather than fail
        return ""


@dataclass(frozen=True)
class PageSetup:
    """What every page carries besides the report itself."""

    paper: str = "A4"
    user_name: str = ""
    company: str = ""
    printed_on: date = field(default_factory=date.today)

    @property
    def pagesize(self) -> tuple[float, float]:
        return PAPER_SIZES[self.paper]

    @property
    def footer_text(self) -> str:
        who = ", ".join(part for part in (self.user_name, self.company) if part)
        printed = f"Printed {self.printed_on.isoformat()}"
        return f"{printed} by {who}" if who else printed


def make_setup(
    paper: str = "auto",
    user_name: str | None = None,
    company: str = "",
    locale_name: str | None = None,
) -> PageSetup:
    """`paper` is 'A4', 'Letter' or 'auto' (from the locale); no name given: the account's."""
    chosen = {"a4": "A4", "letter": "Letter"}.get(paper.lower()) or paper_for_locale(locale_name)
    name = _account_name() if user_name is None else user_name
    return PageSetup(chosen, name.strip(), company.strip())


class RunningTitle(Flowable):
    """Invisible marker: from the page it lands on, the running header shows `title`.
    Batches put one before each sheet; anchors the sheet's first page for the contents."""

    width = height = 0

    def __init__(self, title: str, on_placed: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.title = title
        self._on_placed = on_placed

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._rapport_title = self.title  # type: ignore[attr-defined]
        if self._on_placed is not None:
            self._on_placed(self.canv.getPageNumber())


class _NumberedCanvas(Canvas):
    """Keeps every page until save() so that 'Page X of Y' knows Y."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            draw_page_number(self, self._pageNumber, total, self._pagesize[0])
            super().showPage()
        super().save()


def draw_page_number(canvas: Canvas, number: int, total: int, page_width: float) -> None:
    canvas.saveState()
    canvas.setFont(NUMBER_FONT, NUMBER_SIZE)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(page_width - MARGIN, MARGIN - 6 * mm, page_label(number, total))
    canvas.restoreState()


def page_label(number: int, total: int) -> str:
    return f"Page {number} of {total}"


class ReportDocument(BaseDocTemplate):
    """One frame per page between a running header (the document's or the current sheet's
    title) and a footer (who printed it, when; the page number)."""

    def __init__(self, target: str | Path | BinaryIO, setup: PageSetup, title: str) -> None:
        width, height = setup.pagesize
        super().__init__(
            str(target) if isinstance(target, Path) else target,
            pagesize=setup.pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + HEADER_SPACE,
            bottomMargin=MARGIN + FOOTER_SPACE - 4 * mm,
            title=title,
            author=setup.user_name,
            creator="Rapport",
        )
        self.setup = setup
        self.running_title = title
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            width - self.leftMargin - self.rightMargin,
            height - self.topMargin - self.bottomMargin,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates(
            [PageTemplate("page", [frame], onPageEnd=self._decorate, pagesize=setup.pagesize)]
        )

    def _decorate(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        width, height = self.setup.pagesize
        styles = report_styles()
        title = getattr(canvas, "_rapport_title", self.running_title)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        top = height - MARGIN
        canvas.line(MARGIN, top - 5.5 * mm, width - MARGIN, top - 5.5 * mm)
        canvas.line(MARGIN, MARGIN - 3 * mm, width - MARGIN, MARGIN - 3 * mm)
        _draw_markup(canvas, title, MARGIN, top - 4 * mm, width - 2 * MARGIN, styles.get("muted"))
        _draw_markup(
            canvas,
            self.setup.footer_text,
            MARGIN,
            MARGIN - 6.4 * mm,
            width - 2 * MARGIN - 40 * mm,
            styles.get("muted"),
        )
        canvas.restoreState()

    def render(self, story: Sequence[Flowable], number_pages: bool = True) -> int:
        """Lay the story out and write it (without numbers when a merge numbers the pages);
        returns the number of pages."""
        maker = _NumberedCanvas if number_pages else Canvas
        self.build(list(story), canvasmaker=partial(maker))
        return int(self.page)


def _draw_markup(canvas: Canvas, text: str, x: float, y: float, width: float, style: Any) -> None:
    """One line of user text (escaped, with its fonts) at baseline y, cut to `width`."""
    from reportlab.platypus import Paragraph

    paragraph = Paragraph(markup(text), style)
    _w, h = paragraph.wrap(width, 100)
    if len(paragraph.blPara.lines) > 1:  # keep the header and footer to one line
        paragraph = Paragraph(markup(_shorten(text, width, style)), style)
        _w, h = paragraph.wrap(width, 100)
    paragraph.drawOn(canvas, x, y - h + style.leading - style.fontSize * 0.2)


def _shorten(text: str, width: float, style: Any) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while text and stringWidth(text + "…", style.fontName, style.fontSize) > width * 0.92:
        text = text[:-1]
    return text + "…"
