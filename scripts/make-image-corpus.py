#!/usr/bin/env python3
"""Generates the image test corpus in tests/images/ (and, with --bench-out, benchmark photos).

    pip install -r scripts/requirements-images.txt
    python3 scripts/make-image-corpus.py                  # rewrites tests/images/
    python3 scripts/make-image-corpus.py --bench-out DIR  # only the benchmark photos, into DIR

Deterministic: fixed seeds, no timestamps, so a re-run with the pinned versions gives
byte-identical files. Photographs come only from images bundled inside the scikit-image
wheel (no downloads). Every file is checked after writing: accepted files must decode in
Pillow with the size the manifest states, and a small Python model of the checker's
header walk (JPEG segments, PNG chunks, EXIF orientation, SVG size) must agree with the
manifest.
"""

import argparse
import base64
import csv
import gzip
import io
import math
import shutil
import struct
import sys
import zlib
from fractions import Fraction
from pathlib import Path

import numpy as np
import pillow_heif
import pillow_jxl  # noqa: F401  (registers the JPEG XL plugin with Pillow)
import skimage.data
from PIL import Image, ImageCms, ImageDraw, ImageFilter, ImageFont, ImageOps
from scipy import ndimage

pillow_heif.register_heif_opener()

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "images"
MAX_PIXELS = 50_000_000

# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def font(size):
    return ImageFont.load_default(size=size)


def encode(im, fmt, **kw):
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def test_card(w, h, label, seed=0):
    """A simple synthetic picture: smooth gradient, a few flat shapes, a label."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 60 + 140 * x / max(w - 1, 1)
    g = 80 + 100 * y / max(h - 1, 1)
    b = 170 - 90 * (x + y) / (w + h)
    im = Image.fromarray(np.dstack([r, g, b]).round().astype(np.uint8), "RGB")
    d = ImageDraw.Draw(im)
    rng = np.random.default_rng(seed)
    s = min(w, h)
    d.rectangle([w * 0.06, h * 0.10, w * 0.36, h * 0.46], fill=(225, 60, 50))
    cx, cy = w * (0.62 + 0.1 * rng.random()), h * (0.30 + 0.05 * rng.random())
    d.ellipse([cx - s * 0.17, cy - s * 0.17, cx + s * 0.17, cy + s * 0.17], fill=(250, 205, 40))
    d.polygon([(w * 0.10, h * 0.92), (w * 0.30, h * 0.55), (w * 0.50, h * 0.92)], fill=(40, 150, 80))
    d.line([(w * 0.55, h * 0.60), (w * 0.95, h * 0.90)], fill=(20, 20, 20), width=max(1, s // 60))
    if label and s >= 48:
        d.text((w * 0.55, h * 0.62), label, fill=(255, 255, 255), font=font(max(8, s // 14)))
    return im


def oriented_card(w, h, label):
    """An upright picture whose top-left is obvious: a big 'F' and a 'TOP' label."""
    im = test_card(w, h, None)
    d = ImageDraw.Draw(im)
    s = min(w, h)
    x0, y0, t = w * 0.08, h * 0.08, s * 0.06
    d.rectangle([x0, y0, x0 + t, y0 + s * 0.5], fill=(255, 255, 255))
    d.rectangle([x0, y0, x0 + s * 0.3, y0 + t], fill=(255, 255, 255))
    d.rectangle([x0, y0 + s * 0.22, x0 + s * 0.2, y0 + s * 0.22 + t], fill=(255, 255, 255))
    d.text((w * 0.45, h * 0.05), "TOP", fill=(0, 0, 0), font=font(s // 9))
    d.text((w * 0.45, h * 0.80), label, fill=(255, 255, 255), font=font(s // 16))
    return im


def segment(marker, payload):
    assert len(payload) <= 65533, (hex(marker), len(payload))
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def insert_after_app0(jpeg, segments):
    """Inserts segments right after SOI and the JFIF APP0 (if any), before DQT/SOF."""
    assert jpeg[:2] == b"\xff\xd8"
    pos = 2
    if jpeg[2:4] == b"\xff\xe0":
        pos = 4 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:pos] + b"".join(segments) + jpeg[pos:]


def tiff_orientation(value, big_endian=False):
    """A minimal TIFF structure (EXIF IFD0) with one Orientation entry."""
    e = ">" if big_endian else "<"
    head = b"MM\x00*" if big_endian else b"II*\x00"
    return head + struct.pack(e + "IHHHIHHI", 8, 1, 0x0112, 3, 1, value, 0, 0)


def exif_orientation(value, big_endian=False):
    return b"Exif\x00\x00" + tiff_orientation(value, big_endian)


def pil_exif(orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def fixed_date_icc(profile):
    """LittleCMS stamps the creation time into the ICC header: fix it and redo the profile ID."""
    import hashlib

    icc = bytearray(profile)
    icc[24:36] = struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
    icc[84:100] = bytes(16)
    masked = bytearray(icc)
    masked[44:48] = masked[64:68] = bytes(4)
    icc[84:100] = hashlib.md5(masked).digest()
    return bytes(icc)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_filter(rows, bpp):
    """Filters scanlines (uint8 array, one row per line) with the min-sum-of-abs heuristic."""
    out = []
    prev = np.zeros(rows.shape[1], np.int16)
    for row in rows.astype(np.int16):
        left = np.concatenate([np.zeros(bpp, np.int16), row[:-bpp]])
        candidates = [(0, row), (1, row - left), (2, row - prev)]
        best = min(candidates, key=lambda c: int(np.abs(((c[1] + 128) % 256) - 128).sum()))
        out.append(bytes([best[0]]) + (best[1] % 256).astype(np.uint8).tobytes())
        prev = row
    return b"".join(out)


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def write_png(pixels, interlace=False, chunks_before_idat=(), idat_size=1 << 20, level=9):
    """A PNG writer for what Pillow does not write: 16-bit RGB, Adam7, split IDATs.

    `pixels`: (h, w) or (h, w, c) array of uint8 or uint16 (c = 1, 2, 3 or 4).
    """
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    h, w, c = pixels.shape
    depth = 16 if pixels.dtype == np.uint16 else 8
    colour = {1: 0, 2: 4, 3: 2, 4: 6}[c]
    bpp = c * depth // 8

    def scanlines(img):
        if img.shape[0] == 0 or img.shape[1] == 0:
            return b""
        raw = img.astype(">u2").view(np.uint8) if depth == 16 else img
        return png_filter(raw.reshape(img.shape[0], -1), bpp)

    if interlace:
        raw = b"".join(scanlines(pixels[ys::dy, xs::dx]) for xs, ys, dx, dy in ADAM7)
    else:
        raw = scanlines(pixels)
    data = zlib.compress(raw, level)
    out = [b"\x89PNG\r\n\x1a\n", png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, int(interlace)))]
    out += [png_chunk(kind, body) for kind, body in chunks_before_idat]
    out += [png_chunk(b"IDAT", data[i:i + idat_size]) for i in range(0, len(data), idat_size)]
    out.append(png_chunk(b"IEND", b""))
    return b"".join(out)


# --------------------------------------------------------------------------------------
# A baseline JPEG encoder with restart markers (Pillow cannot set a restart interval)
# --------------------------------------------------------------------------------------

ZIGZAG = np.array([
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63])


def jpeg_tables(quality):
    """DQT and DHT segments (standard Huffman tables) as libjpeg writes them via Pillow."""
    ref = encode(Image.new("RGB", (16, 16)), "JPEG", quality=quality, subsampling="4:2:0")
    pos, dqt, dht, quant, huff = 2, [], [], {}, {}
    while True:
        marker = ref[pos + 1]
        length = struct.unpack(">H", ref[pos + 2:pos + 4])[0]
        body = ref[pos + 4:pos + 2 + length]
        if marker == 0xDB:
            dqt.append(ref[pos:pos + 2 + length])
            i = 0
            while i < len(body):
                assert body[i] >> 4 == 0
                quant[body[i] & 15] = np.frombuffer(body[i + 1:i + 65], np.uint8).astype(np.float64)
                i += 65
        elif marker == 0xC4:
            dht.append(ref[pos:pos + 2 + length])
            i = 0
            while i < len(body):
                cls_id, bits = body[i], list(body[i + 1:i + 17])
                values = list(body[i + 17:i + 17 + sum(bits)])
                codes, code, k = {}, 0, 0
                for size in range(1, 17):
                    for _ in range(bits[size - 1]):
                        codes[values[k]] = (code, size)
                        code += 1
                        k += 1
                    code <<= 1
                huff[(cls_id >> 4, cls_id & 15)] = codes
                i += 17 + sum(bits)
        elif marker == 0xDA:
            break
        pos += 2 + length
    return b"".join(dqt), b"".join(dht), quant, huff


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def write(self, value, size):
        self.acc = (self.acc << size) | (value & ((1 << size) - 1))
        self.n += size
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.write((1 << (8 - self.n)) - 1, 8 - self.n)


def encode_jpeg_with_restarts(im, quality, restart_interval):
    """Baseline 4:2:0 JPEG with DRI and RSTn markers every `restart_interval` MCUs."""
    from scipy.fft import dctn

    dqt, dht, quant, huff = jpeg_tables(quality)
    w, h = im.size
    rgb = np.asarray(im.convert("RGB"), np.float64)
    ph, pw = -(-h // 16) * 16, -(-w // 16) * 16
    rgb = np.pad(rgb, ((0, ph - h), (0, pw - w), (0, 0)), mode="edge")
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    planes = [
        0.299 * r + 0.587 * g + 0.114 * b,
        -0.168736 * r - 0.331264 * g + 0.5 * b + 128,
        0.5 * r - 0.418688 * g - 0.081312 * b + 128,
    ]
    planes[1:] = [p.reshape(ph // 2, 2, pw // 2, 2).mean(axis=(1, 3)) for p in planes[1:]]

    def blocks(plane, q):
        bh, bw = plane.shape[0] // 8, plane.shape[1] // 8
        blk = plane.reshape(bh, 8, bw, 8).transpose(0, 2, 1, 3) - 128
        coef = dctn(blk, axes=(2, 3), norm="ortho").reshape(bh, bw, 64)[:, :, ZIGZAG]
        return np.rint(coef / q).astype(np.int64)

    # quant tables are stored in zigzag order already
    yb, cbb, crb = blocks(planes[0], quant[0]), blocks(planes[1], quant[1]), blocks(planes[2], quant[1])
    bits = BitWriter()
    pred = [0, 0, 0]

    def code_block(coefs, comp, table):
        diff = int(coefs[0]) - pred[comp]
        pred[comp] = int(coefs[0])
        size = abs(diff).bit_length()
        bits.write(*huff[(0, table)][size])
        if size:
            bits.write(diff if diff >= 0 else diff + (1 << size) - 1, size)
        ac = huff[(1, table)]
        run = 0
        nonzero = np.flatnonzero(coefs[1:])
        last = nonzero[-1] + 1 if len(nonzero) else 0
        for k in range(1, last + 1):
            v = int(coefs[k])
            if v == 0:
                run += 1
                continue
            while run >= 16:
                bits.write(*ac[0xF0])
                run -= 16
            size = abs(v).bit_length()
            bits.write(*ac[(run << 4) | size])
            bits.write(v if v >= 0 else v + (1 << size) - 1, size)
            run = 0
        if last < 63:
            bits.write(*ac[0x00])

    mcus_y, mcus_x = ph // 16, pw // 16
    total = mcus_y * mcus_x
    for index in range(total):
        if index and index % restart_interval == 0:
            bits.flush()
            bits.out += bytes([0xFF, 0xD0 + (index // restart_interval - 1) % 8])
            pred = [0, 0, 0]
        my, mx = divmod(index, mcus_x)
        for dy in (0, 1):
            for dx in (0, 1):
                code_block(yb[2 * my + dy, 2 * mx + dx], 0, 0)
        code_block(cbb[my, mx], 1, 1)
        code_block(crb[my, mx], 2, 1)
    bits.flush()
    jfif = segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    sof = segment(0xC0, struct.pack(">BHHB", 8, h, w, 3) + bytes([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]))
    dri = segment(0xDD, struct.pack(">H", restart_interval))
    sos = segment(0xDA, bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]))
    return b"\xff\xd8" + jfif + dqt + sof + dht + dri + sos + bytes(bits.out) + b"\xff\xd9"


# --------------------------------------------------------------------------------------
# Synthetic progressive JPEGs with any scan script (no encoder writes 1,000 scans)
# --------------------------------------------------------------------------------------

SAMPLING = {"4:2:0": [(1, 2, 2), (2, 1, 1), (3, 1, 1)], "4:4:4": [(1, 1, 1), (2, 1, 1), (3, 1, 1)],
            "gray": [(1, 1, 1)]}

# libjpeg's jpeg_simple_progression script for YCbCr (jcparam.c): (components, Ss, Se, Ah, Al)
LIBJPEG_SCRIPT = [((0, 1, 2), 0, 0, 0, 1), ((0,), 1, 5, 0, 2), ((2,), 1, 63, 0, 1), ((1,), 1, 63, 0, 1),
                  ((0,), 6, 63, 0, 2), ((0,), 1, 63, 2, 1), ((0, 1, 2), 0, 0, 1, 0), ((2,), 1, 63, 1, 0),
                  ((1,), 1, 63, 1, 0), ((0,), 1, 63, 1, 0)]


def many_scans_script(components, scans):
    """A valid progression of `scans` scans: one DC scan, then one-coefficient AC bands at
    Al = 7, then their refinements one bit at a time (up to 1 + 504 scans a component).
    Al stays below 8, the frame's precision, as jpeg-decoder requires (libjpeg allows 13)."""
    script = [(tuple(range(components)), 0, 0, 0, 0)]
    for al in range(7, -1, -1):
        for k in range(1, 64):
            for comp in range(components):
                script.append(((comp,), k, k, 0 if al == 7 else al + 1, al))
    assert scans <= len(script)
    return script[:scans]


