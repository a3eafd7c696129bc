"""The app icon comes from one SVG: make_icons renders it to the .ico Windows needs (16 to 256
pixels) and the .icns macOS needs, and both open again."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from installer.make_icons import ICO_SIZES, make_icons


def test_make_icons_writes_an_ico_with_every_size_and_an_icns(tmp_path: Path, qapp: object) -> None:
    make_icons(tmp_path)
    with Image.open(tmp_path / "rapport.ico") as ico:
        assert ico.format == "ICO"
        assert set(ico.info["sizes"]) == {(size, size) for size in ICO_SIZES}
        assert {16, 256} <= set(ICO_SIZES)
    with Image.open(tmp_path / "rapport.icns") as icns:
        assert icns.format == "ICNS"
        icns.load()
        assert icns.size[0] >= 256
    with Image.open(tmp_path / "rapport-256.png") as png:
        assert png.size == (256, 256)
        assert png.getpixel((128, 128))[3] == 255  # drawn, not an empty canvas
        assert png.getpixel((0, 0))[3] == 0  # the card's rounded corner is transparent
