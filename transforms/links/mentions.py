"""@handles in embedded social posts, taken from the embeds the cleaning stage found.

The embeds are :attr:`Document.embeds <transforms.document.Document.embeds>` (the one detector
is ``transforms.clean.embeds``), so an embed, its social quote and its mention links always
agree. Each embed gives the handle of its signature line, as written (``@janeroe``), and the
@handles in its text line. A mention's site follows the embed: ``twitter.com`` for a tweet,
``instagram.com`` for an Instagram post.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transforms.document import Embed
from transforms.records import Link

_MENTION = re.compile(r"(?<![\w@.+\-&=$%/:])@([A-Za-z0-9_]{1,15})(?![\w@]|\.[^\W_])")
_SITES = {"tweet": "twitter.com", "instagram": "instagram.com"}


def _mention(handle: str, start: int, site: str) -> Link:
    return Link(handle, start, start + len(handle), f"https://{site}/{handle[1:].lower()}", site, "mention", site, "body", False)


def _mentions(body: str, links: list[Link], embeds: Sequence[Embed]) -> list[Link]:
    """The mention links of ``embeds`` in ``body``, none overlapping a URL or email of ``links``."""
    taken = [(link.start_char, link.end_char) for link in links if link.start_char is not None and link.end_char is not None]
    found: list[Link] = []
    for embed in embeds:
        site = _SITES.get(embed.kind, _SITES["tweet"])
        starts: set[int] = set()
        for m in _MENTION.finditer(body, embed.start_char, embed.signature_end):
            s, e = m.span()
            if any(ts < e and s < te for ts, te in taken):  # part of a URL or an email
                continue
            found.append(_mention(m.group(), s, site))
            starts.add(s)
        # the signature's own handle, as written, even where it is no Twitter-shaped handle
        at = body.rfind(f"({embed.handle})", embed.end_char, embed.signature_end) + 1
        if at > 0 and at not in starts:
            found.append(_mention(embed.handle, at, site))
    return found
