#!/usr/bin/env python3
"""Draws the package icons (a photo card with mountains and a sun on a rounded tile) as PNGs.

Standard library only, so any machine with python3 can regenerate them:
    python3 spk/icons/make_icons.py spk
writes PACKAGE_ICON.PNG (64x64, what DSM 7 asks for) and PACKAGE_ICON_256.PNG (256x256).
"""
import struct
import sys
import zlib
from pathlib import Path

SUPERSAMPLE = 4


def rounded_rect(x, y, x0, y0, x1, y1, r):
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def colour_at(x, y):
    """RGBA at unit coordinates (0..1, y down)."""
    if not rounded_rect(x, y, 0.02, 0.02, 0.98, 0.98, 0.2):
        return (0, 0, 0, 0)
    # Tile: blue gradient, top to bottom.
    t = y
    tile = (int(40 + 20 * t), int(120 - 40 * t), int(215 - 60 * t), 255)
    # Back card, rotated look by offset, a lighter blue.
    if rounded_rect(x, y, 0.24, 0.16, 0.88, 0.70, 0.05):
        tile = (170, 205, 245, 255)
    # Front photo card: white frame.
    if rounded_rect(x, y, 0.12, 0.28, 0.78, 0.86, 0.05):
        inner = 0.17 <= x <= 0.73 and 0.33 <= y <= 0.72
        if not inner:
            return (250, 250, 250, 255)
        # Sky.
        c = (120, 190, 240, 255)
        # Sun.
        if (x - 0.61) ** 2 + (y - 0.43) ** 2 <= 0.055 ** 2:
            c = (255, 205, 60, 255)
        # Mountains: two triangles.
        if y >= 0.72 - (0.30 - abs(x - 0.36) * 1.25) and y >= 0.42:
            c = (60, 150, 80, 255)
        if y >= 0.72 - (0.20 - abs(x - 0.60) * 1.1) and y >= 0.52:
            c = (40, 120, 65, 255)
        return c
    return tile


def render(size):
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = bytearray([0])  # filter type: none
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(n):
                for sx in range(n):
                    r, g, b, a = colour_at((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            alpha = acc[3]
            if alpha == 0:
                row += bytes(4)
            else:
                row += bytes([acc[0] // alpha, acc[1] // alpha, acc[2] // alpha, alpha // (n * n)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(render(size), 9)) + chunk(b"IEND", b""))


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    (out / "PACKAGE_ICON.PNG").write_bytes(png(64))
    (out / "PACKAGE_ICON_256.PNG").write_bytes(png(256))


if __name__ == "__main__":
    main()
