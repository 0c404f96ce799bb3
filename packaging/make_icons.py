"""Draw digitpad's application icon with Pillow and write every format the installers need.

    python packaging/make_icons.py            # writes resources/icons/*
    python packaging/make_icons.py --check    # exits 1 if the files on disk differ from a fresh render

The design: a rounded square with a blue-to-teal gradient, a faint pixel grid (the 28x28 input a
network sees) and a white, hand-drawn "2" with round pen ends, as a student would write it on the
canvas. The small sizes (16-48 px) leave the grid out so that they stay crisp.

Outputs (all under resources/icons/):
    digitpad.png      256 px, the window icon and the Linux .desktop icon
    digitpad-512.png  512 px, for high-DPI screens and the Linux hicolor 512x512 theme folder
    digitpad.ico      16, 24, 32, 48, 64, 128 and 256 px (Windows exe, installer, Start menu)
    digitpad.icns     32 to 1024 px (the macOS .app bundle)
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"

MASTER = 1024  # master render size; drawn at SUPER x this and downsampled
SUPER = 2
TOP = (59, 91, 219)  # indigo
BOTTOM = (16, 152, 173)  # teal
INK = (255, 255, 255)

ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
ICNS_SIZES = [32, 64, 128, 256, 512, 1024]
SMALL = 48  # at or below this size the grid is left out


def _cubic(p0, p1, p2, p3, n):
    pts = []
    for i in range(n + 1):
        t = i / n
        u = 1 - t
        x = u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0]
        y = u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]
        pts.append((x, y))
    return pts


def _line(p0, p1, n):
    return [(p0[0] + (p1[0] - p0[0]) * i / n, p0[1] + (p1[1] - p0[1]) * i / n) for i in range(n + 1)]


def _digit_two(s: float) -> list[tuple[float, float]]:
    """The centre line of a handwritten "2" in a unit box scaled by s (coordinates 0..1 of the icon)."""
    p = lambda x, y: (x * s, y * s)  # noqa: E731
    path = []
    # The hook: starts low on the left, rises over the top and comes down on the right.
    path += _cubic(p(0.30, 0.36), p(0.31, 0.18), p(0.66, 0.15), p(0.68, 0.33), 120)
    # The diagonal: a slightly bowed stroke down to the bottom left.
    path += _cubic(p(0.68, 0.33), p(0.69, 0.47), p(0.45, 0.60), p(0.29, 0.76), 120)
    # The base: a quick stroke to the right that rises a little, as pens do.
    path += _cubic(p(0.29, 0.76), p(0.42, 0.74), p(0.58, 0.75), p(0.73, 0.72), 80)
    return path


def _stroke(size: int, points, width: float) -> Image.Image:
    """A mask of a pen stroke: discs stamped along the path (round caps and joins, no seams)."""
    mask = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(mask)
    r = width / 2
    # Resample so that consecutive discs overlap by far more than a pixel.
    dense = [points[0]]
    for a, b in itertools.pairwise(points):
        steps = max(1, int(math.dist(a, b) / (r / 6)))
        dense += [(a[0] + (b[0] - a[0]) * k / steps, a[1] + (b[1] - a[1]) * k / steps) for k in range(1, steps + 1)]
    for x, y in dense:
        d.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return mask


def render(size: int = MASTER, grid: bool = True, pen_ratio: float = 0.105) -> Image.Image:
    big = size * SUPER
    # Gradient background.
    grad = Image.new("RGB", (1, big))
    for y in range(big):
        t = y / (big - 1)
        grad.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True)))
    bg = grad.resize((big, big)).convert("RGBA")

    # Rounded-square shape with a margin (macOS-style proportions: 824 of 1024 would be Apple's
    # grid; a fuller square reads better on Windows and Linux, so use ~90%).
    margin = round(big * 0.05)
    radius = round(big * 0.20)
    shape = Image.new("L", (big, big), 0)
    ImageDraw.Draw(shape).rounded_rectangle((margin, margin, big - margin, big - margin), radius, fill=255)

    if grid:
        # A faint 28x28 pixel grid inside the square: what the network sees.
        lines = Image.new("L", (big, big), 0)
        d = ImageDraw.Draw(lines)
        inner = big - 2 * margin
        step = inner / 28
        w = max(1, round(big / 1024))
        for i in range(1, 28):
            c = round(margin + i * step)
            d.line((c, margin, c, big - margin), fill=34, width=w)
            d.line((margin, c, big - margin, c), fill=34, width=w)
        bg = Image.composite(Image.new("RGBA", (big, big), (255, 255, 255, 255)), bg, lines)

    # The digit, with a soft shadow below it.
    pen = big * pen_ratio
    ink = _stroke(big, _digit_two(big), pen)
    shadow = ink.filter(ImageFilter.GaussianBlur(big * 0.012))
    shadow = ImageChops.offset(shadow, 0, round(big * 0.012))
    bg = Image.composite(Image.new("RGBA", (big, big), (10, 30, 60, 255)), bg, shadow.point(lambda v: v * 45 // 100))
    bg = Image.composite(Image.new("RGBA", (big, big), (*INK, 255)), bg, ink)

    bg.putalpha(shape)
    return bg.resize((size, size), Image.Resampling.LANCZOS)


def build() -> dict[str, bytes]:
    master = render(MASTER)
    small = render(256, grid=False, pen_ratio=0.125)  # bolder, no grid: for 16-48 px
    images = {
        s: (master if s > SMALL else small).resize((s, s), Image.Resampling.LANCZOS)
        for s in sorted(set(ICO_SIZES + ICNS_SIZES + [512]))
    }
    files: dict[str, bytes] = {}

    def png(im):
        buf = io.BytesIO()
        im.save(buf, "PNG", optimize=True)
        return buf.getvalue()

    files["digitpad.png"] = png(images[256])
    files["digitpad-512.png"] = png(images[512])

    buf = io.BytesIO()
    images[256].save(
        buf, "ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=[images[s] for s in ICO_SIZES if s != 256]
    )
    files["digitpad.ico"] = buf.getvalue()

    buf = io.BytesIO()
    images[1024].save(buf, "ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 1024])
    files["digitpad.icns"] = buf.getvalue()
    return files


def _frames(data: bytes) -> dict[tuple[int, int], Image.Image]:
    """Every size stored in a PNG, ICO or ICNS file, decoded to RGBA."""
    im = Image.open(io.BytesIO(data))
    sizes = im.info.get("sizes") or {im.size}
    frames = {}
    for size in sizes:
        if im.format in ("ICO", "ICNS"):
            im.size = size  # selects the stored image of that size
        frames[tuple(size[:2])] = im.convert("RGBA").copy()
    return frames


def _same(old: bytes, new: bytes) -> bool:
    """Same sizes and, pixel for pixel, within a rounding error (other Pillow or zlib versions may
    encode the same drawing into different bytes, or resample a hair differently)."""
    if old == new:
        return True
    a, b = _frames(old), _frames(new)
    if a.keys() != b.keys():
        return False
    for size, im in a.items():
        diff = ImageChops.difference(im, b[size])
        hist = diff.convert("L").histogram()
        mean = sum(i * n for i, n in enumerate(hist)) / max(1, sum(hist))
        if mean > 1.0 or max(hi for _, hi in diff.getextrema()) > 48:
            return False
    return True


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with resources/icons/ instead of writing")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    files = build()
    if args.check:
        stale = [
            n
            for n, data in files.items()
            if not (args.out / n).exists() or not _same((args.out / n).read_bytes(), data)
        ]
        for n in stale:
            print(f"out of date: {args.out / n}", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
        print(f"wrote {args.out / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
