"""Short address-book exports in the legacy CJK encodings are read as such, not as Windows
symbol soup (issue 13.1); the summary names the encoding, and Western files stay Western."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_support import contact_named, import_file

from desktop.exchange.plan import plan_import
from desktop.store.database import Database

# Thunderbird's address-book export: 37 English headers, the names in the user's script
THUNDERBIRD = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,"
    "Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,"
    "Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,"
    "Work State,Work ZipCode,Work Country,Job Title,Department,Organization,Web Page 1,"
    "Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes,\r\n"
)
_EMPTY = "," * 25


def _row(first: str, last: str, email: str, phone: str, company: str) -> str:
    cells = [first, last, f"{last}{first}", "", email, "", "", phone] + [""] * 18
    return ",".join([*cells, company]) + _EMPTY[:10] + "\r\n"


CASES = [
    (
        "shift_jis",
        "Shift_JIS",
        [
            ("太郎", "山田", "taro@example.jp", "03-1234-5678", ""),
            ("花子", "鈴木", "hanako@example.jp", "", ""),
        ],
        "山田太郎",
    ),
    ("euc_jp", "EUC-JP", [("花子", "鈴木", "hanako@example.jp", "", "東京商事")], "鈴木花子"),
    ("big5", "Big5", [("大文", "陳", "chen@example.tw", "", "臺灣貿易")], "陳大文"),
    ("euc_kr", "EUC-KR", [("길동", "홍", "hong@example.kr", "", "")], "홍길동"),
    ("gb18030", "GB18030", [("伟", "王", "wang@example.cn", "", "北京星光")], "王伟"),
]


@pytest.mark.parametrize(("codec", "shown", "people", "name"), CASES)
def test_a_short_thunderbird_export_in_a_cjk_encoding(
    db: Database, tmp_path: Path, codec: str, shown: str, people: list[tuple[str, ...]], name: str
) -> None:
    text = THUNDERBIRD + "".join(_row(*p) for p in people)
    path = tmp_path / "abook.csv"
    path.write_bytes(text.encode(codec))
    assert 400 < path.stat().st_size < 700
    assert plan_import(path).table.encoding == codec
    result = import_file(db, path)
    assert (result.created, result.with_warnings) == (len(people), 0)
    card = contact_named(db, name)
    assert card.emails[0].address == people[0][2]
    assert f"read as {shown} text" in result.summary()


def test_western_files_stay_western(db: Database, tmp_path: Path) -> None:
    text = THUNDERBIRD + _row("Jörg", "Weiß", "joerg@example.de", "", "Bäckerei Müller")
    path = tmp_path / "abook.csv"
    path.write_bytes(text.encode("cp1252"))
    assert plan_import(path).table.encoding == "cp1252"
    assert "read as Windows-1252 text" in import_file(db, path).summary()
    assert contact_named(db, "Jörg Weiß").company == "Bäckerei Müller"
