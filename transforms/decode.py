"""Bytes to text: decide whether a raw file is a text post at all, and in which encoding.

Order of checks, cheapest first:
1. empty (0 bytes) -> reject ``empty``;
2. a byte-order mark decides the encoding (UTF-8, UTF-16, UTF-32);
3. a known binary signature, or NUL bytes in the first 8 KiB -> reject ``binary``;
4. strict UTF-8 (almost every post) -> done;
5. otherwise charset-normalizer picks the most coherent legacy encoding; the result must
   still look like prose (mostly letters, digits, spaces and punctuation), or the file is
   rejected as ``undecodable``.

Text-level repair (mojibake, entities, invisible characters) lives in ``transforms.repair``.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# Single-byte encodings charset-normalizer may pick for Western text that cp1252 reads the same.
_WINDOWS_LOOKALIKES = frozenset({"cp1250", "cp1254", "cp1257", "latin_1", "iso8859_15", "iso8859_2", "iso8859_9"})

# Share of characters that must be letters, digits, whitespace or punctuation for a
# legacy-encoding guess to count as text. Real posts sit above 0.97; byte soup decoded as
# cp1252 falls well below.
_MIN_PROSE_SHARE = 0.85
# Prose separates words: about one character in six is a space in English, fewer in German
# or Finnish, but never almost none.
_MIN_SPACE_SHARE = 0.04


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str | None  # None when rejected
    encoding: str | None
    reject_code: str | None = None  # 'empty' | 'binary' | 'undecodable'
    reject_reason: str | None = None


def _reject(code: str, reason: str) -> Decoded:
    return Decoded(None, None, code, reason)


def _prose_share(text: str) -> float:
    if not text:
        return 0.0
    good = 0
    for ch in text:
        if ch.isalnum() or ch.isspace():
            good += 1
        else:
            cat = unicodedata.category(ch)
            if cat[0] in "PS" and cat != "So":  # punctuation and math/currency symbols
                good += 1
    return good / len(text)


def decode_bytes(data: bytes) -> Decoded:
    """Decode a raw post's bytes, or say clearly why it is not a text post."""
    if not data:
        return _reject("empty", "empty file (0 bytes)")

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding + ("-sig" if encoding == "utf-8" else ""))
            except UnicodeDecodeError as exc:
                return _reject("undecodable", f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc.reason} at byte {exc.start + len(bom)}")

    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return _reject("binary", f"binary file ({what} signature), not a text post")
    head = data[:8192]
    nuls = head.count(0)
    if nuls:
        return _reject("binary", f"binary content: {nuls} NUL bytes in the first {len(head)} bytes")

    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"

    best = from_bytes(data).best()
    if best is None:
        return _reject("undecodable", f"not UTF-8 ({utf8_error}) and no text encoding fits")
    text = str(best)
    share = _prose_share(text)
    spaces = sum(map(text.count, " \n\t")) / len(text) if text else 0.0
    if share < _MIN_PROSE_SHARE or (len(text) > 40 and spaces < _MIN_SPACE_SHARE):
        return _reject(
            "undecodable",
            f"not UTF-8 ({utf8_error}); best guess {best.encoding} gives {share:.0%} "
            f"letters/punctuation and {spaces:.0%} spaces, which is not prose",
        )
    encoding = best.encoding
    if encoding in _WINDOWS_LOOKALIKES:  # same text as cp1252: name the far likelier encoding
        try:
            if data.decode("cp1252") == text:
                encoding = "cp1252"
        except UnicodeDecodeError:
            pass
    return Decoded(text, encoding)