def chroma_bands_script(scans):
    """A valid progression of `scans` scans for a 4:2:0 frame: one DC scan, then
    one-coefficient AC bands of Cb and Cr in turn, each a sixth of the frame's blocks."""
    bands = [((comp,), k, k, 0, 0) for k in range(1, 64) for comp in (1, 2)]
    return [((0, 1, 2), 0, 0, 0, 0)] + bands[: scans - 1]


def split_bands_script(components, bands):
    """A valid progression of one DC scan and, for each component, `bands` one-coefficient
    AC bands (1, 2, …): each scan is short, but each visits every block of its component."""
    return [(tuple(range(components)), 0, 0, 0, 0)] + [
        ((comp,), k, k, 0, 0) for comp in range(components) for k in range(1, bands + 1)]


def flat_progressive_jpeg(width, height, sampling, script, cut_scan_at=None):
    """A progressive JPEG (SOF2) of a flat mid-grey picture following `script`.

    Every DC difference and every refinement bit is zero and every AC band is one run of
    empty blocks (EOBRUN), so the file is tiny for its size: one bit a block in each DC
    scan, a few bytes in each AC scan. The Huffman tables are minimal but valid: DC has the
    one symbol 0 (code "0"), AC the 15 end-of-band runs EOB0-EOB14 (4-bit codes 0-14).
    `cut_scan_at`, if given, is (scan index, fraction): that scan's data is cut to the
    fraction of its length and followed directly by EOI (a damaged file)."""
    comps = SAMPLING[sampling]
    hmax, vmax = max(c[1] for c in comps), max(c[2] for c in comps)
    mcux, mcuy = -(-width // (8 * hmax)), -(-height // (8 * vmax))

    def blocks(ci):
        _, h, v = comps[ci]
        return -(-(-(-width * h // hmax)) // 8) * -(-(-(-height * v // vmax)) // 8)

    dqt = segment(0xDB, bytes([0]) + bytes([1] * 64))
    sof = segment(0xC2, struct.pack(">BHHB", 8, height, width, len(comps))
                  + b"".join(bytes([cid, h << 4 | v, 0]) for cid, h, v in comps))
    dht = segment(0xC4, bytes([0x00, 1] + [0] * 15 + [0]) + bytes([0x10, 0, 0, 0, 15] + [0] * 12)
                  + bytes(n << 4 for n in range(15)))
    out = [b"\xff\xd8", segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"), dqt, sof, dht]
    for index, (members, ss, se, ah, al) in enumerate(script):
        sos = segment(0xDA, bytes([len(members)]) + b"".join(bytes([comps[ci][0], 0x00]) for ci in members)
                      + bytes([ss, se, ah << 4 | al]))
        if ss == 0:
            # One zero bit a block: DC category 0, or a refinement bit of 0.
            n = mcux * mcuy * sum(comps[ci][1] * comps[ci][2] for ci in members) if len(members) > 1 \
                else blocks(members[0])
            data = bytes(n // 8) + (bytes([(1 << (8 - n % 8)) - 1]) if n % 8 else b"")
        else:
            bits, left = BitWriter(), blocks(members[0])
            while left:
                run = min(left, 32767)
                size = run.bit_length() - 1
                bits.write(size, 4)
                bits.write(run - (1 << size), size)
                left -= run
            bits.flush()
            data = bytes(bits.out)
        if cut_scan_at is not None and cut_scan_at[0] == index:
            out += [sos, data[: int(len(data) * cut_scan_at[1])]]
            break
        out += [sos, data]
    return b"".join(out) + b"\xff\xd9"


def with_comments(jpeg, size):
    """`jpeg` grown to `size` bytes with COM segments right after SOI."""
    out, left = [jpeg[:2]], size - len(jpeg)
    while left > 0:
        n = min(65533, max(left - 4, 0))
        out.append(segment(0xFE, bytes(n)))
        left -= n + 4
    return b"".join(out) + jpeg[2:]


def iccp_bomb_png(png, inflated_size):
    """`png` with an iCCP chunk (a colour profile) of `inflated_size` zero bytes right
    after IHDR: about a thousandth of that size in the file."""
    comp = zlib.compressobj(9)
    zeros = bytes(1 << 20)
    data = b"".join(comp.compress(zeros) for _ in range(inflated_size >> 20)) + comp.flush()
    return png[:33] + png_chunk(b"iCCP", b"bomb\x00\x00" + data) + png[33:]


def oversubscribed_dc_table(jpeg):
    """`jpeg` with its first DHT's first table's code lengths moved up so that more codes
    are declared than fit (4 of 2 bits, 5 of 3 bits: Kraft sum > 1); the segment length and
    the symbols stay as they were."""
    at = jpeg.find(b"\xff\xc4")
    counts = list(jpeg[at + 5:at + 21])
    assert counts[:9] == [0, 1, 5, 1, 1, 1, 1, 1, 1], counts
    return jpeg[:at + 5] + bytes([0, 4, 5, 1, 1, 1, 0, 0, 0] + counts[9:]) + jpeg[at + 21:]


# --------------------------------------------------------------------------------------
# A Python model of the checker's header walk, to check the manifest before Rust does
# --------------------------------------------------------------------------------------


def model_orientation(tiff):
    if tiff[:4] == b"MM\x00*":
        e = ">"
    elif tiff[:4] == b"II*\x00":
        e = "<"
    else:
        return None
    try:
        ifd = struct.unpack(e + "I", tiff[4:8])[0]
        n = struct.unpack(e + "H", tiff[ifd:ifd + 2])[0]
        for i in range(n):
            at = ifd + 2 + 12 * i
            tag, typ = struct.unpack(e + "HH", tiff[at:at + 4])
            if tag == 0x0112 and typ == 3:
                v = struct.unpack(e + "H", tiff[at + 8:at + 10])[0]
                return v if 1 <= v <= 8 else None
    except struct.error:
        return None
    return None


def model_jpeg(data):
    pos, frame, orientation, scanned = 2, None, None, False
    while True:
        if pos >= len(data) or data[pos] != 0xFF:
            raise ValueError("no marker")
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1
        if pos >= len(data):
            raise ValueError("ends")
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            if frame and scanned:
                return frame[0], frame[1], orientation
            raise ValueError("no frame or scan")
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if marker in (0xD8, 0x00):
            raise ValueError("bad marker")
        if pos + 2 > len(data):
            raise ValueError("ends")
        length = struct.unpack(">H", data[pos:pos + 2])[0]
        end = pos + length
        if length < 2 or end > len(data):
            raise ValueError("ends")
        seg = data[pos + 2:end]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if frame:
                raise ValueError("two frames")
            hh, ww = struct.unpack(">HH", seg[1:5])
            if not hh or not ww:
                raise ValueError("zero size")
            frame = (ww, hh)
        elif marker == 0xE1 and orientation is None and seg[:6] == b"Exif\x00\x00":
            orientation = model_orientation(seg[6:])
        elif marker == 0xDA:
            if not frame:
                raise ValueError("scan before frame")
            scanned = True
            off = end
            while True:
                off = data.find(b"\xff", off)
                if off < 0 or off + 1 >= len(data):
                    raise ValueError("entropy data runs to the end")
                if data[off + 1] in (0x00, 0xFF) or 0xD0 <= data[off + 1] <= 0xD7:
                    off += 1
                    continue
                break
            pos = off
            continue
        pos = end


def model_png(data):
    pos, size, orientation, palette, in_data = 8, None, None, False, None
    while True:
        if pos + 8 > len(data):
            raise ValueError("ends")
        length, kind = struct.unpack(">I", data[pos:pos + 4])[0], data[pos + 4:pos + 8]
        if length > 0x7FFFFFFF or not kind.isalpha():
            raise ValueError("chunk header")
        body = data[pos + 8:pos + 8 + length]
        crc = data[pos + 8 + length:pos + 12 + length]
        if len(body) < length or len(crc) < 4:
            raise ValueError("ends")
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise ValueError("crc")
        if size is None and kind != b"IHDR":
            raise ValueError("IHDR not first")
        if in_data and kind != b"IDAT":
            in_data = False
        if kind == b"IHDR":
            if size:
                raise ValueError("two IHDR")
            w, h, depth, colour, comp, filt, inter = struct.unpack(">IIBBBBB", body)
            size = (w, h, colour)
        elif kind == b"PLTE":
            if in_data is not None:
                raise ValueError("PLTE after IDAT")
            palette = True
        elif kind == b"IDAT":
            if in_data is False:
                raise ValueError("split IDAT")
            if size[2] == 3 and not palette:
                raise ValueError("no PLTE")
            in_data = True
        elif kind == b"eXIf" and orientation is None:
            orientation = model_orientation(body)
        elif kind == b"IEND":
            if size and in_data is not None:
                return size[0], size[1], orientation
            raise ValueError("no data")
        elif kind[:1].isupper():
            raise ValueError("unknown critical chunk")
        pos += 12 + length


CSS_UNITS = {"": 1, "px": 1, "in": 96, "cm": Fraction(96 * 100, 254), "mm": Fraction(96 * 10, 254),
             "q": Fraction(96 * 10, 1016), "pt": Fraction(96, 72), "pc": 16}
U32_MAX = 2**32 - 1


def css_px(text):
    """The exact CSS pixel length of an SVG length (None for % and auto)."""
    text = text.strip().lower()
    if text == "auto" or text.endswith("%"):
        return None
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    return Fraction(number) * CSS_UNITS[text[len(number):]]


def svg_size(width, height, view_box):
    """The intrinsic size in whole pixels: rounded down, a side under one pixel counted as
    one, and at most 2^32 - 1 (the checker's u32)."""
    w = css_px(width) if width else None
    h = css_px(height) if height else None
    vb = [Fraction(v) for v in view_box.replace(",", " ").split()] if view_box else None
    if w is not None and h is not None:
        pass
    elif w is not None and vb:
        h = w * vb[3] / vb[2]
    elif h is not None and vb:
        w = h * vb[2] / vb[3]
    elif vb:
        w, h = vb[2], vb[3]
    else:
        return 0, 0
    return tuple(min(U32_MAX, 1 if 0 < side < 1 else math.floor(side)) for side in (w, h))


def model_svg(data):
    import xml.etree.ElementTree as ET
    root = ET.fromstring(data.decode("utf-8-sig"))
    return svg_size(root.get("width"), root.get("height"), root.get("viewBox"))


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------


class Corpus:
    def __init__(self, root):
        self.root = root
        self.rows = []
        # file -> a function of its bytes that raises unless the file is what its name says
        # (for damage the Python model of the walk cannot see: Huffman codes, zlib streams)
        self.proofs = {}

    def write(self, folder, name, data):
        path = self.root / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return data

    def good(self, name, data, width, height, orientation=1, note=""):
        self.write("good", name, data)
        dw, dh = (height, width) if orientation >= 5 else (width, height)
        self.rows.append(dict(file=f"good/{name}", expected="accept", code="", width=width, height=height,
                              display_width=dw, display_height=dh, orientation=orientation, note=note))

    def bad(self, name, data, code, note="", size=None, proof=None):
        self.write("bad", name, data)
        if proof:
            self.proofs[f"bad/{name}"] = proof
        w = h = ""
        o = ""
        if size:
            w, h = size
            o = 1
        self.rows.append(dict(file=f"bad/{name}", expected="reject", code=code, width=w, height=h,
                              display_width=w, display_height=h, orientation=o, note=note))


def make_good(c):
    card = test_card(640, 480, "640x480")

    # ---- JPEG
    c.good("jpeg-baseline-640x480.jpg", encode(card, "JPEG", quality=85), 640, 480, note="baseline 4:2:0")
    c.good("jpeg-progressive-640x480.jpg", encode(card, "JPEG", quality=85, progressive=True), 640, 480,
           note="progressive (SOF2) with several scans")
    c.good("jpeg-grayscale-640x480.jpg", encode(card.convert("L"), "JPEG", quality=85), 640, 480,
           note="one component")
    c.good("jpeg-cmyk-640x480.jpg", encode(card.convert("CMYK"), "JPEG", quality=85), 640, 480,
           note="four components with an Adobe APP14 segment")
    c.good("jpeg-444-640x480.jpg", encode(card, "JPEG", quality=85, subsampling="4:4:4"), 640, 480,
           note="no chroma subsampling")
    c.good("jpeg-odd-size-97x61.jpg", encode(test_card(97, 61, None), "JPEG", quality=85), 97, 61,
           note="size not a multiple of the 16x16 MCU")
    c.good("jpeg-restart-markers-640x480.jpg", encode_jpeg_with_restarts(card, 85, 7), 640, 480,
           note="DRI 7 MCUs: RST0-RST7 markers inside the scan")
    c.good("jpeg-progressive-64-scans-640x480.jpg", flat_progressive_jpeg(640, 480, "4:2:0", chroma_bands_script(64)),
           640, 480, note="64 scans (the most accepted): DC then one-coefficient chroma bands (11.5 passes)")
    c.good("jpeg-progressive-12mp-4000x3000.jpg", flat_progressive_jpeg(4000, 3000, "4:2:0", LIBJPEG_SCRIPT),
           4000, 3000, note="libjpeg's 10-scan script; its coefficients (36 MB) fit the decode budget")
    c.good("jpeg-progressive-444-2400x2400-too-big-to-measure.jpg",
           flat_progressive_jpeg(2400, 2400, "4:4:4", LIBJPEG_SCRIPT), 2400, 2400,
           note="coefficients (35 MB) and samples past the 40 MiB decode budget: quality not measured")

    for o in range(1, 9):
        dw, dh = (480, 640) if o >= 5 else (640, 480)
        upright = oriented_card(dw, dh, f"orientation {o}")
        stored = upright.transpose({1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                                    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                                    6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
                                    8: Image.Transpose.ROTATE_270}[o]) if o > 1 else upright
        assert stored.size == (640, 480)
        c.good(f"jpeg-exif-orientation-{o}-640x480-displays-{dw}x{dh}.jpg",
               encode(stored, "JPEG", quality=85, exif=pil_exif(o)), 640, 480, o,
               note="EXIF APP1 little-endian; shown upright with an F at the top left")
    upright = oriented_card(480, 640, "big-endian EXIF")
    c.good("jpeg-exif-bigendian-orientation-6-640x480-displays-480x640.jpg",
           insert_after_app0(encode(upright.transpose(Image.Transpose.ROTATE_90), "JPEG", quality=85),
                             [segment(0xE1, exif_orientation(6, big_endian=True))]), 640, 480, 6,
           note="EXIF in Motorola byte order (MM) as iPhones write it")
    c.good("jpeg-exif-orientation-9-invalid-640x480.jpg",
           insert_after_app0(encode(card, "JPEG", quality=85), [segment(0xE1, exif_orientation(9))]), 640, 480, 1,
           note="orientation 9 is out of range: shown as stored")
    bad_exif = b"Exif\x00\x00II*\x00" + struct.pack("<I", 0xFFFF0000) + b"\x00" * 16
    c.good("jpeg-exif-malformed-640x480.jpg",
           insert_after_app0(encode(card, "JPEG", quality=85), [segment(0xE1, bad_exif)]), 640, 480, 1,
           note="IFD0 offset past the end: EXIF ignored")

    # EXIF with an embedded JPEG thumbnail (IFD1): a SOF inside APP1 that is not the frame
    thumb = encode(test_card(160, 120, None), "JPEG", quality=75)
    ifd0 = struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, 1, 0)
    ifd1_at = 8 + len(ifd0) + 4
    ifd1_len = 2 + 3 * 12 + 4
    ifd1 = struct.pack("<H", 3) + struct.pack("<HHIHH", 0x0103, 3, 1, 6, 0) + \
        struct.pack("<HHII", 0x0201, 4, 1, ifd1_at + ifd1_len) + struct.pack("<HHII", 0x0202, 4, 1, len(thumb)) + \
        struct.pack("<I", 0)
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd0 + struct.pack("<I", ifd1_at) + ifd1 + thumb
    c.good("jpeg-exif-thumbnail-160x120-in-640x480.jpg",
           insert_after_app0(encode(card, "JPEG", quality=85), [segment(0xE1, b"Exif\x00\x00" + tiff)]),
           640, 480, 1, note="EXIF IFD1 holds a 160x120 JPEG thumbnail with its own SOF")

    # 300+ KB of metadata before the frame header
    rng = np.random.default_rng(300)
    xmp = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
           b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="kyc-precheck corpus"/>'
           b"</rdf:RDF></x:xmpmeta>\n")
    xmp = b"http://ns.adobe.com/xap/1.0/\x00" + xmp + b" " * (60000 - len(xmp)) + b'\n<?xpacket end="w"?>'
    photoshop = []
    for i in range(4):
        payload = rng.bytes(65000)
        block = b"8BIM" + struct.pack(">H", 0x0FA0 + i) + b"\x00\x00" + struct.pack(">I", len(payload)) + payload
        photoshop.append(segment(0xED, b"Photoshop 3.0\x00" + block))
    srgb = fixed_date_icc(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    base = encode(card, "JPEG", quality=85, icc_profile=srgb)
    meta = insert_after_app0(base, [segment(0xE1, xmp), segment(0xE1, exif_orientation(1))] + photoshop)
    sof_at = meta.find(b"\xff\xc0", meta.find(photoshop[-1]) + len(photoshop[-1]))
    assert sof_at > 300 * 1024, sof_at
    c.good("jpeg-metadata-300kb-before-sof-640x480.jpg", meta, 640, 480, 1,
           note=f"XMP APP1 + EXIF APP1 + ICC APP2 + 4x64KB APP13: SOF at byte {sof_at}")

    # ---- PNG
    c.good("png-8bit-rgb-640x480.png", encode(card, "PNG", optimize=True), 640, 480, note="colour type 2 depth 8")
    c.good("png-iccp-100mb-profile-480x640.png", iccp_bomb_png(encode(test_card(480, 640, "480x640"), "PNG"), 100 << 20),
           480, 640, note="an iCCP colour profile that inflates to 100 MB: never inflated")
    c.good("png-3000000x1-too-big-to-measure.png", write_png(np.zeros((1, 3_000_000, 4), np.uint8)), 3_000_000, 1,
           note="one 12 MB row: the decoder's row buffers exceed the decode budget")
    small = test_card(160, 120, None)
    arr16 = (np.asarray(small, np.uint16) * 257)
    arr16 = arr16 + (np.arange(160, dtype=np.uint16)[None, :, None] * 3)  # use the low byte too
    c.good("png-16bit-rgb-160x120.png", write_png(arr16), 160, 120, note="colour type 2 depth 16")
    c.good("png-16bit-gray-160x120.png",
           encode(Image.fromarray(np.asarray(small.convert("L"), np.uint16) * 257), "PNG"),
           160, 120, note="colour type 0 depth 16")
    c.good("png-palette-640x480.png", encode(card.quantize(64), "PNG", optimize=True), 640, 480,
           note="colour type 3 with PLTE")
    c.good("png-1bit-gray-96x64.png", encode(test_card(96, 64, None).convert("1"), "PNG"), 96, 64,
           note="colour type 0 depth 1")
    c.good("png-interlaced-320x240.png", write_png(np.asarray(test_card(320, 240, "Adam7"))), 320, 240,
           note="Adam7 interlace")
    rgba = np.dstack([np.asarray(small), np.tile(np.linspace(0, 255, 160).round().astype(np.uint8), (120, 1))])
    c.good("png-alpha-160x120.png", encode(Image.fromarray(rgba, "RGBA"), "PNG"), 160, 120,
           note="colour type 6 (RGBA)")
    c.good("png-gray-alpha-96x64.png", write_png(np.dstack([np.asarray(test_card(96, 64, None).convert("L")),
                                                            np.full((64, 96), 200, np.uint8)])), 96, 64,
           note="colour type 4 (grey + alpha)")
    c.good("png-multiple-idat-and-text-320x240.png",
           write_png(np.asarray(test_card(320, 240, "IDATs")), idat_size=4096,
                     chunks_before_idat=[(b"tEXt", b"Software\x00kyc-precheck corpus"),
                                         (b"pHYs", struct.pack(">IIB", 3780, 3780, 1))]), 320, 240,
           note="tEXt and pHYs before IDAT; image data split into 4 KB IDAT chunks")
    upright = oriented_card(240, 320, "eXIf 6")
    c.good("png-exif-orientation-6-320x240-displays-240x320.png",
           encode(upright.transpose(Image.Transpose.ROTATE_90), "PNG", exif=pil_exif(6)), 320, 240, 6,
           note="eXIf chunk (PNG 1.5 extension)")

    # ---- SVG
    ns = 'xmlns="http://www.w3.org/2000/svg"'
    body = ('<rect width="100%" height="100%" fill="#3a7bd5"/>'
            '<circle cx="50%" cy="50%" r="30%" fill="#f5c518"/>'
            '<text x="10" y="30" font-family="sans-serif" font-size="20" fill="#fff">kyc</text>')

    def svg(name, attrs, size, note, inner=body, prefix=""):
        text = f'{prefix}<svg {ns} {attrs}>{inner}</svg>\n'
        c.good(name, text.encode(), size[0], size[1], note=note)
        svg_sources[name] = text

    svg("svg-px-640x480.svg", 'width="640px" height="480px"', (640, 480), "width/height in px")
    svg("svg-unitless-640x480.svg", 'width="640" height="480" viewBox="0 0 320 240"', (640, 480),
        "unitless width/height win over viewBox")
    svg("svg-units-in-5x4in-480x384.svg", 'width="5in" height="4in"', (480, 384), "inches: 96 px each")
    svg("svg-units-cm-10x7.5cm-377x283.svg", 'width="10cm" height="7.5cm"', (377, 283), "377.95 x 283.46 px")
    svg("svg-units-cm-12.7x9.525cm-480x360.svg", 'width="12.7cm" height="9.525cm"', (480, 360),
        "exactly 5in x 3.75in; naive float math gives 479.99999999999994")
    svg("svg-units-mm-ktp-85.6x53.98mm-323x204.svg", 'width="85.6mm" height="53.98mm"', (323, 204),
        "ID-1 card size: 323.53 x 204.02 px")
    svg("svg-units-pt-360x270pt-480x360.svg", 'width="360pt" height="270pt"', (480, 360), "points: 4/3 px each")
    svg("svg-units-pc-30x20pc-480x320.svg", 'width="30pc" height="20pc"', (480, 320), "picas: 16 px each")
    svg("svg-viewbox-only-400x300.svg", 'viewBox="0 0 400 300"', (400, 300), "size from viewBox")
    svg("svg-width-and-viewbox-480x640.svg", 'width="480" viewBox="0,0,3,4"', (480, 640),
        "height from width and the viewBox aspect ratio")
    svg("svg-no-size.svg", "", (0, 0), "no width/height/viewBox: no intrinsic size (svg_no_size only with a minimum)")
    svg("svg-percent-size-no-size.svg", 'width="100%" height="100%"', (0, 0), "percentages give no intrinsic size")
    svg("svg-xml-declaration-bom-comment-640x480.svg", 'width="640" height="480"', (640, 480),
        "UTF-8 BOM + XML declaration + comment before <svg>",
        prefix='\ufeff<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Created with a vector editor -->\n')
    tiny_png = encode(test_card(32, 24, None), "PNG")
    svg("svg-with-embedded-png-data-uri-320x240.svg",
        'xmlns:xlink="http://www.w3.org/1999/xlink" width="320" height="240"', (320, 240),
        "xlink:href and href data:image/png;base64",
        inner=('<image width="160" height="120" xlink:href="data:image/png;base64,'
               + base64.b64encode(tiny_png).decode() + '"/>'
               '<image x="160" width="160" height="120" href="data:image/png;base64,'
               + base64.b64encode(tiny_png).decode() + '"/>'))
    svg("svg-with-internal-use-href-320x240.svg", 'xmlns:xlink="http://www.w3.org/1999/xlink" width="320" height="240"',
        (320, 240), "use href=#id; xlink:href=#id; fill=url(#grad); style url(#grad)",
        inner=('<defs><linearGradient id="grad"><stop offset="0" stop-color="#fff"/>'
               '<stop offset="1" stop-color="#06c"/></linearGradient>'
               '<g id="mark"><rect width="40" height="40" fill="url(#grad)"/></g></defs>'
               '<rect width="320" height="240" style="fill: url(#grad)"/>'
               '<use href="#mark" x="20" y="20"/><use xlink:href="#mark" x="100" y="20"/>'
               '<a href="#mark"><circle cx="200" cy="120" r="30" fill="#333"/></a>'))
    svg("svg-with-style-sheet-and-local-urls-320x240.svg", 'width="320" height="240"', (320, 240),
        "a <style> sheet (CDATA and a comment) and presentation attributes naming only #ids",
        inner=('<style><![CDATA[ .a { fill: url(#grad) } /* url(#grad) is local */ '
               '.b { stroke: url(\'#grad\'); filter: url("#blur") } @media print { .a { fill: #000 } } ]]></style>'
               '<defs><linearGradient id="grad"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#06c"/>'
               '</linearGradient><filter id="blur"><feGaussianBlur stdDeviation="2"/></filter>'
               '<clipPath id="clip"><rect width="300" height="220"/></clipPath>'
               '<mask id="fade"><rect width="320" height="240" fill="#fff"/></mask>'
               '<marker id="dot" markerWidth="4" markerHeight="4"><circle cx="2" cy="2" r="2"/></marker></defs>'
               '<rect class="a" width="320" height="240" clip-path="url(#clip)" mask="url(#fade)"/>'
               '<path class="b" d="M20 200 L300 40" marker-start="url(#dot)" marker-end="url( #dot )"/>'))
    svg("svg-with-local-animation-320x240.svg", 'xmlns:xlink="http://www.w3.org/1999/xlink" width="320" height="240"',
        (320, 240), "animations that write colours and #id references only",
        inner=('<defs><circle id="one" r="20" fill="#06c"/><circle id="two" r="30" fill="#f60"/>'
               '<path id="track" d="M40 120 H280"/></defs>'
               '<rect width="320" height="240" fill="#eee"><animate attributeName="fill" values="#eee;#ddd;#eee" '
               'dur="2s" repeatCount="indefinite"/></rect>'
               '<use href="#one" x="60" y="60"><set attributeName="href" to="#two" begin="0s"/></use>'
               '<use xlink:href="#one" x="160" y="60"><animate attributeName="xlink:href" values="#one;#two;" '
               'dur="1s" repeatCount="indefinite"/></use>'
               '<circle r="10" fill="#333"><animateMotion dur="3s" repeatCount="indefinite">'
               '<mpath href="#track"/></animateMotion></circle>'
               '<rect x="140" y="160" width="40" height="40"><animateTransform attributeName="transform" '
               'type="rotate" from="0 160 180" to="360 160 180" dur="4s" repeatCount="indefinite"/></rect>'))
    svg("svg-inkscape-metadata-480x640.svg",
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" width="480" height="640" viewBox="0 0 127 169.33333" '
        'version="1.1" id="svg1" inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="selfie.svg"',
        (480, 640), "editor metadata in other namespaces (sodipodi:namedview and RDF) is inert",
        inner=('<sodipodi:namedview id="namedview1" pagecolor="#ffffff" bordercolor="#666666" borderopacity="1.0" '
               'inkscape:showpageshadow="2" inkscape:pageopacity="0.0" inkscape:pagecheckerboard="0" '
               'inkscape:deskcolor="#d1d1d1" inkscape:document-units="mm" inkscape:zoom="0.7" inkscape:cx="240" '
               'inkscape:cy="320" inkscape:window-width="1920" inkscape:window-height="1011" inkscape:window-x="0" '
               'inkscape:window-y="0" inkscape:window-maximized="1" inkscape:current-layer="layer1"/>'
               '<metadata id="metadata1"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>'
               '<dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/><dc:title>selfie</dc:title>'
               '</cc:Work></rdf:RDF></metadata>'
               '<g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">'
               '<rect style="fill:#3a7bd5;fill-opacity:1;stroke:none;stroke-width:0.26" id="rect1" '
               'width="127" height="169.33333" x="0" y="0"/>'
               '<circle style="fill:#f5c518;stroke:#000000;stroke-width:0.5" id="path1" cx="63.5" cy="60" r="30"/>'
               '</g>'))
    svg("svg-units-q-and-capitals-400Qx300PX-377x300.svg", 'width="400Q" height=" 300PX "', (377, 300),
        "quarter-millimetres and units in capitals: 377.95 x 300 px")
    svg("svg-half-pixel-high-640x0.5-counts-as-640x1.svg", 'width="640" height="0.5"', (640, 1),
        "a side under one pixel still takes a row to draw: it counts as one")
    svg("svg-7071x7071-just-under-50-megapixels.svg", 'width="7071" height="7071"', (7071, 7071),
        "49999041 pixels: within the default bound")


svg_sources = {}


def make_bad(c):
    card = test_card(640, 480, "640x480")
    jpeg = encode(card, "JPEG", quality=85)
    png = encode(card, "PNG", optimize=True)

    c.bad("truncated-jpeg-half.jpg", jpeg[: len(jpeg) // 2], "image.corrupt", "first half of a baseline JPEG")
    c.bad("truncated-jpeg-no-eoi.jpg", jpeg[:-2], "image.corrupt", "all but the final EOI marker")
    meta = (OUT / "good" / "jpeg-metadata-300kb-before-sof-640x480.jpg").read_bytes()
    c.bad("truncated-jpeg-in-metadata.jpg", meta[:100_000], "image.corrupt", "cut inside the first 64 KB APP13 segment")
    c.bad("truncated-png-no-iend.png", png[:-12], "image.corrupt", "IEND chunk missing")

    # Damage inside the compressed data, behind valid markers and CRCs
    c.bad("truncated-jpeg-half-with-eoi.jpg", jpeg[: len(jpeg) // 2] + b"\xff\xd9", "image.corrupt",
          "first half of a baseline JPEG with EOI appended: decoders pad it with grey",
          proof=lambda d, jpeg=jpeg: _assert(d == jpeg[: len(jpeg) // 2] + b"\xff\xd9" and _scan_count(d) == 1))
    progressive = encode(card, "JPEG", quality=85, progressive=True)
    scans = _scans(progressive)
    start, end = max(scans, key=lambda span: span[1] - span[0])
    cut = progressive[: (start + end) // 2] + b"\xff\xd9"
    c.bad("truncated-jpeg-progressive-mid-scan-with-eoi.jpg", cut, "image.corrupt",
          "progressive JPEG cut inside its largest scan with EOI appended",
          proof=lambda d, whole=progressive, at=(start + end) // 2: _assert(d == whole[:at] + b"\xff\xd9"))
    table = jpeg.find(b"\xff\xc4")
    counts = list(jpeg[table + 5:table + 21])
    c.bad("jpeg-huffman-table-oversubscribed.jpg", oversubscribed_dc_table(jpeg), "image.corrupt",
          "DHT code lengths moved up: 4 codes of 2 bits and 5 of 3 bits (Kraft sum > 1)",
          proof=lambda d, at=table: _assert(_kraft(d[at + 5:at + 21]) > 1 and _pillow_refuses(d)))
    many = bytes(counts[:14] + [counts[14] + 144, counts[15] + 144]) + jpeg[table + 21:table + 21 + sum(counts)] \
        + bytes(288)
    dht = segment(0xC4, bytes([jpeg[table + 4]]) + many)
    first_dht_end = table + 2 + struct.unpack(">H", jpeg[table + 2:table + 4])[0]
    c.bad("jpeg-huffman-table-300-codes.jpg", jpeg[:first_dht_end] + dht + jpeg[first_dht_end:], "image.corrupt",
          "an extra DHT segment whose table declares 300 codes (at most 256)",
          proof=lambda d, at=first_dht_end: _assert(sum(d[at + 5:at + 21]) == 300 and _pillow_refuses(d)))
    dqt = jpeg.find(b"\xff\xdb")
    c.bad("jpeg-dqt-table-number-5.jpg", jpeg[:dqt + 4] + b"\x05" + jpeg[dqt + 5:], "image.corrupt",
          "a quantisation table numbered 5 (at most 3)",
          proof=lambda d, at=dqt: _assert(d[at + 4] == 5 and _pillow_refuses(d)))
    sof = jpeg.find(b"\xff\xc0")
    c.bad("jpeg-sof-sampling-factor-0.jpg", jpeg[:sof + 11] + b"\x02" + jpeg[sof + 12:], "image.corrupt",
          "the frame header gives the first component a horizontal sampling factor of 0",
          proof=lambda d, at=sof: _assert(d[at + 11] >> 4 == 0 and _pillow_refuses(d)))
    restart = (OUT / "good" / "jpeg-restart-markers-640x480.jpg").read_bytes()
    first_rst = restart.find(b"\xff\xd0")
    swapped = restart[:first_rst + 1] + b"\xd1" + restart[first_rst + 2:]
    c.bad("jpeg-restart-markers-out-of-order.jpg", swapped, "image.corrupt",
          "the first restart marker is RST1 instead of RST0",
          proof=lambda d: _assert(d.find(b"\xff\xd1") < d.find(b"\xff\xd0")))
    c.bad("jpeg-restart-marker-after-an-extra-byte.jpg", restart[:first_rst] + b"\x00" + restart[first_rst:],
          "image.corrupt", "a byte no block needs before the first restart marker (found by fuzzing)",
          proof=lambda d, at=first_rst: _assert(d[at] == 0 and d[at + 1:at + 3] == b"\xff\xd0"))
    stuffed = jpeg.find(b"\xff\x00", _scans(jpeg)[0][0])
    c.bad("jpeg-fill-byte-before-stuffed-zero.jpg", jpeg[:stuffed] + b"\xff" + jpeg[stuffed:], "image.corrupt",
          "FF FF 00 inside the scan: a fill byte then no marker (jpeg-decoder refuses it; found by fuzzing)",
          proof=lambda d, at=stuffed: _assert(d[at:at + 3] == b"\xff\xff\x00"))
    c.bad("jpeg-arithmetic-coding-sof9.jpg", jpeg[:sof + 1] + b"\xc9" + jpeg[sof + 2:], "image.format_unsupported",
          "SOF9 (arithmetic coding) which no browser displays",
          proof=lambda d, at=sof: _assert(d[at + 1] == 0xC9))

    # Too much work for any photo
    c.bad("jpeg-progressive-65-scans-640x480.jpg", flat_progressive_jpeg(640, 480, "4:2:0", chroma_bands_script(65)),
          "image.too_complex", "65 scans: one more than accepted (11.7 passes)",
          proof=lambda d: _assert(_scan_count(d) == 65 and not _pillow_refuses(d)))
    c.bad("jpeg-progressive-1000-scans-640x480.jpg",
          flat_progressive_jpeg(640, 480, "4:2:0", many_scans_script(3, 1000)), "image.too_complex",
          "1000 scans in a valid progression (issue 9: 50 MP like this took 26 s)",
          proof=lambda d: _assert(_scan_count(d) == 1000 and not _pillow_refuses(d)))
    c.bad("jpeg-progressive-gray-41-passes-640x480.jpg",
          flat_progressive_jpeg(640, 480, "gray", split_bands_script(1, 40)), "image.too_complex",
          "41 scans each covering every block: 41 passes over the frame (at most 16)",
          proof=lambda d: _assert(_scan_count(d) == 41 and not _pillow_refuses(d)))
    damaged = bytearray(png)
    idat = png.find(b"IDAT")
    damaged[idat + 4 + 100] ^= 0x01
    c.bad("png-bad-crc.png", bytes(damaged), "image.corrupt", "one bit flipped inside IDAT")

    small = np.asarray(test_card(96, 64, None))
    whole = write_png(small)
    raw = _inflated(whole)
    ihdr_end = 33

    def with_idat(stream):
        return whole[:ihdr_end] + png_chunk(b"IDAT", stream) + png_chunk(b"IEND", b"")

    stream = zlib.compress(raw, 9)
    c.bad("png-idat-truncated-crc-valid.png", with_idat(stream[: len(stream) // 2]), "image.corrupt",
          "the zlib stream cut in half inside an IDAT whose CRC is right",
          proof=lambda d: _assert(not _zlib_complete(_idat(d))))
    wrong = stream[:-1] + bytes([stream[-1] ^ 0x01])
    c.bad("png-idat-adler32-wrong.png", with_idat(wrong), "image.corrupt",
          "a complete zlib stream whose Adler-32 checksum is off by one bit",
          proof=lambda d: _assert(_zlib_error(_idat(d)) == "adler32"))
    c.bad("png-idat-too-few-rows.png", with_idat(zlib.compress(raw[: len(raw) // 2], 9)), "image.corrupt",
          "a complete zlib stream holding half the rows IHDR declares",
          proof=lambda d, n=len(raw) // 2: _assert(len(_inflated(d)) == n))
    c.bad("png-idat-too-many-rows.png", with_idat(zlib.compress(raw + raw[: len(raw) // 64], 9)), "image.corrupt",
          "a complete zlib stream holding one row more than IHDR declares",
          proof=lambda d, n=len(raw) + len(raw) // 64: _assert(len(_inflated(d)) == n))
    row = len(raw) // 64
    bad_filter = raw[: 3 * row] + b"\x05" + raw[3 * row + 1:]
    c.bad("png-filter-type-5.png", with_idat(zlib.compress(bad_filter, 9)), "image.corrupt",
          "the fourth row's filter type is 5 (there are five: 0 to 4)",
          proof=lambda d, at=3 * row: _assert(_inflated(d)[at] == 5 and _pillow_refuses(d)))

    rows = np.asarray(test_card(64, 48, None))
    split = write_png(rows, idat_size=512)
    first_idat_end = split.find(b"IDAT") - 4 + 12 + 512
    text = png_chunk(b"tEXt", b"Comment\x00between IDATs")
    c.bad("png-idat-split-by-text-chunk.png", split[:first_idat_end] + text + split[first_idat_end:], "image.corrupt",
          "IDAT chunks not consecutive")
    plain = encode(test_card(64, 48, None).quantize(16), "PNG")
    plte = plain.find(b"PLTE") - 4
    plte_len = struct.unpack(">I", plain[plte:plte + 4])[0]
    c.bad("png-palette-missing-plte.png", plain[:plte] + plain[plte + 12 + plte_len:], "image.corrupt",
          "colour type 3 without PLTE")

    # Bombs: the header declares far more than 50 MP
    w = h = 100_000
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
    rows = zlib.compress(b"\x00" * (16 * (1 + w // 8)), 9)
    c.bad("png-bomb-100000x100000.png", b"\x89PNG\r\n\x1a\n" + ihdr + png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b""),
          "image.too_many_pixels", "tiny file: IHDR declares 10 gigapixels (valid CRCs; 16 rows of data)", (w, h))
    small = bytearray(encode(Image.new("L", (16, 16), 128), "JPEG", quality=85))
    sof = small.find(b"\xff\xc0")
    small[sof + 5:sof + 9] = struct.pack(">HH", 65500, 65500)
    c.bad("jpeg-bomb-65500x65500.jpg", bytes(small), "image.too_many_pixels",
          "tiny file: SOF declares 65500x65500; structure valid through EOI", (65500, 65500))
    w = h = 20_000
    comp = zlib.compressobj(9)
    row = b"\x00" * (1 + w // 8)
    data = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
    chunks = b"".join(png_chunk(b"IDAT", data[i:i + 32768]) for i in range(0, len(data), 32768))
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
    c.bad("png-zip-bomb-20000x20000-1bit.png", b"\x89PNG\r\n\x1a\n" + ihdr + chunks + png_chunk(b"IEND", b""),
          "image.too_many_pixels", f"a complete 1-bit image: {len(data)} bytes inflate to {h * len(row)}", (w, h))

    # Hostile SVGs
    ns = 'xmlns="http://www.w3.org/2000/svg"'
    xl = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
    lol = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    lol = '<!ENTITY lol0 "lol">' + lol
    unsafe = [
        ("svg-unsafe-doctype-entity.svg", "dtd", "XXE: external entity reading a local file",
         f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
         f'<svg {ns} width="200" height="100"><text y="20">&xxe;</text></svg>\n'),
        ("svg-unsafe-billion-laughs.svg", "dtd", "nested entities expanding to 10^9 lols",
         f'<?xml version="1.0"?>\n<!DOCTYPE svg [{lol}]>\n<svg {ns} width="200" height="100"><text>&lol9;</text></svg>\n'),
        ("svg-unsafe-public-doctype.svg", "dtd", "even the SVG 1.1 public DOCTYPE (as Illustrator writes) is refused",
         f'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
         f'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg {ns} width="200" height="100"/>\n'),
        ("svg-unsafe-entity-reference.svg", "entity", "&nbsp; with no DTD to define it",
         f'<svg {ns} width="200" height="100"><text y="20">a&nbsp;b</text></svg>\n'),
        ("svg-unsafe-script.svg", "script", "<script> element",
         f'<svg {ns} width="200" height="100"><script type="text/ecmascript">alert(document.domain)</script></svg>\n'),
        ("svg-unsafe-onload.svg", "event_handler", "onload attribute on the root",
         f'<svg {ns} width="200" height="100" onload="alert(1)"><rect width="10" height="10"/></svg>\n'),
        ("svg-unsafe-javascript-href.svg", "javascript_url", "a href=javascript:",
         f'<svg {ns} width="200" height="100"><a href="javascript:alert(1)"><rect width="50" height="50"/></a></svg>\n'),
        ("svg-unsafe-javascript-href-obfuscated.svg", "javascript_url", "xlink:href with a tab and mixed case",
         f'<svg {ns} {xl} width="200" height="100"><a xlink:href=" JaVa&#x09;ScRiPt:alert(1)">'
         f'<rect width="50" height="50"/></a></svg>\n'),
        ("svg-unsafe-foreignobject.svg", "foreign_content", "<foreignObject> with HTML",
         f'<svg {ns} width="200" height="100"><foreignObject width="200" height="100">'
         f'<div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject></svg>\n'),
        ("svg-unsafe-iframe.svg", "foreign_content", "<iframe> element",
         f'<svg {ns} width="200" height="100"><iframe src="#x"/></svg>\n'),
        ("svg-unsafe-external-image.svg", "external_reference", "image href to another host (tracking pixel)",
         f'<svg {ns} {xl} width="200" height="100"><image width="10" height="10" '
         f'xlink:href="https://attacker.example/pixel.png"/></svg>\n'),
        ("svg-unsafe-data-uri-svg.svg", "external_reference", "nested SVG as a data: URI (not png/jpeg/gif)",
         f'<svg {ns} width="200" height="100"><image width="10" height="10" '
         f'href="data:image/svg+xml;base64,{base64.b64encode(b"<svg/>").decode()}"/></svg>\n'),
        ("svg-unsafe-xml-stylesheet.svg", "external_reference", "<?xml-stylesheet?> processing instruction",
         f'<?xml version="1.0"?>\n<?xml-stylesheet type="text/css" href="https://attacker.example/a.css"?>\n'
         f'<svg {ns} width="200" height="100"/>\n'),
        ("svg-unsafe-css-import.svg", "external_reference", "@import in <style>",
         f'<svg {ns} width="200" height="100"><style>@import url("https://attacker.example/a.css");</style></svg>\n'),
        ("svg-unsafe-css-url-external.svg", "external_reference", "style attribute with url(https://…)",
         f'<svg {ns} width="200" height="100"><rect width="10" height="10" '
         f'style="fill: url(\'https://attacker.example/a.svg#p\')"/></svg>\n'),
    ]
    # Each of these was accepted before the reference rules were rewritten, and headless
    # Chromium fetched attacker.example for most of them (tests/browser/svg-requests.mjs).
    x = "https://attacker.example"
    xhtml = 'xmlns="http://www.w3.org/1999/xhtml"'

    def shape(attribute):
        return (f'<svg {ns} width="200" height="100"><path d="M10 10 H190 V90 H10 Z" {attribute}/></svg>\n')

    for prop, value in [("fill", f"url({x}/paint.svg#p)"), ("stroke", f"url('{x}/paint.svg#p')"),
                        ("filter", f"url({x}/filter.svg#f)"), ("clip-path", f"url( {x}/clip.svg#c )"),
                        ("mask", f"url({x}/mask.svg#m)"), ("marker-start", f"url({x}/marker.svg#m)"),
                        ("cursor", f"url({x}/cursor.png) 0 0, auto")]:
        unsafe.append((f"svg-unsafe-{prop}-url-external.svg", "external_reference",
                       f"presentation attribute {prop}=url() to another host", shape(f'{prop}="{value}"')))
    unsafe += [
        ("svg-unsafe-style-attribute-css-escape-url.svg", "external_reference",
         "style attribute with u\\72 l(): a CSS escape hides url(",
         shape(f'style="fill: u\\72 l({x}/escaped.svg#p)"')),
        ("svg-unsafe-style-element-css-escape-url.svg", "external_reference",
         "<style> rule with \\75 rl(): a CSS escape hides url(",
         f'<svg {ns} width="200" height="100"><style>path {{ fill: \\75 rl({x}/escaped-sheet.svg#p) }}</style>'
         f'<path d="M10 10 H190 V90 H10 Z"/></svg>\n'),
        ("svg-unsafe-style-element-split-by-comment.svg", "external_reference",
         "u<!--x-->rl( in <style>: the browser drops the XML comment and reads url(",
         f'<svg {ns} width="200" height="100"><style>path {{ fill: u<!--x-->rl({x}/split.svg#p) }}</style>'
         f'<path d="M10 10 H190 V90 H10 Z"/></svg>\n'),
        ("svg-unsafe-css-import-escaped.svg", "external_reference", "@\\69mport: an escaped @import",
         f'<svg {ns} width="200" height="100"><style>@\\69mport "{x}/escaped-import.css";</style>'
         f'<path d="M10 10 H190 V90 H10 Z"/></svg>\n'),
        ("svg-unsafe-css-image-set.svg", "external_reference", "image-set() takes a URL as a plain string",
         f'<svg {ns} width="200" height="100"><style>svg {{ background-image: image-set("{x}/set.png" 1x) }}'
         f'</style><path d="M10 10 H190 V90 H10 Z" fill="none" stroke="#000"/></svg>\n'),
        ("svg-unsafe-css-font-face-src.svg", "external_reference", "@font-face src: with an escaped url(",
         f'<svg {ns} width="200" height="100"><style>@font-face {{ font-family: f; src: \\75rl({x}/font.woff2) }} '
         f'text {{ font-family: f }}</style><text x="10" y="50">kyc</text></svg>\n'),
        ("svg-unsafe-set-href-external.svg", "external_reference", "<set> writes an external href onto <image>",
         f'<svg {ns} width="200" height="100"><image width="100" height="100">'
         f'<set attributeName="href" to="{x}/set-href.png" begin="0s"/></image></svg>\n'),
        ("svg-unsafe-animate-xlink-href-external.svg", "external_reference",
         "<animate> writes an external xlink:href onto <image> through values",
         f'<svg {ns} {xl} width="200" height="100"><image width="100" height="100" xlink:href="#none">'
         f'<animate attributeName="xlink:href" values="{x}/animated.png" dur="1s" fill="freeze"/></image></svg>\n'),
        ("svg-unsafe-animate-use-href-relative.svg", "external_reference",
         "<animate> writes a relative URL onto <use>: another file of the same site",
         f'<svg {ns} {xl} width="200" height="100"><defs><rect id="r" width="10" height="10"/></defs>'
         f'<use xlink:href="#r"><animate attributeName="xlink:href" values="#r;other.svg#r" dur="0.2s" '
         f'repeatCount="indefinite"/></use></svg>\n'),
        ("svg-unsafe-animate-fill-url-external.svg", "external_reference",
         "<animate> writes fill=url() to another host",
         f'<svg {ns} width="200" height="100"><rect width="200" height="100" fill="#06c">'
         f'<animate attributeName="fill" to="url({x}/animated-paint.svg#p)" dur="0.1s" fill="freeze"/>'
         f'</rect></svg>\n'),
        ("svg-unsafe-set-event-handler.svg", "event_handler", "<set> writes an onclick attribute",
         f'<svg {ns} width="200" height="100"><rect width="200" height="100">'
         f'<set attributeName="onclick" to="alert(1)"/></rect></svg>\n'),
        ("svg-unsafe-xhtml-img-srcset.svg", "foreign_content", "an XHTML <img srcset> loads even though not drawn",
         f'<svg {ns} width="200" height="100"><img {xhtml} srcset="{x}/srcset.png 1x"/></svg>\n'),
        ("svg-unsafe-xhtml-meta-refresh.svg", "foreign_content", "an XHTML <meta http-equiv=refresh> navigates",
         f'<svg {ns} width="200" height="100"><meta {xhtml} http-equiv="refresh" content="0;url={x}/refresh"/>'
         f'</svg>\n'),
        ("svg-unsafe-xhtml-video-poster.svg", "foreign_content", "an XHTML <video poster> loads its poster",
         f'<svg {ns} width="200" height="100"><video {xhtml} poster="{x}/poster.png"/></svg>\n'),
        ("svg-unsafe-xhtml-picture-source.svg", "foreign_content", "an XHTML <picture> with <source srcset>",
         f'<svg {ns} width="200" height="100"><picture {xhtml}><source srcset="{x}/source.png"/>'
         f'<img alt=""/></picture></svg>\n'),
        ("svg-unsafe-unprefixed-element-in-other-namespace.svg", "foreign_content",
         "<meta xmlns=urn:x http-equiv=refresh>: inert in XML but a <meta> to an HTML parser",
         f'<svg {ns} width="200" height="100"><meta xmlns="urn:x" http-equiv="refresh" content="0;url={x}/"/>'
         f'</svg>\n'),
        ("svg-unsafe-xml-base.svg", "external_reference", "xml:base would point every relative URL elsewhere",
         f'<svg {ns} width="200" height="100"><g xml:base="{x}/"><use href="#r"/></g>'
         f'<rect id="r" width="10" height="10"/></svg>\n'),
    ]
    for name, reason, note, text in unsafe:
        c.bad(name, text.encode(), "image.unsafe_svg", f"reason={reason}; {note}")
    c.bad("svg-root-without-namespace.svg", b'<svg width="200" height="100"><rect width="10" height="10"/></svg>\n',
          "image.corrupt", "no SVG namespace: a browser does not draw it")
    c.bad("svg-root-in-xhtml-namespace.svg",
          b'<svg xmlns="http://www.w3.org/1999/xhtml" width="200" height="100"/>\n', "image.corrupt",
          "an <svg> root in the XHTML namespace is not an SVG")
    for name, attributes, note in [
        ("svg-size-negative-width.svg", 'width="-640" height="480"', "a negative width"),
        ("svg-size-width-1e400-not-finite.svg", 'width="1e400" height="480"', "a width beyond any float"),
        ("svg-size-font-relative-em.svg", 'width="1e7em" height="480"',
         "em depends on a font size the file can set (1e7 x 16 px)"),
        ("svg-size-negative-viewbox.svg", 'viewBox="0 0 -640 480"', "a negative viewBox width"),
    ]:
        c.bad(name, f'<svg {ns} {attributes}/>\n'.encode(), "image.corrupt", note)
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(300))
    c.bad("svg-markup-300-attributes-on-one-element.svg", f'<svg {ns} {attributes}/>\n'.encode(), "image.corrupt",
          "more attributes on one element than any editor writes (the parser compares each pair)")
    for name, attributes, size, note in [
        ("svg-bomb-1e9x1e9.svg", 'width="1e9" height="1e9"', (10**9, 10**9), "a 1e18-pixel intrinsic size"),
        ("svg-bomb-viewbox-1e308.svg", 'viewBox="0 0 1e308 1e308"', (U32_MAX, U32_MAX),
         "viewBox only: sizes beyond 2^32 - 1 are reported as 2^32 - 1"),
        ("svg-bomb-1e9-wide-half-pixel-high.svg", 'width="1e9" height="0.5"', (10**9, 1),
         "a side under one pixel counts as one"),
        ("svg-bomb-viewbox-aspect-overflow.svg", 'width="100" viewBox="0 0 1e-300 1e300"', (100, U32_MAX),
         "the height derived from the viewBox ratio overflows"),
        ("svg-bomb-8000x8000.svg", 'width="8000" height="8000"', (8000, 8000), "64 MP: just over the default bound"),
    ]:
        c.bad(name, f'<svg {ns} {attributes}/>\n'.encode(), "image.too_many_pixels", note, size)
    c.bad("svg-not-well-formed.svg", f'<svg {ns} width="200" height="100"><rect></svg>\n'.encode(), "image.corrupt",
          "unclosed element")
    c.bad("svgz-compressed.svgz", gzip.compress(svg_sources["svg-px-640x480.svg"].encode(), 9, mtime=0),
          "image.format_unsupported", "gzip-compressed SVG")

    # Refused formats
    photo = Image.fromarray(skimage.data.astronaut()).resize((96, 96), Image.Resampling.LANCZOS).crop((0, 16, 96, 80))
    heic = encode(photo, "HEIF", quality=60)
    c.bad("format-heic.heic", heic, "image.format_unsupported", "HEIC (ftyp heic) written by libheif/x265")
    c.bad("format-avif.avif", encode(photo, "AVIF", quality=60), "image.format_unsupported", "AVIF (ftyp avif)")
    c.bad("format-webp.webp", encode(photo, "WEBP", quality=80), "image.format_unsupported", "lossy WebP (RIFF)")
    c.bad("format-gif.gif", encode(photo.convert("P"), "GIF"), "image.format_unsupported", "GIF (GIF87a)")
    c.bad("format-bmp.bmp", encode(photo, "BMP"), "image.format_unsupported", "BMP")
    c.bad("format-tiff.tif", encode(photo, "TIFF"), "image.format_unsupported", "TIFF little-endian")
    c.bad("format-pdf.pdf", encode(photo, "PDF", creationDate=None, modDate=None), "image.format_unsupported",
          "one-page PDF with the photo")
    c.bad("format-jxl.jxl", encode(photo, "JXL", quality=80), "image.format_unsupported",
          "JPEG XL codestream (FF 0A)")
    rng = np.random.default_rng(404)
    c.bad("format-unknown.bin", b"\x00KYC" + rng.bytes(252), "image.format_unsupported", "random bytes")
    c.bad("empty.jpg", b"", "image.empty", "0 bytes: a file was chosen but holds nothing")
    c.bad("jpeg-renamed-heic.jpg", heic, "image.format_unsupported", "HEIC bytes with a .jpg name")


# --------------------------------------------------------------------------------------
# Calibration photographs
# --------------------------------------------------------------------------------------

PHOTOS = ["astronaut", "camera", "coffee", "chelsea", "rocket"]


def calibration(root):
    rows = []
    folder = root / "calibration"
    folder.mkdir(parents=True, exist_ok=True)

    def save(name, arr, source, kind, parameter):
        im = Image.fromarray(np.clip(np.rint(arr), 0, 255).astype(np.uint8))
        (folder / name).write_bytes(encode(im, "JPEG", quality=92))
        rows.append(dict(file=name, source=f"skimage.data.{source}", kind=kind, parameter=parameter))

    for index, source in enumerate(PHOTOS):
        im = Image.fromarray(getattr(skimage.data, source)())
        long_side = max(im.size)
        if not 480 <= long_side <= 800:
            scale = (480 if long_side < 480 else 800) / long_side
            im = im.resize((round(im.width * scale), round(im.height * scale)), Image.Resampling.LANCZOS)
        a = np.asarray(im, np.float64)
        colour = a.ndim == 3
        spatial = (slice(None), slice(None)) + ((None,) if colour else ())
        save(f"{source}-sharp.jpg", a, source, "sharp", "")
        for sigma in (1.5, 3):
            s = (sigma, sigma, 0) if colour else sigma
            save(f"{source}-gaussian-{sigma}.jpg", ndimage.gaussian_filter(a, s, mode="reflect"), source,
                 "gaussian", sigma)
        for length in (9, 15):
            save(f"{source}-motion-{length}.jpg", ndimage.uniform_filter1d(a, length, axis=1, mode="reflect"),
                 source, "motion", length)
        save(f"{source}-dark-0.25.jpg", a * 0.25, source, "dark", 0.25)
        save(f"{source}-bright-2.2.jpg", a * 2.2, source, "bright", 2.2)
        h, w = a.shape[:2]
        rng = np.random.default_rng(1000 + index)
        white_before = (a >= 240).all(axis=2) if colour else a >= 240
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
        for share in (0.05, 0.12):
            # A soft-edged near-white ellipse, like light on a laminated card: full strength
            # inside, fading out over 40% of the radius beyond. Its size is chosen so that the
            # pixels it turns near-white (all channels >= 240) cover `share` of the picture.
            aspect = 1.8
            angle = rng.uniform(-0.6, 0.6)
            cx = rng.uniform(0.3, 0.7) * w
            cy = rng.uniform(0.3, 0.7) * h
            u = (xx - cx) * math.cos(angle) + (yy - cy) * math.sin(angle)
            v = -(xx - cx) * math.sin(angle) + (yy - cy) * math.cos(angle)
            glare = np.array([252.0, 254.0, 255.0]) if colour else 254.0

            def composite(core_share):
                b_axis = math.sqrt(core_share * w * h / (math.pi * aspect))
                r = np.sqrt((u / (aspect * b_axis)) ** 2 + (v / b_axis) ** 2)
                t = np.clip((1.4 - r) / 0.4, 0, 1)
                weight = (t * t * (3 - 2 * t))[spatial]
                out = a * (1 - weight) + glare * weight
                white = (np.rint(out) >= 240).all(axis=2) if colour else np.rint(out) >= 240
                return out, (white & ~white_before).mean()

            low, high = 0.0, share
            for _ in range(30):
                mid = (low + high) / 2
                low, high = (mid, high) if composite(mid)[1] < share else (low, mid)
            out = composite(high)[0]
            save(f"{source}-glare-{share}.jpg", out, source, "glare", share)
    with open(folder / "manifest.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, ["file", "source", "kind", "parameter"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows


# --------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------


def model_sniff(data):
    """The checker's format sniffing, enough to tell which reader a file reaches."""
    for off, sig, fmt in [(0, b"\xff\xd8\xff", "jpeg"), (0, b"\x89PNG\r\n\x1a\n", "png"), (0, b"GIF8", "gif"),
                          (0, b"BM", "bmp"), (0, b"II*\x00", "tiff"), (0, b"MM\x00*", "tiff"), (0, b"%PDF-", "pdf"),
                          (0, b"\x1f\x8b", "svgz"), (0, b"\xff\x0a", "jxl"), (0, b"\x00\x00\x00\x0cJXL ", "jxl")]:
        if data[off:off + len(sig)] == sig:
            return fmt
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"avif", b"avis") or (brand == b"mif1" and b"avif" in data[16:64]):
            return "avif"
        if brand in (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"):
            return "heic"
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    while head.startswith((b"<?", b"<!--")):
        head = head[head.find(b"?>" if head.startswith(b"<?") else b"-->") + (2 if head.startswith(b"<?") else 3):]
        head = head.lstrip()
    if head.startswith(b"<svg") or (head.startswith(b"<!DOCTYPE") and b"<svg" in head):
        return "svg"
    return "unknown"


def _assert(condition):
    assert condition, "the file is not what its name says"
    return True


def _pillow_refuses(data):
    """True when Pillow (libjpeg-turbo, zlib) refuses to decode the file."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
    except Exception:  # noqa: BLE001
        return True
    return False


def _scans(jpeg):
    """(start, end) of each scan's entropy-coded data."""
    spans, pos = [], 2
    while pos < len(jpeg):
        marker = jpeg[pos + 1]
        if marker == 0xD9:
            return spans
        length = struct.unpack(">H", jpeg[pos + 2:pos + 4])[0]
        pos += 2 + length
        if marker == 0xDA:
            end = pos
            while not (jpeg[end] == 0xFF and jpeg[end + 1] not in (0x00, 0xFF) and not 0xD0 <= jpeg[end + 1] <= 0xD7):
                end += 1
            spans.append((pos, end))
            pos = end
    return spans


def _scan_count(jpeg):
    return len(_scans(jpeg))


def _kraft(counts):
    return sum(Fraction(n, 2 ** (i + 1)) for i, n in enumerate(counts))


def _idat(png):
    return b"".join(png[m + 4:m + 4 + struct.unpack(">I", png[m - 4:m])[0]] for m in _find_all(png, b"IDAT"))


def _inflated(png):
    return zlib.decompress(_idat(png)) if png.startswith(b"\x89PNG") else zlib.decompress(png)


def _zlib_complete(stream):
    inflater = zlib.decompressobj()
    inflater.decompress(stream)
    return inflater.eof


def _zlib_error(stream):
    try:
        zlib.decompress(stream)
    except zlib.error as e:
        return "adler32" if "incorrect data check" in str(e) else str(e)
    return None


def verify(rows, proofs):
    import warnings

    from PIL import PngImagePlugin

    warnings.simplefilter("ignore")  # Pillow warns about the deliberately malformed EXIF block
    Image.MAX_IMAGE_PIXELS = None
    PngImagePlugin.MAX_TEXT_CHUNK = 1 << 30  # the 100 MB colour profile
    problems = []
    for row in rows:
        path = OUT / row["file"]
        data = path.read_bytes()
        fmt = model_sniff(data)
        try:
            if row["expected"] == "accept":
                want = (row["width"], row["height"], row["orientation"])
                if fmt == "jpeg":
                    got = model_jpeg(data)
                elif fmt == "png":
                    got = model_png(data)
                elif fmt == "svg":
                    got = model_svg(data) + (None,)
                else:
                    raise AssertionError(f"sniffed as {fmt}")
                got = (got[0], got[1], got[2] or 1)
                assert got == want, f"model reads {got}, manifest says {want}"
                if fmt in ("jpeg", "png"):
                    with Image.open(io.BytesIO(data)) as im:
                        im.load()
                        assert im.size == (row["width"], row["height"]), f"Pillow size {im.size}"
                        try:
                            shown = ImageOps.exif_transpose(im)
                        except Exception:  # a malformed EXIF block
                            shown = im
                        assert shown.size == (row["display_width"], row["display_height"]), \
                            f"Pillow display size {shown.size}"
                        if "orientation" in row["file"] and "displays" in row["file"]:
                            # Displayed, the F must be at the top left: its bar is white there.
                            a = np.asarray(shown.convert("L"), np.float64)
                            s = min(a.shape)
                            y0, x0 = int(a.shape[0] * 0.08 + s * 0.03), int(a.shape[1] * 0.08 + s * 0.15)
                            assert a[y0, x0] > 200 and a[y0, a.shape[1] - 1 - x0] < 200, "F not at top left"
            elif row["file"] in proofs:
                proofs[row["file"]](data)
                assert fmt == "jpeg" or fmt == "png", f"sniffed as {fmt}"
            else:
                code = row["code"]
                if code == "image.empty":
                    assert not data
                elif code == "image.format_unsupported":
                    assert fmt not in ("jpeg", "png", "svg"), f"sniffed as {fmt}"
                    if fmt in ("heic", "avif", "webp", "gif", "bmp", "tiff", "jxl"):
                        with Image.open(io.BytesIO(data)) as im:
                            im.load()
                elif code == "image.too_many_pixels":
                    got = {"jpeg": model_jpeg, "png": model_png, "svg": model_svg}[fmt](data)
                    assert got[:2] == (row["width"], row["height"]) and got[0] * got[1] > MAX_PIXELS, got
                    if fmt != "svg":
                        with Image.open(io.BytesIO(data)) as im:
                            assert im.size == got[:2]
                    if "zip-bomb" in row["file"]:
                        idat = b"".join(data[m + 4:m + 4 + struct.unpack(">I", data[m - 4:m])[0]]
                                        for m in _find_all(data, b"IDAT"))
                        assert len(zlib.decompress(idat)) == row["height"] * (1 + row["width"] // 8)
                elif code == "image.corrupt":
                    if fmt == "jpeg":
                        _expect_error(model_jpeg, data)
                    elif fmt == "png":
                        _expect_error(model_png, data)
                    else:
                        assert fmt == "svg"
                elif code == "image.unsafe_svg":
                    assert fmt == "svg", f"sniffed as {fmt}"
        except Exception as e:  # noqa: BLE001
            problems.append(f"{row['file']}: {type(e).__name__}: {e}")
    return problems


def _find_all(data, needle):
    at = data.find(needle)
    while at >= 0:
        yield at
        at = data.find(needle, at + 1)


def _expect_error(fn, data):
    try:
        fn(data)
    except (ValueError, struct.error):
        return
    raise AssertionError("the structure walk accepted it")


def check_restart_jpeg():
    """The hand-made restart-marker JPEG must decode close to its source."""
    data = (OUT / "good" / "jpeg-restart-markers-640x480.jpg").read_bytes()
    with Image.open(io.BytesIO(data)) as im:
        decoded = np.asarray(im.convert("RGB"), np.float64)
    source = np.asarray(test_card(640, 480, "640x480"), np.float64)
    psnr = 10 * math.log10(255 ** 2 / np.mean((decoded - source) ** 2))
    markers = sum(data.count(bytes([0xFF, 0xD0 + i])) for i in range(8))
    assert psnr > 30 and markers > 100, (psnr, markers)
    return psnr, markers


# --------------------------------------------------------------------------------------
# Benchmark photos (not part of the corpus)
# --------------------------------------------------------------------------------------


def phone_photo(source, size, crop, noise, seed):
    """A real photograph upscaled to `size` with sensor-like noise and fine texture."""
    im = Image.fromarray(getattr(skimage.data, source)()).crop(crop)
    im = im.resize(size, Image.Resampling.LANCZOS)
    a = np.asarray(im, np.float32)
    rng = np.random.default_rng(seed)
    h, w = a.shape[:2]
    luma = rng.normal(0, noise, (h, w)).astype(np.float32)
    chroma = rng.normal(0, noise * 0.5, (h, w, 3)).astype(np.float32)
    grain = ndimage.gaussian_filter(luma, 0.6)[:, :, None] * 1.6 + ndimage.gaussian_filter(chroma, (1.2, 1.2, 0))
    texture = np.asarray(Image.fromarray(skimage.data.gravel()).resize((512, 512)), np.float32)
    texture = np.tile(texture - texture.mean(), (h // 512 + 1, w // 512 + 1))[:h, :w, None]
    out = a + grain + texture * 0.15
    return Image.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8))


def camera_photo(source, size, crop, seed):
    """A phone camera's photo: a real photograph upscaled to `size`, with what a small
    sensor and its pipeline add (shot noise that grows with the signal, read noise, blotchy
    chroma noise, a white balance a little off, lens vignetting, then the sharpening every
    phone applies), so that at q92 4:2:0 it weighs what a phone's 12 MP photo does (3-6 MB).
    Pillow and numpy only."""
    w, h = size
    im = Image.fromarray(getattr(skimage.data, source)()).crop(crop).resize(size, Image.Resampling.LANCZOS)
    a = np.asarray(im, np.float32) / 255
    rng = np.random.default_rng(seed)
    y, x = np.ogrid[-1:1:h * 1j, -1:1:w * 1j]
    aspect = w / h
    vignette = 1 - 0.22 * (x * x * aspect * aspect + y * y) / (aspect * aspect + 1)
    a = a * vignette[:, :, None] * np.array([1.03, 1.0, 0.96], np.float32)
    luma = a @ np.array([0.299, 0.587, 0.114], np.float32)
    shot = np.sqrt(CAMERA_SHOT_NOISE * luma + CAMERA_READ_NOISE ** 2)
    grain = rng.standard_normal((h, w), np.float32) * shot
    # Chroma noise: the demosaic and the denoiser leave it coarse, a few pixels across.
    coarse = rng.standard_normal((h // 4, w // 4, 3), np.float32) * CAMERA_CHROMA_NOISE
    chroma = np.dstack([np.asarray(Image.fromarray(coarse[:, :, c], "F").resize(size, Image.Resampling.BICUBIC))
                        for c in range(3)])
    out = (a + grain[:, :, None] + chroma - chroma.mean(axis=2, keepdims=True)) * 255
    out = Image.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8))
    return out.filter(ImageFilter.UnsharpMask(radius=1.5, percent=150, threshold=0))


# Noise levels of camera_photo, in units of full scale: the variance of the shot noise per
# unit of signal, the read noise's deviation and the chroma noise's.
CAMERA_SHOT_NOISE = 0.0006
CAMERA_READ_NOISE = 0.004
CAMERA_CHROMA_NOISE = 0.02


def camera_exif():
    """What a phone writes: make, model, orientation 1 and a capture date (fixed)."""
    exif = Image.Exif()
    exif[0x010F] = "Xiaomi"
    exif[0x0110] = "Redmi Note 12"
    exif[0x0112] = 1
    exif[0x0132] = "2024:01:01 09:41:00"
    return exif.tobytes()


def bench(out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exif1 = pil_exif(1)
    # coffee is 600x400: its central 4:3 crop, upscaled 7.5x
    photo = phone_photo("coffee", (4000, 3000), (34, 0, 567, 400), 8.0, 12)
    files = {
        "photo-12mp.jpg": encode(photo, "JPEG", quality=90, exif=exif1),
        "photo-1600x1200.jpg": encode(photo.resize((1600, 1200), Image.Resampling.LANCZOS), "JPEG", quality=90,
                                      exif=exif1),
    }
    # A portrait photo shown 3000x4000, stored as a 4000x3000 frame with orientation 6
    portrait = phone_photo("astronaut", (3000, 4000), (64, 0, 448, 512), 8.0, 6)
    files["portrait-exif6.jpg"] = encode(portrait.transpose(Image.Transpose.ROTATE_90), "JPEG", quality=90,
                                         exif=pil_exif(6))
    files["screenshot.png"] = encode(screenshot(), "PNG", optimize=True)
    # rocket is 640x427: its central 4:3 crop, upscaled 7x, at what phones write (q92, 4:2:0)
    camera = camera_photo("rocket", (4000, 3000), (35, 0, 604, 427), 92)
    files["camera-12mp.jpg"] = encode(camera, "JPEG", quality=92, subsampling="4:2:0", exif=camera_exif())
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
        with Image.open(io.BytesIO(data)) as im:
            print(f"{out_dir / name}: {len(data):,} bytes, stored {im.size[0]}x{im.size[1]}"
                  f", orientation {im.getexif().get(0x0112, 1)}")


def hostile(out_dir):
    """The hostile photos of issue 9, full size: too big to commit, so written on demand
    (scripts/measure-images.mjs times them and reads the wasm memory they take)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    selfie = phone_photo("astronaut", (1200, 1600), (64, 0, 448, 512), 8.0, 9)
    jpeg = encode(selfie, "JPEG", quality=90)
    png = encode(test_card(480, 640, "480x640"), "PNG", optimize=True)
    raw = zlib.decompress(b"".join(png[m + 4:m + 4 + struct.unpack(">I", png[m - 4:m])[0]]
                                   for m in _find_all(png, b"IDAT")))
    whole = zlib.compress(raw, 9)
    cut = whole[: len(whole) // 2]
    files = {
        "jpeg-progressive-1000-scans-8160x6120.jpg":
            flat_progressive_jpeg(8160, 6120, "4:2:0", many_scans_script(3, 1000)),
        # Padded with comments past Kredibel's 100 KB minimum, like the 217 KB file.
        "jpeg-progressive-1000-scans-4000x3000.jpg": with_comments(
            flat_progressive_jpeg(4000, 3000, "4:2:0", many_scans_script(3, 1000)), 217_000),
        "jpeg-progressive-444-8160x6120.jpg": flat_progressive_jpeg(8160, 6120, "4:4:4", LIBJPEG_SCRIPT),
        "png-iccp-1gb-480x640.png": iccp_bomb_png(png, 1 << 30),
        "jpeg-half-with-eoi-1200x1600.jpg": jpeg[: len(jpeg) // 2] + b"\xff\xd9",
        "png-idat-truncated-480x640.png": png[:33] + png_chunk(b"IDAT", cut) + png_chunk(b"IEND", b""),
        "jpeg-huffman-oversubscribed-1200x1600.jpg": oversubscribed_dc_table(jpeg),
    }
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
        print(f"{out_dir / name}: {len(data):,} bytes")


def screenshot():
    """A 1080x2400 phone screenshot of a KYC form with a photo preview."""
    im = Image.new("RGB", (1080, 2400), (246, 247, 249))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, 1080, 90], fill=(20, 20, 20))
    d.text((40, 25), "09:41", fill=(255, 255, 255), font=font(40))
    d.text((880, 25), "5G 87%", fill=(255, 255, 255), font=font(36))
    d.rectangle([0, 90, 1080, 260], fill=(13, 94, 175))
    d.text((60, 140), "Verifikasi identitas", fill=(255, 255, 255), font=font(64))
    photo = Image.fromarray(skimage.data.astronaut()).resize((960, 960), Image.Resampling.LANCZOS)
    im.paste(photo, (60, 320))
    fields = ["NIK", "Nama lengkap", "Tempat/Tgl lahir", "Alamat", "RT/RW", "Kel/Desa", "Kecamatan", "Agama",
              "Pekerjaan"]
    for i, label in enumerate(fields):
        y = 1320 + i * 100
        d.text((60, y), label, fill=(90, 90, 90), font=font(28))
        d.rounded_rectangle([60, y + 36, 1020, y + 92], 14, fill=(255, 255, 255), outline=(200, 200, 200), width=3)
        d.text((85, y + 46), f"{label.upper()} {3171000000000000 + i * 7919}", fill=(20, 20, 20), font=font(32))
    d.rounded_rectangle([60, 2240, 1020, 2350], 24, fill=(13, 94, 175))
    d.text((400, 2265), "Kirim", fill=(255, 255, 255), font=font(56))
    return im


# --------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench-out", metavar="DIR",
                        help="write only the benchmark photos into DIR (never into tests/)")
    parser.add_argument("--hostile-out", metavar="DIR",
                        help="write only the full-size hostile photos into DIR (never into tests/)")
    args = parser.parse_args()
    if args.hostile_out:
        hostile(args.hostile_out)
        return 0
    if args.bench_out:
        bench(args.bench_out)
        return 0

    for folder in ("good", "bad", "calibration"):
        shutil.rmtree(OUT / folder, ignore_errors=True)
    corpus = Corpus(OUT)
    make_good(corpus)
    make_bad(corpus)
    with open(OUT / "manifest.csv", "w", newline="") as f:
        fields = ["file", "expected", "code", "width", "height", "display_width", "display_height", "orientation",
                  "note"]
        writer = csv.DictWriter(f, fields, lineterminator="\n")
        writer.writeheader()
        for row in corpus.rows:
            assert "," not in row["note"] and '"' not in row["note"], row["note"]
        writer.writerows(corpus.rows)
    (OUT / "bad" / "README.md").write_text(BAD_README)
    cal = calibration(OUT)

    problems = verify(corpus.rows, corpus.proofs)
    psnr, markers = check_restart_jpeg()
    for folder in ("good", "bad", "calibration"):
        files = [p for p in (OUT / folder).iterdir() if p.is_file()]
        print(f"{folder}: {len(files)} files, {sum(p.stat().st_size for p in files):,} bytes")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"total tests/images: {total:,} bytes; calibration rows {len(cal)}; "
          f"restart JPEG {markers} RST markers, PSNR {psnr:.1f} dB")
    if problems:
        print("PROBLEMS:\n  " + "\n  ".join(problems))
        return 1
    return 0


BAD_README = """# Files that must fail

Every file in this folder must be refused by `check_image` with the default rule
(JPEG, PNG and SVG; no byte or pixel minimums; at most 50,000,000 pixels). Like
image-rs's `tests/bad/`, these are damaged, hostile or unsupported inputs; the expected
error code of each is in `../manifest.csv` (`expected` = `reject`), and for the SVGs the
note names the expected `reason` parameter.

Generated by `scripts/make-image-corpus.py`; do not edit by hand.
"""

if __name__ == "__main__":
    sys.exit(main())
