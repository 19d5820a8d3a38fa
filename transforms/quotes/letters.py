"""Capital and small letters of every cased script, for the stage's patterns.

Python's ``re`` has no ``\\p{Lu}``/``\\p{Ll}``: a pattern written with ``[A-Z]`` and ``[a-z]`` cuts
"Erdoğan" to "Erdo" and never starts a name at "Łukasz" or "Ökkeş". :func:`cased` rewrites the
ranges ``A-Z`` and ``a-z`` inside a pattern's character classes to the classes built here once,
from the Unicode database of this Python: every upper- and title-case letter, and every lower-case
letter plus the combining marks that may follow one (a name typed decomposed, "Mu\\u0308ller").
Scripts without case (Arabic, Chinese, Devanagari …) have no capitals to find a name by; they are
not in these classes.

Only the blocks where cased letters live are scanned (:data:`_RANGES`), so building the classes
takes about ten milliseconds at import (less compiled).
"""

from __future__ import annotations

import unicodedata

# Where cased letters live, within the BMP: all of it but its large caseless blocks (CJK, Yi,
# Hangul, the surrogates and private use). The cased scripts beyond the BMP (Deseret, Osage,
# Adlam …) are left out on purpose: re tests a character against a class's BMP part with one
# bitmap lookup, but against the ranges beyond it one by one, and a pattern tests every character
# it skips: with them, the stage's scans were measured up to 3x slower.
_RANGES = ((0x0000, 0x33FF), (0xA000, 0xABFF), (0xF900, 0xFFFF))


def _class_body(keep: list[int]) -> str:
    """A character class's body (no brackets) matching exactly the code points ``keep`` (sorted)."""
    parts: list[str] = []
    i = 0
    while i < len(keep):
        j = i
        while j + 1 < len(keep) and keep[j + 1] == keep[j] + 1:
            j += 1
        lo, hi = keep[i], keep[j]
        esc = [("\\" + chr(c)) if chr(c) in "\\]^-[" else chr(c) for c in (lo, hi)]
        parts.append(esc[0] if lo == hi else esc[0] + "-" + esc[1] if hi > lo + 1 else esc[0] + esc[1])
        i = j + 1
    return "".join(parts)


def _build() -> tuple[str, str]:
    upper: list[int] = []
    lower: list[int] = []
    for lo, hi in _RANGES:
        chars = "".join(map(chr, range(lo, hi + 1)))
        upper += [ord(c) for c in chars if c.istitle()]  # one character: upper or title case
        lower += [ord(c) for c in chars if c.islower() or (not c.isalnum() and unicodedata.category(c) in ("Mn", "Mc"))]
    return _class_body(upper), _class_body(sorted(lower))


UPPER, LOWER = _build()  # class bodies: capitals (upper and title case); small letters and marks


def cased(pattern: str) -> str:
    """``pattern`` with each ``A-Z`` range of its classes widened to :data:`UPPER` and each
    ``a-z`` to :data:`LOWER` (the patterns of this stage use them only inside classes)."""
    return pattern.replace("A-Z", UPPER).replace("a-z", LOWER)
