"""``python scripts/make_icons.py SVG OUT_DIR``: the app icon drawn by Qt, for the build.

Writes kawebb.png (256 px, Linux), kawebb.ico (Windows) and kawebb.icns (macOS) into
OUT_DIR through Qt's image plugins (ico and icns are Qt image formats), so that no
icon binaries need to be committed. Called by build.spec (``scripts/bundle.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZE = 256


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(svg: Path, out_dir: Path) -> int:
    app = QGuiApplication(sys.argv[:1])
    image = render(svg, SIZE)
    for suffix in ("png", "ico", "icns"):
        writer = QImageWriter(str(out_dir / f"kawebb.{suffix}"), suffix.encode())
        if not writer.write(image):
            print(f"make_icons: kawebb.{suffix}: {writer.errorString()}", file=sys.stderr)
            return 1
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
