"""Text repair: line endings, invisible characters, stray tags, entities and mojibake.

Most posts need none of it, so every step is guarded by a cheap test (``str.isascii``, ``in``,
one character-class search) and the common clean post costs a few microseconds. ftfy does
the hard part (mojibake, double mojibake, C1 controls) but costs about half a millisecond per
post and more on long ones, so it runs only on the lines where a mojibake marker appears.
Curly quotes are kept (``uncurl_quotes=False``): they mark quotations.
"""

from __future__ import annotations

import bisect
import html as html_lib
import re
import unicodedata

import ftfy

from transforms.lexicon import Lexicon, LexiconError

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
# zero-width space, word joiner, soft hyphen, BOM: dropped anywhere in the text (nothing is
# written with them that reads differently without them)
_INVISIBLE = re.compile(r"[\u200b\u2060\u00ad\ufeff]")
_ZWJ, _ZWNJ = "\u200d", "\u200c"
_JOINER_RUN = re.compile(r"[\u200c\u200d]+")
_VIRAMA = 9  # the canonical combining class of every virama (halant) in Unicode
_ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000\t]")
# any character some step below would change, but for '&' and '<' (which prose uses freely:
# AT&T, x < y; they count only as part of an entity or a tag)
_ANY_TARGET = re.compile(r"[\r\t\x0b\x0c\x80-\x9f\u00a0\u00ad\u2000-\u200d\u2028\u2029\u202f\u2060\u3000\ufeffÃÂâÅÐÑÎÏ]")
_ASCII_TARGETS = ("\r", "\t", "\x0b", "\x0c")


def _ranges(key: str) -> list[tuple[int, int]]:
    out = []
    for entry in _LEX.words(key):
        first, _, last = entry.partition("-")
        out.append((int(first, 16), int(last or first, 16)))
    return out


def _joining_table() -> tuple[list[int], list[tuple[int, int, str]]]:
    """(starts, ranges) of the code points a joiner may join, sorted, each range named by its
    script ('emoji' for the emoji symbols); overlapping ranges are a mistake in repair.toml."""
    rows = [(lo, hi, name) for name in _LEX.table("joiners.scripts") for lo, hi in _ranges(f"joiners.scripts.{name}")]
    rows += [(lo, hi, "emoji") for lo, hi in _ranges("joiners.emoji.symbols")]
    rows.sort()
    for (_, hi, a), (lo, _, b) in zip(rows, rows[1:]):
        if lo <= hi:
            raise LexiconError(f"repair.toml: joiner ranges of {a} and {b} overlap at {lo:04X}")
    return [lo for lo, _, _ in rows], rows


_JOIN_STARTS, _JOIN_RANGES = _joining_table()
_PRESENTATION = frozenset(chr(lo) for lo, _ in _ranges("joiners.emoji.presentation"))


def _script(ch: str) -> str | None:
    """The repair.toml range ``ch`` falls in ('emoji' for an emoji symbol), if any."""
    cp = ord(ch)
    i = bisect.bisect_right(_JOIN_STARTS, cp) - 1
    if i >= 0 and cp <= _JOIN_RANGES[i][1]:
        return _JOIN_RANGES[i][2]
    return None


# The rule for ZWJ (U+200D) and ZWNJ (U+200C). A single joiner is kept when it joins:
# - two emoji (a ZWJ only): an emoji symbol, optionally followed by the presentation selector
#   U+FE0F, then the ZWJ, then an emoji symbol: 👩‍👩‍👧, 🏳️‍🌈, 👩🏽‍⚕️ (repair.toml [joiners.emoji]);
# - two letters or marks of one script where joiners shape text (repair.toml [joiners.scripts]):
#   Devanagari and Bengali conjuncts, Persian ZWNJ inside a word, Sinhala ශ්‍රී;
# - or a ZWJ right after a virama of such a script, whatever follows: there it selects the half
#   form or the Malayalam chillu (ന്‍), which ends a word, so a space, punctuation or the line's
#   end after it is normal.
# Every other joiner is invisible junk and dropped: between Latin (or Cyrillic, CJK …) letters
# or digits, at a line's start or end, next to a space or punctuation, between two scripts, and
# a run of two or more (doubled), all of whose joiners are dropped. Neighbours are read last, on
# the text as it stays (the other invisible characters gone, NFC), so repairing again keeps
# every joiner kept once.
def _keep_joiner(text: str, start: int) -> bool:
    """Whether the single joiner at ``start`` joins what stands either side of it (rule above)."""
    joiner = text[start]
    before = text[start - 1] if start else ""
    after = text[start + 1] if start + 1 < len(text) else ""
    if before in _PRESENTATION and start >= 2:  # the selector belongs to the emoji before it
        return joiner == _ZWJ and _is_emoji(text[start - 2]) and _is_emoji(after)
    script = _script(before) if before else None
    if script is None:
        return False
    if script == "emoji":
        return joiner == _ZWJ and _is_emoji(before) and _is_emoji(after)
    if unicodedata.category(before)[0] not in "LM":
        return False
    if joiner == _ZWJ and unicodedata.combining(before) == _VIRAMA:
        return True
    return bool(after) and _script(after) == script and unicodedata.category(after)[0] in "LM"


def _is_emoji(ch: str) -> bool:
    return bool(ch) and _script(ch) == "emoji" and unicodedata.category(ch)[0] == "S"


def _drop_junk_joiners(text: str) -> str:
    """``text`` (NFC) without the joiners that join nothing. Dropping one can bring two marks
    together that NFC then reorders, which changes what another joiner stands next to, so this
    repeats until nothing changes (each round drops a joiner or ends): the result is NFC and
    every joiner left in it is one the rule keeps."""
    while True:
        new = _JOINER_RUN.sub(lambda m: m.group() if m.end() - m.start() == 1 and _keep_joiner(text, m.start()) else "", text)
        if new == text:
            return text
        text = new if unicodedata.is_normalized("NFC", new) else unicodedata.normalize("NFC", new)


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
    if _ZWJ in text or _ZWNJ in text:  # judged last, on the text as it stays: see _keep_joiner
        step("invisible_chars", _drop_junk_joiners(text))
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
