"""Draw resources/replydesk.png and resources/replydesk.ico (PNG-in-ICO) with Qt, offscreen.

    .venv/bin/python tools/make_icon.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def draw(size: int):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#1a3d6d"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.18, size * 0.18)
    painter.setBrush(QColor("#ffffff"))
    margin = size * 0.2
    painter.drawRoundedRect(QRectF(margin, margin * 0.8, size - 2 * margin, size - 1.6 * margin), size * 0.05,
                            size * 0.05)
    painter.setPen(QColor("#1a3d6d"))
    font = QFont("DejaVu Sans", max(6, int(size * 0.3)))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "RD")
    painter.end()
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    QGuiApplication(sys.argv[:1])
    draw(256).save(str(RESOURCES / "replydesk.png"))
    sizes = [16, 32, 48, 256]
    images = [png_bytes(draw(s)) for s in sizes]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""
    for size, data in zip(sizes, images, strict=True):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    (RESOURCES / "replydesk.ico").write_bytes(header + entries + b"".join(images))
    print(RESOURCES / "replydesk.png", RESOURCES / "replydesk.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
