"""Text repair: line endings, invisible characters, stray tags, entities and mojibake.

Most posts need none of it, so every step is guarded by a cheap test (``str.isascii``, ``in``,
one character-class search) and the common clean post costs a few microseconds. ftfy does
the hard part (mojibake, double mojibake, C1 controls) but costs about half a millisecond per
post and more on long ones, so it runs only on the lines where a mojibake marker appears.
Curly quotes are kept (``uncurl_quotes=False``): they mark quotations.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata

import ftfy

from transforms.lexicon import Lexicon

_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,  # done below, for the whole text
    unescape_html=False,  # done below, only for well-formed entities
    explain=False,
)

# UTF-8 bytes read as cp1252/latin-1 leave a lead character (Ã Â â Å Ð Ñ …) followed by a
# continuation character; C1 controls (U+0080–U+009F) are never text.
_MOJIBAKE = re.compile(r"[ÃÂâÅÐÑÎÏ][\x80-\xbf\u0152-\u2122]|[\x80-\x9f]")
_ENTITY = re.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
# Stray tags in a text post: block-level ones end a paragraph, inline ones vanish, their text
# stays. Only well-formed tags of known HTML elements match, so "x < y" or "<3" are left alone.
_ATTRS = r"""(?:\s+[a-zA-Z_:][-\w:.]*(?:\s*=\s*(?:"[^"<>\n]{0,300}"|'[^'<>\n]{0,300}'|[^\s"'<>=`]{1,300}))?){0,12}\s*/?>"""
_LEX = Lexicon.beside(__name__, "repair.toml")
_BLOCK_TAGS = re.compile(r"</?(?:" + "|".join(map(re.escape, _LEX.words("tags.block"))) + r")\b" + _ATTRS, re.I)
_INLINE_TAGS = re.compile(r"</?(?:" + "|".join(map(re.escape, _LEX.words("tags.inline"))) + r")\b" + _ATTRS, re.I)
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# zero-width space/joiners, word joiner, soft hyphen, BOM anywhere in the text
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
_ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000\t]")
# any character some step below would change, but for '&' and '<' (which prose uses freely:
# AT&T, x < y; they count only as part of an entity or a tag)
_ANY_TARGET = re.compile(r"[\r\t\x0b\x0c\x80-\x9f\u00a0\u00ad\u2000-\u200d\u2028\u2029\u202f\u2060\u3000\ufeffÃÂâÅÐÑÎÏ]")
_ASCII_TARGETS = ("\r", "\t", "\x0b", "\x0c")


def _fix_mojibake(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE.search(line):
            lines[i] = ftfy.fix_text(line, config=_FTFY_CONFIG)
    return "\n".join(lines)


def _html_work(text: str) -> bool:
    return ("&" in text and _ENTITY.search(text) is not None) or ("<" in text and (_BLOCK_TAGS.search(text) or _INLINE_TAGS.search(text)) is not None)


def _repair_once(text: str, fixes: list[str]) -> tuple[str, bool]:
    """One pass of every repair; also says whether an HTML step changed the text (unescaping
    can reveal a tag or mojibake, so only then is another pass worth making)."""

    def step(name: str, new: str) -> bool:
        nonlocal text
        if new == text:
            return False
        if name not in fixes:
            fixes.append(name)
        text = new
        return True

    html = False
    if "&" in text:
        html |= step("html_entities", _ENTITY.sub(lambda m: html_lib.unescape(m.group()), text))
    if "<" in text:
        html |= step("html_tags", _INLINE_TAGS.sub("", _BLOCK_TAGS.sub("\n", text)))
    ascii_only = text.isascii()
    if not ascii_only and _MOJIBAKE.search(text):
        step("ftfy", _fix_mojibake(text))
        ascii_only = text.isascii()
    if ascii_only:
        if any(c in text for c in _ASCII_TARGETS):
            step("line_breaks", _LINE_BREAKS.sub("\n", text))
            step("odd_spaces", _ODD_SPACES.sub(" ", text))
        return text, html
    if _ANY_TARGET.search(text) is not None:
        step("line_breaks", _LINE_BREAKS.sub("\n", text))
        step("invisible_chars", _INVISIBLE.sub("", text))
        step("odd_spaces", _ODD_SPACES.sub(" ", text))
    if not unicodedata.is_normalized("NFC", text):
        step("nfc", unicodedata.normalize("NFC", text))
    return text, html


def repair_text(text: str) -> tuple[str, list[str]]:
    """Return repaired text and the names of the repairs that changed it.

    Repeats while an HTML step changes something (double-escaped entities such as
    ``&amp;quot;`` need two passes, and an unescaped ``&lt;p&gt;`` becomes a tag to strip), so
    repairing twice equals repairing once.
    """
    if text.isascii():
        if not any(c in text for c in _ASCII_TARGETS) and not _html_work(text):
            return text, []
    elif _ANY_TARGET.search(text) is None and not _html_work(text) and unicodedata.is_normalized("NFC", text):
        return text, []
    fixes: list[str] = []
    for _ in range(8):  # each pass that changes something shortens or fixes the text
        text, again = _repair_once(text, fixes)
        if not again:
            break
    return text, fixes
