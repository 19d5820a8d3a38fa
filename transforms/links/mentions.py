"""@handles in embedded social posts: the signature line and the post's text line before it."""

from __future__ import annotations

import re

from transforms.records import Link

# Embedded social posts: the signature line and the mentions in it and in the line before.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_SIGNATURE = re.compile(
    rf"[ \t]*(?:[\u2014\u2013]|-{{1,2}})[ \t]*[^\n]{{0,100}}?\(@[A-Za-z0-9_]{{1,15}}\)[ \t]+{_MONTH}[ \t]+\d{{1,2}},[ \t]+\d{{4}}[ \t]*",
    re.IGNORECASE,
)
_MENTION = re.compile(r"(?<![\w@.+\-&=$%/:])@([A-Za-z0-9_]{1,15})(?![\w@]|\.[^\W_])")
_MENTION_SITE = "twitter.com"


def _mentions(body: str, links: list[Link]) -> list[Link]:
    """@handles in embedded social posts: the signature line and the line before it."""
    spans: list[tuple[int, int]] = []
    hit = body.find("(@")
    while hit != -1:
        line_start = body.rfind("\n", 0, hit) + 1
        line_end = body.find("\n", hit)
        if line_end == -1:
            line_end = len(body)
        if _SIGNATURE.fullmatch(body, line_start, line_end):
            previous = body.rfind("\n", 0, line_start - 1) + 1 if line_start > 0 else 0
            if spans and spans[-1][1] >= previous:
                spans[-1] = (spans[-1][0], line_end)
            else:
                spans.append((previous, line_end))
        hit = body.find("(@", line_end)
    if not spans:
        return []
    taken = [(link.start_char, link.end_char) for link in links if link.start_char is not None and link.end_char is not None]
    found: list[Link] = []
    for span_start, span_end in spans:
        for m in _MENTION.finditer(body, span_start, span_end):
            s, e = m.span()
            if any(ts < e and s < te for ts, te in taken):  # part of a URL or an email
                continue
            handle = m.group(1)
            found.append(
                Link(m.group(), s, e, f"https://{_MENTION_SITE}/{handle.lower()}", _MENTION_SITE, "mention", _MENTION_SITE, "body", False)
            )
    return found

