"""The fonts every report embeds, registered with reportlab once per process.

No single freely licensed TrueType font covers what a salesperson's contacts are called: DejaVu
Sans has every Latin accent but no ideographs, Droid Sans Fallback has Chinese and Japanese but
no Hangul and a poor Latin, NanumGothic has Hangul. So the text of a paragraph is cut into runs
and each run gets the first font of the chain that has its glyphs (`runs()`); Latin text keeps
DejaVu's spacing, and each PDF embeds only the subset of glyphs it uses. One huge pan-CJK font
for everything would print Latin names in a worse face and make every run cost the same.

Only TrueType (glyf outlines) can be embedded by reportlab: the CFF-flavoured Noto CJK fonts a
Linux desktop has cannot, which is why resources/fonts ships its own. When a shipped file is
missing (a broken install), a system font is tried, and as the last resort Latin falls back to
Helvetica and CJK to the viewer's STSong-Light (not embedded); `FontSet.warnings` says so, and
the command line and the preview show it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from desktop.resource_files import resource_path

FONTS_DIR = resource_path("fonts")

LATIN_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
#: (registered name, shipped file, system files tried when the shipped one is missing)
FALLBACK_FONTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "RapportCJK",
        "DroidSansFallbackFull.ttf",
        (
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "C:/Windows/Fonts/msyh.ttc",
            "C:/Windows/Fonts/simsun.ttc",
            "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
            "/Library/Fonts/Arial Unicode.ttf",
        ),
    ),
    (
        "RapportKorean",
        "NanumGothic.ttf",
        (
            "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
            "C:/Windows/Fonts/malgun.ttf",
            "/System/Library/Fonts/Supplemental/AppleGothic.ttf",
        ),
    ),
)
#: printed by every PDF viewer without embedding, but only where the viewer has Asian fonts
LAST_RESORT_CJK = "STSong-Light"


def _cp1252_codepoints() -> frozenset[int]:
    """What Helvetica (WinAnsi encoding) prints, for when DejaVu is missing."""
    points = set()
    for byte in range(32, 256):
        try:
            points.add(ord(bytes([byte]).decode("cp1252")))
        except UnicodeDecodeError:
            continue
    return frozenset(points)


@dataclass(frozen=True)
class FontSet:
    """Names to use in styles, and which font prints which characters."""

    regular: str
    bold: str
    #: characters the regular font has
    base_cover: frozenset[int]
    #: (font name, characters it has) tried in order for characters the regular font lacks;
    #: an empty set means "anything left" (the non-embedded last resort)
    fallbacks: tuple[tuple[str, frozenset[int]], ...]
    #: one line per font that had to be replaced, for the user
    warnings: tuple[str, ...] = ()

    def font_for(self, char: str) -> str:
        point = ord(char)
        if point in self.base_cover:
            return self.regular
        for name, cover in self.fallbacks:
            if not cover or point in cover:
                return name
        return self.regular

    def runs(self, text: str) -> Iterator[tuple[str, str]]:
        """(font name, text) runs; whitespace and marks stay with the run they are in."""
        if text.isascii():
            yield self.regular, text
            return
        start = 0
        current = self.regular
        for index, char in enumerate(text):
            font = current if char.isspace() else self.font_for(char)
            if font != current:
                if index > start:
                    yield current, text[start:index]
                start, current = index, font
        if start < len(text):
            yield current, text[start:]


def _load_ttf(name: str, candidates: Sequence[Path]) -> tuple[TTFont, Path] | None:
    for path in candidates:
        if not path.is_file():
            continue
        try:
            return TTFont(name, str(path), subfontIndex=0), path
        except Exception:  # a CFF-outlined or damaged file: try the next one
            continue
    return None


def register_fonts(directory: Path, use_system_fonts: bool = True) -> FontSet:
    """Register the chain with reportlab from `directory` (system fonts as stand-ins)."""
    warnings: list[str] = []
    regular, bold = "RapportSans", "RapportSans-Bold"
    latin = _load_ttf(regular, [directory / LATIN_FILES[0]])
    latin_bold = _load_ttf(bold, [directory / LATIN_FILES[1]])
    if latin is None:
        regular, bold = "Helvetica", "Helvetica-Bold"
        base_cover = _cp1252_codepoints()
        warnings.append(
            f"{directory / LATIN_FILES[0]} is missing: letters outside Western European "
            "alphabets may print as blanks"
        )
    else:
        pdfmetrics.registerFont(latin[0])
        if latin_bold is None:
            bold = regular
        else:
            pdfmetrics.registerFont(latin_bold[0])
        base_cover = frozenset(latin[0].face.charToGlyph)
    _family(regular, bold)

    fallbacks: list[tuple[str, frozenset[int]]] = []
    for name, shipped, system in FALLBACK_FONTS:
        candidates = [directory / shipped]
        if use_system_fonts:
            candidates += [Path(p) for p in system]
        loaded = _load_ttf(name, candidates)
        if loaded is None:
            warnings.append(f"{directory / shipped} is missing and no system font replaces it")
            continue
        font, path = loaded
        if path != directory / shipped:
            warnings.append(f"{directory / shipped} is missing: using {path}")
        pdfmetrics.registerFont(font)
        _family(name, name)
        fallbacks.append((name, frozenset(font.face.charToGlyph)))
    if len(fallbacks) < len(FALLBACK_FONTS):
        pdfmetrics.registerFont(UnicodeCIDFont(LAST_RESORT_CJK))
        _family(LAST_RESORT_CJK, LAST_RESORT_CJK)
        fallbacks.append((LAST_RESORT_CJK, frozenset()))
        warnings.append(
            f"East Asian text uses {LAST_RESORT_CJK}, which is not embedded and prints only "
            "where the PDF viewer has Asian fonts"
        )
    return FontSet(regular, bold, base_cover, tuple(fallbacks), tuple(warnings))


def _family(regular: str, bold: str) -> None:
    # <b> inside <font name=...> looks the bold face up by family: a font without a bold
    # face is its own bold, rather than an error in the middle of a report.
    for is_bold, is_italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(regular, is_bold, is_italic, bold if is_bold else regular)


@functools.cache
def report_fonts() -> FontSet:
    """The shipped fonts, registered on first use in this process."""
    return register_fonts(FONTS_DIR)
