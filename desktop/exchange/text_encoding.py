"""Which character set a text file is in, and what to call it in a summary.

UTF-8 and UTF-16/32 are told by their byte-order marks and zero bytes; anything else is
charset-normalizer's best guess among the code pages contact lists arrive in, with two
corrections learnt from real files: a Central European or Latin-1 guess for German or French
text is Windows-1252 really, and a short address book in a legacy CJK encoding (a Thunderbird
export in Shift_JIS, some 500 bytes) must not be read as Windows-1252 symbol soup.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer

from desktop.errors import RapportError

SAMPLE_BYTES = 4 << 20
_GUESS_BYTES = 262_144
_HEAD = 4096
# Encodings a contact list arrives in when it is not UTF-8: Western Windows, Chinese, Japanese.
_CANDIDATES = ["cp1252", "gb18030", "shift_jis", "euc_jp", "big5", "cp1250", "cp1251", "euc_kr"]
CJK_CODECS = ("shift_jis", "euc_jp", "gb18030", "big5", "euc_kr")
# Single-byte guesses that, for German or French text, are really Windows-1252.
_LATIN_GUESSES = frozenset({"cp1250", "latin_1", "iso8859_2", "iso8859_15", "cp1257", "mac_roman"})
# Typographic marks cp1252 puts at 0x80-0x9F (euro, curly quotes, dashes).
_WESTERN_EXTRAS = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))
# Kana, CJK ideographs and Hangul, with the CJK and full-width punctuation between them.
_CJK_TEXT = re.compile(
    "[\u1100-\u11ff\u3000-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")
# Bytes no text file holds (NUL apart, which is counted on its own).
_CONTROL = bytes([*range(1, 9), 11, 12, *range(14, 27), *range(28, 32), 127])
#: what a summary calls each codec
NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "gb18030": "GB18030",
    "shift_jis": "Shift_JIS",
    "euc_jp": "EUC-JP",
    "big5": "Big5",
    "euc_kr": "EUC-KR",
}


def encoding_name(codec: str) -> str:
    """'Shift_JIS' for 'shift_jis': the name a user knows from their programs."""
    return NAMES.get(codec, codec.upper())


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 by BOM or by their zero bytes, else the best of
    the Windows, Chinese, Japanese and Korean code pages. A file of binary data is refused;
    a stray NUL byte in a text file is not (the reader drops it and says so)."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
        complete = not handle.read(1)
    if sample.startswith(codecs.BOM_UTF8):
        _check_utf8(path, sample, complete)
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = sample[:_HEAD]
    if b"\x00" in head:
        if head[1::2].count(0) > len(head) // 4:
            return "utf-16-le"
        if head[0::2].count(0) > len(head) // 4:
            return "utf-16-be"
    if is_binary(head):
        raise RapportError(f"{path.name} is not a text file (it contains binary data)")
    sample = sample.replace(b"\x00", b"")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(sample[:_GUESS_BYTES], cp_isolation=_CANDIDATES).best()
    encoding = _codec(best.encoding) if best is not None else ""
    if encoding not in CJK_CODECS and _symbol_soup(sample):
        encoding = _cjk_reading(sample, complete) or encoding
    if not encoding:
        raise RapportError(
            f"{path.name}: cannot tell which character set the text is in; save it as UTF-8"
        )
    if encoding in _LATIN_GUESSES and _is_western(sample):
        return "cp1252"
    return encoding


def is_binary(head: bytes) -> bool:
    """True for the start of a file no program writes as text: control bytes throughout, or
    more NULs than a stray one or two (NUL padding at the end does not count)."""
    text = head.rstrip(b"\x00")
    if not text:
        return bool(head)
    controls = len(text) - len(text.translate(None, _CONTROL))
    return controls > len(text) // 100 or text.count(0) > max(len(text) // 100, 8)


def _codec(name: str) -> str:
    return "gb18030" if name in ("gb2312", "gbk") else name


def _symbol_soup(sample: bytes) -> bool:
    """True when Windows-1252 reads the text as runs of symbols and accented capitals inside
    words ('ŽR“c' for 山田), as it does every double-byte encoding; Western text has
    its accented letters one at a time ('Müller', 'Straße')."""
    text = sample[:_GUESS_BYTES].decode("cp1252", errors="replace")
    foreign = len(_NON_ASCII.findall(text))
    in_runs = sum(len(run) for run in _NON_ASCII_RUN.findall(text))
    return foreign >= 2 and in_runs * 2 >= foreign


def _cjk_reading(sample: bytes, complete: bool) -> str:
    """The CJK encoding whose strict decoding reads as CJK words, '' if none: tried in
    charset-normalizer's order among them (EUC-JP and EUC-KR share their byte ranges; its
    language models tell Japanese from Korean)."""
    data = sample[:_GUESS_BYTES]
    if not complete or len(sample) > _GUESS_BYTES:
        data = data[: data.rfind(b"\n") + 1] or data  # no character cut in half
    ranked = charset_normalizer.from_bytes(data, cp_isolation=list(CJK_CODECS))
    order = dict.fromkeys([*(_codec(m.encoding) for m in ranked), *CJK_CODECS])
    for codec in order:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        foreign = _NON_ASCII.findall(text)
        cjk = sum(1 for c in foreign if _CJK_TEXT.match(c))
        if cjk >= 2 and cjk * 10 >= len(foreign) * 9:
            return codec
    return ""


def bad_byte_line(path: Path, encoding: str) -> int:
    """The line (counting from 1) of the first byte the encoding cannot read: the text
    reader decodes a block at a time, so its own position says only which block."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                # exc.object: the block after the bytes of a character the last one cut (no
                # newline among them: it would have been read)
                return line + exc.object[: exc.start].count(b"\n")
            line += block.count(b"\n")
    return line


def nul_lines(path: Path, shown: int = 10) -> tuple[list[int], int]:
    """The first `shown` lines holding a NUL byte (which the reader drops), and how many
    lines hold one in all."""
    lines: list[int] = []
    count = 0
    line = 1
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            at = block.find(b"\x00")
            last = -1
            while at >= 0:
                here = line + block[:at].count(b"\n")
                if here != last:
                    count += 1
                    if len(lines) < shown:
                        lines.append(here)
                    last = here
                at = block.find(b"\x00", at + 1)
            line += block.count(b"\n")
    return lines, count


def _check_utf8(path: Path, sample: bytes, complete: bool) -> None:
    """A file that declares UTF-8 by its byte-order mark must keep to it."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
    except UnicodeDecodeError as exc:
        line = sample[: exc.start].count(b"\n") + 1
        raise RapportError(
            f"{path.name} line {line}: the text is not valid UTF-8 (byte "
            f"0x{sample[exc.start]:02X}) although the file starts with a UTF-8 marker; "
            "save it again as UTF-8"
        ) from None


def _is_western(sample: bytes) -> bool:
    """Central European and Latin-1 guesses for German or French text are cp1252 really: true
    when cp1252 reads every non-ASCII byte as a Western letter or typographic mark."""
    try:
        text = sample[:_GUESS_BYTES].decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(c.isascii() or "\u00a0" <= c <= "\u00ff" or c in _WESTERN_EXTRAS for c in set(text))
