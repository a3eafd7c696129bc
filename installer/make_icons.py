"""Render the app icon from its one SVG to every file Windows and macOS need.

resources/icons/rapport.svg is the only drawing; this writes beside it rapport.ico (16 to 256
pixels, for the .exe and the taskbar), rapport.icns (for the .app) and rapport-256.png (for the
window and Linux). Qt's own SVG renderer draws each size, offscreen, so no Inkscape or cairo is
needed; Pillow packs the sizes into .ico and .icns. build.py runs this before PyInstaller, and the
results are committed so a checkout builds without it.

`python installer/make_icons.py [folder]` writes into `folder` (default: resources/icons).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "rapport.svg"
#: what Windows picks from for title bars, the taskbar, Explorer's views and the installer
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: the largest .icns entry (Retina 512@2x); Pillow derives the smaller ones from it
ICNS_SIZE = 1024


def render_png(size: int, target: Path) -> None:
    """Draw the SVG at `size` x `size` pixels on a transparent canvas into `target`."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"make_icons: cannot write {target}")


def make_icons(folder: Path) -> None:
    """Write rapport.ico, rapport.icns and rapport-256.png into `folder`."""
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine has no display
    _app = QGuiApplication.instance() or QGuiApplication([])  # QImage fonts/painting need one
    folder.mkdir(parents=True, exist_ok=True)
    big = folder / "rapport-1024.png"
    render_png(ICNS_SIZE, big)
    render_png(256, folder / "rapport-256.png")
    sizes = {size: folder / f"rapport-{size}.png" for size in ICO_SIZES if size != 256}
    for size, path in sizes.items():
        render_png(size, path)  # drawn at each size, sharper than Pillow's downscaling
    with Image.open(big) as master:
        frames = [Image.open(path) for path in sizes.values()]
        master.save(folder / "rapport.icns", format="ICNS")
        with Image.open(folder / "rapport-256.png") as largest:
            largest.save(
                folder / "rapport.ico",
                format="ICO",
                sizes=[(size, size) for size in ICO_SIZES],
                append_images=frames,
            )
        for frame in frames:
            frame.close()
    for path in [big, *sizes.values()]:
        path.unlink()


if __name__ == "__main__":
    make_icons(Path(sys.argv[1]) if len(sys.argv) > 1 else SVG.parent)
    print(f"icons written from {SVG.name}")
