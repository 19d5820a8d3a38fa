"""Text repair: line endings, invisible characters, mojibake and HTML entities.

ftfy does the hard part (mojibake, entities, C1 controls) but costs about half a
millisecond per post, so it runs only where a cheap regex finds one of its targets.
Curly quotes are kept (``uncurl_quotes=False``): they mark quotations.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False)

# Sequences ftfy can fix: UTF-8 read as cp1252/latin-1 (Ã©, â€™, Â ), C1 controls,
# HTML entities and tags, replacement characters next to mojibake.
_NEEDS_FTFY = re.compile(r"[ÃÂâÅÐÑ][\x80-\xbf\u0152-\u2122]|[\x80-\x9f]|&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});|</?[a-zA-Z][^<>\n]{0,200}>")

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# zero-width space/joiners, word joiner, soft hyphen, BOM anywhere in the text
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
_ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000\t]")
_TRAILING_SPACE = re.compile(r"[ ]+$", re.M)


def repair_text(text: str) -> tuple[str, list[str]]:
    """Return repaired text and the names of the repairs that changed it."""
    fixes: list[str] = []
    if _NEEDS_FTFY.search(text):
        fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
        if fixed != text:
            fixes.append("ftfy")
            text = fixed
    for name, pattern, repl in (
        ("line_breaks", _LINE_BREAKS, "\n"),
        ("invisible_chars", _INVISIBLE, ""),
        ("odd_spaces", _ODD_SPACES, " "),
    ):
        new = pattern.sub(repl, text)
        if new != text:
            fixes.append(name)
            text = new
    if not text.isascii():
        nfc = unicodedata.normalize("NFC", text)
        if nfc != text:
            fixes.append("nfc")
            text = nfc
    return _TRAILING_SPACE.sub("", text), fixes
