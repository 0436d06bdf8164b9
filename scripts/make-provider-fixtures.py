#!/usr/bin/env python3
"""Generates the photos the provider vectors use, in tests/images/providers/.

    pip install -r scripts/requirements-images.txt
    python3 scripts/make-provider-fixtures.py

Every picture is composed from photographs bundled inside the scikit-image wheel
(skimage.data: astronaut, camera, coffee), cropped and tiled at their native resolution:
nothing is scaled, so the photos keep their real sharpness. JPEG only, written by Pillow
without EXIF, so a re-run with the pinned versions gives byte-identical files.

| file | used for |
|---|---|
| selfie-512x1024.jpg | a selfie every provider accepts: >= 480x640, 102,400 < bytes < 1,000,000 |
| ktp-1024x640.jpg | a KTP photo every provider accepts: >= 480x360, same byte bounds |
| dukcapil-photo-300x400.jpg | Quantum Elixir's official Dukcapil photo (no bounds) |
| selfie-too-small-360x480.jpg | over 102,400 bytes but under 480x640 |
| selfie-under-100kb.jpg | 480x640 but under 102,400 bytes |

After writing, every file is checked: its size and byte count against the bounds above, and,
for the two accepted photos, a Python model of the checker's quality measures (the
luminance grid of at most 800 px, the variance of its Laplacian, mean luma, clipped
highlights, glare blobs) must stay well inside the thresholds, so the vectors see no
quality warning. The script exits non-zero when a check fails.
"""

import io
import sys
from pathlib import Path

import numpy as np
import skimage.data
from PIL import Image
from scipy import ndimage

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "images" / "providers"

MIN_BYTES = 102_400  # Kredibel's "Min Size: 100KB", the stricter reading
MAX_BYTES = 1_000_000  # OY's 1 MB, the smallest maximum of the five providers

# The checker's default quality thresholds (src/image/quality.rs, QualityRule::default),
# with the margin this script keeps from them.
MIN_SHARPNESS = 150.0 * 2
MIN_BRIGHTNESS, MAX_BRIGHTNESS = 45.0 + 20, 220.0 - 20
MAX_HIGHLIGHTS = 0.20 / 2
MAX_GLARE = 0.025 / 2


def rgb(array):
    """A uint8 picture as an H x W x 3 array (a grayscale photo gets three equal channels)."""
    array = np.asarray(array, dtype=np.uint8)
    if array.ndim == 2:
        array = np.dstack([array] * 3)
    return array


def jpeg(array, **options):
    buf = io.BytesIO()
    Image.fromarray(rgb(array), "RGB").save(buf, "JPEG", **options)
    return buf.getvalue()


def compose():
    astronaut = rgb(skimage.data.astronaut())  # 512 x 512
    camera = rgb(skimage.data.camera())  # 512 x 512
    coffee = rgb(skimage.data.coffee())  # 400 x 600

    files = {}
    # A portrait: the astronaut above the cameraman, 512 wide, 1024 tall.
    files["selfie-512x1024.jpg"] = jpeg(np.vstack([astronaut, camera]), quality=90, subsampling=2)
    # A landscape card-sized picture: astronaut | cameraman, with two strips of the coffee
    # photo below, 1024 wide, 640 tall.
    top = np.hstack([astronaut, camera])
    bottom = np.hstack([coffee[0:128, 0:512], coffee[272:400, 88:600]])
    files["ktp-1024x640.jpg"] = jpeg(np.vstack([top, bottom]), quality=90, subsampling=2)
    # A passport-style crop of the astronaut, 300 wide, 400 tall.
    files["dukcapil-photo-300x400.jpg"] = jpeg(astronaut[0:400, 106:406], quality=90, subsampling=2)
    # 360 x 480: too small in pixels, but at quality 100 with 4:4:4 chroma well over 100 KB.
    files["selfie-too-small-360x480.jpg"] = jpeg(astronaut[16:496, 76:436], quality=100, subsampling=0)
    # 480 x 640: big enough in pixels, but well under 100 KB at quality 60.
    under = np.vstack([astronaut[0:512, 16:496], camera[192:320, 16:496]])
    files["selfie-under-100kb.jpg"] = jpeg(under, quality=60, subsampling=2)
    return files


