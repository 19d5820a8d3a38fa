"""Bytes to text: decide whether a raw file is a text post at all, and in which encoding.

Order of checks, cheapest first:
1. empty (0 bytes) -> reject ``empty``;
2. a byte-order mark decides the encoding (UTF-8, UTF-16, UTF-32);
3. a known binary signature, or NUL bytes in the first 8 KiB -> reject ``binary``;
4. strict UTF-8 (almost every post) -> done;
5. UTF-8 but for a few bytes (at most 2 bad bytes per valid multi-byte character) -> UTF-8,
   each lone stray byte read as cp1252 (a smart quote pasted from a Windows editor is the usual
   culprit) and any other bad sequence as U+FFFD, with the repair ``invalid_utf8``;
6. otherwise charset-normalizer picks the most coherent legacy encoding; the result must
   still look like prose (mostly letters, digits, spaces and punctuation), or the file is
   rejected as ``undecodable``. Where cp1252 scores exactly as well as its pick (short texts
   with one accented letter often tie: ``naïve`` as cp1250 is ``naďve``), cp1252 wins: it is by far
   the commonest legacy encoding of the posts we see. The cost: Hungarian cp1250 text whose only
   non-ASCII letters cp1252 also has a letter for (``ő`` against ``õ``) reads as cp1252.

NUL bytes past the first 8 KiB (earlier ones make the file ``binary``) are removed from the
text, with the repair ``nul_bytes``, so no column or quote ever holds one.

Text-level repair (mojibake, entities, invisible characters) lives in ``transforms.clean.repair``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from transforms.lexicon import Lexicon

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_LEX = Lexicon.beside(__name__, "decode.toml")
_SIGNATURES: tuple[tuple[bytes, str], ...] = tuple(
    (bytes.fromhex(sig), what) for what, sigs in _LEX.table("binary_signatures").items() for sig in sigs
)
# Single-byte encodings charset-normalizer may pick for Western text that cp1252 reads the same.
_WINDOWS_LOOKALIKES = frozenset(_LEX.words("cp1252_lookalikes"))

# Below this many non-ASCII bytes charset-normalizer's language coherence is noise (one ``ï``
# makes cp775's ``’`` look likelier), so cp1252 wins whenever it decodes as cleanly.
_FEW_NON_ASCII = 8
_ASCII_BYTES = bytes(range(128))

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
    repairs: tuple[str, ...] = ()  # repairs made while decoding: 'invalid_utf8', 'nul_bytes'


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


def _stray_byte(exc: UnicodeError) -> tuple[str, int]:
    """``codecs`` error handler for mostly-UTF-8 text: a lone bad byte is read as cp1252 (the
    usual stray: a smart quote or accented letter from a Windows editor); a longer bad
    sequence (a truncated character) becomes U+FFFD."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    if len(bad) == 1:
        try:
            return bad.decode("cp1252"), exc.end
        except UnicodeDecodeError:
            pass
    return "\ufffd", exc.end


codecs.register_error("posts_etl_stray_byte", _stray_byte)
# A file reads as UTF-8 with strays while it has at most this many bad bytes per valid
# multi-byte character. Legacy-encoded text has next to no valid multi-byte sequences (one
# needs a capital such as Â..ß right before a byte in 0x80..0xBF); random bytes have about 13
# bad bytes per valid character, random bytes of 0x80..0xFF about 4.4 (measured), so 2 keeps
# them apart. A file past it goes to charset-normalizer, whose cp1252 reading ftfy then repairs.
_STRAY_RATIO = 2
_BAD_BYTES = re.compile("[\udc80-\udcff]+")  # bytes ``surrogateescape`` could not decode


def _mostly_utf8(data: bytes) -> str | None:
    """The text, if ``data`` is UTF-8 apart from a few bad bytes (see ``_STRAY_RATIO``). One pass: ``surrogateescape`` marks each bad byte, then each run of them is
    decoded on its own by ``_stray_byte``."""
    escaped = data.decode("utf-8", "surrogateescape")
    bad = sum(map(len, _BAD_BYTES.findall(escaped)))
    valid = len(escaped) - len(escaped.encode("ascii", "ignore")) - bad
    if not valid or valid * _STRAY_RATIO < bad:
        return None
    return _BAD_BYTES.sub(lambda m: m.group().encode("utf-8", "surrogateescape").decode("utf-8", "posts_etl_stray_byte"), escaped)


def _with_nuls_removed(decoded: Decoded) -> Decoded:
    if decoded.text is None or "\x00" not in decoded.text:
        return decoded
    return Decoded(decoded.text.replace("\x00", ""), decoded.encoding, repairs=(*decoded.repairs, "nul_bytes"))


def decode_bytes(data: bytes) -> Decoded:
    """Decode a raw post's bytes, or say clearly why it is not a text post."""
    return _with_nuls_removed(_decode(data))


def _decode(data: bytes) -> Decoded:
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

    mostly = _mostly_utf8(data)
    if mostly is not None:
        return Decoded(mostly, "utf-8", repairs=("invalid_utf8",))

    matches = from_bytes(data)
    best = matches.best()
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
    few = len(data.translate(None, _ASCII_BYTES)) < _FEW_NON_ASCII
    tie = next((m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos and (few or m.coherence >= best.coherence)), None)
    if tie is not None and encoding != "cp1252":
        return Decoded(str(tie), "cp1252")
    if encoding in _WINDOWS_LOOKALIKES:  # same text as cp1252: name the far likelier encoding
        try:
            if data.decode("cp1252") == text:
                encoding = "cp1252"
        except UnicodeDecodeError:
            pass
    return Decoded(text, encoding)
