#!/usr/bin/env python3
"""Writes sealed-by-openssl.json: OY id-card bodies sealed by an implementation that is not
the sandbox's (Python's `cryptography`, which calls OpenSSL), one per RSA scheme the
sandbox reads, so that tests/sandbox/oy.rs can show each `--oy-rsa` / `--oy-aes` setting
opens what another implementation seals, and only that.

    python3 sandbox/tests/data/make_sealed.py   (from the repository; cryptography >= 41)

The ciphertexts are random (OAEP, PKCS#1 v1.5 padding, the AES key, nonces): a rerun
writes different bytes that must pass the same tests.
"""

import base64
import hashlib
import json
import os
import struct
import zlib
from pathlib import Path

from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as rsa_padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

REPOSITORY = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
PEM = (REPOSITORY / "tests/providers/oy-test-key.pub.pem").read_text()
KEY = serialization.load_pem_public_key(PEM[PEM.index("-----BEGIN"):].encode())

# (name, padding) for each --oy-rsa value.
RSA = {
    "oaep-sha256": rsa_padding.OAEP(rsa_padding.MGF1(hashes.SHA256()), hashes.SHA256(), None),
    "oaep-sha1": rsa_padding.OAEP(rsa_padding.MGF1(hashes.SHA1()), hashes.SHA1(), None),
    # Java's RSA/ECB/OAEPWithSHA-256AndMGF1Padding: SHA-256 label hash, MGF1 with SHA-1.
    "oaep-sha256-mgf1-sha1": rsa_padding.OAEP(rsa_padding.MGF1(hashes.SHA1()), hashes.SHA256(), None),
    "pkcs1v15": rsa_padding.PKCS1v15(),
}


def png(width, height, rgb):
    """A tiny truecolour PNG."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def seal_rsa(name, value):
    return base64.b64encode(KEY.encrypt(json.dumps(value).encode(), RSA[name])).decode()


def seal_aes(mode, key, text):
    if mode == "gcm":
        nonce = os.urandom(12)
        return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, text.encode(), None)).decode()
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(text.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + encryptor.update(padded) + encryptor.finalize()).decode()


def main():
    id_card, selfie = png(3, 2, (200, 30, 30)), png(2, 3, (30, 30, 200))
    cases = []
    for index, (name, mode) in enumerate(
        [("oaep-sha256", "gcm"), ("oaep-sha1", "cbc"), ("oaep-sha256-mgf1-sha1", "gcm"), ("pkcs1v15", "cbc")]
    ):
        key = os.urandom(32)
        # Serials 1000–1003: none forces a rejection (sandbox/README.md).
        nik = f"327301520590{1000 + index}"
        personal = {
            "name": "Siti Aminah",
            "email": "siti@example.co.id",
            "phone_number": "+6281234567890",
            "nik": nik,
            "secret": base64.b64encode(key).decode(),
        }
        address = {"home": "Jl. Merdeka 1, Bandung", "business": "Jl. Sudirman 1, Jakarta"}
        cases.append({
            "rsa": name,
            "aes": mode,
            "nik": nik,
            "body": {
                "personal_information": seal_rsa(name, personal),
                "address": seal_rsa(name, address),
                "id_card_photo": seal_aes(mode, key, base64.b64encode(id_card).decode()),
                "selfie_card_photo": seal_aes(mode, key, base64.b64encode(selfie).decode()),
            },
            "photos": {
                "id_card_photo": {"bytes": len(id_card), "sha256": hashlib.sha256(id_card).hexdigest()},
                "selfie_card_photo": {"bytes": len(selfie), "sha256": hashlib.sha256(selfie).hexdigest()},
            },
        })
    out = {
        "source": "sandbox/tests/data/make_sealed.py: Python cryptography (OpenSSL) sealing with "
        "tests/providers/oy-test-key.pub.pem; AES-256 GCM (12-byte nonce first, tag last) or CBC "
        "(16-byte IV first, PKCS#7); each photo is a tiny PNG's base64 text",
        "cases": cases,
    }
    (HERE / "sealed-by-openssl.json").write_text(json.dumps(out, indent=2) + "\n")


main()