# --------------------------------------------------------------------------------------
# A Python model of src/image/quality.rs
# --------------------------------------------------------------------------------------


def quality(data):
    im = Image.open(io.BytesIO(data))
    im.draft("RGB", (800, 800))  # the scaled IDCT, as the checker's decoder does
    pixels = np.asarray(im.convert("RGB"), dtype=np.int64)
    h, w, _ = pixels.shape
    long = max(w, h)
    scale = min(800, long)
    gw, gh = -(-w * scale // long), -(-h * scale // long)
    luma_px = (299 * pixels[..., 0] + 587 * pixels[..., 1] + 114 * pixels[..., 2]) // 1000
    white_px = pixels.min(axis=2)
    cell_y = (np.arange(h) * gh // h)[:, None]
    cell_x = (np.arange(w) * gw // w)[None, :]
    cells = (cell_y * gw + cell_x).ravel()
    count = np.bincount(cells, minlength=gw * gh)
    luma = (np.bincount(cells, luma_px.ravel(), gw * gh) / count).reshape(gh, gw)
    white = (np.bincount(cells, white_px.ravel(), gw * gh) >= 240 * count).reshape(gh, gw)
    lap = luma[1:-1, :-2] + luma[1:-1, 2:] + luma[:-2, 1:-1] + luma[2:, 1:-1] - 4 * luma[1:-1, 1:-1]
    labels, n = ndimage.label(white)  # 4-connected
    sizes = np.bincount(labels.ravel())[1:] if n else np.array([])
    min_blob = max((gw * gh) // 2000, 9)
    return {
        "sharpness": float(lap.var()),
        "brightness": float(luma.mean()),
        "highlights": float((luma > 239).mean()),
        "glare": float(sizes[sizes >= min_blob].sum() / (gw * gh)),
    }


def check(name, data):
    problems = []
    im = Image.open(io.BytesIO(data))
    im.load()
    width, height = im.size
    size = len(data)
    if im.format != "JPEG" or "exif" in im.info:
        problems.append("not a plain JPEG")
    if name == "selfie-512x1024.jpg":
        expect_size, accepted = (512, 1024), True
    elif name == "ktp-1024x640.jpg":
        expect_size, accepted = (1024, 640), True
    elif name == "dukcapil-photo-300x400.jpg":
        expect_size, accepted = (300, 400), None
    elif name == "selfie-too-small-360x480.jpg":
        expect_size, accepted = (360, 480), None
        if size <= MIN_BYTES:
            problems.append(f"{size} bytes, must be over {MIN_BYTES}")
    else:
        expect_size, accepted = (480, 640), None
        if size >= MIN_BYTES:
            problems.append(f"{size} bytes, must be under {MIN_BYTES}")
    if (width, height) != expect_size:
        problems.append(f"{width}x{height}, expected {expect_size[0]}x{expect_size[1]}")
    measured = quality(data)
    if accepted:
        if not MIN_BYTES < size < MAX_BYTES:
            problems.append(f"{size} bytes, must be in ({MIN_BYTES}, {MAX_BYTES})")
        if measured["sharpness"] < MIN_SHARPNESS:
            problems.append(f"sharpness {measured['sharpness']:.0f} < {MIN_SHARPNESS}")
        if not MIN_BRIGHTNESS <= measured["brightness"] <= MAX_BRIGHTNESS:
            problems.append(f"brightness {measured['brightness']:.1f}")
        if measured["highlights"] > MAX_HIGHLIGHTS:
            problems.append(f"highlights {measured['highlights']:.3f}")
        if measured["glare"] > MAX_GLARE:
            problems.append(f"glare {measured['glare']:.4f}")
    print(
        f"{name:32} {width:5}x{height:<5} {size:8} bytes  sharpness {measured['sharpness']:7.0f}"
        f"  brightness {measured['brightness']:5.1f}  highlights {measured['highlights']:.3f}"
        f"  glare {measured['glare']:.4f}"
    )
    return [f"{name}: {p}" for p in problems]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, data in compose().items():
        (OUT / name).write_bytes(data)
        problems += check(name, (OUT / name).read_bytes())
    for problem in problems:
        print("FAIL", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
