#!/usr/bin/env python3
"""Writes tests/jpeg-oracle/: JPEGs from Pillow (libjpeg-turbo) in the variants the quality
path's own decode (src/image/jpeg/reduced.rs) must reproduce exactly, and a few it must
leave to jpeg-decoder. src/image/quality.rs's tests decode each one both ways.

    .venv-images/bin/python scripts/make-jpeg-oracle.py   # the pinned requirements-images.txt

Fixed seed, no timestamps: with the pinned Pillow a re-run gives the same bytes.
"""
import io
import pathlib

import numpy as np
from PIL import Image

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "jpeg-oracle"


def picture(width, height, seed):
    """Gradients, saturated patches (the clamps) and noise (high frequencies)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 255 * x / max(width - 1, 1)
    g = 255 * y / max(height - 1, 1)
    b = 128 + 120 * np.sin(x / 5.0) * np.cos(y / 7.0)
    rgb = np.stack([r, g, b], axis=-1)
    rgb += rng.normal(0, 10, rgb.shape)
    # Saturated blocks: white, black, pure red, blue.
    for (cx, cy, colour) in [(0.2, 0.3, (255, 255, 255)), (0.7, 0.2, (0, 0, 0)),
                             (0.4, 0.8, (255, 0, 0)), (0.85, 0.7, (0, 0, 255))]:
        mask = (abs(x - cx * width) < width * 0.08 + 1) & (abs(y - cy * height) < height * 0.08 + 1)
        rgb[mask] = colour
    # Hard edges every few pixels in one corner.
    stripes = (x < width / 3) & (y > height / 2) & ((x // 3) % 2 == 0)
    rgb[stripes] = 250
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def save(name, image, **options):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    data = buffer.getvalue()
    (OUT / name).write_bytes(data)
    return data


def patch_440(data):
    """A 4:2:2 file (luma 2x1) relabelled 4:4:0 (luma 1x2): for a frame whose sides are
    multiples of 16 the MCUs keep their count and their four blocks, so the data stays
    whole and valid, only laid out otherwise. Pillow writes no 4:4:0 itself."""
    data = bytearray(data)
    sof = data.index(b"\xff\xc0")
    luma_sampling = sof + 2 + 2 + 1 + 4 + 1 + 1
    assert data[luma_sampling] == 0x21, hex(data[luma_sampling])
    data[luma_sampling] = 0x12
    return bytes(data)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.jpg"):
        old.unlink()
    sixteen_bit = [[min(1 + 5 * (i % 8 + i // 8), 400) for i in range(64)]] * 2
    variants = {
        "444": dict(quality=90, subsampling=0),
        "422": dict(quality=90, subsampling=1),
        "420": dict(quality=90, subsampling=2),
        "420-q100": dict(quality=100, subsampling=2),
        "420-q20": dict(quality=20, subsampling=2),
        "420-optimised": dict(quality=85, subsampling=2, optimize=True),
        "420-restart-3-blocks": dict(quality=85, subsampling=2, restart_marker_blocks=3),
        "444-restart-1-row": dict(quality=85, subsampling=0, restart_marker_rows=1),
        "420-progressive": dict(quality=85, subsampling=2, progressive=True),
        "444-progressive": dict(quality=85, subsampling=0, progressive=True),
        "422-progressive-restart": dict(quality=85, subsampling=1, progressive=True,
                                        restart_marker_blocks=5),
        "420-16-bit-tables": dict(qtables=sixteen_bit, subsampling=2),
        # Left to jpeg-decoder: an Adobe segment marking RGB.
        "444-rgb-adobe": dict(quality=90, subsampling=0, keep_rgb=True),
    }
    sizes = [(1, 1), (7, 9), (17, 33), (64, 48), (250, 170)]
    for index, (width, height) in enumerate(sizes):
        image = picture(width, height, seed=index)
        for name, options in variants.items():
            save(f"pil-{width}x{height}-{name}.jpg", image, **options)
        grey = image.convert("L")
        save(f"pil-{width}x{height}-grey.jpg", grey, quality=90)
        save(f"pil-{width}x{height}-grey-progressive.jpg", grey, quality=90, progressive=True)
        if width % 16 == 0 and height % 16 == 0:
            data = save(f"pil-{width}x{height}-422-for-440.jpg", image, quality=90, subsampling=1)
            (OUT / f"pil-{width}x{height}-440-relabelled.jpg").write_bytes(patch_440(data))
            (OUT / f"pil-{width}x{height}-422-for-440.jpg").unlink()
    # One larger than the analysis grid's side, past a multiple of the MCU both ways.
    large = picture(801, 601, seed=99)
    for name in ["420", "420-progressive", "422-progressive-restart"]:
        options = dict(variants[name], quality=50)
        save(f"pil-801x601-{name}.jpg", large, **options)
    total = sum(p.stat().st_size for p in OUT.glob("*.jpg"))
    print(f"{len(list(OUT.glob('*.jpg')))} files, {total:,} bytes in {OUT}")


if __name__ == "__main__":
    main()
